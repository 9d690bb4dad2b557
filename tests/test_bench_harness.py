"""The HTTP benchmark's synthetic replies are what the specs describe: every venue's
generated client, sync and async, reads N orders from bench/server.py, signed requests pass
its auth check and unsigned ones do not. A benchmark whose data drifted from the specs would
time error paths instead of decoding.
"""

from __future__ import annotations

import asyncio
import http.client
from collections.abc import Iterator

import orjson
import pytest

from bench.http_bench import VENUES, LocalServer, Venue, _ours


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with LocalServer() as server:
        yield server.port


def test_every_http_venue_is_benchmarked() -> None:
    assert {"backpack", "bitso", "derive", "binance", "kraken"} <= {v.name for v in VENUES}


@pytest.mark.parametrize("n", [1, 100])
@pytest.mark.parametrize("venue", VENUES, ids=lambda v: v.name)
def test_our_clients_read_n_orders(port: int, venue: Venue, n: int) -> None:
    base = f"http://127.0.0.1:{port}/n{n}"
    sync, async_, call_sync, call_async = _ours(venue.name, base)

    def count(result: object) -> int:
        orders = getattr(result, "orders", result)  # Derive's result wraps its list
        return len(orders)  # type: ignore[arg-type]

    async def both() -> int:
        try:
            return count(await asyncio.wait_for(call_async(), timeout=10))
        finally:
            await async_.aclose()

    try:
        assert count(call_sync()) == n
    finally:
        sync.close()
    assert asyncio.run(both()) == n


@pytest.mark.parametrize("venue", VENUES, ids=lambda v: v.name)
def test_floor_request_is_answered_and_unsigned_is_refused(port: int, venue: Venue) -> None:
    v = venue
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(v.method, f"/n100{v.path}", v.floor_body(), v.floor_headers)
        reply = conn.getresponse()
        assert reply.status == 200
        assert v.items(orjson.loads(reply.read())) == 100
        conn.request(v.method, f"/n100{v.path}", v.floor_body(), {})
        refused = conn.getresponse()
        refused.read()
        assert refused.status == 401
    finally:
        conn.close()


def test_the_fixed_cost_is_measured_without_any_server() -> None:
    from bench.fixed_cost import run_fixed_cost

    # Port 9 has no server: a call that tried the network would fail here.
    result = run_fixed_cost(["bitso", "backpack"], per_batch=5)
    assert result["bitso"]["primitive"] == "hmac_sha256"
    assert result["backpack"]["primitive"] == "ed25519"
    for row in result.values():
        assert 0 < row["signature primitive"] < row["whole call"]


@pytest.mark.parametrize("venue", VENUES, ids=lambda v: v.name)
def test_the_bound_reads_every_order_with_exact_decimals(venue: Venue) -> None:
    """The bound contender's bare structs read the very replies served, every order, and
    build Decimals exactly as sent (else it would time less work than a typed client does)."""
    from decimal import Decimal

    import msgspec

    from bench.data import reply_body
    from bench.decode_bench import STRUCT_ORDERS, STRUCTS

    body = reply_body(venue.name, 100)
    typed = msgspec.json.Decoder(STRUCTS[venue.name]).decode(body)
    assert STRUCT_ORDERS[venue.name](typed) == 100 == venue.items(orjson.loads(body))
    decimals = [
        value
        for value in _walk(msgspec.to_builtins(typed, builtin_types=(Decimal,)))
        if isinstance(value, Decimal)
    ]
    assert len(decimals) >= 100 * 3, "at least three decimal fields per order"
    wire = body.decode()
    assert all(format(d, "f") in wire or str(d) in wire for d in decimals[:50])


def _walk(value: object) -> Iterator[object]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    else:
        yield value
