"""Names a spec renamed, kept for one spec version (``renamed_from``) with a warning."""

from __future__ import annotations

import warnings
from typing import TypeVar

__all__ = ["renamed_argument", "renamed_attribute"]

T = TypeVar("T")


def renamed_argument(operation: str, old: str, new: str, old_value: T | None, new_value: T | None) -> T | None:
    """The value of a renamed keyword: ``new``'s, or ``old``'s with a DeprecationWarning."""
    if old_value is None:
        return new_value
    if new_value is not None:
        raise TypeError(f"{operation}() got both {old}= and its new name {new}=")
    warnings.warn(
        f"{operation}({old}=...) is deprecated: the venue renamed it; pass {new}= instead "
        "(the old name goes with the next spec version)",
        DeprecationWarning,
        stacklevel=3,
    )
    return old_value


def renamed_attribute(model: str, old: str, new: str) -> None:
    """Warn that ``model.old`` is read under its old name."""
    warnings.warn(
        f"{model}.{old} is deprecated: the venue renamed it to {model}.{new} "
        "(the old name goes with the next spec version)",
        DeprecationWarning,
        stacklevel=3,
    )
