"""Field types for the spec formats that plain msgspec types do not cover.

``format: date-time`` becomes :data:`Timestamp` (read as a :class:`PreciseDatetime`),
``format: unix-milliseconds`` :data:`UnixMillis` and ``format: unix-seconds`` :data:`UnixSeconds`
(seconds with a fraction, as Kraken sends them; both read as a UTC ``datetime``),
``format: uint64-string`` :data:`Uint64String` (``str``), ``type: number``
:data:`DecimalNumber` (read as a :class:`~decimal.Decimal`); ``format: decimal`` on strings
is msgspec's own ``Decimal``, built while decoding; a decimal or uint64 string that
may also be ``""`` becomes :data:`DecimalOrEmpty` / :data:`Uint64StringOrEmpty` (msgspec
allows one string-like type per union). The generator maps the formats to these names.

Type checkers see the types a field's value has when read; at run time the names are the
wire types msgspec checks while decoding, marked :class:`WireValue` where the attribute
converts on read.

Every conversion is bounded before it runs: text and exponents beyond what a venue sends
(``1e300000`` milliseconds, a million-digit id) are refused at once, as a typed error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from msgspec import Meta

__all__ = [
    "DecimalOrEmpty",
    "DecimalNumber",
    "WireValue",
    "PreciseDatetime",
    "Timestamp",
    "Uint64String",
    "Uint64StringOrEmpty",
    "UnixMillis",
    "UnixSeconds",
    "dec_hook",
    "parse_decimal",
    "parse_millis",
    "parse_seconds",
    "parse_timestamp",
]


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
#: Longer than any ISO 8601 timestamp or 64-bit id: longer text is refused unread.
_MAX_TEXT = 64
#: The milliseconds of 0001-01-01 and 9999-12-31T23:59:59.999 (what datetime can hold).
MIN_MILLIS = -62135596800000
MAX_MILLIS = 253402300799999
_MAX_MILLIS_DIGITS = 18
_FLOAT_EXACT = 2**32 * 1000


def parse_timestamp(value: Any) -> PreciseDatetime:
    """Parse ISO 8601 text into a :class:`PreciseDatetime` (UTC when no offset is given)."""
    if isinstance(value, PreciseDatetime):
        return value
    if isinstance(value, datetime):
        value = value.isoformat()
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 timestamp, got {type(value).__name__}")
    text = value.strip()
    match = _ISO.match(text) if len(text) <= _MAX_TEXT else None
    if match is None:
        raise ValueError(f"not an ISO 8601 timestamp: {value[:_MAX_TEXT]!r}")
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


def _whole_number(value: Any, what: str) -> int:
    """An integer from a JSON integer, integral decimal or digit text, bounded first."""
    if type(value) is int:
        return value
    if isinstance(value, Decimal):
        # adjusted() is the exponent of the leading digit: 1e300000 is refused here, before
        # int() would build a 300000-digit integer.
        if value.is_finite() and value.adjusted() < _MAX_MILLIS_DIGITS + 3 and value == value.to_integral_value():
            return int(value)
    elif isinstance(value, str) and len(value) <= _MAX_TEXT:
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    raise ValueError(f"expected {what}, got {_preview(value)}")


def parse_millis(value: Any) -> datetime:
    """Milliseconds since the Unix epoch as a timezone-aware UTC datetime."""
    if isinstance(value, datetime):
        return value
    millis = _whole_number(value, "milliseconds since the epoch")
    if not MIN_MILLIS <= millis <= MAX_MILLIS:
        raise ValueError(f"{_preview(value)} ms is outside the dates Python can represent")
    if -_FLOAT_EXACT < millis < _FLOAT_EXACT:
        # Exact: below 2^32 s a float's error is under half a microsecond, and the value is
        # a whole millisecond, so the rounding to microseconds lands on it. Built in C.
        return datetime.fromtimestamp(millis / 1000, UTC)
    return _EPOCH + timedelta(milliseconds=millis)


def parse_seconds(value: Any) -> datetime:
    """Seconds since the Unix epoch, with any fraction (``1688666559.8974``), as a
    timezone-aware UTC datetime, exact to the microsecond (the fraction is never a float)."""
    if isinstance(value, datetime):
        return value
    seconds = value if isinstance(value, Decimal) else Decimal(_whole_number(value, "seconds since the epoch"))
    # adjusted() bounds the digits before anything is computed: 1e300000 is refused at once.
    if not seconds.is_finite() or seconds.adjusted() > _MAX_MILLIS_DIGITS - 3:
        raise ValueError(f"expected seconds since the epoch, got {_preview(value)}")
    micros = int((seconds * 1_000_000).to_integral_value())
    if not MIN_MILLIS * 1000 <= micros <= MAX_MILLIS * 1000:
        raise ValueError(f"{_preview(value)} s is outside the dates Python can represent")
    return _EPOCH + timedelta(microseconds=micros)


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, str) and len(value) <= _MAX_DECIMAL_TEXT:
        try:
            return Decimal(value)
        except ArithmeticError:
            pass
    raise ValueError(f"expected a decimal number, got {_preview(value)}")


_MAX_DECIMAL_TEXT = 1000


#: A kept number as a :class:`~decimal.Decimal` (what reading a :data:`DecimalNumber` field
#: gives): Decimal's own constructor, called from C, exact for an int and unchanged for a
#: Decimal.
parse_decimal: Callable[[Any], Decimal] = Decimal


def _preview(value: Any) -> str:
    if isinstance(value, int) and value.bit_length() > 200:
        return f"an integer of {value.bit_length()} bits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class WireValue:
    """Marks a field type whose value is kept as sent and converted when read.

    msgspec decodes such a field as its wire type (the wrong JSON type, or text beyond the
    length bounds, fails at decode time, naming its path); the model's attribute converts
    it on first read (:func:`venues._runtime.model.bind_wire_values`) and raises
    :class:`~venues._runtime.errors.DecodeError` there when the text is no valid value.
    Most fields of a listing are never read, and building datetimes was most of what typed
    decoding cost.
    """

    __slots__ = ("convert", "plain")

    def __init__(self, convert: Callable[[Any], Any], *, plain: bool = False) -> None:
        self.convert = convert
        #: Whether :func:`~venues._runtime.decoding.model.to_dict` gives the converted value
        #: (a ``Decimal``) rather than the text as sent (a timestamp's).
        self.plain = plain

    def __repr__(self) -> str:
        return f"WireValue({self.convert.__name__})"


def _decimal_or_empty(value: Any) -> Decimal | str:
    return "" if value == "" else _decimal(value)


if TYPE_CHECKING:
    Timestamp: TypeAlias = PreciseDatetime
    UnixMillis: TypeAlias = datetime
    UnixSeconds: TypeAlias = datetime
    Uint64String: TypeAlias = str
    Uint64StringOrEmpty: TypeAlias = str
    DecimalOrEmpty: TypeAlias = Decimal | Literal[""]
    DecimalNumber: TypeAlias = Decimal
else:
    # No pattern: msgspec runs a pattern through Python's re (a few microseconds a field,
    # more than the rest of an order's decoding); the text is parsed when read instead.
    Timestamp = Annotated[str, Meta(min_length=10, max_length=_MAX_TEXT), WireValue(parse_timestamp)]
    UnixMillis = Annotated[int, Meta(ge=MIN_MILLIS, le=MAX_MILLIS), WireValue(parse_millis)]
    # Decimal: msgspec reads the JSON number's digits straight into it, never through a float.
    UnixSeconds = Annotated[Decimal, WireValue(parse_seconds)]
    Uint64String = Annotated[str, Meta(max_length=_MAX_TEXT)]
    Uint64StringOrEmpty = Uint64String
    DecimalOrEmpty = Annotated[str, Meta(max_length=_MAX_DECIMAL_TEXT), WireValue(_decimal_or_empty)]
    # A JSON number: a whole one is kept as an int (no Decimal built while decoding; Kraken
    # sends 0 for unset times), one with a fraction or exponent is a Decimal read from its
    # digits; either reads as a Decimal. Text still decodes (msgspec's Decimal takes it).
    DecimalNumber = Annotated[int | Decimal, WireValue(parse_decimal, plain=True)]


def dec_hook(type_: type, value: Any) -> Any:
    """msgspec's hook for types it does not know: none of ours needs one (see
    :class:`WireValue`); a user's own model types get msgspec's error."""
    raise NotImplementedError(f"no decoder for {type_!r}")
