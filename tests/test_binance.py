"""Binance, the venue added by a spec, fixtures and notes alone: the docs' own HMAC example
through the generated client, the signed request on the wire as the oracle (written from
the docs, never from our spec) accepts it, and a mis-transcribed recipe refused by it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from contract_support import SPECS
from oracles import Received
from oracles import binance as oracle
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.pipeline import load_venues
from generator.signing_source import recipe_source
from venues._runtime import signing
from venues._runtime.errors import RequestValidationError
from venues._runtime.request import HttpRequest, build_http_request
from venues._runtime.signing.auth import RecipeAuth
from venues.binance import BinanceClient
from venues.binance.operations import GET_OPEN_ORDERS

# The request-security page's worked example (public test values, never for funds).
KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
DOCS_TIME = 1499827319559
DOCS_ORDER = [
    ("symbol", "LTCBTC"),
    ("side", "BUY"),
    ("type", "LIMIT"),
    ("timeInForce", "GTC"),
    ("quantity", "1"),
    ("price", "0.1"),
    ("recvWindow", "5000"),
]
DOCS_SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"


def test_the_docs_hmac_example_through_the_generated_client() -> None:
    with BinanceClient(api_key=KEY, api_secret=SECRET, clock=lambda: DOCS_TIME) as client:
        request = HttpRequest("POST", "/api/v3/order", query=list(DOCS_ORDER))
        client._auth.sign(request, GET_OPEN_ORDERS)
    assert request.query == [*DOCS_ORDER, ("timestamp", str(DOCS_TIME)), ("signature", DOCS_SIGNATURE)]
    assert request.headers == {"X-MBX-APIKEY": KEY}


@pytest.fixture
def recorded(httpserver: HTTPServer) -> Iterator[list[Received]]:
    seen: list[Received] = []

    def handler(request: Request) -> Response:
        path, _, query = str(request.environ["RAW_URI"]).partition("?")
        seen.append(Received(request.method, path, query, request.get_data(), dict(request.headers)))
        body = yaml.safe_load(
            (SPECS.parent / "tests" / "fixtures" / "binance" / "docs_example.yaml").read_text()
        )["response"]["body"]
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    yield seen


def test_get_open_orders_on_the_wire(httpserver: HTTPServer, recorded: list[Received]) -> None:
    with BinanceClient(
        api_key=KEY, api_secret=SECRET, base_url=httpserver.url_for("/"), clock=lambda: DOCS_TIME
    ) as client:
        (order,) = client.get_open_orders(symbol="LTCBTC", recv_window=5000)
    sent = recorded[0]
    payload = f"symbol=LTCBTC&recvWindow=5000&timestamp={DOCS_TIME}"
    assert (sent.method, sent.path) == ("GET", "/api/v3/openOrders")
    assert sent.query == f"{payload}&signature={oracle.signature(SECRET, payload)}"
    assert oracle.BinanceVerifier({KEY: SECRET}, lambda: DOCS_TIME + 10).verify(sent) is None
    assert (order.order_id, order.price, order.orig_qty) == (1, Decimal("0.1"), Decimal("1.0"))


def test_fetch_open_orders_is_unified(httpserver: HTTPServer, recorded: list[Received]) -> None:
    with BinanceClient(api_key=KEY, api_secret=SECRET, base_url=httpserver.url_for("/")) as client:
        (order,) = client.fetch_open_orders(symbol="LTCBTC")
    assert (order.venue, order.market, order.market_type) == ("binance", "LTC/BTC", "spot")
    assert (order.side, order.type, order.status, order.post_only) == ("buy", "limit", "open", False)
    assert order.remaining == Decimal("1.0") and order.created_at is not None
    assert order.order_id == "1" and order.client_order_id == "myOrder1"


def test_recv_window_above_60000_is_refused_before_sending() -> None:
    with BinanceClient(api_key=KEY, api_secret=SECRET, base_url="http://127.0.0.1:9") as client:
        with pytest.raises(RequestValidationError, match="maximum 60000"):
            client.get_open_orders(recv_window=60001)


def _signing_of(tmp_path: Path, mutate: Any) -> Received:
    """The request a client built from a (mutated) copy of specs/binance.yaml sends."""
    data = yaml.safe_load((SPECS / "binance.yaml").read_text(encoding="utf-8"))
    mutate(data["auth"]["signing"])
    folder = tmp_path / "specs"
    folder.mkdir(parents=True)
    (folder / "binance.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (venue,) = load_venues(folder)
    # What the generator writes into operations.py, run against the generated runtime.
    recipe = eval(recipe_source(venue.auth.recipe), {"signing": signing})
    auth = RecipeAuth(recipe, api_key=KEY, secret=SECRET, clock=lambda: DOCS_TIME)
    request = build_http_request(GET_OPEN_ORDERS, {"symbol": "LTCBTC"})
    auth.sign(request, GET_OPEN_ORDERS)
    return Received(request.method, request.path, request.target.partition("?")[2], request.body, request.headers)


def _set(key: str, value: Any) -> Any:
    return lambda signing: signing.__setitem__(key, value)


def _placement(index: int, **changes: str) -> Any:
    return lambda signing: signing["placements"][index].update(changes)


@pytest.mark.parametrize(
    ("flip", "mutate"),
    [
        ("signature in base64", _set("signature_encoding", "base64")),
        ("HMAC-SHA512", _set("primitive", "hmac_sha512")),
        ("timestamp in seconds", _set("timestamp", {"format": "s"})),
        ("signed with a leading ?", _set("message", [{"query": {"leading": "?"}}, "body"])),
        ("signature parameter misnamed", _placement(2, query="sig")),
        ("key header misnamed", _placement(0, header="X-MBX-KEY")),
    ],
)
def test_a_mis_transcribed_recipe_is_refused_by_the_oracle(tmp_path: Path, flip: str, mutate: Any) -> None:
    verifier = oracle.BinanceVerifier({KEY: SECRET}, lambda: DOCS_TIME + 10)
    assert verifier.verify(_signing_of(tmp_path / "as_written", lambda signing: None)) is None
    assert verifier.verify(_signing_of(tmp_path / "flipped", mutate)) is not None, flip
