"""Varied, realistic open-order replies, shaped exactly like each venue's (seeded: every run
serves the same bytes).

Field sets follow the specs and the fixtures in tests/fixtures/<venue>/: Backpack's bare
list of camelCase orders with string decimals and millisecond times; Bitso's
``{success, payload}`` envelope with ISO timestamps; Derive's JSON-RPC ``{id, result:
{subaccount_id, orders, pagination}}`` with 0x signatures and nullable trigger fields;
Binance's bare list (the docs' example order: 8-place string decimals, millisecond times,
``orderListId`` -1, ``stopPrice`` "0.0" unless a trigger); Kraken's ``{error: [], result:
{open: {TXID: order}}}`` (the docs' example order: float second timestamps, a ``descr``
object, the ``order`` text rebuilt from the varied fields).
Some orders carry fields the docs never list and enum values they do not name, as real
replies do.
"""

from __future__ import annotations

import random
import string
from decimal import Decimal
from typing import Any

import orjson

__all__ = [
    "backpack_orders",
    "binance_orders",
    "bitso_orders",
    "derive_orders",
    "kraken_orders",
    "reply_body",
    "SIZES",
]

SIZES = (1, 100, 1000)

_BP_SYMBOLS = ["SOL_USDC", "BTC_USDC", "ETH_USDC", "BTC_USDC_PERP", "SOL_USDC_PERP", "JUP_USDC"]
_DERIVE_INSTRUMENTS = ["ETH-PERP", "BTC-PERP", "BTC-20241227-70000-C", "ETH-20241227-3500-P"]


