"""A content-addressed cache of the generator's two slow, pure steps: formatting a module
(isort + black) and datamodel-code-generator's run for a venue's schemas.

Each entry is keyed by the SHA-256 of everything its output depends on (the input text, the
pinned tools' versions, their settings, and the model templates), so a stale entry is never
used: a changed spec, template or tool version simply misses. A no-change `make generate`
then skips both steps (and never imports black, isort or DCG).

The cache lives in ``.cache/generator/`` at the repository root (git-ignored);
``VENUES_GENERATOR_CACHE`` names another folder, or ``off`` disables it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

__all__ = ["cached", "cache_dir"]

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


def cached(kind: str, tools: tuple[str, ...], key_text: str, produce: Callable[[], str]) -> str:
    """``produce()``, or its stored result for the same kind, tool versions and key text."""
    folder = cache_dir()
    if folder is None:
        return produce()
    digest = hashlib.sha256(
        f"{kind}\0{_tool_versions(tools)}\0{key_text}".encode()
    ).hexdigest()
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
