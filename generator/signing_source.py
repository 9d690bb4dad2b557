"""A signing recipe as Python source: constructor calls of the runtime's signing
dataclasses, so that the generated module is checked by mypy --strict against the runtime
(a recipe is never an untyped dict splatted into a constructor)."""

from __future__ import annotations

import dataclasses
from typing import Any

from .runtime.signing import SignatureRecipe

__all__ = ["recipe_source", "recipe_classes"]


def _value(value: Any, classes: set[str]) -> str:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _call(value, classes)
    if isinstance(value, tuple):
        items = [_value(item, classes) for item in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if value is None or isinstance(value, (str, int, bool)):
        return repr(value)
    raise TypeError(f"cannot write {type(value).__name__} in a signing recipe")


def _call(obj: Any, classes: set[str]) -> str:
    name = type(obj).__name__
    classes.add(name)
    arguments = []
    for field in dataclasses.fields(obj):
        value = getattr(obj, field.name)
        if field.default is not dataclasses.MISSING and value == field.default:
            continue
        if field.default_factory is not dataclasses.MISSING and value == field.default_factory():
            continue
        arguments.append(f"{field.name}={_value(value, classes)}")
    return f"signing.{name}({', '.join(arguments)})"


def recipe_source(recipe: SignatureRecipe) -> str:
    """``SignatureRecipe(...)``: every field that differs from its default."""
    return _call(recipe, set())


def recipe_classes(recipe: SignatureRecipe) -> list[str]:
    """The signing classes ``recipe_source`` names, sorted (for the import line)."""
    classes: set[str] = set()
    _call(recipe, classes)
    return sorted(classes)
