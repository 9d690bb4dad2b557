"""Command line: ``python -m generator generate|check [--specs DIR] [--out DIR]``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .pipeline import ROOT, build_tree, diff_tree, write_tree
from .problems import SpecError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--specs", type=Path, default=ROOT / "specs")
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures")
    parser.add_argument("--out", type=Path, default=ROOT / "generated")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        # One worker per core: venues render independently (the tree is the same).
        tree = build_tree(args.specs, args.fixtures, workers=os.cpu_count() or 1)
    except SpecError as exc:
        print(f"{len(exc.problems)} problem(s) in the specs:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.command == "generate":
        changed = write_tree(tree, args.out)
        elapsed = time.perf_counter() - started
        print(f"generated {len(tree)} files into {args.out} ({len(changed)} changed) in {elapsed:.2f}s")
        for path in changed:
            print(f"  {path}")
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
