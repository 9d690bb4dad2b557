"""The request vocabulary of a spec, on the wire: path parameters (percent-encoded), query,
JSON and form bodies, constant query parameters and headers (per operation and per
server), and lists sent comma-joined or as repeated keys. Each request goes to a local
server that records it exactly as received."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from oracles import Received
from oracles.bitso import BitsoVerifier
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from venues._runtime.errors import RequestValidationError
from venues._runtime.operation import Envelope, ErrorRules, Operation, Param
from venues._runtime.protocols.http import SyncHttpClient
from venues._runtime.signing import SignatureRecipe
from venues._runtime.signing.auth import RecipeAuth
from venues.bitso.operations import SIGNING as BITSO_SIGNING

PUBLIC = RecipeAuth(SignatureRecipe(primitive="none", placements=()))


def operation(method: str, path: str, *params: Param, **binding: Any) -> Operation[Any]:
    return Operation(
        venue="v",
        name="op",
        transport="http",
        http_method=method,
        http_path=path,
        params=params,
        response_type=Any,
        envelope=Envelope(),
        errors=ErrorRules(),
        retry_safe=True,
        **binding,
    )


@pytest.fixture
def recorded(httpserver: HTTPServer) -> Iterator[list[Received]]:
    seen: list[Received] = []

    def handler(request: Request) -> Response:
        raw = str(request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI"))
        path, _, query = raw.partition("?")
        seen.append(
            Received(request.method, path, query, request.get_data(), dict(request.headers.items()))
        )
        return Response("[]", content_type="application/json")

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    yield seen


def call(server: HTTPServer, op: Operation[Any], args: dict[str, Any], **client: Any) -> None:
    client.setdefault("auth", PUBLIC)
    with SyncHttpClient(base_url=server.url_for("/prefix"), max_retries=0, **client) as c:
        c._call(op, args)


def test_path_parameters_are_percent_encoded_whole(httpserver: HTTPServer, recorded: list[Received]) -> None:
    op = operation(
        "GET",
        "/orders/{orderId}/fills/{book}",
        Param("order_id", "orderId", "path", "string", required=True),
        Param("book", "book", "path", "string", required=True),
    )
    call(httpserver, op, {"order_id": "a/b c?d", "book": "btc_mxn"})
    assert recorded[0].path == "/prefix/orders/a%2Fb%20c%3Fd/fills/btc_mxn"


def test_a_signed_path_parameter_is_signed_as_sent(httpserver: HTTPServer, recorded: list[Received]) -> None:
    op = operation(
        "GET",
        "/api/v3/orders/{oid}",
        Param("oid", "oid", "path", "string", required=True),
        Param("book", "book", "query", "string"),
    )
    auth = RecipeAuth(BITSO_SIGNING, api_key="K", secret="s3cr3t")
    call(httpserver, op, {"oid": "x/y", "book": "btc mxn"}, auth=auth)
    # Bitso's oracle (from its docs) recomputes the signature over the path as received.
    assert BitsoVerifier({"K": "s3cr3t"}).verify(recorded[0]) is None
    assert recorded[0].path == "/prefix/api/v3/orders/x%2Fy"
    assert recorded[0].query == "book=btc%20mxn"


def test_json_body_and_form_body(httpserver: HTTPServer, recorded: list[Received]) -> None:
    json_op = operation(
        "POST", "/j", Param("n", "n", "body", "integer"), Param("q", "q", "query", "string")
    )
    form_op = operation(
        "POST", "/f", Param("n", "n", "form", "integer"), Param("flag", "flag", "form", "boolean")
    )
    encoded_op = operation("POST", "/e", Param("a", "a", "body", "string"), body_encoding="form")
    call(httpserver, json_op, {"n": 3, "q": "x"})
    call(httpserver, form_op, {"n": 3, "flag": True})
    call(httpserver, encoded_op, {"a": "x&y"})
    assert (recorded[0].body, recorded[0].query) == (b'{"n":3}', "q=x")
    assert recorded[0].header("Content-Type") == "application/json"
    assert recorded[1].body == b"n=3&flag=true"
    assert recorded[1].header("Content-Type") == "application/x-www-form-urlencoded"
    assert recorded[2].body == b"a=x%26y"


def test_lists_comma_joined_or_repeated(httpserver: HTTPServer, recorded: list[Received]) -> None:
    op = operation(
        "GET",
        "/l",
        Param("symbols", "symbols", "query", "array", items="string"),
        Param("ids", "id", "query", "array", items="integer", style="repeated", minimum=1),
    )
    call(httpserver, op, {"symbols": ["BTCUSDT", "ETH USDT"], "ids": [1, 2, 3]})
    assert recorded[0].query == "symbols=BTCUSDT%2CETH%20USDT&id=1&id=2&id=3"
    with pytest.raises(RequestValidationError, match="below the minimum"):
        call(httpserver, op, {"ids": [1, 0]})
    with pytest.raises(RequestValidationError, match="must be a list"):
        call(httpserver, op, {"ids": 1})
    assert len(recorded) == 1  # nothing sent for a refused argument


def test_constant_query_and_headers_per_operation_and_server(
    httpserver: HTTPServer, recorded: list[Received]
) -> None:
    op = operation(
        "GET",
        "/c",
        Param("symbol", "symbol", "query", "string"),
        fixed_query=(("status", "open"),),
        headers={"X-Op": "1"},
    )
    call(httpserver, op, {"symbol": "A"}, headers={"X-Demo-Trading": "true", "X-Op": "server"})
    assert recorded[0].query == "symbol=A&status=open"
    assert recorded[0].header("X-Demo-Trading") == "true"
    assert recorded[0].header("X-Op") == "1"  # the operation's constant wins
