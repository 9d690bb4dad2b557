"""Stage 3b: render a venue's client module and contract tests from Jinja templates.

Templates only print what the intermediate model already decided; the helpers below do
the little formatting work (Python literals, docstring text, imports).
"""

from __future__ import annotations

import functools
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import jinja2

from . import ir
from .cache import cached
from .models import docstring_safe

__all__ = [
    "environment",
    "format_python",
    "http_operations",
    "websocket_operations",
    "render_operations",
    "render_client",
    "render_contract_tests",
    "render_websocket",
    "render_venue_init",
    "render_unified",
    "render_registry",
    "render_package_init",
]

_TEMPLATES = Path(__file__).parent / "templates"
_ROOT = Path(__file__).resolve().parent.parent


def pyrepr(value: Any) -> str:
    """A Python literal for plain data (str, int, float, bool, None, list, tuple, dict)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyrepr(k)}: {pyrepr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(pyrepr(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(pyrepr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    raise TypeError(f"cannot render {type(value).__name__} as a Python literal")


def docstring(text: str, indent: int = 0) -> str:
    """Spec prose as docstring text: escaped, wrapped, indented after the first line."""
    safe = docstring_safe(" ".join(text.split()))
    lines = textwrap.wrap(safe, width=96 - indent) or [""]
    pad = " " * indent
    return ("\n" + pad).join(lines)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = pyrepr
    env.filters["docstring"] = docstring
    return env


def prepare() -> jinja2.Environment:
    """An environment with every template compiled, and the formatters imported: done
    once before forking workers, which then start with both."""
    import black  # noqa: F401
    import isort  # noqa: F401

    env = environment()
    for name in env.list_templates(filter_func=lambda name: not name.startswith("dcg/")):
        env.get_template(name)
    return env


@functools.cache
def formatter_settings(pyproject: Path = _ROOT / "pyproject.toml") -> dict[str, Any]:
    """Every setting black and isort format with: the project's ``[tool.black]``
    (line-length, target-version, skip-string-normalization, skip-magic-trailing-comma,
    preview) and ``[tool.isort]`` over our defaults. These, and nothing else, shape their
    output: isort is given its source roots explicitly, so the working directory plays no
    part. All of it is in the formatting cache's key."""
    with pyproject.open("rb") as handle:
        tool = tomllib.load(handle).get("tool", {})
    black_config = tool.get("black", {})
    line_length = int(black_config.get("line-length", 100))
    isort_settings: dict[str, Any] = {
        "profile": "black",
        "line_length": line_length,
        "known_first_party": ["venues"],
        "known_third_party": ["contract_support", "jsonrpc_ws_support", "ws_request_support", "signalr_support"],
        "src_paths": [],
    }
    isort_settings.update({k.replace("-", "_"): v for k, v in tool.get("isort", {}).items()})
    return {
        "black": {
            "line_length": line_length,
            "target_versions": sorted(black_config.get("target-version", ["py311"])),
            "string_normalization": not black_config.get("skip-string-normalization", False),
            "magic_trailing_comma": not black_config.get("skip-magic-trailing-comma", False),
            "preview": bool(black_config.get("preview", False)),
        },
        "isort": isort_settings,
    }


def format_python(source: str) -> str:
    """Sort imports (isort, black profile) and format (black), both pinned (cached)."""
    settings = formatter_settings()
    return cached(
        "format", ("black", "isort"), source, lambda: _format_python(source, settings), settings
    )


def _format_python(source: str, settings: dict[str, Any]) -> str:
    import black  # imported on a cache miss only: black and isort take a while to import
    import isort

    sorted_source = isort.code(source, **settings["isort"])
    options = settings["black"]
    mode = black.Mode(
        line_length=options["line_length"],
        target_versions={black.TargetVersion[v.upper()] for v in options["target_versions"]},
        string_normalization=options["string_normalization"],
        magic_trailing_comma=options["magic_trailing_comma"],
        preview=options["preview"],
    )
    return black.format_str(sorted_source, mode=mode)


