"""Signed requests sent over real HTTP to a local server that checks them with the
venues' oracles: what is signed is what arrives, byte for byte."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from oracles import Received
from oracles.binance import BinanceVerifier
from oracles.kraken import KrakenVerifier
from signing_recipes import recipe

from venues._runtime.signing import RequestSigner, SignableRequest

BINANCE_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
KRAKEN_SECRET = (
    "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
)
NOW = 1700000000000

Check = Callable[[Received], tuple[int, object]]


def binance_check(received: Received) -> tuple[int, object]:
    rejection = BinanceVerifier({"BKEY": BINANCE_SECRET}, now_ms=lambda: NOW).verify(received)
    if rejection is None:
        return 200, []
    return rejection.status, {"code": rejection.code, "msg": rejection.msg}


KRAKEN = KrakenVerifier({"KKEY": KRAKEN_SECRET})


def kraken_check(received: Received) -> tuple[int, object]:
    error = KRAKEN.verify(received)
    return 200, {"error": [error] if error else [], "result": {"open": {}}}


@pytest.fixture
def server() -> Iterator[tuple[str, int, dict[str, Check]]]:
    routes: dict[str, Check] = {}

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            path, _, query = self.path.partition("?")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            received = Received(self.command, path, query, body, dict(self.headers.items()))
            status, reply = routes[path](received)
            payload = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _handle

        def log_message(self, format: str, *args: object) -> None:
            del format, args  # keep test output quiet

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", httpd.server_address[1], routes
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def send(host: str, port: int, request: SignableRequest) -> tuple[int, object]:
    connection = http.client.HTTPConnection(host, port, timeout=5)
    try:
        connection.request(
            request.method, request.target, body=request.body or None, headers=request.headers
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_binance_open_orders_signed_in_the_query_is_accepted(
    server: tuple[str, int, dict[str, Check]],
) -> None:
    host, port, routes = server
    routes["/api/v3/openOrders"] = binance_check
    signer = RequestSigner(
        recipe("binance"), api_key="BKEY", secret=BINANCE_SECRET, clock=lambda: NOW
    )
    request = SignableRequest("GET", "/api/v3/openOrders", [("symbol", "BTC/USDT é")])
    signer.sign(request)
    assert send(host, port, request) == (200, [])
    request.query[0] = ("symbol", "ETHUSDT")  # changed after signing
    assert send(host, port, request) == (
        400,
        {"code": -1022, "msg": "Signature for this request is not valid."},
    )


def test_kraken_open_orders_signed_in_the_body_is_accepted(
    server: tuple[str, int, dict[str, Check]],
) -> None:
    host, port, routes = server
    routes["/0/private/OpenOrders"] = kraken_check
    signer = RequestSigner(
        recipe("kraken"), api_key="KKEY", secret=KRAKEN_SECRET, clock=lambda: NOW
    )
    for _ in range(2):
        request = SignableRequest("POST", "/0/private/OpenOrders", body=b"trades=true&userref=7")
        request.headers["Content-Type"] = "application/x-www-form-urlencoded"
        signer.sign(request)
        assert send(host, port, request) == (200, {"error": [], "result": {"open": {}}})
    replay = send(host, port, request)
    assert replay == (200, {"error": ["EAPI:Invalid nonce"], "result": {"open": {}}})
