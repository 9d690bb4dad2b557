"""Command line of the generator.

python -m generator generate|check [--specs DIR] [--fixtures DIR] [--out DIR]
python -m generator diff [--against GIT_REF] [--spec-pair OLD.yaml NEW.yaml] [VENUE ...]
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .pipeline import ROOT, diff_tree, generate, write_tree
from .problems import SpecError

if TYPE_CHECKING:
    from . import apidiff

# The commands other than generate and check import their modules when run: a no-change
# `make generate` imports no stage of the generator (see generator/pipeline.py).


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--specs", type=Path, default=ROOT / "specs")
    common.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures")
    common.add_argument("--out", type=Path, default=ROOT / "generated")
    return common


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="python -m generator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = main_parser.add_subparsers(dest="command", required=True)
    common = _common()
    commands.add_parser("generate", parents=[common], help="regenerate generated/ from the specs")
    commands.add_parser("check", parents=[common], help="prove generated/ matches the specs")
    diff = commands.add_parser(
        "diff",
        parents=[common],
        help="the API change report: what changed in the generated clients, and whether it breaks callers",
        description="Compare the public API generated from the working tree's specs with the one at "
        "GIT_REF (default HEAD), or of two spec files. Exit status 1 if a change breaks callers.",
    )
    diff.add_argument(
        "--against",
        metavar="GIT_REF",
        default="HEAD",
        help="the git revision to compare with (default HEAD)",
    )
    diff.add_argument(
        "--spec-pair",
        nargs=2,
        type=Path,
        metavar=("OLD", "NEW"),
        help="compare two spec files instead (e.g. derive.yaml derive_v3.yaml)",
    )
    diff.add_argument("venues", nargs="*", metavar="VENUE", help="only these venues (default: all)")
    fixture = commands.add_parser(
        "fixture", parents=[common], help="scaffold a contract-test fixture"
    )
    fixture.add_argument("action", choices=["new"])
    fixture.add_argument("venue")
    fixture.add_argument("operation")
    fixture.add_argument("--force", action="store_true", help="replace an existing file")
    fixture.add_argument(
        "--stdout", action="store_true", help="print the fixture instead of writing it"
    )
    record = commands.add_parser(
        "record",
        parents=[common],
        help="record a fixture from the live venue (credentials from VENUES_<VENUE>_<NAME>)",
    )
    record.add_argument("venue")
    record.add_argument("operation")
    record.add_argument(
        "--arg", action="append", default=[], metavar="NAME=VALUE", help="an argument of the call"
    )
    record.add_argument("--name", help="the fixture's file name (default: recorded_<operation>)")
    record.add_argument("--force", action="store_true", help="replace an existing file")
    log = commands.add_parser(
        "changelog",
        parents=[common],
        help="add a CHANGELOG.md entry for every venue whose spec version changed since GIT_REF",
    )
    log.add_argument("--against", metavar="GIT_REF", default="HEAD")
    log.add_argument("--file", type=Path, default=ROOT / "CHANGELOG.md")
    return main_parser


def _problems(exc: SpecError) -> int:
    print(f"{len(exc.problems)} problem(s) in the specs:", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def api_changes(
    specs: Path, against: str, names: list[str]
) -> list[tuple[str, apidiff.VenueAPI | None, apidiff.VenueAPI | None, list[apidiff.Change]]]:
    """Each venue's (id, old API, new API, changes) between ``against`` and the working tree."""
    from . import apidiff

    old = apidiff.venues_at(against, specs, names)
    new = apidiff.venues_in(specs, names)
    return [
        (venue, old.get(venue), new.get(venue), apidiff.compare(old.get(venue), new.get(venue)))
        for venue in sorted(old.keys() | new.keys())
    ]


def run_diff(args: argparse.Namespace) -> int:
    from . import apidiff

    try:
        if args.spec_pair:
            old_path, new_path = args.spec_pair
            old = apidiff.venues_in(old_path.parent, [old_path.stem])[old_path.stem]
            new = apidiff.venues_in(new_path.parent, [new_path.stem])[new_path.stem]
            changes = apidiff.compare(old, new)
            print(
                apidiff.render_report(
                    f"API changes from {old_path.name} to {new_path.name}", old, new, changes
                )
            )
            return 1 if any(c.kind == apidiff.BREAKING for c in changes) else 0
        reports = api_changes(args.specs, args.against, args.venues)
    except SpecError as exc:
        return _problems(exc)
    except subprocess.CalledProcessError as exc:
        print(f"git failed: {exc.stderr.strip() or exc}", file=sys.stderr)
        return 2
    breaking = False
    for venue, old, new, changes in reports:
        print(
            apidiff.render_report(f"{venue}: API changes against {args.against}", old, new, changes)
        )
        breaking |= any(c.kind == apidiff.BREAKING for c in changes)
    if breaking:
        print("\nSome changes break callers of the generated clients (BREAKING above).")
    return 1 if breaking else 0


