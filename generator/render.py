"""Stage 3b: render a venue's client module and contract tests from Jinja templates.

Templates only print what the intermediate model already decided; the helpers below do
the little formatting work (Python literals, docstring text, imports).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import black
import jinja2

from . import ir
from .models import docstring_safe

__all__ = ["environment", "render_client", "render_contract_tests", "has_http_client", "render_venue_init", "render_package_init", "format_python"]

_TEMPLATES = Path(__file__).parent / "templates"
_BLACK_MODE = black.Mode(line_length=100, target_versions={black.TargetVersion.PY311})


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


def format_python(source: str) -> str:
    return black.format_str(source, mode=_BLACK_MODE)


def _client_context(venue: ir.Venue) -> dict[str, Any]:
    http_ops = [op for op in venue.operations if op.http_path is not None]
    models = sorted({op.response_model for op in http_ops})
    uses_literal = any(p.enum for op in http_ops for p in op.parameters)
    uses_decimal = any(p.kind == "number" for op in http_ops for p in op.parameters)
    return {
        "venue": venue,
        "operations": http_ops,
        "models": models,
        "uses_literal": uses_literal,
        "uses_decimal": uses_decimal,
        "servers": {s.name: s.http for s in venue.servers if s.http},
    }


def has_http_client(venue: ir.Venue) -> bool:
    return bool(_client_context(venue)["operations"])


def render_client(env: jinja2.Environment, venue: ir.Venue) -> str:
    return format_python(env.get_template("client.py.jinja").render(**_client_context(venue)))


def render_contract_tests(env: jinja2.Environment, venue: ir.Venue) -> str:
    return format_python(env.get_template("contract_tests.py.jinja").render(**_client_context(venue)))


def render_venue_init(env: jinja2.Environment, venue: ir.Venue, model_names: list[str]) -> str:
    context = _client_context(venue)
    return format_python(
        env.get_template("venue_init.py.jinja").render(
            venue=venue, model_names=model_names, has_client=bool(context["operations"])
        )
    )


def render_package_init(env: jinja2.Environment, venues: list[ir.Venue]) -> str:
    return format_python(
        env.get_template("package_init.py.jinja").render(
            venues=venues, venue_ids=tuple(v.id for v in venues)
        )
    )
