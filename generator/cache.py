"""A content-addressed cache of the generator's two slow, pure steps: formatting a module
(isort + black) and datamodel-code-generator's run for a venue's schemas.

Each entry is keyed by the SHA-256 of everything its output depends on: the input text, the
pinned tools' versions, every setting the caller passes them (formatter settings, including
those read from pyproject.toml; DCG's options and its templates) and the Python version, so
a stale entry is never used: a changed spec, template, setting or tool version simply misses. A no-change `make generate`
then skips both steps (and never imports black, isort or DCG).

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
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

__all__ = ["cached", "cache_dir", "cache_key"]

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
    folder = cache_dir()
    if folder is None:
        return produce()
    digest = cache_key(kind, tools, key_text, settings)
    entry = folder / kind / digest[:2] / f"{digest}.txt"
    try:
        return entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    result = produce()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        # Written under a temporary name, then renamed: a reader never sees half an entry.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=entry.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(result)
        os.replace(handle.name, entry)
    except OSError:
        pass  # a read-only checkout still generates, just without the cache
    return result
