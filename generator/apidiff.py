"""The API change report: what a spec edit changes in the public API of the generated client,
and whether it breaks a caller.

The public API is described from the generator's IR (never from generated source text) as a
small typed :class:`VenueAPI`: operations with their parameters and return types, models
with their fields, enums with their values, the client's credentials and the unified
mapping. :func:`compare` classes every difference:

- ``breaking``: code written against the old client may fail: something removed, a type
  changed, a parameter narrowed (values or limits) or newly required, a response field that
  may now be absent or null, an enum value or unified mapping removed.
- ``deprecated``: a rename declared with ``renamed_from``; the old name still works (with a
  DeprecationWarning) for one spec version, then goes.
- ``compatible``: additions (optional parameters, fields, enum values, operations, models),
  widened parameters, a response field that became required.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import ir
from .build import build_venue
from .load import load_spec
from .naming import safe_identifier, snake_case
from .problems import SpecError, SpecProblem

__all__ = [
    "BREAKING",
    "DEPRECATED",
    "COMPATIBLE",
    "ParameterAPI",
    "OperationAPI",
    "FieldAPI",
    "ModelAPI",
    "VenueAPI",
    "Change",
    "describe",
    "compare",
    "render_report",
    "venues_at",
    "venues_in",
]

BREAKING = "breaking"
DEPRECATED = "deprecated"
COMPATIBLE = "compatible"
_ORDER = {BREAKING: 0, DEPRECATED: 1, COMPATIBLE: 2}
_REF = "#/components/schemas/"
_FORMATS = {
    "decimal": "Decimal",
    "date-time": "datetime",
    "unix-milliseconds": "datetime",
    "unix-seconds": "datetime",
    "uint64-string": "str",
}
_SCALARS = {
    "string": "str",
    "integer": "int",
    "number": "Decimal",
    "boolean": "bool",
    "null": "None",
}


@dataclass(frozen=True)
class ParameterAPI:
    name: str
    type: str
    required: bool
    default: Any
    enum: tuple[Any, ...] | None
    minimum: Any = None
    maximum: Any = None
    renamed_from: str | None = None


@dataclass(frozen=True)
class OperationAPI:
    name: str
    binding: str
    returns: str
    iterator: str | None
    parameters: dict[str, ParameterAPI]


@dataclass(frozen=True)
class FieldAPI:
    name: str
    wire: str
    type: str
    required: bool
    nullable: bool
    renamed_from: str | None = None


@dataclass(frozen=True)
class ModelAPI:
    name: str
    fields: dict[str, FieldAPI]


@dataclass(frozen=True)
class VenueAPI:
    venue: str
    version: str
    source: str
    credentials: tuple[str, ...]
    operations: dict[str, OperationAPI]
    models: dict[str, ModelAPI]
    enums: dict[str, tuple[Any, ...]]
    unified: dict[str, str]
    #: Each server's URLs ("http ws"), the first being the default.
    servers: dict[str, str] = field(default_factory=dict)
    #: The auth scheme and its settings (header names ...), flattened to dotted keys.
    auth: dict[str, str] = field(default_factory=dict)
    #: The value table of each mapped unified field.
    unified_maps: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True, order=True)
class Change:
    """One difference; ``where`` names it as a caller writes it (``Order.nonce``)."""

    kind: str
    where: str
    what: str
    detail: str = field(default="", compare=False)

    @property
    def sort_key(self) -> tuple[int, str, str]:
        return (_ORDER[self.kind], self.where, self.what)


# -- describing -------------------------------------------------------------------------------


def schema_type(schema: Any) -> str:
    """A JSON Schema as the Python type a caller sees (``Decimal | None``, ``list[Order]``)."""
    if not isinstance(schema, dict):
        return "Any"
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(_REF)
    if "const" in schema:
        return f"Literal[{schema['const']!r}]"
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            return _union(schema_type(sub) for sub in schema[combinator])
    if "enum" in schema:
        return "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    rendered = []
    for kind in types:
        if kind == "array":
            rendered.append(f"list[{schema_type(schema.get('items'))}]")
        elif kind == "object":
            rendered.append("dict[str, Any]")
        elif kind == "string" and schema.get("format") in _FORMATS:
            rendered.append(_FORMATS[schema["format"]])
        else:
            rendered.append(_SCALARS.get(kind, "Any"))
    return _union(rendered) if rendered else "Any"


def _union(parts: Iterable[str]) -> str:
    seen: list[str] = []
    for part in parts:
        for piece in part.split(" | "):
            if piece not in seen:
                seen.append(piece)
    # None last, as a caller writes it.
    return " | ".join([p for p in seen if p != "None"] + (["None"] if "None" in seen else []))


def _parameter(param: ir.Parameter) -> ParameterAPI:
    return ParameterAPI(
        name=param.py_name,
        type=param.py_type,
        required=param.required,
        default=param.default,
        enum=param.enum,
        minimum=param.schema.get("minimum"),
        maximum=param.schema.get("maximum"),
        renamed_from=param.deprecated_py_name,
    )


def _operation(op: ir.Operation) -> OperationAPI:
    binding = (
        " ".join(filter(None, (op.http_method, op.http_path)))
        if op.transport == "http"
        else (op.method or "")
    )
    return OperationAPI(
        name=op.py_name,
        binding=f"{op.transport} {binding}".strip(),
        returns=op.return_type,
        iterator=op.pagination.iterator,
        parameters={p.py_name: _parameter(p) for p in op.parameters},
    )


def _model(name: str, schema: dict[str, Any]) -> ModelAPI:
    required = set(schema.get("required", []))
    fields = {}
    for wire, prop in schema.get("properties", {}).items():
        py = safe_identifier(snake_case(wire))
        kind = schema_type(prop)
        old = prop.get("renamed_from") if isinstance(prop, dict) else None
        fields[py] = FieldAPI(
            name=py,
            wire=wire,
            type=kind,
            required=wire in required,
            nullable="None" in kind.split(" | "),
            renamed_from=safe_identifier(snake_case(old)) if old else None,
        )
    return ModelAPI(name=name, fields=fields)


def describe(venue: ir.Venue) -> VenueAPI:
    """The public API of one venue's generated package, from its IR."""
    models, enums = {}, {}
    for name, schema in venue.schemas.items():
        if "enum" in schema:
            enums[name] = tuple(schema["enum"])
        elif "properties" in schema:
            models[name] = _model(name, schema)
    unified: dict[str, str] = {}
    maps: dict[str, dict[str, Any]] = {}
    if venue.unified is not None:
        for item in venue.unified.fields:
            if item.expression == "None":
                continue
            # m.lookup('status', order.order_status, _STATUS) -> lookup(order.order_status, map)
            text = re.sub(r"\bm\.(\w+)\('\w+', ", r"\1(", item.expression)
            for constant, table in venue.unified.tables.items():
                if constant in text:
                    text = text.replace(constant, "map")
                    maps[item.name] = {str(k): v for k, v in table.items()}
            unified[item.name] = text
        unified["order_id"] = venue.unified.order_id_expression
        unified["market"] = (
            venue.unified.market_expression
            + " ~ "
            + ", ".join(p for p, _, _ in venue.unified.market_patterns)
        )
    return VenueAPI(
        venue=venue.id,
        version=venue.version,
        source=venue.source.name,
        credentials=tuple(c.name for c in venue.auth.credentials),
        operations={op.py_name: _operation(op) for op in venue.operations},
        models=models,
        enums=enums,
        unified=dict(sorted(unified.items())),
        unified_maps=maps,
        servers={s.name: " ".join(filter(None, (s.http, s.websocket))) for s in venue.servers},
        auth=_flatten({"scheme": venue.auth.scheme, **venue.auth.settings, **_recipe_view(venue.auth)}),
    )


