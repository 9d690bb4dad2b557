"""Contract tests of the Binance HTTP clients, generated from specs/binance.yaml
and tests/fixtures/binance/.

Each fixture is served by a local double of the venue that expects the exact request,
verifies its signature and answers with the recorded reply. Do not edit: run `make generate`.
"""

from __future__ import annotations

import pytest
from contract_support import Case, cases_for, check, load_cases, run, run_async
from pytest_httpserver import HTTPServer

from venues.binance import AsyncBinanceClient, BinanceClient

CASES = load_cases("binance")


@pytest.mark.parametrize("case", cases_for("binance", CASES, "get_open_orders"), ids=str)
def test_get_open_orders(case: Case, httpserver: HTTPServer) -> None:
    case.serve(httpserver)
    with BinanceClient(
        **case.client_options(), base_url=httpserver.url_for("/"), max_retries=0
    ) as client:
        outcome = run(lambda: client.get_open_orders(**case.arguments))
    check(case, outcome, httpserver)


@pytest.mark.parametrize("case", cases_for("binance", CASES, "get_open_orders"), ids=str)
async def test_get_open_orders_async(case: Case, httpserver: HTTPServer) -> None:
    case.serve(httpserver)
    async with AsyncBinanceClient(
        **case.client_options(), base_url=httpserver.url_for("/"), max_retries=0
    ) as client:
        outcome = await run_async(lambda: client.get_open_orders(**case.arguments))
    check(case, outcome, httpserver)
