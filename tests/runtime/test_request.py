"""Arguments are checked against the spec's limits before anything is sent."""

from __future__ import annotations

import pytest

from venues._runtime.errors import RequestValidationError
from venues._runtime.request import build_http_request, wire_value
from venues.backpack.operations import GET_OPEN_ORDERS
from venues.bitso.operations import LIST_OPEN_ORDERS


def test_query_follows_spec_order_and_skips_none() -> None:
    request = build_http_request(LIST_OPEN_ORDERS, {"source": "all", "book": "btc_mxn", "currency": None})
    assert request.target == "/api/v3/open_orders?book=btc_mxn&source=all"
    assert request.body == b""


def test_wire_names_are_used() -> None:
    request = build_http_request(GET_OPEN_ORDERS, {"market_type": "SPOT"})
    assert request.query == [("marketType", "SPOT")]


def test_reserved_characters_are_percent_encoded() -> None:
    request = build_http_request(LIST_OPEN_ORDERS, {"book": "a b&c=d"})
    assert request.target == "/api/v3/open_orders?book=a%20b%26c%3Dd"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [({"limit": 0}, "below the minimum 1"), ({"limit": "5"}, "must be an int"), ({"limit": True}, "must be an int"), ({"book": 3}, "must be a str")],
)
def test_bad_arguments_are_refused(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(RequestValidationError, match=message) as caught:
        build_http_request(LIST_OPEN_ORDERS, arguments)
    assert caught.value.venue == "bitso" and caught.value.operation == "list_open_orders"
    assert isinstance(caught.value, ValueError)


def test_wire_values() -> None:
    from decimal import Decimal

    assert wire_value(True) == "true" and wire_value(False) == "false"
    assert wire_value(Decimal("1E-7")) == "0.0000001"
    assert wire_value(5) == "5"


def test_json_bodies_write_decimals_exactly_at_any_depth() -> None:
    from decimal import Decimal

    from venues._runtime.request import json_dumps

    # A plain body is written as it is; a Decimal anywhere (a later value, a list, a nested
    # object) is a JSON number in positional notation, never a float or exponent form.
    assert json_dumps({"a": 1, "b": "x", "c": None, "d": True}) == '{"a":1,"b":"x","c":null,"d":true}'
    assert json_dumps({"a": 1, "b": Decimal("1E+2")}) == '{"a":1,"b":100}'
    assert json_dumps({"a": [Decimal("0.10"), {"b": Decimal("-1e-3")}]}) == '{"a":[0.10,{"b":-0.001}]}'
    assert json_dumps({"a": {"b": {"c": Decimal("5E-8")}}, "d": 2}) == '{"a":{"b":{"c":0.00000005}},"d":2}'