def _recipe_view(auth: Any) -> dict[str, Any]:
    """A signing recipe as plain settings: each placement under its location and name (so
    a renamed header reads as one change), the rest field by field."""
    if auth.recipe is None:
        return {}
    recipe = dataclasses.asdict(auth.recipe)
    placements = recipe.pop("placements")
    view: dict[str, Any] = {
        "signing": {
            **{k: v for k, v in recipe.items() if v not in (None, (), [])},
            **{f"{p['location']}[{i}]": f"{p['name']}: {p['value']}" for i, p in enumerate(placements)},
        }
    }
    if auth.websocket_login is not None:
        method, params = auth.websocket_login
        view["websocket_login"] = {"method": method, **dict(params)}
    return view


def _flatten(node: Any, prefix: str = "") -> dict[str, str]:
    """Nested settings as ``{"http_headers.wallet": "X-DeriveWallet", ...}``."""
    if isinstance(node, dict):
        flat: dict[str, str] = {}
        for key, value in node.items():
            flat |= _flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return flat
    return {prefix: json.dumps(node) if not isinstance(node, str) else node}


# -- comparing --------------------------------------------------------------------------------


def _renames(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, str]:
    """new name -> old name, for items declaring ``renamed_from`` an old item that is gone."""
    return {
        name: item.renamed_from
        for name, item in new.items()
        if item.renamed_from and item.renamed_from in old and item.renamed_from not in new
    }


