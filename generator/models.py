"""Stage 3a: a venue's payload schemas to msgspec Struct models, through datamodel-code-generator.

All of a venue's schemas go to DCG in one in-process call. Before that, the formats we
define are mapped to runtime types and free text is made safe to place in docstrings.
"""

from __future__ import annotations

import copy
import json
import re
import warnings
from pathlib import Path
from typing import Any

from . import ir
from .cache import cached

__all__ = ["prepare_schema", "render_models", "RUNTIME_FORMATS"]

_RUNTIME = "venues._runtime"
#: Spec formats that map to a runtime type (the generator's only type knowledge).
RUNTIME_FORMATS = {
    "unix-milliseconds": f"{_RUNTIME}.decoding.types.UnixMillis",
    "unix-seconds": f"{_RUNTIME}.decoding.types.UnixSeconds",
    "date-time": f"{_RUNTIME}.decoding.types.Timestamp",
    "uint64-string": f"{_RUNTIME}.decoding.types.Uint64String",
    # msgspec decodes and checks UUID text natively (any case, with or without hyphens).
    "uuid": "uuid.UUID",
}
#: ``anyOf: [<format>, const ""]``: msgspec takes one string-like type per union, so these
#: pairs map to one runtime type that accepts both.
_OR_EMPTY_FORMATS = {
    "decimal": f"{_RUNTIME}.decoding.types.DecimalOrEmpty",
    "uint64-string": f"{_RUNTIME}.decoding.types.Uint64StringOrEmpty",
}
#: Integer width formats: informative only, Python ints have no width.
_DROPPED_FORMATS = {"int64", "uint32", "uint64"}
_TEMPLATES = Path(__file__).parent / "templates" / "dcg"
_TEXT_KEYS = ("description", "title")


def docstring_safe(text: str) -> str:
    """Text that cannot end a triple-quoted docstring or start an escape sequence."""
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()


def prepare_schema(node: Any) -> Any:
    """A copy of a payload schema ready for DCG."""
    if isinstance(node, list):
        return [prepare_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = _merge_empty_alternative(node)
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("enum", "const", "default", "examples"):
            result[key] = copy.deepcopy(value)
        elif key in _TEXT_KEYS and isinstance(value, str):
            result[key] = docstring_safe(value) if key == "description" else value
        elif key == "properties" and isinstance(value, dict):
            result[key] = {name: prepare_schema(sub) for name, sub in value.items()}
        else:
            result[key] = prepare_schema(value)
    result = _typed_enum(result)
    fmt = result.get("format")
    if fmt in RUNTIME_FORMATS:
        del result["format"]
        result["customTypePath"] = RUNTIME_FORMATS[fmt]
    elif fmt in _DROPPED_FORMATS:
        del result["format"]
    elif fmt in (None, "decimal") and _plain_number(result):
        result.pop("format", None)
        result["customTypePath"] = DECIMAL_NUMBER
    return result


#: ``type: number``: integers decoded as ``int`` (cheap), fractions as ``Decimal``, either read
#: as a ``Decimal`` (the runtime type).
DECIMAL_NUMBER = f"{_RUNTIME}.decoding.types.DecimalNumber"
_NUMBER_LIMITS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}


def _plain_number(node: dict[str, Any]) -> bool:
    """A JSON number without limits (the runtime type is a union, which takes none)."""
    kind = node.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    return "number" in kinds and kinds <= {"number", "null"} and not _NUMBER_LIMITS & set(node)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _typed_enum(node: dict[str, Any]) -> dict[str, Any]:
    """An enum msgspec can decode, open to unlisted values: integers alone become an
    ``OpenIntEnum`` (``type: integer``); text and integers mixed become the union of a text
    enum and an integer enum (msgspec decodes one enum of each kind in a union), named
    ``<Title>Text`` and ``<Title>Number``."""
    values = node.get("enum")
    if not isinstance(values, list) or not values:
        return node
    texts = [v for v in values if isinstance(v, str)]
    numbers = [v for v in values if _is_int(v)]
    if len(texts) + len(numbers) != len(values) or node.get("type") not in (None, "integer", "string"):
        return node  # booleans, fractions, null or a stated other type: left to DCG as written
    if not texts:
        return {**node, "type": "integer"} if node.get("type") in (None, "integer") else node
    if not numbers or "type" in node:
        return node  # a stated type with values of both kinds: JSON Schema's own problem
    title = str(node.get("title", ""))
    rest = {k: v for k, v in node.items() if k not in ("enum", "type", "title")}
    text_part: dict[str, Any] = {"type": "string", "enum": texts}
    number_part: dict[str, Any] = {"type": "integer", "enum": numbers}
    if title:
        text_part["title"], number_part["title"] = f"{title}Text", f"{title}Number"
        text_part[_HOIST] = number_part[_HOIST] = True
        rest["title"] = title
    return {**rest, "anyOf": [text_part, number_part]}


