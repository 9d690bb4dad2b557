"""Every third-party module the HTTP layer and the generated clients import is a declared
runtime dependency (pyproject's [project].dependencies), so that vendoring the package never
relies on something that merely happened to be installed alongside (certifi and yarl came
with httpx and aiohttp, undeclared)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


#: The HTTP layer's runtime modules, and every generated venue module.
_RUNTIME = ROOT / "generated" / "venues" / "_runtime"
_HTTP_LAYER = (
    "transport/http.py",
    "protocols/http.py",
    "request.py",
    "signing/auth.py",
    "operation.py",
    "errors.py",
)


def _files() -> list[Path]:
    venues = [p for p in (ROOT / "generated" / "venues").rglob("*.py") if _RUNTIME not in p.parents]
    return venues + [_RUNTIME / name for name in _HTTP_LAYER]


def _imported_top_level_modules() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in _files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("venues", "__future__"):
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_third_party_module_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        _normalise(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0])
        for spec in project["dependencies"]
    }
    distributions = packages_distributions()
    undeclared = {
        module: sorted(files)
        for module, files in _imported_top_level_modules().items()
        if not {_normalise(d) for d in distributions.get(module, [module])} & declared
    }
    assert undeclared == {}


def test_the_runtime_does_not_use_httpx() -> None:
    assert "httpx" not in _imported_top_level_modules(), "one HTTP stack per mode (issue 12)"