def _compare_parameter(where: str, old: ParameterAPI, new: ParameterAPI) -> list[Change]:
    changes = []
    if old.required != new.required:
        changes.append(
            Change(BREAKING, where, "now required")
            if new.required
            else Change(COMPATIBLE, where, "now optional")
        )
    if old.enum is not None and new.enum is not None and old.type != new.type:
        removed = [v for v in old.enum if v not in new.enum]
        added = [v for v in new.enum if v not in old.enum]
        if removed:
            changes.append(
                Change(BREAKING, where, f"no longer accepts {', '.join(map(repr, removed))}")
            )
        if added:
            changes.append(Change(COMPATIBLE, where, f"also accepts {', '.join(map(repr, added))}"))
    elif old.type != new.type:
        narrowed = new.enum is not None and old.enum is None
        changes.append(
            Change(
                BREAKING,
                where,
                f"type {old.type} -> {new.type}" + (" (narrowed)" if narrowed else ""),
            )
        )
    for bound, tighter in (("minimum", lambda a, b: b > a), ("maximum", lambda a, b: b < a)):
        before, after = getattr(old, bound), getattr(new, bound)
        if before == after:
            continue
        if after is not None and (before is None or tighter(before, after)):
            changes.append(Change(BREAKING, where, f"{bound} {before} -> {after} (narrowed)"))
        else:
            changes.append(Change(COMPATIBLE, where, f"{bound} {before} -> {after} (widened)"))
    if old.default != new.default:
        changes.append(
            Change(COMPATIBLE, where, f"the venue's default {old.default!r} -> {new.default!r}")
        )
    return changes


_STALE_ALIAS = (
    "the deprecated alias {old} has had its spec version: drop renamed_from "
    "(callers still using {old} then break)"
)


def _compare_operation(old: OperationAPI, new: OperationAPI, bumped: bool = False) -> list[Change]:
    where = f"{new.name}()"
    changes = []
    if old.binding != new.binding:
        changes.append(Change(COMPATIBLE, where, f"sent as {new.binding} (was {old.binding})"))
    if old.returns != new.returns:
        changes.append(Change(BREAKING, where, f"returns {new.returns} (was {old.returns})"))
    if old.iterator != new.iterator:
        if old.iterator:
            changes.append(Change(BREAKING, f"{old.iterator}()", "page iterator removed"))
        if new.iterator:
            changes.append(Change(COMPATIBLE, f"{new.iterator}()", "page iterator added"))
    renamed = _renames(old.parameters, new.parameters)
    for name, before in renamed.items():
        changes.append(
            Change(
                DEPRECATED,
                f"{new.name}({name}=)",
                f"renamed from {before}=; the old keyword still works, deprecated",
            )
        )
        changes += _compare_parameter(
            f"{new.name}({name}=)", old.parameters[before], new.parameters[name]
        )
    for name in old.parameters.keys() - new.parameters.keys() - set(renamed.values()):
        changes.append(Change(BREAKING, f"{new.name}({name}=)", "parameter removed"))
    for name in new.parameters.keys() - old.parameters.keys() - renamed.keys():
        param = new.parameters[name]
        changes.append(
            Change(BREAKING, f"{new.name}({name}=)", f"new required parameter ({param.type})")
            if param.required
            else Change(
                COMPATIBLE, f"{new.name}({name}=)", f"new optional parameter ({param.type})"
            )
        )
    for name in old.parameters.keys() & new.parameters.keys():
        changes += _compare_parameter(
            f"{new.name}({name}=)", old.parameters[name], new.parameters[name]
        )
        alias = new.parameters[name].renamed_from
        if bumped and alias and alias == old.parameters[name].renamed_from:
            changes.append(
                Change(DEPRECATED, f"{new.name}({name}=)", _STALE_ALIAS.format(old=f"{alias}="))
            )
    return changes


def _without_none(kind: str) -> str:
    return " | ".join(p for p in kind.split(" | ") if p != "None")


def _compare_field(where: str, old: FieldAPI, new: FieldAPI) -> list[Change]:
    changes = []
    if _without_none(old.type) != _without_none(new.type):
        changes.append(Change(BREAKING, where, f"type {old.type} -> {new.type}"))
    elif old.nullable != new.nullable:
        changes.append(
            Change(BREAKING, where, "may now be None")
            if new.nullable
            else Change(COMPATIBLE, where, "no longer None")
        )
    if old.required != new.required:
        changes.append(
            Change(COMPATIBLE, where, "now always present")
            if new.required
            else Change(BREAKING, where, "may now be absent (None)")
        )
    return changes


