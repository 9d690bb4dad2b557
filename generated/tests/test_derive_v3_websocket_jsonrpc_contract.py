"""Contract tests of the DeriveV3 JSON-RPC WebSocket clients, generated from
specs/derive_v3.yaml and tests/fixtures/derive_v3/.

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
from venues.derive_v3 import AsyncDeriveV3WebSocketClient, DeriveV3WebSocketClient

VENUE = "derive_v3"
CASES = ws_cases(VENUE)


def client(url: str, **options: Any) -> AsyncDeriveV3WebSocketClient:
    arguments: dict[str, Any] = {**valid_credentials(VENUE), "max_retries": 0, "timeout": 5.0}
    return AsyncDeriveV3WebSocketClient(**{**arguments, **options}, base_url=url)


@pytest.mark.parametrize("case", cases_for("derive_v3", CASES, "get_open_orders"), ids=str)
async def test_get_open_orders(case: Case) -> None:
    double = for_case(case)

    async def call(url: str) -> Any:
        async with client(url, **case.client_options()) as venue_client:
            return await venue_client.get_open_orders(**case.arguments)

    async with double.serve() as url:
        outcome = await run_async(lambda: call(url))
    check_ws(case, outcome, double)


async def test_get_open_orders_without_a_reply_times_out() -> None:
    double = WsVenueDouble(VENUE, lambda message: None)
    async with double.serve() as url, client(url, timeout=0.3) as venue_client:
        outcome = await run_async(lambda: venue_client.get_open_orders(subaccount_id=1))
    assert isinstance(outcome, APITimeoutError), outcome
    assert outcome.operation == "get_open_orders" and len(double.received) == 1


async def test_get_open_orders_on_a_dropped_connection() -> None:
    double = WsVenueDouble(VENUE, lambda message: None, drop_after=1)
    async with double.serve() as url, client(url) as venue_client:
        outcome = await run_async(lambda: venue_client.get_open_orders(subaccount_id=1))
    assert isinstance(outcome, ConnectionClosedError), outcome
    assert outcome.operation == "get_open_orders"


@pytest.mark.parametrize("case", cases_for("derive_v3", CASES, "get_trigger_orders"), ids=str)
async def test_get_trigger_orders(case: Case) -> None:
    double = for_case(case)

    async def call(url: str) -> Any:
        async with client(url, **case.client_options()) as venue_client:
            return await venue_client.get_trigger_orders(**case.arguments)

    async with double.serve() as url:
        outcome = await run_async(lambda: call(url))
    check_ws(case, outcome, double)


async def test_get_trigger_orders_without_a_reply_times_out() -> None:
    double = WsVenueDouble(VENUE, lambda message: None)
    async with double.serve() as url, client(url, timeout=0.3) as venue_client:
        outcome = await run_async(lambda: venue_client.get_trigger_orders(subaccount_id=1))
    assert isinstance(outcome, APITimeoutError), outcome
    assert outcome.operation == "get_trigger_orders" and len(double.received) == 1


async def test_get_trigger_orders_on_a_dropped_connection() -> None:
    double = WsVenueDouble(VENUE, lambda message: None, drop_after=1)
    async with double.serve() as url, client(url) as venue_client:
        outcome = await run_async(lambda: venue_client.get_trigger_orders(subaccount_id=1))
    assert isinstance(outcome, ConnectionClosedError), outcome
    assert outcome.operation == "get_trigger_orders"


@pytest.mark.parametrize("case", cases_for("derive_v3", CASES, "get_algo_orders"), ids=str)
async def test_get_algo_orders(case: Case) -> None:
    double = for_case(case)

    async def call(url: str) -> Any:
        async with client(url, **case.client_options()) as venue_client:
            return await venue_client.get_algo_orders(**case.arguments)

    async with double.serve() as url:
        outcome = await run_async(lambda: call(url))
    check_ws(case, outcome, double)


async def test_get_algo_orders_without_a_reply_times_out() -> None:
    double = WsVenueDouble(VENUE, lambda message: None)
    async with double.serve() as url, client(url, timeout=0.3) as venue_client:
        outcome = await run_async(lambda: venue_client.get_algo_orders(subaccount_id=1))
    assert isinstance(outcome, APITimeoutError), outcome
    assert outcome.operation == "get_algo_orders" and len(double.received) == 1


async def test_get_algo_orders_on_a_dropped_connection() -> None:
    double = WsVenueDouble(VENUE, lambda message: None, drop_after=1)
    async with double.serve() as url, client(url) as venue_client:
        outcome = await run_async(lambda: venue_client.get_algo_orders(subaccount_id=1))
    assert isinstance(outcome, ConnectionClosedError), outcome
    assert outcome.operation == "get_algo_orders"
