"""Contract tests of the Kraken HTTP clients, generated from specs/kraken.yaml
and tests/fixtures/kraken/.

Each fixture is served by a local double of the venue that expects the exact request,
verifies its signature and answers with the recorded reply. Do not edit: run `make generate`.
"""

from __future__ import annotations

import pytest
from contract_support import Case, cases_for, check, load_cases, run, run_async
from pytest_httpserver import HTTPServer

from venues.kraken import AsyncKrakenClient, KrakenClient

CASES = load_cases("kraken")


@pytest.mark.parametrize("case", cases_for("kraken", CASES, "get_open_orders"), ids=str)
def test_get_open_orders(case: Case, httpserver: HTTPServer) -> None:
    case.serve(httpserver)
    with KrakenClient(
        **case.client_options(), base_url=httpserver.url_for("/"), max_retries=0
    ) as client:
        outcome = run(lambda: client.get_open_orders(**case.arguments))
    check(case, outcome, httpserver)


@pytest.mark.parametrize("case", cases_for("kraken", CASES, "get_open_orders"), ids=str)
async def test_get_open_orders_async(case: Case, httpserver: HTTPServer) -> None:
    case.serve(httpserver)
    async with AsyncKrakenClient(
        **case.client_options(), base_url=httpserver.url_for("/"), max_retries=0
    ) as client:
        outcome = await run_async(lambda: client.get_open_orders(**case.arguments))
    check(case, outcome, httpserver)
