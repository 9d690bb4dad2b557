"""The one-pass decoder: unknown fields of list items are learned and kept, the general path
keeps them anywhere else, and every failure is a typed error naming the JSON path."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import msgspec
import pytest

from venues._runtime.decoding.model import extra_fields, to_dict, to_json, wire_names
from venues._runtime.decoding.response import PayloadCodec, decode_http_response
from venues._runtime.errors import DecodeError
from venues._runtime.operation import Envelope, ErrorRules, Operation
from venues.backpack.models import Order
from venues.derive.models import GetOrdersResult
from venues.derive.operations import GET_ORDERS

ORDER = {
    "orderType": "Limit", "id": "1", "createdAt": 1755846234999, "executedQuantity": "0",
    "executedQuoteQuantity": 0.10000000000000000001, "timeInForce": "GTC",
    "selfTradePrevention": "Allow", "side": "Bid", "status": "New", "symbol": "SOL_USDC",
}


def operation() -> Operation[list[Order]]:
    # A fresh operation (and codec) per test: nothing learned by another test.
    return Operation(
        venue="backpack", name="get_open_orders", transport="http", params=(),
        response_type=list[Order], envelope=Envelope(), errors=ErrorRules(), retry_safe=True,
    )


def body(*orders: dict[str, Any]) -> bytes:
    return json.dumps(list(orders)).replace("0.1", "0.10000000000000000001").encode()


def test_unknown_fields_of_list_items_are_learned_and_kept() -> None:
    op = operation()
    plain, extra = dict(ORDER, executedQuoteQuantity="1"), dict(ORDER, visibleQuantity="1", iceberg={"a": [1]})
    orders = decode_http_response(op, 200, {}, body(plain, extra))
    assert extra_fields(orders[0]) == {} and extra_fields(orders[1]) == {"visibleQuantity": "1", "iceberg": {"a": [1]}}
    assert all(isinstance(order, Order) for order in orders)
    assert wire_names(orders[1]) == wire_names(Order)  # learned fields are not declared ones
    assert to_dict(orders[1])["visibleQuantity"] == "1" and "venues_extra_0_" not in to_dict(orders[1])
    assert orders[1].created_at.year == 2025
    assert op.codec._learned == {"visibleQuantity", "iceberg"}  # the next reply decodes at once


def test_the_learning_is_bounded() -> None:
    from venues._runtime.decoding import response

    op = operation()
    orders = [dict(ORDER, **{f"random{i}": i}) for i in range(response.MAX_LEARNED_FIELDS + 5)]
    parsed = decode_http_response(op, 200, {}, body(*orders))  # the general path keeps them
    assert [extra_fields(order) for order in parsed] == [{f"random{i}": i} for i in range(len(orders))]
    assert len(op.codec._learned) <= response.MAX_LEARNED_FIELDS


def test_exact_decimals_from_json_numbers_on_the_fast_path() -> None:
    (order,) = decode_http_response(operation(), 200, {}, body(ORDER))
    assert order.executed_quote_quantity == Decimal("0.10000000000000000001")


def test_decimal_text_is_an_exact_decimal_built_in_the_one_pass() -> None:
    op = operation()
    (order,) = decode_http_response(op, 200, {}, body(dict(ORDER, executedQuoteQuantity="0.50", price="95000.25")))
    assert msgspec.structs.asdict(order)["price"] == Decimal("95000.25")  # built while decoding
    assert str(order.price) == "95000.25"
    wire = to_dict(order)
    assert wire["price"] == Decimal("95000.25") and wire["executedQuoteQuantity"] == Decimal("0.50")
    assert json.loads(to_json(order))["executedQuoteQuantity"] == "0.50"
    # Text and numbers in one decimal field decode in one pass alike, nothing learned.
    orders = op.codec.decode_body(body(dict(ORDER, executedQuoteQuantity="2.50"), ORDER))
    assert [o.executed_quote_quantity for o in orders] == [Decimal("2.50"), Decimal("0.10000000000000000001")]
    assert op.codec._learned == frozenset()


def test_decimal_text_that_is_no_number_fails_the_call_naming_its_path() -> None:
    with pytest.raises(DecodeError, match="price") as caught:
        decode_http_response(operation(), 200, {}, body(dict(ORDER, price="1.2.3")))
    assert caught.value.venue == "backpack" and caught.value.raw_body is not None


def test_an_unlisted_enum_value_is_compiled_in_after_the_reply_that_brought_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from venues.backpack.models import OrderStatus

    op, unlisted = operation(), f"Unlisted{id(object())}"
    reply = body(dict(ORDER, executedQuoteQuantity="1", status=unlisted))
    first = decode_http_response(op, 200, {}, reply)
    calls: list[object] = []
    missing = OrderStatus._missing_.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(OrderStatus, "_missing_", classmethod(lambda cls, value: calls.append(value) or missing(cls, value)))
    (again,) = op.codec.decode_body(reply)  # one pass, its enum table now has the value
    assert calls == [] and op.codec._refreshes == 1
    assert again.status == unlisted and not again.status.is_known and again.status is first[0].status
    assert isinstance(again, Order) and wire_names(again) == wire_names(Order) and extra_fields(again) == {}


def test_rebuilding_for_unlisted_enum_values_is_bounded() -> None:
    from venues._runtime.decoding import response

    op = operation()
    for index in range(response.MAX_ENUM_REFRESHES + 4):
        (order,) = decode_http_response(op, 200, {}, body(dict(ORDER, executedQuoteQuantity="1", side=f"Side{index}-{id(op)}")))
        assert order.side == f"Side{index}-{id(op)}" and not order.side.is_known
    assert op.codec._refreshes == response.MAX_ENUM_REFRESHES


def test_an_order_of_a_derived_model_pickles_as_the_declared_model() -> None:
    import pickle

    orders = decode_http_response(operation(), 200, {}, body(ORDER, dict(ORDER, visibleQuantity="1")))
    assert type(orders[1]) is not Order  # learned visibleQuantity and the numeric decimal
    for order in orders:
        copy = pickle.loads(pickle.dumps(order))
        assert type(copy) is Order and to_dict(copy) == to_dict(order) and extra_fields(copy) == extra_fields(order)
        assert copy.executed_quote_quantity == Decimal("0.10000000000000000001")


def test_unknown_fields_in_a_parent_model_take_the_general_path() -> None:
    reply = {"id": 1, "result": {"subaccount_id": 7, "orders": [], "pagination": {"count": 0, "num_pages": 1, "cursor": "x"}, "note": "n"}}
    result = decode_http_response(GET_ORDERS, 200, {}, json.dumps(reply).encode())
    assert isinstance(result, GetOrdersResult)
    assert extra_fields(result) == {"note": "n"} and extra_fields(result.pagination) == {"cursor": "x"}


@pytest.mark.parametrize(
    ("change", "path"),
    [({"side": 3}, "$[1].side"), ({"id": ["x"]}, "$[1].id"), ({"createdAt": "soon"}, "$[1].createdAt"),
     ({"createdAt": 10**30}, "$[1].createdAt"), ({"executedQuantity": {"a": 1}}, "$[1].executedQuantity")],
)
def test_a_wrong_type_is_a_decode_error_naming_the_json_path(change: dict[str, Any], path: str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_http_response(operation(), 200, {}, body(ORDER, dict(ORDER, **change)))
    assert f"`{path}`" in str(caught.value), caught.value
    assert caught.value.venue == "backpack" and caught.value.raw_body is not None


def test_the_codec_reads_the_payload_under_an_envelope() -> None:
    codec = PayloadCodec(list[Order], Envelope(payload="/data/items", success_pointer="/ok", success_equals=True), ErrorRules(error="/err"))
    good = json.dumps({"ok": True, "err": None, "data": {"items": [ORDER], "page": 1}}).encode()
    assert [order.id for order in codec.decode_body(good)] == ["1"]
    from venues._runtime.decoding.response import _NotFast

    for bad in ({"ok": False, "data": {"items": [ORDER]}}, {"ok": True, "err": {"code": 1}, "data": {"items": []}}, {"ok": True}):
        with pytest.raises(_NotFast):
            codec.decode_body(json.dumps(bad).encode())


@pytest.mark.parametrize(
    ("success", "reply", "fast"),
    [
        ("/ok", {"ok": True, "err": [], "data": {"items": [ORDER]}}, True),
        ("/ok", {"ok": True, "err": "", "data": {"items": [ORDER]}}, True),
        ("/ok", {"ok": True, "data": {"items": [ORDER]}}, True),
        ("/ok", {"ok": True, "err": ["EAPI:Invalid key"], "data": {"items": [ORDER]}}, False),
        ("/ok", {"ok": True, "err": 0, "data": {"items": [ORDER]}}, False),
        ("/ok", {"err": None, "data": {"items": [ORDER]}}, False),
        ("/ok", {"ok": "true", "data": {"items": [ORDER]}}, False),
        ("/meta/ok", {"meta": {"ok": True}, "data": {"items": [ORDER]}}, True),
        ("/meta/ok", {"data": {"items": [ORDER]}}, False),
        ("/meta/ok", {"meta": {"ok": False}, "data": {"items": [ORDER]}}, False),
    ],
)
def test_the_success_and_error_markers_decide_the_one_pass(success: str, reply: dict[str, Any], fast: bool) -> None:
    """The markers are checked while decoding (typed) or right after (a nested success
    marker): either way only a success reaches the models, as the general path decides."""
    from venues._runtime.decoding.response import _NotFast

    codec = PayloadCodec(list[Order], Envelope(payload="/data/items", success_pointer=success, success_equals=True), ErrorRules(error="/err"))
    if fast:
        assert [order.id for order in codec.decode_body(json.dumps(reply).encode())] == ["1"]
    else:
        with pytest.raises(_NotFast):
            codec.decode_body(json.dumps(reply).encode())


def test_a_websocket_message_keeps_unknown_fields_whichever_path_reads_it() -> None:
    from venues._runtime.decoding.response import decode_json, decode_message

    op = operation()
    for raw in (body(ORDER, dict(ORDER, hidden=True)), json.dumps([dict(ORDER, id=7)]).encode()):
        text = raw.decode()
        orders = decode_message(op, decode_json(text), raw_body=text)
        assert [extra_fields(order) for order in orders][-1] in ({"hidden": True}, {})
        assert all(isinstance(order.id, str) for order in orders)  # 7 coerced to "7" leniently
    assert op.codec._learned == {"hidden"}


def test_an_empty_string_a_spec_allows_beside_an_enum_is_a_listed_member() -> None:
    """anyOf [enum, const ""]: "" gets a member (EMPTY), so decoding finds it in the enum's
    table instead of taking the unlisted-value path on every order."""
    from venues.derive.models import CancelReason
    from venues.synthetix.models import TriggerPriceType

    assert CancelReason("") is CancelReason.EMPTY and CancelReason.EMPTY.is_known
    assert TriggerPriceType("") is TriggerPriceType.EMPTY and TriggerPriceType.EMPTY == ""
