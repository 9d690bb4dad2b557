"""Where a call's time goes once the bytes are in: each decoding layer alone, in process, on
the very reply bodies the HTTP benchmark serves (interleaved like everything else).

The reference rows are plain msgspec structs, not shipped code: enums as plain ``str``, times
as plain ``int``/``str``, unknown fields dropped, no envelope checks; one with every decimal
built as a ``Decimal`` while decoding (as our models do), one with decimals kept as text (not
what our models do: the difference is what building the Decimals costs, which reading them
later would only move, not save). What our one-pass decoding costs above bare typed decoding
is ours minus the first."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from typing import Any

import msgspec
import orjson

from bench.data import reply_body
from bench.timing import Contender, Stats, interleaved

__all__ = ["STRUCTS", "STRUCT_ORDERS", "run_decode"]


class BackpackOrder(msgspec.Struct, rename="camel"):
    order_type: str
    id: str
    created_at: int
    executed_quantity: Decimal
    executed_quote_quantity: Decimal
    time_in_force: str
    self_trade_prevention: str
    side: str
    status: str
    symbol: str
    client_id: int | None = None
    quantity: Decimal | None = None
    quote_quantity: Decimal | None = None
    price: Decimal | None = None
    post_only: bool | None = None
    reduce_only: bool | None = None
    stop_loss_trigger_price: Decimal | None = None
    stop_loss_limit_price: Decimal | None = None
    stop_loss_trigger_by: str | None = None
    take_profit_trigger_price: Decimal | None = None
    take_profit_limit_price: Decimal | None = None
    take_profit_trigger_by: str | None = None
    trigger_by: str | None = None
    trigger_price: Decimal | None = None
    trigger_quantity: Decimal | None = None
    triggered_at: int | None = None
    related_order_id: str | None = None
    strategy_id: str | None = None


class BitsoOrder(msgspec.Struct):
    book: str
    created_at: str
    oid: str
    original_amount: Decimal
    original_value: Decimal
    price: Decimal
    side: str
    status: str
    type: str
    unfilled_amount: Decimal
    origin_id: str | None = None
    time_in_force: str | None = None
    updated_at: str | None = None


class BitsoReply(msgspec.Struct):
    success: bool
    payload: list[BitsoOrder]


class DeriveOrder(msgspec.Struct):
    amount: Decimal
    average_price: Decimal
    cancel_reason: str
    creation_timestamp: int
    direction: str
    filled_amount: Decimal
    instrument_name: str
    is_transfer: bool
    label: str
    last_update_timestamp: int
    limit_price: Decimal
    max_fee: Decimal
    mmp: bool
    nonce: int
    order_fee: Decimal
    order_id: str
    order_status: str
    order_type: str
    quote_id: str | None
    signature: str
    signature_expiry_sec: int
    signer: str
    subaccount_id: int
    time_in_force: str
    replaced_order_id: str | None = None
    trigger_price: Decimal | None = None
    trigger_price_type: str | None = None
    trigger_reject_message: str | None = None
    trigger_type: str | None = None


class DerivePagination(msgspec.Struct):
    num_pages: int
    count: int


class DeriveResult(msgspec.Struct):
    subaccount_id: int
    orders: list[DeriveOrder]
    pagination: DerivePagination


class DeriveReply(msgspec.Struct):
    id: str
    result: DeriveResult


class BinanceOrder(msgspec.Struct, rename="camel"):
    symbol: str
    order_id: int
    order_list_id: int
    client_order_id: str
    price: Decimal
    orig_qty: Decimal
    executed_qty: Decimal
    cummulative_quote_qty: Decimal
    status: str
    time_in_force: str
    type: str
    side: str
    stop_price: Decimal
    iceberg_qty: Decimal
    time: int
    update_time: int
    is_working: bool
    orig_quote_order_qty: Decimal
    working_time: int
    self_trade_prevention_mode: str
    strategy_id: int | None = None
    strategy_type: int | None = None


class KrakenDescription(msgspec.Struct):
    pair: str
    type: str
    ordertype: str
    price: Decimal
    price2: Decimal
    leverage: str
    order: str
    close: str


class KrakenOrder(msgspec.Struct):
    refid: str | None
    userref: int | None
    status: str
    opentm: Decimal
    starttm: Decimal
    expiretm: Decimal
    descr: KrakenDescription
    vol: Decimal
    vol_exec: Decimal
    cost: Decimal
    fee: Decimal
    price: Decimal
    stopprice: Decimal
    limitprice: Decimal
    misc: str
    oflags: str
    cl_ord_id: str | None = None


class KrakenOpen(msgspec.Struct):
    open: dict[str, KrakenOrder]


class KrakenReply(msgspec.Struct):
    error: list[str]
    result: KrakenOpen


#: Bare typed structs per venue, Decimals built while decoding (no enums, no kept extras).
STRUCTS: dict[str, Any] = {
    "backpack": list[BackpackOrder],
    "bitso": BitsoReply,
    "derive": DeriveReply,
    "binance": list[BinanceOrder],
    "kraken": KrakenReply,
}
#: How many orders a decoded reference reply holds.
STRUCT_ORDERS: dict[str, Any] = {
    "backpack": len,
    "bitso": lambda r: len(r.payload),
    "derive": lambda r: len(r.result.orders),
    "binance": len,
    "kraken": lambda r: len(r.result.open),
}


def _decimals_as_text(kind: Any, made: dict[Any, Any] | None = None) -> Any:
    """``kind`` with every ``Decimal`` field read as ``str`` (structs rebuilt, same names)."""
    made = {} if made is None else made
    if kind is Decimal:
        return str | float  # text kept as sent; a JSON number (Kraken's times) as a float
    origin = getattr(kind, "__origin__", None)
    if origin is not None or type(kind).__name__ == "UnionType":
        args = tuple(_decimals_as_text(arg, made) for arg in kind.__args__)
        if origin is list:
            return list[args[0]]  # type: ignore[valid-type]
        if origin is dict:
            return dict[args[0], args[1]]  # type: ignore[valid-type]
        result = args[0]
        for arg in args[1:]:
            result = result | arg
        return result
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        if kind not in made:
            fields = [
                (info.name, _decimals_as_text(info.type, made), msgspec.field(name=info.encode_name, default=info.default))
                if info.default is not msgspec.NODEFAULT
                else (info.name, _decimals_as_text(info.type, made), msgspec.field(name=info.encode_name))
                for info in msgspec.structs.fields(kind)
            ]
            made[kind] = msgspec.defstruct(f"{kind.__name__}Text", fields, kw_only=True)
        return made[kind]
    return kind


def run_decode(n: int = 1000, rounds: int = 40) -> dict[str, dict[str, Stats]]:
    from venues._runtime.decoding.response import decode_http_response, decode_json
    from venues.backpack.operations import GET_OPEN_ORDERS
    from venues.binance.operations import GET_OPEN_ORDERS as BINANCE_OPEN_ORDERS
    from venues.bitso.operations import LIST_OPEN_ORDERS
    from venues.derive.operations import GET_ORDERS
    from venues.kraken.operations import GET_OPEN_ORDERS as KRAKEN_OPEN_ORDERS

    ops = {
        "backpack": GET_OPEN_ORDERS,
        "bitso": LIST_OPEN_ORDERS,
        "derive": GET_ORDERS,
        "binance": BINANCE_OPEN_ORDERS,
        "kraken": KRAKEN_OPEN_ORDERS,
    }
    loop = asyncio.new_event_loop()
    results: dict[str, dict[str, Stats]] = {}
    try:
        for venue, op in ops.items():
            body = reply_body(venue, n)
            typed = msgspec.json.Decoder(STRUCTS[venue])
            text = msgspec.json.Decoder(_decimals_as_text(STRUCTS[venue]))
            results[venue] = interleaved(
                [
                    Contender("orjson.loads (the floor's decode)", lambda body=body: orjson.loads(body)),
                    Contender("json.loads(parse_float=Decimal) (before)",
                              lambda body=body: json.loads(body, parse_float=Decimal)),
                    Contender("decode_json: depth check + msgspec, exact (now)",
                              lambda body=body: decode_json(body)),
                    Contender("ours: one-pass decode into msgspec models",
                              lambda body=body, op=op: decode_http_response(op, 200, {}, body)),
                    Contender("reference: msgspec typed structs, Decimals built (not shipped)",
                              lambda body=body, typed=typed: typed.decode(body)),
                    Contender("reference: msgspec typed structs, decimals as text (not shipped)",
                              lambda body=body, text=text: text.decode(body)),
                ],
                rounds,
                loop,
            )
    finally:
        loop.close()
    return results
