"""Contract tests of the DeriveV3 HTTP clients, generated from specs/derive_v3.yaml
and tests/fixtures/derive_v3/.

Each fixture is served by a local double of the venue that expects the exact request,
verifies its signature and answers with the recorded reply. Do not edit: run `make generate`.
"""

from __future__ import annotations

import pytest
from contract_support import Case, cases_for, check, load_cases, run, run_async
from pytest_httpserver import HTTPServer

from venues.derive_v3 import AsyncDeriveV3Client, DeriveV3Client

CASES = load_cases("derive_v3")


@pytest.mark.parametrize("case", cases_for("derive_v3", CASES, "get_open_orders"), ids=str)
def test_get_open_orders(case: Case, httpserver: HTTPServer) -> None:
    case.serve(httpserver)
    with DeriveV3Client(
        **case.client_options(), base_url=httpserver.url_for("/"), max_retries=0
    ) as client:
        outcome = run(lambda: client.get_open_orders(**case.arguments))
    check(case, outcome, httpserver)


@pytest.mark.parametrize("case", cases_for("derive_v3", CASES, "get_open_orders"), ids=str)
async def test_get_open_orders_async(case: Case, httpserver: HTTPServer) -> None:
    case.serve(httpserver)
    async with AsyncDeriveV3Client(
        **case.client_options(), base_url=httpserver.url_for("/"), max_retries=0
    ) as client:
        outcome = await run_async(lambda: client.get_open_orders(**case.arguments))
    check(case, outcome, httpserver)


@pytest.mark.parametrize("case", cases_for("derive_v3", CASES, "get_trigger_orders"), ids=str)
def test_get_trigger_orders(case: Case, httpserver: HTTPServer) -> None:
    case.serve(httpserver)
    with DeriveV3Client(
        **case.client_options(), base_url=httpserver.url_for("/"), max_retries=0
    ) as client:
        outcome = run(lambda: client.get_trigger_orders(**case.arguments))
    check(case, outcome, httpserver)


@pytest.mark.parametrize("case", cases_for("derive_v3", CASES, "get_trigger_orders"), ids=str)
async def test_get_trigger_orders_async(case: Case, httpserver: HTTPServer) -> None:
    case.serve(httpserver)
    async with AsyncDeriveV3Client(
        **case.client_options(), base_url=httpserver.url_for("/"), max_retries=0
    ) as client:
        outcome = await run_async(lambda: client.get_trigger_orders(**case.arguments))
    check(case, outcome, httpserver)


@pytest.mark.parametrize("case", cases_for("derive_v3", CASES, "get_algo_orders"), ids=str)
def test_get_algo_orders(case: Case, httpserver: HTTPServer) -> None:
    case.serve(httpserver)
    with DeriveV3Client(
        **case.client_options(), base_url=httpserver.url_for("/"), max_retries=0
    ) as client:
        outcome = run(lambda: client.get_algo_orders(**case.arguments))
    check(case, outcome, httpserver)


@pytest.mark.parametrize("case", cases_for("derive_v3", CASES, "get_algo_orders"), ids=str)
async def test_get_algo_orders_async(case: Case, httpserver: HTTPServer) -> None:
    case.serve(httpserver)
    async with AsyncDeriveV3Client(
        **case.client_options(), base_url=httpserver.url_for("/"), max_retries=0
    ) as client:
        outcome = await run_async(lambda: client.get_algo_orders(**case.arguments))
    check(case, outcome, httpserver)
