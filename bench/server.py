"""The benchmark's venue double: a minimal HTTP/1.1 keep-alive server on 127.0.0.1.

Run as its own process (``python -m bench.server``) so that its work never shares the
client's interpreter or GIL; it prints its port on the first line of stdout and serves
until stdin closes. Every reply is built once, before the first request: the server does
no more per request than read it, look the path up and write prebuilt bytes, which is less
than any real venue does, so what is measured is the client.

Paths are ``/n<N>/<venue path>``: the prefix picks the number of orders. The only check is
the one a venue does first and cheaply: a private endpoint without its auth header gets 401.
"""

from __future__ import annotations

import asyncio
import sys

import orjson

from bench.data import SIZES, reply_body

__all__ = ["routes", "main"]

_MARKETS_BACKPACK = [
    {
        "symbol": s,
        "baseSymbol": s.split("_")[0],
        "quoteSymbol": "USDC",
        "marketType": "PERP" if s.endswith("PERP") else "SPOT",
        "orderBookState": "Open",
        "filters": {
            "price": {"minPrice": "0.01", "maxPrice": None, "tickSize": "0.01"},
            "quantity": {"minQuantity": "0.0001", "maxQuantity": None, "stepSize": "0.0001"},
        },
        "fundingInterval": 28800000 if s.endswith("PERP") else None,
        "createdAt": "2024-01-01T00:00:00",
        "visible": True,
    }
    for s in ["SOL_USDC", "BTC_USDC", "ETH_USDC", "BTC_USDC_PERP", "SOL_USDC_PERP", "JUP_USDC"]
]
_MARKETS_BITSO = {
    "success": True,
    "payload": [
        {
            "book": b,
            "minimum_amount": "0.00015",
            "maximum_amount": "3500.00",
            "minimum_price": "0.01",
            "maximum_price": "5000000.00",
            "minimum_value": "10.00",
            "maximum_value": "50000000.00",
            "tick_size": "0.01",
            "fees": {"flat_rate": {"maker": "0.500", "taker": "0.650"}, "structure": []},
        }
        for b in ["btc_mxn", "eth_mxn", "xrp_mxn", "btc_usd", "usd_mxn", "sol_mxn"]
    ],
}


# Binance's exchangeInfo, only the fields CCXT's spot parser reads, for the one symbol.
_MARKETS_BINANCE = {
    "timezone": "UTC",
    "serverTime": 1700000000000,
    "rateLimits": [],
    "exchangeFilters": [],
    "symbols": [
        {
            "symbol": "BTCUSDT",
            "status": "TRADING",
            "baseAsset": "BTC",
            "baseAssetPrecision": 8,
            "quoteAsset": "USDT",
            "quotePrecision": 8,
            "quoteAssetPrecision": 8,
            "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT"],
            "isSpotTradingAllowed": True,
            "isMarginTradingAllowed": False,
            "filters": [
                {"filterType": "PRICE_FILTER", "minPrice": "0.01", "maxPrice": "1000000.00", "tickSize": "0.01"},
                {"filterType": "LOT_SIZE", "minQty": "0.00001", "maxQty": "9000.00", "stepSize": "0.00001"},
            ],
            "permissions": [],
            "permissionSets": [["SPOT"]],
        }
    ],
}
# Kraken's AssetPairs for the pairs the synthetic orders use.
_MARKETS_KRAKEN = {
    "error": [],
    "result": {
        altname: {
            "altname": altname,
            "wsname": f"{base}/{quote}",
            "aclass_base": "currency",
            "base": kbase,
            "aclass_quote": "currency",
            "quote": kquote,
            "lot": "unit",
            "pair_decimals": 1,
            "lot_decimals": 8,
            "lot_multiplier": 1,
            "leverage_buy": [2, 3, 4, 5],
            "leverage_sell": [2, 3, 4, 5],
            "fees": [[0, 0.26]],
            "fees_maker": [[0, 0.16]],
            "fee_volume_currency": "ZUSD",
            "margin_call": 80,
            "margin_stop": 40,
            "ordermin": "0.0001",
            "status": "online",
        }
        for altname, base, quote, kbase, kquote in [
            ("XBTUSD", "BTC", "USD", "XXBT", "ZUSD"),
            ("ETHUSD", "ETH", "USD", "XETH", "ZUSD"),
            ("XBTEUR", "BTC", "EUR", "XXBT", "ZEUR"),
            ("SOLUSD", "SOL", "USD", "SOL", "ZUSD"),
        ]
    },
}


