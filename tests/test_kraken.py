"""Kraken, the venue added by a spec, fixtures and notes alone: the authentication guide's
worked API-Sign example through the generated client, the signed form body on the wire as
the oracle (written from the docs, never from our spec) accepts it, a mis-transcribed recipe
refused by it, and the unified view of the docs' example."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from contract_support import SPECS
from oracles import Received
from oracles import kraken as oracle
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.pipeline import load_venues
from generator.signing_source import recipe_source
from venues._runtime import signing
from venues._runtime.request import HttpRequest, build_http_request
from venues._runtime.signing.auth import RecipeAuth
from venues.kraken import AsyncKrakenClient, KrakenClient
from venues.kraken.operations import GET_OPEN_ORDERS

# The authentication guide's worked example (a public test key, never for funds).
DOCS_SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
DOCS_NONCE = 1616492376594
DOCS_PAYLOAD = "ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"
DOCS_PATH = "/0/private/AddOrder"
DOCS_API_SIGN = "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
KEY = "KRAKEN-TEST-KEY-not-a-real-key"
FIXTURES = SPECS.parent / "tests" / "fixtures" / "kraken"


def test_the_docs_api_sign_example_through_the_generated_client() -> None:
    with KrakenClient(api_key=KEY, api_secret=DOCS_SECRET, clock=lambda: DOCS_NONCE) as client:
        request = HttpRequest("POST", DOCS_PATH, body=DOCS_PAYLOAD.encode())
        client._auth.sign(request, GET_OPEN_ORDERS)
    assert request.body.decode() == f"nonce={DOCS_NONCE}&{DOCS_PAYLOAD}", "nonce goes first"
    assert request.headers["API-Sign"] == DOCS_API_SIGN
    assert request.headers["API-Key"] == KEY


@pytest.fixture
def recorded(httpserver: HTTPServer) -> Iterator[list[Received]]:
    seen: list[Received] = []
    body = yaml.safe_load((FIXTURES / "docs_example.yaml").read_text(encoding="utf-8"))["response"]["body"]

    def handler(request: Request) -> Response:
        path, _, query = str(request.environ["RAW_URI"]).partition("?")
        seen.append(Received(request.method, path, query, request.get_data(), dict(request.headers)))
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    yield seen


def test_get_open_orders_on_the_wire(httpserver: HTTPServer, recorded: list[Received]) -> None:
    with KrakenClient(
        api_key=KEY, api_secret=DOCS_SECRET, base_url=httpserver.url_for("/"), clock=lambda: DOCS_NONCE
    ) as client:
        orders = client.get_open_orders(trades=True, userref=45326)
    sent = recorded[0]
    assert (sent.method, sent.path) == ("POST", "/0/private/OpenOrders")
    assert sent.body == f"nonce={DOCS_NONCE}&trades=true&userref=45326".encode()
    assert sent.header("Content-Type") == "application/x-www-form-urlencoded"
    assert sent.header("User-Agent"), "Kraken requires a User-Agent on every request"
    assert sent.header("API-Sign") == oracle.api_sign(DOCS_SECRET, sent.path, str(DOCS_NONCE), sent.body)
    assert oracle.KrakenVerifier({KEY: DOCS_SECRET}).verify(sent) is None
    # Keyed by transaction id in the reply; a list in its order, each order keeping its key.
    assert [o.txid for o in orders] == ["OQCLML-BW3P3-BUCMWZ", "OB5VMB-B4U2U-DK2WRW"]
    assert orders[0].descr.price == Decimal("30010.0") and orders[0].trades == ["TCCCTY-WE2O6-P3NB37"]


def test_nonces_from_one_client_keep_increasing(httpserver: HTTPServer, recorded: list[Received]) -> None:
    """The oracle refuses a nonce not above the key's last (EAPI:Invalid nonce): calls in the
    same millisecond still go out in increasing order."""
    verifier = oracle.KrakenVerifier({KEY: DOCS_SECRET})
    with KrakenClient(
        api_key=KEY, api_secret=DOCS_SECRET, base_url=httpserver.url_for("/"), clock=lambda: DOCS_NONCE
    ) as client:
        for _ in range(3):
            client.get_open_orders()
    assert [verifier.verify(sent) for sent in recorded] == [None, None, None]


async def test_fetch_open_orders_is_unified(httpserver: HTTPServer, recorded: list[Received]) -> None:
    async with AsyncKrakenClient(api_key=KEY, api_secret=DOCS_SECRET, base_url=httpserver.url_for("/")) as client:
        first, second = await client.fetch_open_orders()
    assert (first.venue, first.symbol, first.market, first.market_type) == ("kraken", "XBTUSD", "XBT/USD", "spot")
    assert (first.order_id, first.side, first.type, first.status) == ("OQCLML-BW3P3-BUCMWZ", "buy", "limit", "open")
    assert (first.price, first.amount, first.filled, first.remaining) == (
        Decimal("30010.0"),
        Decimal("1.25000000"),
        Decimal("0.37500000"),
        Decimal("0.87500000"),
    )
    assert first.average_price == Decimal("30010.0")
    assert first.created_at == datetime(2023, 7, 6, 18, 2, 39, 897400, tzinfo=UTC)
    assert first.trigger_price is None and first.unmapped == ()
    assert (second.order_id, second.price, second.filled) == ("OB5VMB-B4U2U-DK2WRW", Decimal("14500.0"), Decimal("0"))


def _signing_of(tmp_path: Path, mutate: Any) -> Received:
    """The request a client built from a (mutated) copy of specs/kraken.yaml sends."""
    data = yaml.safe_load((SPECS / "kraken.yaml").read_text(encoding="utf-8"))
    mutate(data["auth"]["signing"])
    folder = tmp_path / "specs"
    folder.mkdir(parents=True)
    (folder / "kraken.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (venue,) = load_venues(folder)
    # What the generator writes into operations.py, run against the generated runtime.
    recipe = eval(recipe_source(venue.auth.recipe), {"signing": signing})
    auth = RecipeAuth(recipe, api_key=KEY, secret=DOCS_SECRET, clock=lambda: DOCS_NONCE)
    request = build_http_request(GET_OPEN_ORDERS, {"trades": True})
    auth.sign(request, GET_OPEN_ORDERS)
    return Received(request.method, request.path, "", request.body, request.headers)


def _set(key: str, value: Any) -> Any:
    return lambda signing: signing.__setitem__(key, value)


def _placement(index: int, **changes: Any) -> Any:
    return lambda signing: signing["placements"][index].update(changes)


@pytest.mark.parametrize(
    ("flip", "mutate"),
    [
        ("HMAC-SHA256", _set("primitive", "hmac_sha256")),
        ("the secret used as text", _set("key_encoding", "raw")),
        ("signature in hex", _set("signature_encoding", "hex")),
        ("the digest in hex", _set("message", ["path", {"hash": {"parts": ["nonce", "body"], "algorithm": "sha256", "encoding": "hex"}}])),
        ("the body alone hashed", _set("message", ["path", {"hash": {"parts": ["body"], "algorithm": "sha256", "encoding": "raw"}}])),
        ("signature header misnamed", _placement(2, header="API-Signature")),
    ],
)
def test_a_mis_transcribed_recipe_is_refused_by_the_oracle(tmp_path: Path, flip: str, mutate: Any) -> None:
    assert oracle.KrakenVerifier({KEY: DOCS_SECRET}).verify(_signing_of(tmp_path / "as_written", lambda s: None)) is None
    assert oracle.KrakenVerifier({KEY: DOCS_SECRET}).verify(_signing_of(tmp_path / "flipped", mutate)) is not None, flip
