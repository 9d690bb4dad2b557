"""Contract tests of the Synthetix WebSocket request/response clients, generated from
specs/synthetix.yaml and tests/fixtures/synthetix/.

Each fixture runs against a local double of the venue (a websockets server on 127.0.0.1, random
port) that verifies the connection's auth message and each request's signature, expects the
fixture's exact params and answers as recorded. Do not edit: run `make generate`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from contract_support import cases_for
from ws_request_support import (
    VenueDouble,
    WsCase,
    check,
    check_result,
    first_success_case,
    load_cases,
    run,
    run_async,
)

from venues._runtime.errors import ConnectionClosedError, RequestValidationError
from venues.synthetix import AsyncSynthetixClient, SynthetixClient

CASES = load_cases("synthetix")


async def _get_open_orders(client: AsyncSynthetixClient, case: WsCase) -> Any:
    if case.call == "iterate":
        return [item async for item in client.iter_open_orders(**case.arguments)]
    return await client.get_open_orders(**case.arguments)


def _get_open_orders_sync(client: SynthetixClient, case: WsCase) -> Any:
    if case.call == "iterate":
        return list(client.iter_open_orders(**case.arguments))
    return client.get_open_orders(**case.arguments)


@pytest.mark.parametrize("case", cases_for("synthetix", CASES, "get_open_orders"), ids=str)
async def test_get_open_orders(case: WsCase) -> None:
    async with VenueDouble(case) as double:
        client = AsyncSynthetixClient(**case.client_options(), base_url=double.url)
        try:
            outcome = await run_async(lambda: _get_open_orders(client, case))
        finally:
            await client.close()
    check(case, outcome, double)


@pytest.mark.parametrize("case", cases_for("synthetix", CASES, "get_open_orders"), ids=str)
async def test_get_open_orders_sync(case: WsCase) -> None:
    async with VenueDouble(case) as double:

        def blocking() -> Any:
            client = SynthetixClient(**case.client_options(), base_url=double.url)
            try:
                return run(lambda: _get_open_orders_sync(client, case))
            finally:
                client.close()

        outcome = await asyncio.to_thread(blocking)
    check(case, outcome, double)


async def test_get_open_orders_several_requests_in_flight() -> None:
    case = first_success_case(CASES["get_open_orders"])
    async with VenueDouble(case) as double:
        double.hold = 4  # the double answers only once all four arrived, in reverse order
        async with AsyncSynthetixClient(**case.client_options(), base_url=double.url) as client:
            outcomes = await asyncio.gather(*(_get_open_orders(client, case) for _ in range(4)))
    assert not double.problems, double.problems
    assert len(double.user_agents) == 1 and len(double.requests) == 4
    assert len({frame["id"] for frame in double.requests}) == 4
    for outcome in outcomes:
        check_result(case, outcome)


async def test_get_open_orders_reconnects_after_a_drop() -> None:
    case = first_success_case(CASES["get_open_orders"])
    async with VenueDouble(case) as double:
        double.drop_first = True
        async with AsyncSynthetixClient(**case.client_options(), base_url=double.url) as client:
            first = await run_async(lambda: _get_open_orders(client, case))
            second = await _get_open_orders(client, case)
    assert isinstance(first, ConnectionClosedError), first
    check_result(case, second)
    assert not double.problems, double.problems
    assert len(double.auth_messages) == 2, "a new connection sends a new auth message"


async def test_get_open_orders_retries_after_a_drop() -> None:
    case = first_success_case(CASES["get_open_orders"])
    async with VenueDouble(case) as double:
        double.drop_first = True
        options = case.client_options() | {"max_retries": 1}
        async with AsyncSynthetixClient(**options, base_url=double.url) as client:
            outcome = await _get_open_orders(client, case)
    check_result(case, outcome)
    assert len(double.requests) == 2 and len(double.auth_messages) == 2


async def test_get_open_orders_answers_server_pings() -> None:
    case = first_success_case(CASES["get_open_orders"])
    async with VenueDouble(case) as double:
        double.ping_after_auth = True
        async with AsyncSynthetixClient(**case.client_options(), base_url=double.url) as client:
            outcome = await _get_open_orders(client, case)
            shown = repr(client)
    check_result(case, outcome)
    assert double.pongs == 1
    assert all(str(v) not in shown for k, v in case.client_options().items() if "key" in k)


@pytest.mark.parametrize(
    "arguments", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"expires_after": -1}], ids=str
)
async def test_get_open_orders_limits_are_checked_before_sending(arguments: dict[str, Any]) -> None:
    case = first_success_case(CASES["get_open_orders"])
    async with VenueDouble(case) as double:
        async with AsyncSynthetixClient(**case.client_options(), base_url=double.url) as client:
            outcome = await run_async(lambda: client.get_open_orders(**arguments))
    assert isinstance(outcome, RequestValidationError), outcome
    assert outcome.parameter == next(iter(arguments))
    assert not double.requests