def _derive_instruments(kind: str) -> dict[str, object]:
    names = {"perp": ["ETH-PERP", "BTC-PERP"], "erc20": [], "option": []}[kind]
    return {
        "id": "markets",
        "result": {
            "instruments": [
                {
                    "instrument_type": kind,
                    "instrument_name": name,
                    "is_active": True,
                    "tick_size": "0.01",
                    "minimum_amount": "0.01",
                    "maximum_amount": "100000",
                    "amount_step": "0.01",
                    "base_currency": name.split("-")[0],
                    "quote_currency": "USDC",
                    "maker_fee_rate": "0.0001",
                    "taker_fee_rate": "0.0003",
                    "scheduled_activation": 1700000000,
                    "scheduled_deactivation": 9223372036854775807,
                    "perp_details": {"max_rate_per_hour": "0.004"},
                    "option_details": None,
                    "erc20_details": None,
                }
                for name in names
            ],
            "pagination": {"num_pages": 1, "count": len(names)},
        },
    }


# (method, path) -> (auth header that must be present or None, body builder)
def routes() -> dict[tuple[str, str], bytes]:
    """Every (method, path) the double answers, with its prebuilt reply body."""
    table: dict[tuple[str, str], bytes] = {}
    for n in SIZES:
        p = f"/n{n}"
        table[("GET", p + "/api/v1/orders")] = reply_body("backpack", n)
        table[("GET", p + "/api/v3/open_orders")] = reply_body("bitso", n)
        table[("GET", p + "/v3/open_orders")] = reply_body("bitso", n)  # CCXT's path
        derive = reply_body("derive", n)
        table[("POST", p + "/private/get_orders")] = derive
        table[("POST", p + "/private/get_open_orders")] = derive  # CCXT's method
        table[("GET", p + "/api/v1/markets")] = orjson.dumps(_MARKETS_BACKPACK)
        table[("GET", p + "/api/v1/securities")] = b"[]"
        table[("GET", p + "/v3/available_books")] = orjson.dumps(_MARKETS_BITSO)
        table[("GET", p + "/v3/available_books/")] = orjson.dumps(_MARKETS_BITSO)
        table[("GET", p + "/api/v3/openOrders")] = reply_body("binance", n)
        table[("GET", p + "/api/v3/exchangeInfo")] = orjson.dumps(_MARKETS_BINANCE)
        table[("POST", p + "/0/private/OpenOrders")] = reply_body("kraken", n)
        table[("GET", p + "/0/public/AssetPairs")] = orjson.dumps(_MARKETS_KRAKEN)
        for kind in ("perp", "erc20", "option"):
            table[("POST", p + "/public/get_all_instruments")] = b""  # filled per request
            table[("POST", f"{p}/public/get_all_instruments#{kind}")] = orjson.dumps(
                _derive_instruments(kind)
            )
    return table


_AUTH = {
    "/api/v1/orders": (b"x-signature",),
    "/api/v3/open_orders": (b"authorization",),
    "/v3/open_orders": (b"authorization",),
    # Derive's v2 header names (our spec) and v3's (CCXT 4.5).
    "/private/get_orders": (b"x-lyrasignature", b"x-derivesignature"),
    "/private/get_open_orders": (b"x-lyrasignature", b"x-derivesignature"),
    "/api/v3/openOrders": (b"x-mbx-apikey",),
    "/0/private/OpenOrders": (b"api-sign",),
}


def _reply(status: int, body: bytes) -> bytes:
    reason = {200: b"OK", 401: b"Unauthorized", 404: b"Not Found"}[status]
    return (
        b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
        b"Connection: keep-alive\r\n\r\n" % (status, reason, len(body))
    ) + body


class _Http(asyncio.Protocol):
    def __init__(self, table: dict[tuple[str, str], bytes]) -> None:
        self.table = table
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1")
            lines = head.split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower().encode()] = value.strip()
            length = int(headers.get(b"content-length", "0") or 0)
            if len(self.buffer) < end + 4 + length:
                return
            body = self.buffer[end + 4 : end + 4 + length]
            self.buffer = self.buffer[end + 4 + length :]
            assert self.transport is not None
            self.transport.write(self.answer(method, target, body, headers))

    def answer(self, method: str, target: str, body: bytes, headers: dict[bytes, str]) -> bytes:
        path = target.split("?", 1)[0]
        if path.endswith("/public/get_all_instruments"):
            kind = orjson.loads(body or b"{}").get("instrument_type", "perp")
            path = f"{path}#{kind}"
        found = self.table.get((method, path))
        if found is None:
            return _reply(404, b'{"message":"not found: %s"}' % path.encode())
        wanted = _AUTH.get("/" + path.split("/", 2)[2])
        if wanted is not None and not any(h in headers for h in wanted):
            return _reply(401, b'{"code":"INVALID_SIGNATURE","message":"unsigned"}')
        return _reply(200, found)


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    table = routes()
    server = await loop.create_server(lambda: _Http(table), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    # Serve until the harness closes our stdin (or dies).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


def main() -> None:
    asyncio.run(_serve())


if __name__ == "__main__":
    main()
