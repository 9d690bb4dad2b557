"""A wrapper that keeps credentials out of reprs, logs and tracebacks."""

from __future__ import annotations

from typing import Final

__all__ = ["Secret"]

_MASK: Final = "**********"


class Secret:
    """Holds a credential; only ``reveal()`` returns it.

    ``repr``/``str`` show a mask, equality is not defined on the value (so it never shows
    up in an assertion diff), and pickling is refused.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str | Secret) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, str):
            raise TypeError(f"a credential must be a str, not {type(value).__name__}")
        self._value: str = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{_MASK}')"

    __str__ = __repr__

    def __reduce__(self) -> str:
        raise TypeError("Secret values cannot be pickled")

    def __bool__(self) -> bool:
        return bool(self._value)
