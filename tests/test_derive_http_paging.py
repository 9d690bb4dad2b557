"""Derive's generated HTTP page iterators (``iter_orders``, sync and async) against a local
double that checks the EIP-191 headers and serves the 3-page result of
tests/fixtures/derive/_pages.yaml the way Derive pages (a page past the end is the last page).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from contract_support import VerificationFailed, assert_matches, oracle_for
from jsonrpc_ws_support import Pages, Responder, load_pages, valid_credentials
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from venues._runtime.errors import RequestValidationError
from venues.derive import AsyncDeriveClient, DeriveClient

VENUE = "derive"


def serve(server: HTTPServer, respond: Responder) -> list[dict[str, Any]]:
    """Answer every POST /private/get_orders; returns the list of params received."""
    received: list[dict[str, Any]] = []
    verify = oracle_for(VENUE)

    def handler(request: Request) -> Response:
        try:
            verify(request)
        except VerificationFailed as exc:
            return Response(str(exc), status=401)
        params = json.loads(request.get_data())
        received.append(params)
        body = respond({"id": None, "method": "private/get_orders", "params": params})
        return Response(json.dumps({"id": "r", **(body or {})}), content_type="application/json")

    server.expect_request("/private/get_orders", method="POST").respond_with_handler(handler)
    return received


def sync_client(server: HTTPServer) -> DeriveClient:
    return DeriveClient(**valid_credentials(VENUE), base_url=server.url_for("/"), max_retries=0)


def async_client(server: HTTPServer) -> AsyncDeriveClient:
    return AsyncDeriveClient(**valid_credentials(VENUE), base_url=server.url_for("/"), max_retries=0)


@pytest.fixture
def pages() -> Pages:
    result = load_pages(VENUE)
    assert result.num_pages == 3
    return result


def test_iter_orders_returns_every_order_of_three_pages_once(httpserver: HTTPServer, pages: Pages) -> None:
    received = serve(httpserver, pages.respond)
    with sync_client(httpserver) as client:
        orders = list(client.iter_orders(**pages.arguments))
    assert_matches(orders, pages.items, path="orders")
    assert len({o.order_id for o in orders}) == len(pages.items) == 5
    assert [p["page"] for p in received] == [1, 2, 3]
    assert all(p["subaccount_id"] == 30769 and p["page_size"] == 2 for p in received)


async def test_async_iter_orders_returns_every_order_once(httpserver: HTTPServer, pages: Pages) -> None:
    received = serve(httpserver, pages.respond)
    async with async_client(httpserver) as client:
        orders = [order async for order in client.iter_orders(**pages.arguments)]
    assert_matches(orders, pages.items, path="orders")
    assert [p["page"] for p in received] == [1, 2, 3]


def test_a_page_past_the_end_returning_the_last_page_again_repeats_nothing(
    httpserver: HTTPServer, pages: Pages
) -> None:
    everything = list(pages.items)
    received = serve(httpserver, pages.shrinking(after=2))  # page 3 vanishes after page 2
    with sync_client(httpserver) as client:
        orders = list(client.iter_orders(**pages.arguments))
    assert_matches(orders, everything[:-1], path="orders")
    assert [p["page"] for p in received] == [1, 2, 3]


def test_get_orders_past_the_end_is_the_last_page(httpserver: HTTPServer, pages: Pages) -> None:
    serve(httpserver, pages.respond)
    with sync_client(httpserver) as client:
        result = client.get_orders(**pages.arguments, page=7)
    assert_matches(result.orders, pages.items[4:], path="orders")
    assert result.pagination.num_pages == 3 and result.pagination.count == 5


@pytest.mark.parametrize("page_size", [0, 1001, -5])
def test_page_size_out_of_range_is_refused_before_any_request(httpserver: HTTPServer, page_size: int) -> None:
    with sync_client(httpserver) as client:
        with pytest.raises(RequestValidationError, match="page_size") as caught:
            client.get_orders(subaccount_id=30769, page_size=page_size)
        with pytest.raises(RequestValidationError):
            list(client.iter_orders(subaccount_id=30769, page_size=page_size))
    assert caught.value.parameter == "page_size"
    assert httpserver.log == []


def _by_status(pages: Pages) -> Responder:
    """Derive's get_orders as the venue answers it: filtered by ``status`` when given, pages
    of the ``page_size`` asked for."""

    def respond(message: dict[str, Any]) -> dict[str, Any]:
        params = message["params"]
        items = [i for i in pages.items if "status" not in params or i["order_status"] == params["status"]]
        served = dataclasses.replace(pages, items=items, page_size=int(params.get("page_size", 100)))
        return served.body(params)

    return respond


def test_fetch_open_orders_asks_the_venue_for_open_orders_in_the_largest_pages(
    httpserver: HTTPServer, pages: Pages
) -> None:
    received = serve(httpserver, _by_status(pages))
    with sync_client(httpserver) as client:
        orders = client.fetch_open_orders(subaccount_id=30769)
    # One listing per working status (the spec's unified.parameters), never the whole history.
    assert [(p["status"], p["page_size"], p["page"]) for p in received] == [
        ("open", 1000, 1),
        ("untriggered", 1000, 1),
    ]
    working = [i["order_id"] for i in pages.items if i["order_status"] in ("open", "untriggered")]
    assert [o.order_id for o in orders] == working and len(working) == 3


async def test_async_fetch_open_orders_sends_the_status_filter(httpserver: HTTPServer, pages: Pages) -> None:
    received = serve(httpserver, _by_status(pages))
    async with async_client(httpserver) as client:
        orders = await client.fetch_open_orders(subaccount_id=30769, include_closed=True)
    assert {p["status"] for p in received} == {"open", "untriggered"}
    assert all(p["page_size"] == 1000 for p in received)
    assert {o.status for o in orders} == {"open", "untriggered"}
