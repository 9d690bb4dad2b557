"""The performance changes keep results exact: msgspec decoding, the libsecp256k1 EIP-191
signer, and the fast paths of the timestamp types give what the general paths give."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from venues._runtime.decoding import response
from venues._runtime.decoding.model import VenueModel, bind_wire_values, from_wire, to_dict
from venues._runtime.decoding.response import MAX_JSON_DEPTH, check_depth, decode_json
from venues._runtime.decoding.types import (
    PreciseDatetime,
    Timestamp,
    UnixMillis,
    parse_millis,
    parse_timestamp,
)


@pytest.mark.parametrize(
    "number",
    [
        "0.1000000000000000000000001",  # a binary float would give 0.1
        "12345678901234567.123456789",
        "1e400",  # beyond float's range
        "-0.0",
        "5E-324",
        "1.5e+3",
    ],
)
def test_a_fraction_never_goes_through_a_binary_float(number: str) -> None:
    decoded = decode_json(f'{{"price": {number}}}'.encode())["price"]
    assert type(decoded) is Decimal and str(decoded) == str(Decimal(number))


def test_big_integers_stay_integers() -> None:
    body = b"[18446744073709551616, -123456789012345678901234567890, 1700000000123456]"
    assert decode_json(body) == [2**64, -123456789012345678901234567890, 1700000000123456]


@pytest.mark.parametrize(
    "text",
    ['{"a": NaN}', '["\\ud800"]', '{"a": 1, "a": 2}', '  {"nested": [1, {"b": [true, null]}]} '],
)
def test_whatever_msgspec_refuses_is_decided_by_the_stdlib_as_before(text: str) -> None:
    expected = json.loads(text, parse_float=Decimal)
    got = decode_json(text.encode())
    assert json.dumps(got, default=str) == json.dumps(expected, default=str)


def test_the_decoder_is_msgspec() -> None:
    # Not the stdlib path by accident (which would pass every exactness test, slowly).
    assert type(response._DECODER).__module__.startswith("msgspec")


def test_the_depth_guard_still_sees_deep_nesting_past_the_bracket_count_shortcut() -> None:
    check_depth(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH)  # few brackets: shortcut
    wide = b"[" + b"[1]," * 5000 + b"[1]]"  # many brackets, shallow: the full count
    check_depth(wide)
    with pytest.raises(ValueError, match="nested deeper"):
        check_depth(b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1))


def _general_path(text: str) -> datetime:
    """What parse_timestamp built before its fast path (its fallback code, forced)."""
    original = PreciseDatetime.fromisoformat

    def refuse(value: str) -> PreciseDatetime:
        raise ValueError(value)

    PreciseDatetime.fromisoformat = refuse  # type: ignore[method-assign, assignment]
    try:
        result: datetime = parse_timestamp(text)
        return result
    finally:
        PreciseDatetime.fromisoformat = original  # type: ignore[method-assign]


@pytest.mark.parametrize(
    "text",
    [
        "2016-04-08T17:52:31.000+00:00",
        "2025-05-20T17:22:31.9001213Z",
        "2025-05-20T17:22:31.9001213z",
        "2025-05-20 17:22:31,5+0530",
        "2025-05-20T17:22+02",
        "2025-05-20T17:22:31",
        " 2025-05-20T17:22:31.123456789-01:30 ",
    ],
)
def test_the_timestamp_fast_path_equals_the_general_one(text: str) -> None:
    fast = parse_timestamp(text)
    slow = _general_path(text)
    assert isinstance(fast, PreciseDatetime) and fast.raw == text
    assert fast == slow and fast.utcoffset() == slow.utcoffset()
    assert to_dict(from_wire(_Stamped, {"at": text}))["at"] == text


class _Stamped(VenueModel):
    at: Timestamp | None = None
    ms: UnixMillis | None = None


bind_wire_values(globals())


@pytest.mark.parametrize(
    "millis", [1755846234999, 0, -1, -86_400_001, 253402300799999, -62135596800000]
)
def test_unix_millis_fast_path(millis: int) -> None:
    value = parse_millis(millis)
    assert value == datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=millis)
    assert value.utcoffset() == timedelta(0)
    stamped = from_wire(_Stamped, {"ms": millis})
    assert stamped.ms == value and to_dict(stamped)["ms"] == millis
    with pytest.raises(ValueError, match="outside the dates"):
        parse_millis(10**17)


def test_the_faster_depth_check_agrees_with_the_running_sum() -> None:
    for raw in (
        b'[{"a": [1, {"b": []}]}, {"c": {}}]' * 400,
        b"[" * 300 + b"]" * 300 + b"{}" * 600,
        b"[" * 513 + b"]" * 513,
        b'["[[[[", ' * 600 + b"0" + b"]" * 600,
    ):
        lowest, highest = response._depth_range(raw)
        plain = lowest >= 0 and highest <= MAX_JSON_DEPTH
        try:
            check_depth(raw)
        except ValueError:
            assert not plain
        else:
            assert plain or b'"' in raw


def test_unlisted_enum_values_are_remembered_but_never_listed() -> None:
    from venues._runtime.decoding import model
    from venues._runtime.decoding.model import OpenEnum

    class Side(OpenEnum):
        BUY = "buy"

    first, again = Side("short"), Side("short")
    assert first is again and first == "short" and not first.is_known
    assert list(Side) == [Side.BUY] and Side.BUY.is_known
    for i in range(model._MAX_REMEMBERED + 10):
        assert Side(f"v{i}").value == f"v{i}"
    assert len(Side._value2member_map_) <= model._MAX_REMEMBERED, "bounded"


def test_precise_datetime_keeps_raw_without_a_dict() -> None:
    value = parse_timestamp("2025-05-20T17:22:31.9001213Z")
    assert value.raw == "2025-05-20T17:22:31.9001213Z" and value.fraction == "9001213"
    assert not hasattr(value, "__dict__")
