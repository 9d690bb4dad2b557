"""Warnings at generation: what a spec probably forgot, located ``file:line``. Never failures.

- A unified ``map`` that does not cover every documented value of its field's enum: such
  an order would reach the unified view with the field ``None`` (and a log line at run
  time). Found here, before any order does.
- A unified field left unmapped although the venue's order has a field the unified view
  could use: a field named one of :data:`CANDIDATES` (``stop_price`` for ``trigger_price``).

A finding that is deliberate is acknowledged under ``unified.acknowledged``, with the
reason: ``{trigger_price: "..."}`` for an unmapped field, ``{status.rejected: "..."}`` for
one enum value.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import ir
from .build import build_venue
from .load import LoadedSpec, load_spec
from .problems import SpecProblem

__all__ = ["CANDIDATES", "lint", "lint_specs"]

_REF = "#/components/schemas/"

#: Wire names (any case style) that, on a venue's order, probably carry a unified field.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "client_order_id": ("client_order_id", "client_id", "client_oid", "cl_ord_id", "origin_id", "label"),
    "average_price": ("average_price", "avg_price", "average_fill_price", "avg_fill_price", "execution_price"),
    "trigger_price": ("trigger_price", "stop_price", "stop", "trigger", "stop_loss_price"),
    "time_in_force": ("time_in_force", "tif"),
    "reduce_only": ("reduce_only",),
    "post_only": ("post_only",),
    "filled": ("filled_amount", "filled_quantity", "executed_quantity", "filled", "executed_amount"),
    "remaining": ("remaining_amount", "unfilled_amount", "remaining_quantity", "remaining"),
    "created_at": ("created_at", "creation_timestamp", "created_time", "create_time"),
    "updated_at": ("updated_at", "last_update_timestamp", "updated_time", "update_time"),
}


def _normal(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def _enum_values(venue: ir.Venue, schema: Any) -> list[Any]:
    """The documented values of a field's schema: through $ref, anyOf and oneOf; ``""``
    and null alternatives are not values to map."""
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        return _enum_values(venue, venue.schemas.get(str(schema["$ref"]).removeprefix(_REF)))
    values = [v for v in schema.get("enum", []) if v not in ("", None)]
    for key in ("anyOf", "oneOf"):
        for sub in schema.get(key, []):
            values += [v for v in _enum_values(venue, sub) if v not in values]
    return values


def lint(spec: LoadedSpec, venue: ir.Venue) -> Iterator[SpecProblem]:
    """The warnings of one built spec."""
    raw = spec.data.get("unified")
    if venue.unified is None or raw is None:
        return
    acknowledged = raw.get("acknowledged", {})
    order = venue._deref({"$ref": _REF + venue.unified.order_model}).get("properties", {})
    for name, source in raw["fields"].items():
        if "map" not in source or source.get("field") not in order:
            continue
        values = _enum_values(venue, order[source["field"]])
        missing = [v for v in values if str(v) not in map(str, source["map"]) and f"{name}.{v}" not in acknowledged]
        if missing:
            yield spec.problem(
                f"/unified/fields/{name}/map",
                f"warning: the {name} map does not cover {venue.unified.order_model}.{source['field']} "
                f"value(s) {', '.join(map(repr, missing))}: such orders get {name}=None. Map them, "
                f"or acknowledge each under unified.acknowledged ({name}.<value>: reason)",
            )
    by_normal = {_normal(wire): wire for wire in order}
    for name, candidates in CANDIDATES.items():
        if not candidates or name in raw["fields"] or name in acknowledged:
            continue
        found = [by_normal[_normal(c)] for c in candidates if _normal(c) in by_normal]
        if found:
            yield spec.problem(
                "/unified/fields",
                f"warning: unified {name} is not mapped, but {venue.unified.order_model} has "
                f"{', '.join(found)}: map it ({name}: {{field: {found[0]}}}) or acknowledge it "
                f"under unified.acknowledged ({name}: reason)",
            )


def lint_specs(spec_dir: Path) -> list[SpecProblem]:
    """The warnings of every spec in ``spec_dir`` that builds (problems are reported elsewhere)."""
    found: list[SpecProblem] = []
    for path in sorted(spec_dir.glob("*.yaml")):
        spec, problems = load_spec(path)
        if spec is None or problems:
            continue
        venue, problems = build_venue(spec)
        if venue is not None:
            found += lint(spec, venue)
    return found