def print_api_summary(specs: Path) -> None:
    """After `generate`: the API change report against HEAD, for the venues whose public API
    changed (nothing outside a git checkout). Only the specs whose text differs from HEAD's
    are built, twice: the same text gives the same API."""
    from . import gitspecs

    try:
        edited = gitspecs.changed_since(specs, "HEAD")
        if not edited:
            return
        from . import apidiff

        reports = api_changes(specs, "HEAD", edited)
    except (SpecError, subprocess.CalledProcessError, OSError, ValueError):
        return
    changed = [r for r in reports if r[3]]
    if not changed:
        return
    print("\nThe public API changed (against HEAD; `make api-diff` for the report alone):")
    for venue, old, new, changes in changed:
        print(apidiff.render_report(venue, old, new, changes))


def run_fixture(args: argparse.Namespace) -> int:
    """``fixture new`` and ``record``: write one fixture under tests/fixtures/<venue>/."""
    from . import apidiff, fixtures

    try:
        venue = apidiff.build_spec(args.specs / f"{args.venue}.yaml")
        if args.command == "fixture":
            fixture = fixtures.scaffold(venue, args.operation, args.fixtures)
            name = f"{args.operation}_synthesized"
        else:
            params = {
                p.py_name: p
                for op in venue.operations
                if op.id == args.operation
                for p in op.parameters
            }
            arguments = fixtures.parse_arguments(args.arg, params)
            fixture = fixtures.record(venue, args.operation, arguments, dict(os.environ))
            name = args.name or f"recorded_{args.operation}"
        if getattr(args, "stdout", False):
            print(fixtures.dump(fixture), end="")
            return 0
        path = fixtures.write(
            args.fixtures / args.venue / f"{name}.yaml", fixture, force=args.force
        )
    except SpecError as exc:
        return _problems(exc)
    except (fixtures.FixtureProblem, OSError) as exc:
        print(f"{args.command}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    if "quirks" in fixture:
        print(
            f"  review its quirks (fields the spec does not declare): {', '.join(fixture['quirks'])}"
        )
    return 0


def run_changelog(args: argparse.Namespace) -> int:
    from . import changelog

    try:
        reports = api_changes(args.specs, args.against, [])
    except SpecError as exc:
        return _problems(exc)
    except subprocess.CalledProcessError as exc:
        print(f"git failed: {exc.stderr.strip() or exc}", file=sys.stderr)
        return 2
    text = args.file.read_text(encoding="utf-8") if args.file.is_file() else ""
    updated, added, problems = changelog.update(text, reports, datetime.date.today())
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    if updated != text:
        args.file.write_text(updated, encoding="utf-8")
    print(f"{args.file.name}: " + (f"added {', '.join(added)}" if added else "nothing to add"))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "changelog":
        return run_changelog(args)
    if args.command == "diff":
        return run_diff(args)
    if args.command in ("fixture", "record"):
        return run_fixture(args)
    started = time.perf_counter()
    try:
        # One worker per core: venues render independently (the tree is the same).
        generated = generate(args.specs, args.fixtures, workers=os.cpu_count() or 1)
    except SpecError as exc:
        return _problems(exc)
    tree = generated.tree
    if args.command == "generate":
        changed = write_tree(tree, args.out)
        elapsed = time.perf_counter() - started
        print(
            f"generated {len(tree)} files into {args.out} ({len(changed)} changed) in {elapsed:.2f}s"
        )
        for path in changed:
            print(f"  {path}")
        warnings = generated.warnings
        if warnings:
            print(f"\n{len(warnings)} warning(s) (generation went ahead; see generator/lints.py):")
            for warning in warnings:
                print(f"  {warning}")
        print_api_summary(args.specs)
        return 0
    differences = diff_tree(tree, args.out)
    if differences:
        print(f"{args.out} does not match the specs; run `make generate`:", file=sys.stderr)
        for line in differences:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"{args.out} matches the specs ({len(tree)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