_HOIST = "x-hoist"


def _hoisted(schemas: dict[str, Any]) -> dict[str, Any]:
    """Schemas with the parts of mixed enums as components of their own, so that their
    classes take the names ``_typed_enum`` gave them (DCG numbers inline parts)."""
    extra: dict[str, Any] = {}

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return [visit(item) for item in node]
        if not isinstance(node, dict):
            return node
        if node.pop(_HOIST, False) and node["title"] not in schemas:
            extra.setdefault(node["title"], node)
            return {"$ref": _LOCAL_REF + node["title"]}
        return {key: value if key in ("enum", "const", "default", "examples") else visit(value) for key, value in node.items()}

    result = {name: visit(schema) for name, schema in schemas.items()}
    return {**result, **extra}


_EMPTY_OK = "x-empty-member"
_LOCAL_REF = "#/components/schemas/"


def _with_empty_members(schemas: dict[str, Any]) -> dict[str, Any]:
    """Give ``""`` a member in every enum a field allows it beside (``anyOf: [enum, const
    ""]``, merged to the enum by :func:`_merge_empty_alternative`), so that decoding finds
    it in the enum's table (an unlisted value costs a Python call per occurrence)."""
    wanted: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.pop(_EMPTY_OK, None)
            if isinstance(ref, str) and ref.startswith(_LOCAL_REF):
                wanted.add(ref[len(_LOCAL_REF):])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(schemas)
    for name in sorted(wanted):
        target = schemas.get(name)
        if isinstance(target, dict) and isinstance(target.get("enum"), list) and "" not in target["enum"]:
            target["enum"] = [*target["enum"], ""]
    return schemas


def _merge_empty_alternative(node: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, const ""]`` as one type: a runtime type for decimal and uint64 text, the
    enum alone for an enum (open enums keep ``""`` as an unlisted value)."""
    alternatives = node.get("anyOf")
    if not isinstance(alternatives, list) or len(alternatives) != 2 or {"const": ""} not in alternatives:
        return node
    (other,) = [a for a in alternatives if a != {"const": ""}]
    if not isinstance(other, dict):
        return node
    rest = {k: v for k, v in node.items() if k != "anyOf"}
    if other.get("type") == "string" and other.get("format") in _OR_EMPTY_FORMATS and set(other) <= {"type", "format"}:
        return {**rest, "type": "string", "customTypePath": _OR_EMPTY_FORMATS[other["format"]]}
    if set(other) == {"$ref"}:
        return {**rest, "$ref": other["$ref"], _EMPTY_OK: other["$ref"]}
    return node


_UNSET_DEFAULT = re.compile(r"(?: \| None)? \| UnsetType( = (?:field\(.*default=)?)UNSET")


def tidy_models(source: str) -> str:
    """Adjust DCG's msgspec output to the runtime's conventions.

    An optional field the reply leaves out reads as ``None``, as it did with pydantic and as
    the unified view expects, rather than msgspec's ``UNSET`` marker. Our enum template
    subclasses ``OpenEnum``, so DCG's ``StrEnum`` import goes unused.
    """
    source = "\n".join(
        _UNSET_DEFAULT.sub(r" | None\1None", line) if "UnsetType" in line else line
        for line in source.split("\n")
    )
    if not any("UNSET" in line for line in source.split("\n") if not line.startswith("from msgspec")):
        source = re.sub(r"^(from msgspec import .*)$", lambda m: _drop_names(m.group(1), {"UNSET", "UnsetType"}), source, flags=re.M)
    source = _drop_unused_imports(source)
    # DCG names the member for "" (see _with_empty_members) FIELD_; EMPTY says what it is.
    source = re.sub(r"^(    )FIELD_( = ['\"]['\"])$", r"\1EMPTY\2", source, flags=re.M)
    # Fields kept as sent (timestamps) convert when read; the runtime wires that up once
    # every class of the module exists.
    source = source.replace(
        "from __future__ import annotations\n",
        f"from __future__ import annotations\nfrom {_RUNTIME}.decoding.model import bind_wire_values\n",
        1,
    )
    return source.rstrip("\n") + "\n\n\nbind_wire_values(globals())\n"


_IMPORT_LINE = re.compile(r"^from (?:enum|venues\._runtime\.decoding\.model) import (.*)$", re.M)


def _drop_unused_imports(source: str) -> str:
    """Drop the enum base classes no class of the module uses (our template picks
    ``OpenEnum`` or ``OpenIntEnum``, so DCG's ``StrEnum``/``IntEnum`` imports go unused)."""

    def used(name: str) -> bool:
        return re.search(rf"\b{name}\b", _IMPORT_LINE.sub("", source)) is not None

    def tidy(match: re.Match[str]) -> str:
        names = {n.strip() for n in match.group(1).split(",")}
        return _drop_names(match.group(0), {n for n in names if not used(n)})

    return _IMPORT_LINE.sub(tidy, source)


def _drop_names(line: str, names: set[str]) -> str:
    head, _, imported = line.partition(" import ")
    kept = [name.strip() for name in imported.split(",") if name.strip() not in names]
    return f"{head} import {', '.join(kept)}" if kept else ""


def render_models(venue: ir.Venue) -> str:
    """The source of ``venues/<venue>/models.py``."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": venue.title, "version": "1"},
        "paths": {},
        "components": {
            "schemas": _with_empty_members(
                _hoisted({name: prepare_schema(schema) for name, schema in venue.schemas.items()})
            )
        },
    }
    header = (
        f'"""Payload models of {venue.title}, generated from specs/{venue.source.name}.\n\n'
        "Do not edit: change the spec and run `make generate`.\n"
        '"""'
    )
    with warnings.catch_warnings():
        # DCG announces future changes of its defaults; we set every option we rely on.
        warnings.simplefilter("ignore", FutureWarning)
        output = _generate(document, header)
    if not isinstance(output, str):
        raise TypeError("datamodel-code-generator returned several modules for one venue")
    return relative_runtime_imports(tidy_models(output))


