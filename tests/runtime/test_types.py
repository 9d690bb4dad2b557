"""Runtime field types and model policy."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError

from venues._runtime.model import OpenEnum, VenueModel
from venues._runtime.secrets import Secret
from venues._runtime.types import PreciseDatetime, Timestamp, Uint64String, UnixMillis


class Side(OpenEnum):
    buy = "buy"
    sell = "sell"


class Order(VenueModel):
    side: Side
    price: Decimal
    name: str | None = None


def test_open_enum_keeps_unlisted_values() -> None:
    order = Order.model_validate({"side": "short", "price": "1"})
    assert order.side == "short" and order.side.value == "short"
    assert not order.side.is_known
    assert Side("buy") is Side.buy and Side.buy.is_known
    assert order.model_dump(mode="json")["side"] == "short"
    assert pickle.loads(pickle.dumps(order.side)) == "short"


def test_open_enum_still_refuses_non_strings() -> None:
    with pytest.raises(ValidationError):
        Order.model_validate({"side": 3, "price": "1"})


def test_extra_fields_are_kept_and_numbers_become_text() -> None:
    order = Order.model_validate({"side": "buy", "price": 1.5, "name": 42, "algo_x": {"a": 1}})
    assert order.model_extra == {"algo_x": {"a": 1}}
    assert order.name == "42"
    assert order.price == Decimal("1.5")


def test_timestamp_keeps_seven_fraction_digits() -> None:
    value = TypeAdapter(Timestamp).validate_python("2025-05-20T17:22:31.9001213Z")
    assert isinstance(value, PreciseDatetime)
    assert value.raw == "2025-05-20T17:22:31.9001213Z" and value.fraction == "9001213"
    assert value == datetime(2025, 5, 20, 17, 22, 31, 900121, tzinfo=UTC)
    assert TypeAdapter(Timestamp).dump_python(value) == "2025-05-20T17:22:31.9001213Z"


@pytest.mark.parametrize(
    ("text", "offset_hours"),
    [("2016-04-08T17:52:31.000+00:00", 0), ("2016-04-08T17:52:31-0600", -6), ("2016-04-08 17:52:31", 0), ("2016-04-08T17:52:31+05", 5)],
)
def test_timestamp_forms(text: str, offset_hours: int) -> None:
    value = TypeAdapter(Timestamp).validate_python(text)
    assert value.utcoffset() is not None
    assert value.utcoffset().total_seconds() == offset_hours * 3600  # type: ignore[union-attr]


def test_timestamp_refuses_garbage() -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Timestamp).validate_python("yesterday")


def test_unix_millis_exact() -> None:
    adapter = TypeAdapter(UnixMillis)
    value = adapter.validate_python(1755846234999)
    assert value == datetime(2025, 8, 22, 7, 3, 54, 999000, tzinfo=UTC)
    assert adapter.dump_python(value) == 1755846234999
    assert adapter.validate_python("1755846234999") == value


def test_uint64_never_through_float() -> None:
    assert TypeAdapter(Uint64String).validate_python(18446744073709551615) == "18446744073709551615"


def test_secret_masks_and_refuses_pickle() -> None:
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret) + str(secret) + f"{secret}"
    assert secret.reveal() == "hunter2"
    with pytest.raises(TypeError):
        pickle.dumps(secret)
