"""Runtime field types and model policy."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest

from venues._runtime.decoding.model import (
    OpenEnum,
    VenueModel,
    bind_wire_values,
    extra_fields,
    from_wire,
    to_dict,
    to_json,
    wire_names,
)
from venues._runtime.decoding.response import decode_json
from venues._runtime.decoding.types import (
    DecimalNumber,
    DecimalOrEmpty,
    PreciseDatetime,
    Timestamp,
    Uint64String,
    UnixMillis,
    UnixSeconds,
    parse_millis,
    parse_seconds,
)
from venues._runtime.errors import DecodeError
from venues._runtime.secrets import Secret

ROOT = Path(__file__).resolve().parents[2]


class Side(OpenEnum):
    buy = "buy"
    sell = "sell"


class Order(VenueModel):
    side: Side
    price: Decimal
    name: str | None = None
    client_id: int | None = msgspec.field(name="clientId", default=None)


class Stamped(VenueModel):
    at: Timestamp
    ms: UnixMillis | None = None
    id: Uint64String | None = None
    limit: DecimalOrEmpty | None = None
    seconds: UnixSeconds | None = None


class Priced(VenueModel):
    price: Decimal
    limit: Decimal | None = None
    size: DecimalNumber | None = None


bind_wire_values(globals())  # as every generated models module does after its classes


def decode(raw: bytes, kind: object) -> object:
    return msgspec.json.Decoder(kind, float_hook=Decimal).decode(raw)


def test_open_enum_keeps_unlisted_values() -> None:
    order = from_wire(Order, {"side": "short", "price": "1"})
    assert order.side == "short" and order.side.value == "short"
    assert not order.side.is_known
    assert Side("buy") is Side.buy and Side.buy.is_known
    assert to_dict(order)["side"] == "short"
    assert pickle.loads(pickle.dumps(order.side)) == "short"
    strict = decode(b'{"side": "long", "price": "2"}', Order)
    assert isinstance(strict, Order) and not strict.side.is_known and strict.side == "long"


def test_open_enum_still_refuses_non_strings() -> None:
    with pytest.raises(msgspec.ValidationError, match=r"\$\.side"):
        from_wire(Order, {"side": 3, "price": "1"})


def test_extra_fields_are_kept_and_numbers_become_text() -> None:
    order = from_wire(Order, {"side": "buy", "price": 1.5, "name": 42, "algo_x": {"a": 1}})
    assert extra_fields(order) == {"algo_x": {"a": 1}}
    assert order.name == "42"
    assert order.price == Decimal("1.5")
    assert extra_fields(Order(side=Side.buy, price=Decimal(1))) == {}


def test_the_strict_decoder_refuses_unknown_fields_so_none_is_dropped_silently() -> None:
    with pytest.raises(msgspec.ValidationError, match="unknown field `algo_x`"):
        decode(b'{"side": "buy", "price": "1", "algo_x": 1}', Order)


def test_wire_names_dict_json_and_back() -> None:
    order = from_wire(Order, {"side": "sell", "price": "0.10", "clientId": 7, "extra": [1]})
    assert wire_names(Order) == {"side": "side", "price": "price", "name": "name", "client_id": "clientId"}
    assert wire_names(order) == wire_names(Order)
    wire = to_dict(order)
    assert wire == {"side": "sell", "price": Decimal("0.10"), "name": None, "clientId": 7, "extra": [1]}
    assert to_dict(order, by_wire=False)["client_id"] == 7
    assert json.loads(to_json(order)) == {"side": "sell", "price": "0.10", "name": None, "clientId": 7, "extra": [1]}
    again = from_wire(Order, wire)
    assert again == order and extra_fields(again) == {"extra": [1]}


def test_a_wrong_type_names_the_json_path() -> None:
    with pytest.raises(msgspec.ValidationError, match=r"\$\[1\]\.price"):
        from_wire(list[Order], [{"side": "buy", "price": "1"}, {"side": "buy", "price": [1]}])  # type: ignore[arg-type]


def test_timestamp_keeps_seven_fraction_digits() -> None:
    value = decode(b'{"at": "2025-05-20T17:22:31.9001213Z"}', Stamped)
    assert isinstance(value, Stamped)
    assert isinstance(value.at, PreciseDatetime)
    assert value.at.raw == "2025-05-20T17:22:31.9001213Z" and value.at.fraction == "9001213"
    assert value.at == datetime(2025, 5, 20, 17, 22, 31, 900121, tzinfo=UTC)
    assert to_dict(value)["at"] == "2025-05-20T17:22:31.9001213Z"


@pytest.mark.parametrize(
    ("text", "offset_hours"),
    [("2016-04-08T17:52:31.000+00:00", 0), ("2016-04-08T17:52:31-0600", -6), ("2016-04-08 17:52:31", 0), ("2016-04-08T17:52:31+05", 5)],
)
def test_timestamp_forms(text: str, offset_hours: int) -> None:
    value = from_wire(Stamped, {"at": text}).at
    assert value.utcoffset() is not None
    assert value.utcoffset().total_seconds() == offset_hours * 3600  # type: ignore[union-attr]


def test_timestamp_refuses_garbage() -> None:
    with pytest.raises(msgspec.ValidationError, match=r"\$\.at"):
        from_wire(Stamped, {"at": 20250520})  # the wrong type: refused while decoding
    with pytest.raises(msgspec.ValidationError, match=r"\$\.at"):
        from_wire(Stamped, {"at": "x" * 500})  # beyond any timestamp's length
    # Text is parsed when read (decoding keeps it as sent): a typed error naming the field.
    stamped = from_wire(Stamped, {"at": "the day after tomorrow"})
    with pytest.raises(DecodeError, match="'at'") as caught:
        _ = stamped.at
    assert caught.value.raw_body == "the day after tomorrow"


def test_unix_millis_exact() -> None:
    value = decode(b'{"at": "2025-05-20T17:22:31Z", "ms": 1755846234999}', Stamped)
    assert isinstance(value, Stamped) and isinstance(value.ms, datetime)
    assert value.ms == datetime(2025, 8, 22, 7, 3, 54, 999000, tzinfo=UTC)
    assert value.ms.tzinfo is not None and to_dict(value)["ms"] == 1755846234999
    assert from_wire(Stamped, {"at": "2025-05-20T17:22:31Z", "ms": "1755846234999"}).ms == value.ms


@pytest.mark.parametrize("number", [b"1e300000", b"-1e300000", b"1" * 4000, b"100000000000000000000", b"1.5", b'"1e300000"'])
def test_an_absurd_timestamp_is_refused_at_once(number: bytes) -> None:
    with pytest.raises(msgspec.ValidationError, match=r"\$\.ms"):
        decode(b'{"at": "2025-05-20T17:22:31Z", "ms": ' + number + b"}", Stamped)
    with pytest.raises(msgspec.ValidationError, match=r"\$\.ms"):
        from_wire(Stamped, {"at": "2025-05-20T17:22:31Z", "ms": decode_json(number)})


@pytest.mark.parametrize("parse", [parse_millis, parse_seconds])
def test_a_huge_exponent_is_refused_by_the_bound_before_any_conversion(parse: object) -> None:
    """Without the bound, ``int(Decimal("1e300000"))`` builds a 300,000-digit integer (seconds
    of CPU) and only then fails the date range: the message says which check refused it."""
    assert callable(parse)
    for value in (Decimal("1e300000"), Decimal("-1e300000")):
        with pytest.raises(ValueError, match=r"^expected") as caught:
            parse(value)
        assert "outside the dates" not in str(caught.value)


def test_unix_seconds_keep_the_fraction_exactly() -> None:
    value = decode(b'{"at": "2025-05-20T17:22:31Z", "seconds": 1688666559.8974}', Stamped)
    assert isinstance(value, Stamped)
    assert value.seconds == datetime(2023, 7, 6, 18, 2, 39, 897400, tzinfo=UTC)
    assert to_dict(value)["seconds"] == Decimal("1688666559.8974"), "kept as sent"
    whole = decode(b'{"at": "2025-05-20T17:22:31Z", "seconds": 0}', Stamped)
    assert isinstance(whole, Stamped) and whole.seconds == datetime(1970, 1, 1, tzinfo=UTC)
    # 0.1 + 0.2 style float error would show at the microsecond: the digits are exact.
    assert parse_seconds(Decimal("1700000000.000001")).microsecond == 1
    with pytest.raises(ValueError, match="outside the dates"):
        parse_seconds(Decimal("1e15"))
    with pytest.raises(ValueError):
        parse_seconds(Decimal("NaN"))


def test_uint64_never_through_float_and_decimal_or_empty() -> None:
    value = from_wire(Stamped, decode_json(b'{"at": "2025-05-20T17:22:31Z", "id": 18446744073709551615, "limit": ""}'))
    assert value.id == "18446744073709551615" and value.limit == ""
    value = from_wire(Stamped, decode_json(b'{"at": "2025-05-20T17:22:31Z", "limit": 0.1000000000000000000001}'))
    assert value.limit == Decimal("0.1000000000000000000001")
    typed = decode(b'{"at": "2025-05-20T17:22:31Z", "limit": "12.50"}', Stamped)
    assert isinstance(typed, Stamped) and typed.limit == Decimal("12.50")


def test_the_raw_of_a_timestamp_type_checks_under_mypy_strict(tmp_path: Path) -> None:
    """The README shows ``order.created_at.raw``: the field's static type must carry it."""
    snippet = tmp_path / "consumer.py"
    snippet.write_text(
        textwrap.dedent(
            """
            from venues.b2trader.models import OpenOrder
            from venues.backpack.models import Order


            def texts(order: OpenOrder, other: Order) -> tuple[str, str, float]:
                return order.created_at.raw, order.created_at.fraction, other.created_at.timestamp()
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(snippet)],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_masks_and_refuses_pickle() -> None:
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret) + str(secret) + f"{secret}"
    assert secret.reveal() == "hunter2"
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_a_wire_field_converts_once_and_accepts_a_datetime() -> None:
    stamped = from_wire(Stamped, {"at": "2025-05-20T17:22:31.9001213Z", "ms": 0})
    first = stamped.at
    assert stamped.at is first  # converted on the first read only
    assert stamped == from_wire(Stamped, {"at": "2025-05-20T17:22:31.9001213Z", "ms": 0})
    later = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    stamped.ms = later
    assert stamped.ms == later and to_dict(stamped)["ms"] == later.isoformat()
    built = Stamped(at=first)
    assert built.at is first and to_dict(built)["at"] == "2025-05-20T17:22:31.9001213Z"


def test_decimal_text_is_an_exact_decimal_once_decoded_and_bad_text_fails_at_its_path() -> None:
    """Decimal text is built while decoding (never kept as text to be parsed later): a
    reply whose price is no number fails at the call, naming the JSON path."""
    value = decode(b'{"price": "1.50", "limit": null}', Priced)
    assert isinstance(value, Priced)
    assert msgspec.structs.asdict(value)["price"] == Decimal("1.50")
    assert str(value.price) == "1.50" and value.limit is None
    with pytest.raises(msgspec.ValidationError, match=r"\$\.price"):
        decode(b'{"price": "12abc"}', Priced)
    with pytest.raises(msgspec.ValidationError, match=r"\$\.price"):
        decode(b'{"price": {}}', Priced)


@pytest.mark.parametrize(
    ("sent", "stored", "read"),
    [(b"0", 0, Decimal(0)), (b"1.50", Decimal("1.50"), Decimal("1.50")), (b"1e400", Decimal("1e400"), Decimal("1e400")),
     (b"123456789012345678901234567890", 123456789012345678901234567890, Decimal(123456789012345678901234567890)),
     (b'"2.5"', Decimal("2.5"), Decimal("2.5"))],
)
def test_a_decimal_number_keeps_whole_numbers_as_int_and_reads_every_one_as_a_decimal(sent: bytes, stored: object, read: Decimal) -> None:
    value = decode(b'{"price": "1", "size": ' + sent + b"}", Priced)
    assert isinstance(value, Priced)
    assert msgspec.structs.asdict(value)["size"] == stored and type(msgspec.structs.asdict(value)["size"]) is type(stored)
    assert isinstance(value.size, Decimal) and value.size == read and str(value.size) == str(read)
    assert to_dict(value)["size"] == read


def test_a_decimal_number_still_refuses_other_json_types() -> None:
    with pytest.raises(msgspec.ValidationError, match=r"\$\.size"):
        decode(b'{"price": "1", "size": true}', Priced)
    assert from_wire(Priced, {"price": "1", "size": Decimal("3")}).size == Decimal(3)
