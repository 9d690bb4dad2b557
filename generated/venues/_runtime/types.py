"""Field types for the spec formats that plain pydantic types do not cover.

``format: unix-milliseconds`` becomes :data:`UnixMillis`, ``format: date-time`` becomes
:data:`Timestamp` and ``format: uint64-string`` becomes :data:`Uint64String`; the generator
maps the formats to these names.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

__all__ = ["PreciseDatetime", "Timestamp", "UnixMillis", "Uint64String", "parse_timestamp"]


class PreciseDatetime(datetime):
    """A timezone-aware datetime that remembers the exact text it was parsed from.

    Python's datetime stops at microseconds; venues on .NET send 7 fractional digits.
    ``raw`` keeps the text as sent, ``fraction`` the fractional-second digits in full.
    """

    __slots__ = ("raw",)  # no per-instance __dict__: cheaper to build, smaller to keep
    raw: str

    @property
    def fraction(self) -> str:
        match = _FRACTION.search(self.raw)
        return match.group(1) if match else ""


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FRACTION = re.compile(r"T\d{2}:\d{2}:\d{2}[.,](\d+)")
_ISO = re.compile(
    r"^(?P<main>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?)"
    r"(?:[.,](?P<frac>\d+))?"
    r"(?P<tz>Z|z|[+-]\d{2}(?::?\d{2})?)?$"
)


def parse_timestamp(value: Any) -> Any:
    """Parse ISO 8601 text into a :class:`PreciseDatetime` (UTC when no offset is given)."""
    if type(value) is not str and isinstance(value, PreciseDatetime):
        return value
    if type(value) is not str and isinstance(value, datetime):
        text = value.isoformat()
        value = text
    if not isinstance(value, str):
        return value  # let pydantic report the wrong type
    text = value.strip()
    match = _ISO.match(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 timestamp: {value!r}")
    try:
        # The regex decided what is accepted; Python 3.11's parser builds the value in C
        # (several times faster than the normalisation below), as our subclass.
        fast = PreciseDatetime.fromisoformat(text)
    except ValueError:
        pass  # forms it does not take (a lower-case "z"): the general path below
    else:
        if fast.tzinfo is None:
            fast = fast.replace(tzinfo=UTC)
        fast.raw = value
        return fast
    main, frac, tz = match.group("main", "frac", "tz")
    normalised = main
    if frac:
        normalised += "." + frac[:6].ljust(6, "0")
    if tz is None or tz in ("Z", "z"):
        normalised += "+00:00"
    elif len(tz) == 5:  # +hhmm
        normalised += tz[:3] + ":" + tz[3:]
    elif len(tz) == 3:  # +hh
        normalised += tz + ":00"
    else:
        normalised += tz
    parsed = datetime.fromisoformat(normalised)
    result = PreciseDatetime(
        parsed.year,
        parsed.month,
        parsed.day,
        parsed.hour,
        parsed.minute,
        parsed.second,
        parsed.microsecond,
        tzinfo=parsed.tzinfo,
    )
    result.raw = value
    return result


def _timestamp_text(value: datetime) -> str:
    raw = getattr(value, "raw", None)
    return raw if isinstance(raw, str) else value.isoformat()


def _parse_millis(value: Any) -> Any:
    if type(value) is int:  # the common case first: one type check, no isinstance chain
        try:
            return _EPOCH + timedelta(milliseconds=value)
        except OverflowError:
            raise ValueError(f"{value} ms is outside the dates Python can represent") from None
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return _EPOCH + timedelta(milliseconds=value)
        except OverflowError:
            raise ValueError(f"{value} ms is outside the dates Python can represent") from None
    return value


def _millis(value: datetime) -> int:
    return (value - _EPOCH) // timedelta(milliseconds=1)


def _uint64_text(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Timestamp = Annotated[
    datetime, BeforeValidator(parse_timestamp), PlainSerializer(_timestamp_text, return_type=str)
]
"""An ISO 8601 timestamp; the value is a :class:`PreciseDatetime` keeping the raw text."""

UnixMillis = Annotated[
    datetime, BeforeValidator(_parse_millis), PlainSerializer(_millis, return_type=int)
]
"""Milliseconds since the Unix epoch, as a UTC datetime (serialised back to milliseconds)."""

Uint64String = Annotated[str, BeforeValidator(_uint64_text)]
"""A 64-bit unsigned id carried as decimal text; never passed through a float."""
