"""Open orders over HTTP: our clients against the floor, httpx + orjson and CCXT."""

from __future__ import annotations

import asyncio
import http.client
import logging
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import msgspec
import orjson

from bench.data import BINANCE_SYMBOL
from bench.decode_bench import STRUCT_ORDERS, STRUCTS
from bench.timing import Contender, Stats, interleaved

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["BOUND", "VENUES", "LocalServer", "run_http"]

#: The contender that bounds every typed, signed client from below (see ``bound`` in run_http).
BOUND = "bound: our transport + signature + exact Decimals"
SIGNED_MESSAGE = b"x" * 64

BACKPACK_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
BACKPACK_SECRET = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="
DERIVE_WALLET = "0x5Ce5a1b5B6A6F1AE4bC7F4Ce1E1f5f6DfBbD2d8A"
DERIVE_KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
# The test fixtures' public example credentials (tests/fixtures/<venue>/_venue.yaml).
BINANCE_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
BINANCE_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
KRAKEN_KEY = "KRAKEN-TEST-KEY-not-a-real-key"
KRAKEN_SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="


class LocalServer:
    """bench/server.py in its own process on 127.0.0.1, on a random port."""

    def __enter__(self) -> LocalServer:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.server"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@dataclass
class Venue:
    name: str
    method: str
    path: str  # our client's path (the floor sends the same request)
    floor_body: Callable[[], bytes | None]
    floor_headers: dict[str, str]
    items: Callable[[Any], int]  # number of orders in a decoded (untyped) reply


