"""The whole run: every spec in, the generated tree out (or every problem found).

A run whose inputs are all as before (:func:`run_inputs`) is answered from the cache in one
read: the stages (YAML, jsonschema, Jinja, DCG, black) are imported only when something
changed, inside :func:`build`.
"""

from __future__ import annotations

import filecmp
import importlib
import json
import multiprocessing
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .problems import SpecError, SpecProblem

if TYPE_CHECKING:
    import jinja2

    from . import ir

__all__ = ["ROOT", "Generated", "generate", "load_venues", "build_tree", "write_tree", "diff_tree"]

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_SOURCE = Path(__file__).resolve().parent / "runtime"
#: Hand-written applications on top of the package (the CLI), copied to venues/ itself.
APP_SOURCE = Path(__file__).resolve().parent / "app"
#: The folders under generated/ that the generator owns entirely.
OWNED = ("venues", "tests")
_ALL = re.compile(r"^__all__ = \[(.*?)\]", re.MULTILINE | re.DOTALL)
_CLASS = re.compile(r"^class ([A-Za-z]\w*)\b", re.MULTILINE)


def public_names(source: str) -> list[str]:
    """A module's ``__all__``, or else its public classes, in order."""
    declared = _ALL.search(source)
    if declared:
        return re.findall(r"\"(\w+)\"", declared.group(1))
    return _CLASS.findall(source)


def spec_files(spec_dir: Path) -> list[Path]:
    return sorted(spec_dir.glob("*.yaml"))


@dataclass(frozen=True)
class Generated:
    """A run's result: every generated file (by path relative to generated/) and the
    warnings of the specs (generator/lints.py), in spec file order."""

    tree: dict[str, str]
    warnings: list[SpecProblem]


def _load_one(path: Path) -> tuple[ir.Venue | None, list[SpecProblem], list[SpecProblem]]:
    """The venue of one spec, its problems and (if it built) its warnings."""
    from .build import build_venue, check_invalid_spec
    from .lints import lint
    from .load import load_spec

    spec, found = load_spec(path)
    if spec is None:
        return None, found, []
    if found:
        # Every problem in one run: the builder's checks too, as far as the spec's shape allows.
        further = [p for p in check_invalid_spec(spec) if p not in found]
        return None, found + further, []
    venue, found = build_venue(spec)
    # Linted here, from the spec just loaded, rather than by loading every spec again.
    return venue, found, list(lint(spec, venue)) if venue is not None else []


def _load_all(
    spec_dir: Path, pool: Executor | None, meanwhile: Callable[[], None] | None = None
) -> tuple[list[ir.Venue], list[SpecProblem]]:
    """Every venue and warning, or SpecError; ``meanwhile`` runs here while ``pool`` loads."""
    problems: list[SpecProblem] = []
    warnings: list[SpecProblem] = []
    venues: list[ir.Venue] = []
    files = spec_files(spec_dir)
    if not files:
        raise SpecError([SpecProblem(spec_dir, 1, "", "no *.yaml specs in this folder")])
    loaded = pool.map(_load_one, files) if pool is not None else map(_load_one, files)
    if meanwhile is not None:
        meanwhile()
    for venue, found, warned in loaded:
        problems.extend(found)
        warnings.extend(warned)
        if venue is not None:
            venues.append(venue)
    if problems:
        raise SpecError(problems)
    return venues, warnings


def load_venues(spec_dir: Path, pool: Executor | None = None) -> list[ir.Venue]:
    """Every venue of ``spec_dir``; raises :class:`SpecError` listing every problem found.

    With a ``pool``, specs load in its workers; the result and the problems (in file order)
    are the same.
    """
    return _load_all(spec_dir, pool)[0]


def build_tree(
    spec_dir: Path, fixtures_dir: Path | None = None, workers: int = 1
) -> dict[str, str]:
    """Every generated file, by path relative to generated/ (never from the run cache)."""
    return build(spec_dir, fixtures_dir, workers).tree


#: Files a run reads besides the specs: the meta-schema the specs are validated against.
META_SCHEMA_DIR = ROOT / "specs" / "schema"
_RUN_FORMAT = 1
_RUNS_KEPT = 16