def _compare_model(old: ModelAPI, new: ModelAPI, bumped: bool = False) -> list[Change]:
    changes = []
    renamed = _renames(old.fields, new.fields)
    for name, before in renamed.items():
        where = f"{new.name}.{name}"
        changes.append(
            Change(
                DEPRECATED,
                where,
                f"renamed from {new.name}.{before}; the old attribute still works, deprecated",
            )
        )
        changes += _compare_field(where, old.fields[before], new.fields[name])
    for name in old.fields.keys() - new.fields.keys() - set(renamed.values()):
        changes.append(Change(BREAKING, f"{new.name}.{name}", "field removed"))
    for name in new.fields.keys() - old.fields.keys() - renamed.keys():
        item = new.fields[name]
        state = "always present" if item.required and not item.nullable else "optional"
        changes.append(
            Change(COMPATIBLE, f"{new.name}.{name}", f"new field ({item.type}, {state})")
        )
    for name in old.fields.keys() & new.fields.keys():
        changes += _compare_field(f"{new.name}.{name}", old.fields[name], new.fields[name])
        alias = new.fields[name].renamed_from
        if bumped and alias and alias == old.fields[name].renamed_from:
            changes.append(
                Change(
                    DEPRECATED, f"{new.name}.{name}", _STALE_ALIAS.format(old=f"{new.name}.{alias}")
                )
            )
    return changes


def compare(old: VenueAPI | None, new: VenueAPI | None) -> list[Change]:
    """Every difference between two descriptions of a venue's API, classed, in report order."""
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        return [Change(COMPATIBLE, new.venue, "new venue")]
    if new is None:
        return [Change(BREAKING, old.venue, "venue removed")]
    changes: list[Change] = []
    # A renamed_from alias lives for one spec version: past a bump it is reported as due.
    bumped = bool(
        old.version and new.version and old.version != new.version and old.venue == new.venue
    )
    for name in sorted(set(old.credentials) - set(new.credentials)):
        changes.append(Change(BREAKING, f"client({name}=)", "credential removed"))
    for name in sorted(set(new.credentials) - set(old.credentials)):
        changes.append(Change(BREAKING, f"client({name}=)", "new required credential"))
    old_default, new_default = next(iter(old.servers.items()), None), next(
        iter(new.servers.items()), None
    )
    if old_default != new_default and new_default is not None:
        changes.append(
            Change(
                COMPATIBLE,
                "client(base_url=)",
                f"default server {new_default[1]}",
                f"was {old_default[1] if old_default else None}; "
                "a caller passing base_url= itself must update it",
            )
        )
    for key in sorted(old.auth.keys() | new.auth.keys()):
        before, after = old.auth.get(key), new.auth.get(key)
        if before != after:
            changes.append(
                Change(
                    COMPATIBLE,
                    f"auth {key}",
                    f"{before} -> {after}",
                    "the client signs accordingly",
                )
            )
    for name in old.operations.keys() - new.operations.keys():
        iterator = old.operations[name].iterator
        changes.append(
            Change(
                BREAKING,
                f"{name}()",
                "operation removed" + (f" (and {iterator}())" if iterator else ""),
            )
        )
    for name in new.operations.keys() - old.operations.keys():
        op = new.operations[name]
        changes.append(
            Change(COMPATIBLE, f"{name}()", f"new operation ({op.binding}) -> {op.returns}")
        )
    for name in old.operations.keys() & new.operations.keys():
        changes += _compare_operation(old.operations[name], new.operations[name], bumped)
    for name in old.models.keys() - new.models.keys():
        changes.append(Change(BREAKING, name, "model removed"))
    for name in new.models.keys() - old.models.keys():
        changes.append(
            Change(COMPATIBLE, name, f"new model ({len(new.models[name].fields)} fields)")
        )
    for name in old.models.keys() & new.models.keys():
        changes += _compare_model(old.models[name], new.models[name], bumped)
    for name in old.enums.keys() - new.enums.keys():
        changes.append(Change(BREAKING, name, "enum removed"))
    for name in new.enums.keys() - old.enums.keys():
        changes.append(
            Change(COMPATIBLE, name, "new enum: " + ", ".join(map(repr, new.enums[name])))
        )
    for name in old.enums.keys() & new.enums.keys():
        removed = [v for v in old.enums[name] if v not in new.enums[name]]
        added = [v for v in new.enums[name] if v not in old.enums[name]]
        if removed:
            changes.append(
                Change(BREAKING, name, "values removed: " + ", ".join(map(repr, removed)))
            )
        if added:
            changes.append(Change(COMPATIBLE, name, "new values: " + ", ".join(map(repr, added))))
    for name in old.unified.keys() - new.unified.keys():
        changes.append(
            Change(
                BREAKING,
                f"OpenOrder.{name}",
                "no longer mapped (now always None)",
                old.unified[name],
            )
        )
    for name in new.unified.keys() - old.unified.keys():
        changes.append(
            Change(COMPATIBLE, f"OpenOrder.{name}", f"now mapped from {new.unified[name]}")
        )
    for name in old.unified.keys() & new.unified.keys():
        where = f"OpenOrder.{name}"
        if old.unified[name] != new.unified[name]:
            changes.append(
                Change(
                    COMPATIBLE,
                    where,
                    f"now mapped from {new.unified[name]}",
                    f"was {old.unified[name]}",
                )
            )
        before, after = old.unified_maps.get(name, {}), new.unified_maps.get(name, {})
        for value in sorted(before.keys() - after.keys()):
            changes.append(Change(BREAKING, where, f"no longer maps {value!r} (now None)"))
        for value in sorted(after.keys() - before.keys()):
            changes.append(Change(COMPATIBLE, where, f"maps {value!r} -> {after[value]!r}"))
        for value in sorted(before.keys() & after.keys()):
            if before[value] != after[value]:
                changes.append(
                    Change(
                        COMPATIBLE,
                        where,
                        f"maps {value!r} -> {after[value]!r} (was {before[value]!r})",
                    )
                )
    return sorted(set(changes), key=lambda c: c.sort_key)