def relative_runtime_imports(source: str) -> str:
    """Import the runtime relatively, so that a vendored copy of the package works under any
    package path and never picks up another importable ``venues``. DCG only writes absolute
    paths (``customTypePath``, ``base_class``), hence this rewrite of its output."""
    return re.sub(rf"^from {re.escape(_RUNTIME)}\b", "from .._runtime", source, flags=re.M)


#: Every option given to DCG but the input, the header and the template folder (whose
#: files are keyed by content). Enum-typed options are named by their member; all of it
#: is in the cache key.
DCG_OPTIONS: dict[str, Any] = {
    "input_file_type": "OpenAPI",
    "output_model_type": "MsgspecStruct",
    "target_python_version": "PY_311",
    "base_class": f"{_RUNTIME}.decoding.model.VenueModel",
    "additional_imports": [f"{_RUNTIME}.decoding.model.OpenEnum", f"{_RUNTIME}.decoding.model.OpenIntEnum"],
    "snake_case_field": True,
    # Upper-case members (Side.BUY) never shadow str methods such as str.index.
    "capitalise_enum_members": True,
    "use_annotated": True,
    "field_constraints": True,
    "use_schema_description": True,
    "use_field_description": True,
    "use_standard_collections": True,
    "use_union_operator": True,
    "disable_timestamp": True,
    "formatters": [],  # the pipeline formats every module itself (format_python)
}
#: DCG's enum-typed options, by the name of their enum in datamodel_code_generator.
_DCG_ENUMS = {
    "input_file_type": "InputFileType",
    "output_model_type": "DataModelType",
    "target_python_version": "PythonVersion",
}


def _generate(document: dict[str, Any], header: str) -> object:
    # DCG's output depends on its inputs, its options, its version, msgspec's, pydantic's (DCG
    # runs on it), the Python running it and our model templates; all of them are in the cache
    # key. (It formats nothing: format_python does, after.)
    templates = "".join(
        f"{path.relative_to(_TEMPLATES)}\0{path.read_text(encoding='utf-8')}\0"
        for path in sorted(_TEMPLATES.rglob("*"))
        if path.is_file()
    )
    key = json.dumps([document, header, templates], sort_keys=True, default=repr)
    options = copy.deepcopy(DCG_OPTIONS)
    return cached(
        "models",
        ("datamodel-code-generator", "msgspec", "pydantic"),
        key,
        lambda: _run_dcg(document, header, options),
        options,
    )


def prepare() -> None:
    """Import DCG and let it build its own machinery (its lazy imports, pydantic's models of
    its configuration) on a one-field document: done once before forking workers, which
    then start with it ready. Its output is not used."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": "prepare", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Prepare": {"type": "object", "properties": {"a": {"type": "string"}}}}},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        _run_dcg(document, "", copy.deepcopy(DCG_OPTIONS))


def _run_dcg(document: dict[str, Any], header: str, options: dict[str, Any]) -> str:
    import datamodel_code_generator as dcg  # imported on a cache miss only (slow to import)

    arguments = dict(options)
    for name, enum in _DCG_ENUMS.items():
        arguments[name] = getattr(getattr(dcg, enum), arguments[name])
    output = dcg.generate(
        document, custom_template_dir=_TEMPLATES, custom_file_header=header, **arguments
    )
    if not isinstance(output, str):
        raise TypeError("datamodel-code-generator returned several modules for one venue")
    return output