def run_inputs(spec_dir: Path) -> list[tuple[str, Path]]:
    """Every file whose bytes a run's output depends on, labelled: the specs, the
    meta-schema, pyproject.toml (formatter settings, the version stamped into the package)
    and the generator itself (its code, templates, the runtime and the app it copies)."""
    generator_dir = Path(__file__).resolve().parent
    inputs = [(f"spec:{path.name}", path) for path in spec_files(spec_dir)]
    inputs += [(f"meta:{path.name}", path) for path in sorted(META_SCHEMA_DIR.glob("*")) if path.is_file()]
    inputs.append(("pyproject.toml", ROOT / "pyproject.toml"))
    inputs += [
        (f"generator:{path.relative_to(generator_dir).as_posix()}", path)
        for path in sorted(generator_dir.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]
    return inputs


def _run_settings(spec_dir: Path, fixtures_dir: Path | None) -> dict[str, object]:
    # A venue gets contract tests when its fixtures folder exists (its contents play no part),
    # and warnings name the spec files by the path given.
    fixture_dirs = (
        sorted(p.name for p in fixtures_dir.iterdir() if p.is_dir())
        if fixtures_dir is not None and fixtures_dir.is_dir()
        else None
    )
    return {"format": _RUN_FORMAT, "specs": str(spec_dir), "fixture_dirs": fixture_dirs}


def generate(spec_dir: Path, fixtures_dir: Path | None = None, workers: int = 1) -> Generated:
    """:func:`build`, or the stored result of a run with the same inputs (:func:`run_inputs`,
    the fixture folders, the Python and every installed distribution: generator/cache.py)."""
    if cache.cache_dir() is None:
        return build(spec_dir, fixtures_dir, workers)
    digest = cache.run_key(run_inputs(spec_dir), _run_settings(spec_dir, fixtures_dir))
    stored = cache.read_entry("run", digest)
    if stored is not None:
        try:
            data = json.loads(stored)
            return Generated(
                tree=data["tree"],
                warnings=[SpecProblem(Path(f), line, pointer, message) for f, line, pointer, message in data["warnings"]],
            )
        except (ValueError, KeyError, TypeError):
            pass  # an unreadable entry is a miss
    result = build(spec_dir, fixtures_dir, workers)
    if cache.run_key(run_inputs(spec_dir), _run_settings(spec_dir, fixtures_dir)) != digest:
        return result  # an input changed while the run read it: its output fits neither key
    entry = {
        "tree": result.tree,
        "warnings": [[str(w.file), w.line, w.pointer, w.message] for w in result.warnings],
    }
    cache.write_entry("run", digest, json.dumps(entry, sort_keys=True))
    # A run entry holds the whole tree; those of runs long past are seldom read again.
    cache.prune("run", keep=_RUNS_KEPT)
    return result


def build(spec_dir: Path, fixtures_dir: Path | None = None, workers: int = 1) -> Generated:
    """Every generated file and the specs' warnings.

    ``workers`` > 1 loads and renders venues in that many forked processes (the CLI uses
    one per core); the tree is the same either way, merged in venue order.
    """
    from . import render

    for stage in ("load", "build", "lints", "renames"):
        importlib.import_module(f"{__package__}.{stage}")
    with _pool(workers) as loaders:
        # The specs load in workers forked now, while this process readies the rendering
        # stages once for the workers forked below, which start with all of it.
        venues, warnings = _load_all(spec_dir, loaders, _prepare if loaders is not None else None)
    with _pool(workers) as pool:
        jobs = [(venue, fixtures_dir) for venue in venues]
        # Submitted first, so that the workers render venues while this process renders
        # the package-wide modules below.
        parts = pool.map(_render_one, jobs) if pool is not None else map(_render_one, jobs)
        env = _ENV or render.environment()
        tree: dict[str, str] = {"venues/py.typed": ""}
        for source in sorted(RUNTIME_SOURCE.rglob("*.py")):
            name = source.relative_to(RUNTIME_SOURCE).as_posix()
            tree[f"venues/_runtime/{name}"] = source.read_text(encoding="utf-8")
        for source in sorted(APP_SOURCE.glob("*.py")):
            tree[f"venues/{source.name}"] = source.read_text(encoding="utf-8")
        tree["venues/__init__.py"] = render.render_package_init(env, venues)
        tree["venues/registry.py"] = render.render_registry(env, venues)
        for part in parts:
            tree.update(part)
    return Generated(tree, warnings)


@contextmanager
def _pool(workers: int) -> Iterator[Executor | None]:
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    # Forked workers start with the generator imported; they import black, isort and DCG
    # on their first cache miss, so a no-change run (all hits) imports none of them.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


_ENV: jinja2.Environment | None = None


def _prepare() -> None:
    """Templates compiled, black and isort imported, DCG ready: once, before the render
    workers fork, rather than once in each of them."""
    global _ENV
    from . import models, render

    _ENV = render.prepare()
    models.prepare()


def _render_one(job: tuple[ir.Venue, Path | None]) -> dict[str, str]:
    global _ENV
    if _ENV is None:  # one per process: templates compile once, not once per venue
        from .render import environment

        _ENV = environment()
    return render_venue(_ENV, *job)


def render_venue(
    env: jinja2.Environment, venue: ir.Venue, fixtures_dir: Path | None
) -> dict[str, str]:
    """Every file of one venue: its package modules and its contract tests."""
    from .models import render_models
    from .renames import add_field_aliases
    from .render import (
        format_python,
        http_operations,
        render_client,
        render_contract_tests,
        render_operations,
        render_unified,
        render_venue_init,
        render_websocket,
        websocket_operations,
    )

    tree: dict[str, str] = {}
    base = f"venues/{venue.id}"
    has_fixtures = fixtures_dir is not None and (fixtures_dir / venue.id).is_dir()
    models = format_python(add_field_aliases(render_models(venue), venue))
    modules = {"models": models, "operations": render_operations(env, venue)}
    if http_operations(venue):
        modules["client"] = render_client(env, venue)
        if has_fixtures:
            tree[f"tests/test_{venue.id}_contract.py"] = render_contract_tests(env, venue)
    for kind in websocket_operations(venue):
        source = render_websocket(env, venue, kind)
        if source is not None:
            modules[f"websocket_{kind}"] = source
        tests = render_websocket(env, venue, kind, tests=True)
        if tests is not None and has_fixtures:
            tree[f"tests/test_{venue.id}_websocket_{kind}_contract.py"] = tests
    if venue.unified is not None:
        modules["unified"] = render_unified(env, venue)
    exports: dict[str, list[str]] = {}
    for module in ("client", *sorted(m for m in modules if m.startswith("websocket_")), "models"):
        if module in modules:
            tree[f"{base}/{module}.py"] = modules[module]
            exports[module] = public_names(modules[module])
    tree[f"{base}/operations.py"] = modules["operations"]
    if "unified" in modules:
        tree[f"{base}/unified.py"] = modules["unified"]
    tree[f"{base}/__init__.py"] = render_venue_init(env, venue, exports)
    return tree


def write_tree(tree: dict[str, str], out_dir: Path) -> list[str]:
    """Write ``tree`` under ``out_dir``, removing stale owned files. Returns what changed."""
    changed = []
    for relative, content in sorted(tree.items()):
        target = out_dir / relative
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        changed.append(relative)
    for folder in OWNED:
        root = out_dir / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(out_dir).as_posix()
            if path.is_file() and "__pycache__" not in path.parts and relative not in tree:
                path.unlink()
                changed.append(relative)
    return changed


def diff_tree(tree: dict[str, str], out_dir: Path) -> list[str]:
    """Files under ``out_dir`` that differ from, lack, or add to ``tree`` (via a temp folder)."""
    with tempfile.TemporaryDirectory(prefix="venues-check-") as scratch:
        fresh = Path(scratch)
        write_tree(tree, fresh)
        differences = []
        for folder in OWNED:
            expected = {p.relative_to(fresh).as_posix() for p in (fresh / folder).rglob("*") if p.is_file()}
            actual = {
                p.relative_to(out_dir).as_posix()
                for p in (out_dir / folder).rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            } if (out_dir / folder).is_dir() else set()
            differences += [f"missing: {p}" for p in sorted(expected - actual)]
            differences += [f"not generated (remove it): {p}" for p in sorted(actual - expected)]
            differences += [
                f"differs: {p}"
                for p in sorted(expected & actual)
                if not filecmp.cmp(fresh / p, out_dir / p, shallow=False)
            ]
        return differences


def clean(out_dir: Path) -> None:
    for folder in OWNED:
        shutil.rmtree(out_dir / folder, ignore_errors=True)
