"""Deprecated aliases for renamed fields (``renamed_from`` on a payload schema property).

The model class keeps a read-only property under the old Python name for one spec version;
reading it warns (DeprecationWarning) and returns the new field. A property appended to
the class body works the same whatever the model technology (pydantic model or msgspec
struct), so this runs on the generated models source rather than inside the model
generator: the annotation is copied from the new field, so the alias has the same type.
"""

from __future__ import annotations

import ast
from typing import Any

from . import ir
from .naming import safe_identifier, snake_case

__all__ = ["field_renames", "add_field_aliases"]

_IMPORT = "from .._runtime.deprecation import renamed_attribute\n"


def field_renames(venue: ir.Venue) -> list[tuple[str, str, str]]:
    """(model, old Python name, new Python name) for every renamed property, in spec order."""
    found = []
    for model, schema in venue.schemas.items():
        properties: dict[str, Any] = schema.get("properties", {}) if isinstance(schema, dict) else {}
        for wire, prop in properties.items():
            old = prop.get("renamed_from") if isinstance(prop, dict) else None
            if old:
                found.append((model, safe_identifier(snake_case(old)), safe_identifier(snake_case(wire))))
    return found


def _bare_type(annotation: ast.expr) -> ast.expr:
    """The type inside ``Annotated[type, metadata...]`` (the metadata describes the field,
    not the alias), else the annotation itself."""
    if (
        isinstance(annotation, ast.Subscript)
        and isinstance(annotation.value, ast.Name)
        and annotation.value.id == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
        and annotation.slice.elts
    ):
        return annotation.slice.elts[0]
    return annotation


def add_field_aliases(source: str, venue: ir.Venue) -> str:
    """``source`` (a models module) with a deprecated property per renamed field."""
    renames = field_renames(venue)
    if not renames:
        return source
    tree = ast.parse(source)
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    lines = source.splitlines(keepends=True)
    inserts: list[tuple[int, str]] = []
    for model, old, new in renames:
        node = classes.get(model)
        if node is None:
            raise ValueError(f"{venue.source.name}: renamed_from on {model}, which generated no class")
        annotation = next(
            (
                ast.get_source_segment(source, _bare_type(item.annotation))
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and item.target.id == new
            ),
            None,
        )
        if annotation is None:
            raise ValueError(f"{venue.source.name}: {model} has no field {new!r} to alias as {old!r}")
        inserts.append(
            (
                node.end_lineno or len(lines),
                "\n"
                "    @property\n"
                f"    def {old}(self) -> {annotation}:\n"
                f'        """Deprecated: renamed to ``{new}``; this alias goes with the next spec version."""\n'
                f"        renamed_attribute({model!r}, {old!r}, {new!r})\n"
                f"        return self.{new}\n",
            )
        )
    for line, text in sorted(inserts, reverse=True):
        lines.insert(line, text)
    body = "".join(lines)
    anchor = "from __future__ import annotations\n"
    return body.replace(anchor, anchor + "\n" + _IMPORT, 1) if anchor in body else _IMPORT + body
