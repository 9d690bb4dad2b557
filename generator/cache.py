"""A content-addressed cache of the generator's two slow, pure steps: formatting a module
(isort + black) and datamodel-code-generator's run for a venue's schemas.

Each entry is keyed by the SHA-256 of everything its output depends on: the input text, the
pinned tools' versions, every setting the caller passes them (formatter settings, including
those read from pyproject.toml; DCG's options and its templates) and the Python version, so
a stale entry is never used: a changed spec, template, setting or tool version simply misses. A no-change `make generate`
then skips both steps (and never imports black, isort or DCG).

A third kind of entry holds a whole run (:func:`run_key`): the generated tree and the spec
warnings, keyed by every input of the run, so that a no-change `make generate` reads one
entry and imports none of the generator's stages.

The cache lives in ``.cache/generator/`` at the repository root (git-ignored);
``VENUES_GENERATOR_CACHE`` names another folder, or ``off`` disables it.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["cached", "cache_dir", "cache_key", "read_entry", "write_entry", "prune", "run_key"]

_ROOT = Path(__file__).resolve().parent.parent


def cache_dir() -> Path | None:
    setting = os.environ.get("VENUES_GENERATOR_CACHE", "")
    if setting.lower() == "off":
        return None
    return Path(setting) if setting else _ROOT / ".cache" / "generator"


_VERSIONS: dict[str, str] = {}


def _tool_versions(tools: tuple[str, ...]) -> str:
    parts = []
    for tool in tools:
        if tool not in _VERSIONS:
            from importlib.metadata import version  # on a miss only: slow to import

            _VERSIONS[tool] = version(tool)
        parts.append(f"{tool}=={_VERSIONS[tool]}")
    return ";".join(parts)


def _python() -> str:
    # The interpreter runs the tools in process (DCG's output follows its target and the
    # running Python's typing), so an upgrade of Python must miss too.
    return f"{platform.python_implementation()} {sys.version}"


def cache_key(kind: str, tools: tuple[str, ...], key_text: str, settings: object = None) -> str:
    """The SHA-256 of everything an entry depends on. ``settings`` must hold every option
    given to the tools (JSON-serialisable; sorted, so the order of keys does not matter)."""
    parts = (
        kind,
        _tool_versions(tools),
        _python(),
        json.dumps(settings, sort_keys=True, default=repr),
        key_text,
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def cached(
    kind: str,
    tools: tuple[str, ...],
    key_text: str,
    produce: Callable[[], str],
    settings: object = None,
) -> str:
    """``produce()``, or its stored result for the same kind, tool versions, Python,
    settings and key text."""
    if cache_dir() is None:
        return produce()
    digest = cache_key(kind, tools, key_text, settings)
    stored = read_entry(kind, digest)
    if stored is not None:
        return stored
    result = produce()
    write_entry(kind, digest, result)
    return result


def _entry(kind: str, digest: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / kind / digest[:2] / f"{digest}.txt"


def read_entry(kind: str, digest: str) -> str | None:
    """The stored text of ``kind`` under ``digest``, or None (absent, unreadable, cache off)."""
    entry = _entry(kind, digest)
    if entry is None:
        return None
    try:
        return entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_entry(kind: str, digest: str, text: str) -> None:
    entry = _entry(kind, digest)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        # Written under a temporary name, then renamed: a reader never sees half an entry.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=entry.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(text)
        os.replace(handle.name, entry)
    except OSError:
        pass  # a read-only checkout still generates, just without the cache


def prune(kind: str, keep: int) -> None:
    """Remove all but the ``keep`` most recently written entries of ``kind``."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        entries = sorted(
            (path.stat().st_mtime, path) for path in (folder / kind).glob("*/*.txt")
        )
        for _, path in entries[: max(0, len(entries) - keep)]:
            path.unlink()
    except OSError:
        pass  # another run pruned it first, or a read-only checkout


def installed_distributions() -> list[str]:
    """Every distribution installed on ``sys.path``, with its version: the names of their
    ``*.dist-info`` / ``*.egg-info`` folders (``black-26.10.1.dist-info``). Any upgrade,
    downgrade, install or removal changes this list, so a run entry keyed by it never
    outlives the tools (black, isort, DCG, jinja2, PyYAML, jsonschema...) that made it. A
    folder listing, where asking importlib.metadata for each would cost more than the run."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += [f"{entry}/{n}" for n in names if n.endswith((".dist-info", ".egg-info"))]
    return sorted(found)


def run_key(inputs: Iterable[tuple[str, Path]], settings: object = None) -> str:
    """The SHA-256 of a whole run: the Python, every installed distribution, ``settings``
    (JSON) and each input file's label and bytes (a missing file counts as missing)."""
    digest = hashlib.sha256()
    header = ["run", _python(), *installed_distributions(), json.dumps(settings, sort_keys=True)]
    digest.update("\0".join(header).encode())
    for label, path in inputs:
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        digest.update(f"\0{label}\0{len(data) if data is not None else -1}\0".encode())
        digest.update(data or b"")
    return digest.hexdigest()
