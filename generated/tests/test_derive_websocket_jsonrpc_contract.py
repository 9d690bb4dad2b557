"""Contract tests of the Derive JSON-RPC WebSocket clients, generated from
specs/derive.yaml and tests/fixtures/derive/.

A real local WebSocket server (tests/jsonrpc_ws_support.py, on 127.0.0.1 with a random port)
plays the venue: it checks the login signature the way the venue would, then answers each
request by id from the fixture. The same fixtures as over HTTP (those a JSON-RPC server can
send over WebSocket), then what only a WebSocket has: out-of-order replies, several requests
in flight, every page of a multi-page result, replies that never come, a dropped
connection, frames nobody asked for. Do not edit: run `make generate`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from contract_support import Case, assert_matches, cases_for, run_async
from jsonrpc_ws_support import (
    WsVenueDouble,
    check_ws,
    for_case,
    load_pages,
    valid_credentials,
    ws_cases,
)

from venues._runtime.errors import APITimeoutError, ConnectionClosedError, RequestValidationError
from venues.derive import AsyncDeriveWebSocketClient, DeriveWebSocketClient

VENUE = "derive"
CASES = ws_cases(VENUE)


def client(url: str, **options: Any) -> AsyncDeriveWebSocketClient:
    arguments: dict[str, Any] = {**valid_credentials(VENUE), "max_retries": 0, "timeout": 5.0}
    return AsyncDeriveWebSocketClient(**{**arguments, **options}, base_url=url)


@pytest.mark.parametrize("case", cases_for("derive", CASES, "get_orders"), ids=str)
async def test_get_orders(case: Case) -> None:
    double = for_case(case)

    async def call(url: str) -> Any:
        async with client(url, **case.client_options()) as venue_client:
            return await venue_client.get_orders(**case.arguments)

    async with double.serve() as url:
        outcome = await run_async(lambda: call(url))
    check_ws(case, outcome, double)


async def test_iter_orders_returns_every_item_once() -> None:
    pages = load_pages(VENUE)
    double = WsVenueDouble(VENUE, pages.respond)
    async with double.serve() as url, client(url) as venue_client:
        items = [item async for item in venue_client.iter_orders(**pages.arguments)]
    double.check_assertions()
    assert pages.num_pages == 3
    assert_matches(items, pages.items, path="items")
    assert [m["params"]["page"] for m in double.received] == [1, 2, 3]
    assert len(double.logins) == 1


async def test_iter_orders_stops_when_a_page_past_the_end_repeats_the_last() -> None:
    pages = load_pages(VENUE)
    everything = list(pages.items)
    # After two pages the last item goes: page 3 no longer exists and the venue answers a
    # request for it with page 2 again, which must not hand out its items twice.
    double = WsVenueDouble(VENUE, pages.shrinking(after=2))
    async with double.serve() as url, client(url) as venue_client:
        items = [item async for item in venue_client.iter_orders(**pages.arguments)]
    assert_matches(items, everything[:-1], path="items")
    assert [m["params"]["page"] for m in double.received] == [1, 2, 3]


async def test_a_page_past_the_end_is_the_last_page() -> None:
    pages = load_pages(VENUE)
    double = WsVenueDouble(VENUE, pages.respond)
    async with double.serve() as url, client(url) as venue_client:
        result = await venue_client.get_orders(**pages.arguments, page=99)
    assert_matches(result.orders, pages.items[4:], path="items")


async def test_out_of_order_replies_reach_their_requests() -> None:
    pages = load_pages(VENUE)
    double = WsVenueDouble(VENUE, pages.respond, batch=3)  # answers 3 held requests in reverse
    async with double.serve() as url, client(url) as venue_client:
        results = await asyncio.gather(
            *(venue_client.get_orders(**pages.arguments, page=number) for number in (1, 2, 3))
        )
    double.check_assertions()
    asked = [m["params"]["page"] for m in double.received]
    assert sorted(asked) == [1, 2, 3]
    answered = [json.loads(text)["id"] for text in double.sent[1:]]  # after the login's reply
    assert answered == [m["id"] for m in reversed(double.received)]  # really out of order
    for number, result in zip((1, 2, 3), results, strict=True):
        expected = pages.items[(number - 1) * pages.page_size : number * pages.page_size]
        assert_matches(result.orders, expected, path=f"page {number}")


async def test_unknown_ids_and_frames_that_are_not_json_are_ignored(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="venues.websocket")
    pages = load_pages(VENUE)
    double = WsVenueDouble(VENUE, pages.respond, noise=True)
    async with double.serve() as url, client(url) as venue_client:
        result = await venue_client.get_orders(**pages.arguments, page=1)
    assert_matches(result.orders, pages.items[:2], path="items")
    logged = [r.getMessage() for r in caplog.records if r.name == "venues.websocket"]
    assert any("unknown id 'nobody-asked'" in m for m in logged), logged
    assert any("not JSON" in m for m in logged), logged


def test_the_blocking_client_over_websocket() -> None:
    pages = load_pages(VENUE)
    double = WsVenueDouble(VENUE, pages.respond)

    async def scenario() -> tuple[Any, list[Any]]:
        async with double.serve() as url:

            def blocking() -> tuple[Any, list[Any]]:
                with DeriveWebSocketClient(
                    **valid_credentials(VENUE), base_url=url, timeout=5.0
                ) as venue_client:
                    first = venue_client.get_orders(**pages.arguments, page=1)
                    return first, list(venue_client.iter_orders(**pages.arguments))

            return await asyncio.to_thread(blocking)

    first, items = asyncio.run(scenario())
    assert_matches(first.orders, pages.items[:2], path="first")
    assert_matches(items, pages.items, path="items")


async def test_get_orders_without_a_reply_times_out() -> None:
    double = WsVenueDouble(VENUE, lambda message: None)
    async with double.serve() as url, client(url, timeout=0.3) as venue_client:
        outcome = await run_async(lambda: venue_client.get_orders(subaccount_id=1))
    assert isinstance(outcome, APITimeoutError), outcome
    assert outcome.operation == "get_orders" and len(double.received) == 1


async def test_get_orders_on_a_dropped_connection() -> None:
    double = WsVenueDouble(VENUE, lambda message: None, drop_after=1)
    async with double.serve() as url, client(url) as venue_client:
        outcome = await run_async(lambda: venue_client.get_orders(subaccount_id=1))
    assert isinstance(outcome, ConnectionClosedError), outcome
    assert outcome.operation == "get_orders"


@pytest.mark.parametrize("value", [0, 1001])
async def test_get_orders_page_size_out_of_range_is_refused_before_sending(value: int) -> None:
    double = WsVenueDouble(VENUE, lambda message: None)
    async with double.serve() as url, client(url) as venue_client:
        outcome = await run_async(lambda: venue_client.get_orders(subaccount_id=1, page_size=value))
    assert isinstance(outcome, RequestValidationError), outcome
    assert outcome.parameter == "page_size" and "page_size" in str(outcome)
    assert double.received == []
