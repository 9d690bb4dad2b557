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
import orjson

from bench.timing import Contender, Stats, interleaved

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["VENUES", "LocalServer", "run_http"]

BACKPACK_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
BACKPACK_SECRET = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="
DERIVE_WALLET = "0x5Ce5a1b5B6A6F1AE4bC7F4Ce1E1f5f6DfBbD2d8A"
DERIVE_KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"


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
                contenders = [
                    Contender("floor", floor, check=_count(n, venue.items)),
                    Contender("ours sync", call_sync, check=ours_count),
                    Contender("ours async", call_async, is_async=True, check=ours_count),
                    Contender("httpx+orjson", with_httpx, check=_count(n, venue.items)),
                    Contender("aiohttp+orjson", with_aiohttp, is_async=True, check=_count(n, venue.items)),
                ]
                if with_ccxt:
                    _ex, call_ccxt = _ccxt(venue.name, base)
                    contenders.append(Contender("ccxt sync", call_ccxt, check=_count(n, len)))
                print(f"  {venue.name} N={n} ({rounds[n]} rounds)", file=sys.stderr, flush=True)
                results[(venue.name, n)] = interleaved(contenders, rounds[n], loop)
                conn.close()
                hx.close()
                loop.run_until_complete(session.close())
                sync.close()
                loop.run_until_complete(async_.aclose())
    finally:
        loop.close()
    return results
