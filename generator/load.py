"""Stage 1: read a spec file, remember where every value sits, validate the format."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .problems import SpecProblem, pointer_of

__all__ = ["LoadedSpec", "load_spec", "META_SCHEMA_PATH"]

META_SCHEMA_PATH = Path(__file__).resolve().parent.parent / "specs" / "schema" / "venue-spec.schema.yaml"


@dataclass
class LoadedSpec:
    """A spec's data, its source file, and the line of every JSON pointer in it."""

    path: Path
    data: Any
    lines: dict[str, int]

    def line_of(self, pointer: str) -> int:
        """The line of ``pointer``, or of its closest ancestor that has one."""
        while True:
            if pointer in self.lines:
                return self.lines[pointer]
            if not pointer:
                return 1
            pointer = pointer.rsplit("/", 1)[0]

    def problem(self, pointer: str, message: str) -> SpecProblem:
        return SpecProblem(self.path, self.line_of(pointer), pointer, message)


def _index_lines(node: yaml.Node, pointer: str, lines: dict[str, int]) -> None:
    lines.setdefault(pointer, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value).replace("~", "~0").replace("/", "~1")
            child = f"{pointer}/{key}"
            lines[child] = key_node.start_mark.line + 1
            _index_lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, f"{pointer}/{index}", lines)


#: libyaml's loader when PyYAML has it (about 8x faster), the pure-Python one otherwise.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def meta_validator() -> jsonschema.Draft202012Validator:
    schema = yaml.load(META_SCHEMA_PATH.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def load_spec(path: Path) -> tuple[LoadedSpec | None, list[SpecProblem]]:
    """Parse and validate one spec. Returns the spec (None if unreadable) and its problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [SpecProblem(path, 1, "", f"cannot read the file: {exc}")]
    try:
        node = yaml.compose(text, Loader=_SAFE_LOADER)
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [SpecProblem(path, line, "", f"not valid YAML: {reason}")]
    lines: dict[str, int] = {}
    if node is not None:
        _index_lines(node, "", lines)
    spec = LoadedSpec(path=path, data=data, lines=lines)
    problems = [
        spec.problem(pointer_of(list(error.absolute_path)), _describe(error))
        for error in meta_validator().iter_errors(data)
    ]
    return spec, problems


def _describe(error: jsonschema.ValidationError) -> str:
    if error.validator in ("oneOf", "anyOf") and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        return f"{error.message.split(' is not valid')[0]} is not valid here ({best.message})"
    return error.message