VENUES = [
    Venue("backpack", "GET", "/api/v1/orders", lambda: None, {"X-Signature": "unsigned"}, len),
    Venue(
        "bitso",
        "GET",
        "/api/v3/open_orders?book=btc_mxn",
        lambda: None,
        {"Authorization": "unsigned"},
        lambda d: len(d["payload"]),
    ),
    Venue(
        "derive",
        "POST",
        "/private/get_orders",
        lambda: orjson.dumps({"subaccount_id": 30769, "status": "open"}),
        {"X-LyraSignature": "unsigned", "Content-Type": "application/json"},
        lambda d: len(d["result"]["orders"]),
    ),
    Venue(
        "binance",
        "GET",
        f"/api/v3/openOrders?symbol={BINANCE_SYMBOL}",
        lambda: None,
        {"X-MBX-APIKEY": BINANCE_KEY},
        len,
    ),
    Venue(
        "kraken",
        "POST",
        "/0/private/OpenOrders",
        lambda: b"nonce=1",
        {
            "API-Key": KRAKEN_KEY,
            "API-Sign": "unsigned",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        lambda d: len(d["result"]["open"]),
    ),
]


def _ours(venue: str, base: str) -> tuple[Any, Any, Callable[[], Any], Callable[[], Any]]:
    if venue == "backpack":
        from venues.backpack import AsyncBackpackClient, BackpackClient

        s = BackpackClient(api_key=BACKPACK_KEY, api_secret=BACKPACK_SECRET, base_url=base)
        a = AsyncBackpackClient(api_key=BACKPACK_KEY, api_secret=BACKPACK_SECRET, base_url=base)
        return s, a, s.get_open_orders, a.get_open_orders
    if venue == "bitso":
        from venues.bitso import AsyncBitsoClient, BitsoClient

        s = BitsoClient(api_key="k", api_secret="s", base_url=base)
        a = AsyncBitsoClient(api_key="k", api_secret="s", base_url=base)
        return (s, a, lambda: s.list_open_orders(book="btc_mxn"),
                lambda: a.list_open_orders(book="btc_mxn"))
    if venue == "binance":
        from venues.binance import AsyncBinanceClient, BinanceClient

        s = BinanceClient(api_key=BINANCE_KEY, api_secret=BINANCE_SECRET, base_url=base)
        a = AsyncBinanceClient(api_key=BINANCE_KEY, api_secret=BINANCE_SECRET, base_url=base)
        return (s, a, lambda: s.get_open_orders(symbol=BINANCE_SYMBOL),
                lambda: a.get_open_orders(symbol=BINANCE_SYMBOL))
    if venue == "kraken":
        from venues.kraken import AsyncKrakenClient, KrakenClient

        s = KrakenClient(api_key=KRAKEN_KEY, api_secret=KRAKEN_SECRET, base_url=base)
        a = AsyncKrakenClient(api_key=KRAKEN_KEY, api_secret=KRAKEN_SECRET, base_url=base)
        return s, a, s.get_open_orders, a.get_open_orders
    from venues.derive import AsyncDeriveClient, DeriveClient

    s = DeriveClient(wallet=DERIVE_WALLET, private_key=DERIVE_KEY, base_url=base)
    a = AsyncDeriveClient(wallet=DERIVE_WALLET, private_key=DERIVE_KEY, base_url=base)
    return (s, a, lambda: s.get_orders(subaccount_id=30769, status="open"),
            lambda: a.get_orders(subaccount_id=30769, status="open"))


def _load_markets(ex: Any) -> None:
    # Markets once, from the local server; currencies are not needed to list orders.
    ex.has["fetchCurrencies"] = False
    ex.load_markets()


def _ccxt(venue: str, base: str) -> tuple[Any, Callable[[], Any]]:
    import ccxt  # benchmark-only dependency (the `bench` extra)

    if venue == "backpack":
        ex = ccxt.backpack(
            {"apiKey": BACKPACK_KEY, "secret": BACKPACK_SECRET, "enableRateLimit": False}
        )
        ex.urls["api"] = {"public": base, "private": base}
        _load_markets(ex)
        return ex, lambda: ex.fetch_open_orders()
    if venue == "bitso":
        ex = ccxt.bitso({"apiKey": "k", "secret": "s", "enableRateLimit": False})
        ex.urls["api"] = {"rest": base}
        _load_markets(ex)
        return ex, lambda: ex.fetch_open_orders("BTC/MXN", limit=None)
    if venue == "binance":
        ex = ccxt.binance(
            {"apiKey": BINANCE_KEY, "secret": BINANCE_SECRET, "enableRateLimit": False}
        )
        ex.urls["api"] = {"public": base + "/api/v3", "private": base + "/api/v3"}
        # Spot markets only: CCXT would also load the futures exchanges' (fapi, dapi) and,
        # with keys, the margin pairs (sapi), none of which listing spot orders needs.
        ex.options["fetchMarkets"] = {"types": ["spot"]}
        ex.options["fetchMargins"] = False
        _load_markets(ex)
        return ex, lambda: ex.fetch_open_orders("BTC/USDT")
    if venue == "kraken":
        ex = ccxt.kraken({"apiKey": KRAKEN_KEY, "secret": KRAKEN_SECRET, "enableRateLimit": False})
        ex.urls["api"] = {"public": base, "private": base}
        _load_markets(ex)
        return ex, lambda: ex.fetch_open_orders()
    ex = ccxt.derive(
        {"walletAddress": DERIVE_WALLET, "privateKey": DERIVE_KEY, "enableRateLimit": False}
    )
    ex.urls["api"] = {"public": base + "/public", "private": base + "/private"}
    _load_markets(ex)
    return ex, lambda: ex.fetch_open_orders(params={"subaccount_id": 30769})


def _count(expected: int, counter: Callable[[Any], int]) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        got = counter(result)
        if got != expected:
            raise AssertionError(f"expected {expected} orders, got {got}")

    return check


def run_http(
    port: int, sizes: tuple[int, ...], rounds: dict[int, int], with_ccxt: bool = True
) -> dict[tuple[str, int], dict[str, Stats]]:
    """Every venue at every N: {(venue, N): {contender: Stats}}."""
    from venues._runtime.transport.http import SyncTransport

    logging.getLogger("venues").setLevel(logging.WARNING)
    loop = asyncio.new_event_loop()
    results: dict[tuple[str, int], dict[str, Stats]] = {}
    try:
        for venue in VENUES:
            for n in sizes:
                base = f"http://127.0.0.1:{port}/n{n}"
                conn = http.client.HTTPConnection("127.0.0.1", port)
                target = f"/n{n}{venue.path}"

                def floor(conn: http.client.HTTPConnection = conn, target: str = target,
                          venue: Venue = venue) -> Any:
                    conn.request(venue.method, target, venue.floor_body(), venue.floor_headers)
                    return orjson.loads(conn.getresponse().read())

                hx = httpx.Client()

                def with_httpx(hx: httpx.Client = hx, url: str = base + venue.path,
                               venue: Venue = venue) -> Any:
                    r = hx.request(venue.method, url, content=venue.floor_body(),
                                   headers=venue.floor_headers)
                    return orjson.loads(r.content)

                async def _session() -> aiohttp.ClientSession:
                    return aiohttp.ClientSession()

                session = loop.run_until_complete(_session())

                async def with_aiohttp(session: aiohttp.ClientSession = session,
                                       url: str = base + venue.path, venue: Venue = venue) -> Any:
                    # The async floor: aiohttp keep-alive + orjson, what our async client
                    # runs on, without signing, types or error handling.
                    async with session.request(venue.method, url, data=venue.floor_body(),
                                               headers=venue.floor_headers) as r:
                        return orjson.loads(await r.read())

                sync, async_, call_sync, call_async = _ours(venue.name, base)
                ours_count = _count(n, len if venue.name != "derive" else lambda r: len(r.orders))
                bound_transport = SyncTransport(base)
                sign = sync._auth._signer._sign
                typed = msgspec.json.Decoder(STRUCTS[venue.name])

                def bound(transport: SyncTransport = bound_transport, url: str = base + venue.path,
                          venue: Venue = venue, sign: Callable[[bytes], Any] = sign,
                          typed: msgspec.json.Decoder[Any] = typed) -> Any:
                    # What any client on our transport pays that signs and returns exact
                    # Decimals: the bare exchange, the signature primitive alone (our key, a
                    # 64-byte message) and bare msgspec structs (no enums, kept extras,
                    # envelope or error checks, retries).
                    sign(SIGNED_MESSAGE)
                    reply = transport.request(venue.method, url, body=venue.floor_body(),
                                              headers=venue.floor_headers, timeout=10.0, retry_safe=True)
                    return typed.decode(reply.content)
                contenders = [
                    Contender("floor", floor, check=_count(n, venue.items)),
                    Contender("ours sync", call_sync, check=ours_count),
                    Contender("ours async", call_async, is_async=True, check=ours_count),
                    Contender("httpx+orjson", with_httpx, check=_count(n, venue.items)),
                    Contender("aiohttp+orjson", with_aiohttp, is_async=True, check=_count(n, venue.items)),
                    Contender(BOUND, bound, check=_count(n, STRUCT_ORDERS[venue.name])),
                ]
                if with_ccxt:
                    _ex, call_ccxt = _ccxt(venue.name, base)
                    contenders.append(Contender("ccxt sync", call_ccxt, check=_count(n, len)))
                print(f"  {venue.name} N={n} ({rounds[n]} rounds)", file=sys.stderr, flush=True)
                results[(venue.name, n)] = interleaved(contenders, rounds[n], loop)
                conn.close()
                bound_transport.close()
                hx.close()
                loop.run_until_complete(session.close())
                sync.close()
                loop.run_until_complete(async_.aclose())
    finally:
        loop.close()
    return results