# -- reading specs ----------------------------------------------------------------------------


def build_spec(path: Path) -> ir.Venue:
    """The IR of one spec file; raises :class:`SpecError` with its problems."""
    spec, problems = load_spec(path)
    venue = None
    if spec is not None and not problems:
        venue, problems = build_venue(spec)
    if problems or venue is None:
        raise SpecError(problems or [SpecProblem(path, 1, "", "could not be built")])
    return venue


def venues_in(spec_dir: Path, names: Iterable[str] = ()) -> dict[str, VenueAPI]:
    """The API of each spec in ``spec_dir`` (or only those named), by venue id."""
    wanted = set(names)
    return {
        path.stem: describe(build_spec(path))
        for path in sorted(spec_dir.glob("*.yaml"))
        if not wanted or path.stem in wanted
    }


def venues_at(ref: str, spec_dir: Path, names: Iterable[str] = ()) -> dict[str, VenueAPI]:
    """The API of each spec as it was at git ``ref`` (listed and read from git's objects)."""
    from .gitspecs import blobs_at

    wanted = set(names)
    with tempfile.TemporaryDirectory(prefix="venues-api-") as scratch:
        for name, blob in blobs_at(ref, spec_dir).items():
            if wanted and name.removesuffix(".yaml") not in wanted:
                continue
            data = subprocess.run(
                ["git", "cat-file", "blob", blob], cwd=spec_dir, capture_output=True, check=True
            ).stdout
            (Path(scratch) / name).write_bytes(data)
        return venues_in(Path(scratch))


# -- the report -------------------------------------------------------------------------------


def render_report(
    title: str, old: VenueAPI | None, new: VenueAPI | None, changes: list[Change]
) -> str:
    """The report of one venue (or one pair of specs), for a terminal and for CHANGELOG.md."""
    versions = ""
    if old is not None and new is not None and old.venue != new.venue:
        versions = f" ({old.venue} version {old.version or '?'} -> {new.venue} version {new.version or '?'})"
    elif old is not None and new is not None and (old.version or new.version):
        versions = f" (spec version {old.version or '?'} -> {new.version or '?'})"
    lines = [f"{title}{versions}:"]
    if not changes:
        lines.append("  no change to the public API")
        return "\n".join(lines)
    width = max(len(c.where) for c in changes)
    for change in changes:
        label = change.kind.upper() if change.kind == BREAKING else change.kind
        line = f"  {label:<10}  {change.where:<{width}}  {change.what}"
        lines.append(line + (f" ({change.detail})" if change.detail else ""))
    counts = {
        kind: sum(c.kind == kind for c in changes) for kind in (BREAKING, DEPRECATED, COMPATIBLE)
    }
    lines.append("  " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return "\n".join(lines)