def _dec(rng: random.Random, low: float, high: float, places: int) -> str:
    value = Decimal(str(round(rng.uniform(low, high), places)))
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def backpack_orders(n: int, seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    orders = []
    for i in range(n):
        market = rng.random() < 0.15
        qty = _dec(rng, 0.001, 50, 4)
        filled = "0" if rng.random() < 0.6 else _dec(rng, 0.0001, float(qty), 4)
        order: dict[str, Any] = {
            "orderType": "Market" if market else "Limit",
            "id": str(112233445566778899 + i * 7919),
            "clientId": rng.randrange(0, 2**32) if rng.random() < 0.5 else None,
            "createdAt": 1731000000123 + i * 1013,
            "executedQuantity": filled,
            "executedQuoteQuantity": _dec(rng, 0, 5000, 4) if filled != "0" else "0",
            "quantity": None if market else qty,
            "quoteQuantity": _dec(rng, 10, 900, 2) if market else None,
            "price": None if market else _dec(rng, 0.1, 95000, 2),
            "postOnly": None if market else rng.random() < 0.3,
            "reduceOnly": rng.choice([None, True, False]),
            "timeInForce": rng.choice(["GTC", "GTC", "IOC", "FOK"]),
            "selfTradePrevention": rng.choice(["RejectTaker", "RejectMaker", "RejectBoth", "Allow"]),
            "side": rng.choice(["Bid", "Ask"]),
            "status": rng.choice(["New", "New", "PartiallyFilled", "TriggerPending", "PendingNew"]),
            "symbol": rng.choice(_BP_SYMBOLS),
            "relatedOrderId": None,
            "strategyId": None,
        }
        if rng.random() < 0.25:
            order.update(
                stopLossTriggerPrice=_dec(rng, 100, 90000, 1),
                stopLossLimitPrice=_dec(rng, 100, 90000, 1),
                stopLossTriggerBy=rng.choice(["MarkPrice", "LastPrice", "IndexPrice"]),
                takeProfitTriggerPrice=_dec(rng, 100, 99000, 1),
                takeProfitTriggerBy="LastPrice",
            )
        if rng.random() < 0.1:
            order.update(triggerBy="IndexPrice", triggerPrice=_dec(rng, 1, 4000, 2),
                         triggerQuantity=_dec(rng, 0.01, 2, 3), triggeredAt=None)
        if rng.random() < 0.1:
            order["visibleQuantity"] = "1"  # a field the docs never list
        orders.append(order)
    return orders


def bitso_orders(n: int, seed: int = 2) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    orders = []
    for i in range(n):
        amount = _dec(rng, 0.0001, 5, 8)
        unfilled = amount if rng.random() < 0.7 else _dec(rng, 0.00001, float(amount), 8)
        price = _dec(rng, 1, 1_500_000, 2)
        created = f"2026-04-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:31.{i % 1000:03d}+00:00"
        order: dict[str, Any] = {
            "book": "btc_mxn",  # the reply to ?book=btc_mxn, as every contender asks
            "original_amount": amount,
            "unfilled_amount": unfilled,
            "original_value": format(Decimal(amount) * Decimal(price), "f"),
            "created_at": created,
            "updated_at": created if rng.random() < 0.8 else None,
            "price": price,
            "oid": "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(16)),
            "side": rng.choice(["buy", "sell"]),
            "status": "open" if unfilled == amount else "partially filled",
            "type": "limit",
            "time_in_force": rng.choice(["goodtillcancelled", "goodtillcancelled", "postonly"]),
        }
        if rng.random() < 0.3:
            order["origin_id"] = f"origin-{i}"
        if rng.random() < 0.05:
            order["stop"] = "1"  # unlisted field
        orders.append(order)
    return orders


def derive_orders(n: int, seed: int = 3) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    orders = []
    for i in range(n):
        trigger = rng.random() < 0.15
        order: dict[str, Any] = {
            "amount": _dec(rng, 0.01, 100, 2),
            "average_price": "0" if rng.random() < 0.7 else _dec(rng, 1, 90000, 4),
            "cancel_reason": "",
            "creation_timestamp": 1700000000123 + i * 997,
            "direction": rng.choice(["buy", "sell"]),
            "filled_amount": "0",
            "instrument_name": rng.choice(_DERIVE_INSTRUMENTS),
            "is_transfer": False,
            "label": rng.choice(["", "", "hedge-1", "mm"]),
            "last_update_timestamp": 1700000000123 + i * 997 + rng.randrange(0, 5000),
            "limit_price": _dec(rng, 1, 90000, 2),
            "max_fee": _dec(rng, 1, 1000, 2),
            "mmp": rng.random() < 0.2,
            "nonce": 1700000000123456 + i,
            "order_fee": "0",
            "order_id": f"{_hex(rng, 8)}-{_hex(rng, 4)}-4{_hex(rng, 3)}-a{_hex(rng, 3)}-{_hex(rng, 12)}",
            "order_status": rng.choice(["open", "open", "open", "untriggered"]),
            "order_type": rng.choice(["limit", "limit", "market"]),
            "quote_id": None,
            "signature": "0x" + _hex(rng, 130),
            "signature_expiry_sec": 1700003600 + i,
            "signer": "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
            "subaccount_id": 30769,
            "time_in_force": rng.choice(["gtc", "post_only", "ioc"]),
            "replaced_order_id": None,
            "trigger_price": _dec(rng, 1, 90000, 1) if trigger else None,
            "trigger_price_type": "mark" if trigger else None,
            "trigger_reject_message": None,
            "trigger_type": rng.choice(["stoploss", "takeprofit"]) if trigger else None,
        }
        if rng.random() < 0.2:
            order.update(algo_type=None, algo_duration_sec=None)  # fields the docs never list
        orders.append(order)
    return orders


#: The symbol every contender asks Binance for (the reply to ?symbol= holds only its orders).
BINANCE_SYMBOL = "BTCUSDT"


def _eight(value: str) -> str:
    return format(Decimal(value).quantize(Decimal("1e-8")), "f")


def binance_orders(n: int, seed: int = 6) -> list[dict[str, Any]]:
    """The docs' example order (Current open orders), ids, prices and quantities varied."""
    rng = random.Random(seed)
    orders = []
    for i in range(n):
        qty = _dec(rng, 0.0001, 3, 8)
        partial = rng.random() < 0.3
        executed = _dec(rng, 0.00001, float(qty), 8) if partial else "0.00000000"
        price = _eight(_dec(rng, 20000, 99000, 2))  # a 0.01 tick, sent with 8 places
        kind = rng.choice(["LIMIT", "LIMIT", "LIMIT_MAKER", "STOP_LOSS_LIMIT"])
        created = 1499827319559 + i * 1117
        order: dict[str, Any] = {
            "symbol": BINANCE_SYMBOL,
            "orderId": 12569099453 + i * 31,
            "orderListId": -1 if rng.random() < 0.9 else 19431 + i,
            "clientOrderId": "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(22)),
            "price": price,
            "origQty": qty,
            "executedQty": executed,
            "cummulativeQuoteQty": format((Decimal(executed) * Decimal(price)).quantize(Decimal("1e-8")), "f"),
            "status": "PARTIALLY_FILLED" if partial else "NEW",
            "timeInForce": "GTC" if kind != "LIMIT" else rng.choice(["GTC", "GTC", "IOC", "FOK"]),
            "type": kind,
            "side": rng.choice(["BUY", "SELL"]),
            "stopPrice": _eight(_dec(rng, 20000, 99000, 2)) if kind == "STOP_LOSS_LIMIT" else "0.00000000",
            "icebergQty": "0.00000000",
            "time": created,
            "updateTime": created + (rng.randrange(1, 90000) if partial else 0),
            "isWorking": kind != "STOP_LOSS_LIMIT",
            "origQuoteOrderQty": "0.000000",
            "workingTime": created if kind != "STOP_LOSS_LIMIT" else -1,
            "selfTradePreventionMode": rng.choice(["NONE", "EXPIRE_MAKER", "EXPIRE_TAKER", "EXPIRE_BOTH"]),
        }
        if rng.random() < 0.05:
            order["strategyId"] = 37463720 + i
            order["strategyType"] = 1000000
        orders.append(order)
    return orders


_KRAKEN_PAIRS = ["XBTUSD", "ETHUSD", "XBTEUR", "SOLUSD"]


def _kraken_txid(rng: random.Random) -> str:
    alphabet = string.ascii_uppercase + string.digits
    return "-".join("".join(rng.choice(alphabet) for _ in range(k)) for k in (6, 5, 6))


def kraken_orders(n: int, seed: int = 7) -> dict[str, dict[str, Any]]:
    """The docs' example orders (Get Open Orders), keyed by txid; ids, prices, volumes varied."""
    rng = random.Random(seed)
    orders: dict[str, dict[str, Any]] = {}
    for i in range(n):
        pair = rng.choice(_KRAKEN_PAIRS)
        side = rng.choice(["buy", "sell"])
        price = _dec(rng, 10, 99000, 1)
        vol = _dec(rng, 0.0001, 5, 8)
        filled = rng.random() < 0.3
        vol_exec = _dec(rng, 0.00001, float(vol), 8) if filled else "0.00000000"
        leverage = rng.choice(["none", "none", "none", "5:1"])
        text = f"{side} {vol} {pair} @ limit {price}" + (
            f" with {leverage} leverage" if leverage != "none" else ""
        )
        order: dict[str, Any] = {
            "refid": "None",
            "userref": rng.choice([0, 0, 45326 + i]),
            "status": "open",
            "opentm": round(1688665899.5699 + i * 1.0131, 4),
            "starttm": 0,
            "expiretm": 0,
            "descr": {
                "pair": pair,
                "type": side,
                "ordertype": "limit",
                "price": price,
                "price2": "0",
                "leverage": leverage,
                "order": text,
                "close": "",
            },
            "vol": vol,
            "vol_exec": vol_exec,
            "cost": format((Decimal(vol_exec) * Decimal(price)).quantize(Decimal("1e-5")), "f"),
            "fee": "0.00000",
            "price": price if filled else "0.00000",
            "stopprice": "0.00000",
            "limitprice": "0.00000",
            "misc": "",
            "oflags": rng.choice(["fciq", "fciq", "post,fciq", "fcib"]),
        }
        if rng.random() < 0.2:
            order["cl_ord_id"] = f"client-{i}"
        orders[_kraken_txid(rng)] = order
    return orders


def reply_body(venue: str, n: int) -> bytes:
    """The whole HTTP reply body a venue sends for ``n`` open orders."""
    if venue == "backpack":
        return orjson.dumps(backpack_orders(n))
    if venue == "bitso":
        return orjson.dumps({"success": True, "payload": bitso_orders(n)})
    if venue == "derive":
        return orjson.dumps(
            {
                "id": "9f1c2a4e-53b1-4b7e-a8a0-2f1d5c3e7b10",
                "result": {
                    "subaccount_id": 30769,
                    "orders": derive_orders(n),
                    "pagination": {"num_pages": 1, "count": n},
                },
            }
        )
    if venue == "binance":
        return orjson.dumps(binance_orders(n))
    if venue == "kraken":
        return orjson.dumps({"error": [], "result": {"open": kraken_orders(n)}})
    raise ValueError(venue)


def synthetix_orders(n: int, seed: int = 4) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    orders = []
    for i in range(n):
        trigger = rng.random() < 0.2
        orders.append(
            {
                "orderId": str(1958787130134106112 + i),
                "symbol": rng.choice(["BTC-USDT", "ETH-USDT", "SOL-USDT"]),
                "side": rng.choice(["buy", "sell"]),
                "type": rng.choice(["LIMIT", "LIMIT", "STOP_LIMIT"]),
                "quantity": _dec(rng, 0.001, 20, 3),
                "price": _dec(rng, 1, 90000, 2),
                "triggerPrice": _dec(rng, 1, 90000, 2) if trigger else "",
                "triggerPriceType": "mark" if trigger else "",
                "timeInForce": rng.choice(["GTC", "IOC", "FOK"]),
                "reduceOnly": rng.random() < 0.2,
                "postOnly": rng.random() < 0.3,
                "closePosition": False,
                "createdTime": 1755846234000 + i * 911,
                "updatedTime": 1755846234000 + i * 911 + rng.randrange(0, 9000),
                "filledQuantity": "0.0" if rng.random() < 0.7 else _dec(rng, 0.001, 1, 3),
                "takeProfitOrderId": str(1958787130134206112 + i) if rng.random() < 0.3 else "",
                "stopLossOrderId": "",
            }
        )
    return orders


def b2trader_orders(n: int, seed: int = 5) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    orders = []
    for i in range(n):
        market = rng.choice(["cfd.eur_chf", "cfd.eur_usd", "spot.btc_usdt", "cfd.xau_usd"])
        created = f"2025-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:31.{rng.randrange(10**7):07d}Z"
        amount = _dec(rng, 1, 100000, 0)
        orders.append(
            {
                "marketId": market,
                "marketType": "Spot" if market.startswith("spot") else "Cfd",
                "marketDisplayName": market.split(".")[1].upper().replace("_", "/"),
                "marketFullName": "",
                "orderId": "01JVQBFSTVC40VK03A0A" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(6)),
                "timeInForce": rng.choice(["Gtc", "Gtc", "Ioc"]),
                "status": rng.choice(["Pending", "Pending", "PartiallyFilled"]),
                "source": "Manual",
                "reason": "Trader",
                "side": rng.choice(["Buy", "Sell"]),
                "orderType": rng.choice(["Limit", "Stop"]),
                "requestedAmount": amount,
                "remainingAmount": amount,
                "requestedPrice": _dec(rng, 0.5, 3000, 5),
                "executionPrice": "0",
                "createdAt": created,
                "updatedAt": created,
                "cancellationDate": None,
                "commissionAssetId": "eur",
                "commissionAmount": "0",
                "leverage": rng.choice([1, 10, 50]),
                "fillFactor": "0",
                "takeProfit": None,
                "stopLoss": None,
            }
        )
    return orders