#: WebSocket transports, by the template suffix that renders their client module.
WEBSOCKET_KINDS = {"jsonrpc": "jsonrpc", "websocket_request": "request", "signalr_stream": "signalr"}
#: The template of each kind's client module: JSON-RPC is a request/response transport
#: whose differences (the login, the path, the status pointer) are data of the IR.
WEBSOCKET_TEMPLATES = {
    "jsonrpc": "websocket_request.py.jinja",
    "request": "websocket_request.py.jinja",
    "signalr": "websocket_signalr.py.jinja",
}


def _context(venue: ir.Venue, operations: list[ir.Operation]) -> dict[str, Any]:
    return {
        "venue": venue,
        "operations": operations,
        "models": sorted({op.response_model for op in operations}),
        "uses_literal": any("Literal[" in p.py_type for op in operations for p in op.parameters),
        "uses_decimal": any("Decimal" in p.py_type for op in operations for p in op.parameters),
        "server_headers": {s.http.rstrip("/"): s.headers for s in venue.servers if s.http and s.headers},
        "servers": {s.name: s.http for s in venue.servers if s.http},
        "websocket_servers": {s.name: s.websocket for s in venue.servers if s.websocket},
        "unified": (
            venue.unified if venue.unified is not None and venue.unified.operation in operations else None
        ),
    }


def http_operations(venue: ir.Venue) -> list[ir.Operation]:
    return [op for op in venue.operations if op.http_path is not None]


def websocket_operations(venue: ir.Venue) -> dict[str, list[ir.Operation]]:
    """The venue's WebSocket operations by template kind ("jsonrpc", "request", "signalr")."""
    kinds: dict[str, list[ir.Operation]] = {}
    for op in venue.operations:
        if op.websocket_path is not None:
            kinds.setdefault(WEBSOCKET_KINDS[op.transport], []).append(op)
    return kinds


def render_operations(env: jinja2.Environment, venue: ir.Venue) -> str:
    template = env.get_template("operations.py.jinja")
    return format_python(template.render(**_context(venue, list(venue.operations))))


def render_client(env: jinja2.Environment, venue: ir.Venue) -> str:
    template = env.get_template("client.py.jinja")
    return format_python(template.render(**_context(venue, http_operations(venue))))


def render_contract_tests(env: jinja2.Environment, venue: ir.Venue) -> str:
    template = env.get_template("contract_tests.py.jinja")
    return format_python(template.render(**_context(venue, http_operations(venue))))


def render_websocket(env: jinja2.Environment, venue: ir.Venue, kind: str, tests: bool = False) -> str | None:
    """The WebSocket client module (or its contract tests) for one kind, if a template exists."""
    name = f"contract_tests_websocket_{kind}.py.jinja" if tests else WEBSOCKET_TEMPLATES[kind]
    if name not in env.list_templates():
        return None
    ops = websocket_operations(venue)[kind]
    return format_python(
        env.get_template(name).render(module=f"websocket_{kind}", **_context(venue, ops))
    )


def render_unified(env: jinja2.Environment, venue: ir.Venue) -> str:
    template = env.get_template("unified.py.jinja")
    return format_python(template.render(venue=venue, unified=venue.unified))


def render_registry(env: jinja2.Environment, venues: list[ir.Venue]) -> str:
    template = env.get_template("registry.py.jinja")
    return format_python(template.render(venues=[v for v in venues if v.unified is not None]))


def render_venue_init(
    env: jinja2.Environment, venue: ir.Venue, exports: dict[str, list[str]]
) -> str:
    """``exports`` maps each module of the venue package to the public names it defines."""
    return format_python(
        env.get_template("venue_init.py.jinja").render(venue=venue, exports=exports)
    )


def project_version() -> str:
    """The project's version (pyproject.toml), stamped into the package: a vendored copy
    has no installed distribution to ask."""
    with (_ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def render_package_init(env: jinja2.Environment, venues: list[ir.Venue]) -> str:
    return format_python(
        env.get_template("package_init.py.jinja").render(
            venues=venues, venue_ids=tuple(v.id for v in venues), version=project_version()
        )
    )
