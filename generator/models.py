"""Stage 3a: a venue's payload schemas to pydantic models, through datamodel-code-generator.

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
    "unix-milliseconds": f"{_RUNTIME}.types.UnixMillis",
    "date-time": f"{_RUNTIME}.types.Timestamp",
    "uint64-string": f"{_RUNTIME}.types.Uint64String",
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
    fmt = result.get("format")
    if fmt in RUNTIME_FORMATS:
        del result["format"]
        result["customTypePath"] = RUNTIME_FORMATS[fmt]
    elif fmt in _DROPPED_FORMATS:
        del result["format"]
    return result


_ARBITRARY_TYPES_CONFIG = re.compile(
    r"\n    model_config = ConfigDict\(\n        arbitrary_types_allowed=True,\n    \)\n"
)


def tidy_models(source: str) -> str:
    """Drop what DCG emits that our base classes make redundant.

    Our enum template subclasses ``OpenEnum``, so DCG's ``StrEnum`` import goes unused, and
    ``VenueModel`` already allows the runtime field types DCG adds a per-model config for.
    """
    source = _ARBITRARY_TYPES_CONFIG.sub("\n", source)
    for name, line in (
        ("StrEnum", "from enum import StrEnum\n"),
        ("ConfigDict", "from pydantic import ConfigDict\n"),
    ):
        if source.count(name) == 1:
            source = source.replace(line, "")
    source = re.sub(r"from pydantic import ConfigDict, ", "from pydantic import ", source) if source.count("ConfigDict") == 1 else source
    return source


def render_models(venue: ir.Venue) -> str:
    """The source of ``venues/<venue>/models.py``."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": venue.title, "version": "1"},
        "paths": {},
        "components": {
            "schemas": {name: prepare_schema(schema) for name, schema in venue.schemas.items()}
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
    "output_model_type": "PydanticV2BaseModel",
    "target_python_version": "PY_311",
    "base_class": f"{_RUNTIME}.model.VenueModel",
    "additional_imports": [f"{_RUNTIME}.model.OpenEnum"],
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
    # DCG's output depends on its inputs, its options, its version, pydantic's, the Python
    # running it and our model templates; all of them are in the cache key. (It formats
    # nothing: format_python does, after.)
    templates = "".join(
        f"{path.relative_to(_TEMPLATES)}\0{path.read_text(encoding='utf-8')}\0"
        for path in sorted(_TEMPLATES.rglob("*"))
        if path.is_file()
    )
    key = json.dumps([document, header, templates], sort_keys=True, default=repr)
    options = copy.deepcopy(DCG_OPTIONS)
    return cached(
        "models",
        ("datamodel-code-generator", "pydantic"),
        key,
        lambda: _run_dcg(document, header, options),
        options,
    )


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
