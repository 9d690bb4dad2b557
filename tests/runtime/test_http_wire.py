"""The HTTP layer against scripted servers on 127.0.0.1: what goes on the wire (exact
numbers, the signed target with the base URL's path), nonces under threads, per-attempt
deadlines, resets and stale connections, body caps, proxies and a transport you bring."""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from http_wire_support import (
    BITSO_BAD_NONCE,
    BITSO_OK,
    NoAuth,
    RawServer,
    bitso_nonce,
    bitso_signature_ok,
    operation,
    reply,
    reset,
)

from venues._runtime.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    RequestValidationError,
    ResponseTooLargeError,
)
from venues._runtime.operation import Param
from venues._runtime.protocols.http import AsyncHttpClient, SyncHttpClient
from venues._runtime.request import build_http_request
from venues._runtime.signing import NonceSpec
from venues._runtime.signing.auth import RecipeAuth
from venues._runtime.transport.http import HttpReply
from venues.bitso import AsyncBitsoClient, BitsoClient
from venues.bitso.operations import LIST_OPEN_ORDERS
from venues.bitso.operations import SIGNING as BITSO_SIGNING

SECRET = "bitso_test_secret"
PROXY_VARIABLES = (
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
    "http_proxy", "https_proxy", "all_proxy", "no_proxy",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def servers() -> Iterator[list[RawServer]]:
    made: list[RawServer] = []
    yield made
    for server in made:
        server.close()


def serve(servers: list[RawServer], handle: Any) -> RawServer:
    servers.append(RawServer(handle))
    return servers[-1]


def answer_all(body: bytes, *extra: str) -> Any:
    """A handler answering every request of every connection with ``body``."""

    def handle(server: RawServer, conn: socket.socket, number: int) -> None:
        while server.read(conn) is not None:
            conn.sendall(reply(200, body, *extra))

    return handle


def bitso_verifier(server: RawServer, conn: socket.socket, number: int) -> None:
    while (request := server.read(conn)) is not None:
        ok = bitso_signature_ok(request, SECRET)
        conn.sendall(reply(200, BITSO_OK) if ok else reply(401, BITSO_BAD_NONCE))


# -- 1. numbers ------------------------------------------------------------------------------

NUMBERS = operation(
    params=(
        Param("price", "price", "query", "number"),
        Param("amount", "amount", "body", "number", minimum=0),
    )
)


def test_decimal_numbers_are_accepted_and_sent_exactly(servers: list[RawServer]) -> None:
    server = serve(servers, answer_all(b"{}"))
    with SyncHttpClient(auth=NoAuth(), base_url=server.url, max_retries=0) as client:
        client._call(
            NUMBERS,
            {
                "price": Decimal("0.10000000000000000001"),
                "amount": Decimal("12345678901234567890.123456789"),
            },
        )
        client._call(NUMBERS, {"price": Decimal("1E-7"), "amount": 2.5})
        with pytest.raises(RequestValidationError, match="minimum"):
            client._call(NUMBERS, {"amount": Decimal("-0.000001")})
        with pytest.raises(RequestValidationError, match="finite"):
            client._call(NUMBERS, {"amount": Decimal("NaN")})
        with pytest.raises(RequestValidationError, match="finite"):
            client._call(NUMBERS, {"amount": float("inf")})
        with pytest.raises(RequestValidationError):
            client._call(NUMBERS, {"amount": "1.5"})
    first, second = server.requests
    assert first.target == "/orders?price=0.10000000000000000001"
    assert (
        first.body == b'{"amount":12345678901234567890.123456789}'
    ), "a JSON number, every digit kept"
    assert second.target == "/orders?price=0.0000001" and second.body == b'{"amount":2.5}'


# -- 2. the signed target is the sent target -------------------------------------------------


def test_a_base_url_path_is_signed_as_sent(servers: list[RawServer]) -> None:
    server = serve(servers, bitso_verifier)
    with BitsoClient(
        api_key="K", api_secret=SECRET, base_url=server.url + "/proxy/", max_retries=0
    ) as client:
        assert client.list_open_orders(book="btc_mxn") == []
    assert server.requests[0].target == "/proxy/api/v3/open_orders?book=btc_mxn"


async def test_async_a_base_url_path_is_signed_as_sent(servers: list[RawServer]) -> None:
    server = serve(servers, bitso_verifier)
    async with AsyncBitsoClient(
        api_key="K", api_secret=SECRET, base_url=server.url + "/a/b", max_retries=0
    ) as client:
        assert await client.list_open_orders() == []
    assert server.requests[0].target == "/a/b/api/v3/open_orders"


# -- 3. nonces under threads -----------------------------------------------------------------


class NonceRules:
    """Bitso's two nonce rules, enforced per key as the venue documents them
    (https://docs.bitso.com/bitso-api/docs/nonce-v2-rollout): v1, an integer above every
    nonce seen; v2, 13 digits of milliseconds (near now) then a 1-6 digit salt, unique,
    in any order. Requests are checked after a random 0-2 ms, as network paths differ."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last = 0
        self.seen: set[str] = set()
        self.refused = 0
        self.forms: set[str] = set()
        self.jitter = iter(range(10**9))

    def accept(self, nonce: str) -> bool:
        time.sleep((next(self.jitter) * 7919 % 20) / 10_000)
        with self.lock:
            if nonce in self.seen or not nonce.isdigit():
                return False
            self.seen.add(nonce)
            if 14 <= len(nonce) <= 19:
                self.forms.add("v2")
                return abs(int(nonce[:13]) - time.time() * 1000) < 30_000
            self.forms.add("v1")
            if int(nonce) <= self.last:
                return False
            self.last = int(nonce)
            return True

    def handler(self, server: RawServer, conn: socket.socket, number: int) -> None:
        while (request := server.read(conn)) is not None:
            ok = bitso_signature_ok(request, SECRET) and self.accept(bitso_nonce(request))
            if not ok:
                with self.lock:
                    self.refused += 1
            conn.sendall(reply(200, BITSO_OK) if ok else reply(401, BITSO_BAD_NONCE))


def increasing_client(url: str, cls: Any = SyncHttpClient) -> Any:
    recipe = dataclasses.replace(BITSO_SIGNING, nonce=NonceSpec(kind="increasing_ms"))
    auth = RecipeAuth(recipe, api_key="K", secret=SECRET)
    return cls(auth=auth, base_url=url, max_retries=0)


def hammer(call: Any, threads: int = 8, each: int = 25) -> list[BaseException]:
    errors: list[BaseException] = []

    def worker() -> None:
        for _ in range(each):
            try:
                call()
            except Exception as exc:
                errors.append(exc)

    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(worker) for _ in range(threads)]:
            future.result(timeout=60)
    return errors


def test_increasing_nonces_reach_the_venue_in_order_from_8_threads(
    servers: list[RawServer],
) -> None:
    rules = NonceRules()
    server = serve(servers, rules.handler)
    with increasing_client(server.url) as client:
        errors = hammer(lambda: client._call(LIST_OPEN_ORDERS, {}))
    assert rules.forms == {"v1"}
    assert errors == [] and rules.refused == 0 and len(server.requests) == 200


def test_bitso_salted_nonces_are_accepted_in_any_order_from_8_threads(
    servers: list[RawServer],
) -> None:
    rules = NonceRules()
    server = serve(servers, rules.handler)
    with BitsoClient(api_key="K", api_secret=SECRET, base_url=server.url, max_retries=0) as client:
        errors = hammer(client.list_open_orders)
        assert client._send_lock is None, "the tolerant form needs no serialising"
    assert rules.forms == {"v2"}
    assert errors == [] and rules.refused == 0 and len(server.requests) == 200


async def test_async_increasing_nonces_reach_the_venue_in_order(servers: list[RawServer]) -> None:
    rules = NonceRules()
    server = serve(servers, rules.handler)
    async with increasing_client(server.url, AsyncHttpClient) as client:
        results = await asyncio.gather(
            *(client._call(LIST_OPEN_ORDERS, {}) for _ in range(60)), return_exceptions=True
        )
    assert [r for r in results if isinstance(r, BaseException)] == [] and rules.refused == 0


def test_a_salted_nonce_never_repeats_within_a_millisecond() -> None:
    auth = RecipeAuth(BITSO_SIGNING, api_key="K", secret=SECRET, clock=lambda: 1700000000000)
    request = build_http_request(LIST_OPEN_ORDERS, {})
    nonces = [auth.sign(dataclasses.replace(request), LIST_OPEN_ORDERS).nonce for _ in range(5000)]
    assert len(set(nonces)) == 5000
    assert all(n is not None and len(n) == 19 and n.startswith("1700000000000") for n in nonces)


# -- 4. every attempt ends by its timeout ----------------------------------------------------


def dripping(server: RawServer, conn: socket.socket, number: int) -> None:
    """Headers at once, then the body a byte every 0.1 s (60 bytes: 6 s in all)."""
    while server.read(conn) is not None:
        body = b'{"success":true,"payload":[]}'.ljust(60)
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode())
        for byte in body:
            conn.sendall(bytes([byte]))
            time.sleep(0.1)


def dripping_chunked(server: RawServer, conn: socket.socket, number: int) -> None:
    """Chunked, one-byte chunks every 0.1 s; headers dripped too."""
    while server.read(conn) is not None:
        for byte in b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n":
            conn.sendall(bytes([byte]))
            time.sleep(0.01)
        for byte in b'{"success":true,"payload":[]}'.ljust(60):
            conn.sendall(b"1\r\n" + bytes([byte]) + b"\r\n")
            time.sleep(0.1)
        conn.sendall(b"0\r\n\r\n")


@pytest.mark.parametrize("handler", [dripping, dripping_chunked])
def test_a_dripping_body_is_cut_off_at_the_timeout(servers: list[RawServer], handler: Any) -> None:
    server = serve(servers, handler)
    with BitsoClient(
        api_key="K", api_secret=SECRET, base_url=server.url, max_retries=0, timeout=0.8
    ) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.list_open_orders()
        assert time.monotonic() - started < 2.0


def test_a_dripping_body_is_cut_off_at_the_deadline(servers: list[RawServer]) -> None:
    server = serve(servers, dripping)
    with BitsoClient(
        api_key="K", api_secret=SECRET, base_url=server.url, timeout=30, deadline=0.8
    ) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.list_open_orders()
        assert time.monotonic() - started < 2.0


async def test_async_a_dripping_body_is_cut_off(servers: list[RawServer]) -> None:
    server = serve(servers, dripping_chunked)
    async with AsyncBitsoClient(
        api_key="K", api_secret=SECRET, base_url=server.url, max_retries=0, timeout=0.8
    ) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            await client.list_open_orders()
        assert time.monotonic() - started < 2.0


# -- 5. resets and early closes are connection errors, retried when safe ----------------------


def closes_before_headers(server: RawServer, conn: socket.socket, number: int) -> None:
    server.read(conn)


def resets_mid_body(server: RawServer, conn: socket.socket, number: int) -> None:
    server.read(conn)
    conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"success":')
    time.sleep(0.05)
    reset(conn)


@pytest.mark.parametrize("handler", [closes_before_headers, resets_mid_body])
def test_a_dropped_reply_is_a_connection_error(servers: list[RawServer], handler: Any) -> None:
    server = serve(servers, handler)
    with BitsoClient(api_key="K", api_secret=SECRET, base_url=server.url, max_retries=0) as client:
        with pytest.raises(APIConnectionError) as caught:
            client.list_open_orders()
    assert caught.value.venue == "bitso" and caught.value.operation == "list_open_orders"


@pytest.mark.parametrize("handler", [closes_before_headers, resets_mid_body])
def test_a_dropped_reply_is_retried_for_a_retry_safe_operation(
    servers: list[RawServer], handler: Any
) -> None:
    def first_fails(server: RawServer, conn: socket.socket, number: int) -> None:
        if number == 0:
            handler(server, conn, number)
        else:
            bitso_verifier(server, conn, number)

    server = serve(servers, first_fails)
    with BitsoClient(api_key="K", api_secret=SECRET, base_url=server.url, max_retries=2) as client:
        client.retry_policy = type(client.retry_policy)(max_retries=2, initial_delay=0.01)
        assert client.list_open_orders() == []
    assert len(server.requests) == 2


async def test_async_a_dropped_reply_is_a_connection_error(servers: list[RawServer]) -> None:
    server = serve(servers, resets_mid_body)
    async with AsyncBitsoClient(
        api_key="K", api_secret=SECRET, base_url=server.url, max_retries=0
    ) as client:
        with pytest.raises(APIConnectionError):
            await client.list_open_orders()


# -- 6. a request that is not retry-safe is never sent twice ---------------------------------


def drops_the_second_request(server: RawServer, conn: socket.socket, number: int) -> None:
    """Connection 0 answers one request, then reads the next and closes unanswered (a server
    that dropped the kept-alive connection just as the request came). Later ones answer."""
    if server.read(conn) is None:
        return
    conn.sendall(reply(200, b"{}"))
    if number == 0:
        server.read(conn)
        return
    while server.read(conn) is not None:
        conn.sendall(reply(200, b"{}"))


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_a_request_that_is_not_retry_safe_is_not_resent(
    servers: list[RawServer], method: str
) -> None:
    server = serve(servers, drops_the_second_request)
    op = operation(method=method, retry_safe=False)
    with SyncHttpClient(auth=NoAuth(), base_url=server.url, max_retries=3) as client:
        assert client._call(op, {}) == {}
        with pytest.raises(APIConnectionError):
            client._call(op, {})
    assert len(server.requests) == 2, "the dropped request may have been acted on: not sent again"


def test_a_retry_safe_request_is_resent_after_a_stale_connection(servers: list[RawServer]) -> None:
    server = serve(servers, drops_the_second_request)
    op = operation(method="GET", retry_safe=True)
    with SyncHttpClient(auth=NoAuth(), base_url=server.url, max_retries=0) as client:
        assert client._call(op, {}) == {}
        assert client._call(op, {}) == {}, "sent again, transparently, on a fresh connection"
    assert len(server.requests) == 3 and server.connections == 2


def test_an_idle_connection_the_server_closed_is_not_used(servers: list[RawServer]) -> None:
    def one_per_connection(server: RawServer, conn: socket.socket, number: int) -> None:
        if server.read(conn) is not None:
            conn.sendall(reply(200, b"{}"))  # keep-alive as far as the client knows; then gone

    server = serve(servers, one_per_connection)
    op = operation(retry_safe=False)
    with SyncHttpClient(auth=NoAuth(), base_url=server.url, max_retries=0) as client:
        assert client._call(op, {}) == {}
        time.sleep(0.2)  # the close reaches the client
        assert client._call(op, {}) == {}, "checked before use and replaced"
    assert len(server.requests) == 2 and server.connections == 2


async def test_async_a_request_that_is_not_retry_safe_is_not_resent(
    servers: list[RawServer],
) -> None:
    server = serve(servers, drops_the_second_request)
    op = operation(method="GET", retry_safe=False)  # aiohttp itself re-sends idempotent methods
    async with AsyncHttpClient(auth=NoAuth(), base_url=server.url, max_retries=3) as client:
        assert await client._call(op, {}) == {}
        with pytest.raises(APIConnectionError):
            await client._call(op, {})
    assert len(server.requests) == 2


# -- 7. body caps ----------------------------------------------------------------------------


def declares(length: int) -> Any:
    def handle(server: RawServer, conn: socket.socket, number: int) -> None:
        server.read(conn)
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n".encode() + b"[" * 1000)
        time.sleep(1)

    return handle


def streams_chunks(server: RawServer, conn: socket.socket, number: int) -> None:
    server.read(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"0" * 65536
    for _ in range(64):  # 4 MiB, against a 1 MiB cap
        conn.sendall(b"10000\r\n" + chunk + b"\r\n")
    conn.sendall(b"0\r\n\r\n")


BOMB = gzip.compress(b"0" * (8 << 20), 9)  # 8 MiB of zeros in about 8 kB
DEFLATE_BOMB = zlib.compress(b"0" * (8 << 20), 9)


def bomb(server: RawServer, conn: socket.socket, number: int) -> None:
    while (request := server.read(conn)) is not None:
        if request.target.startswith("/deflate"):
            conn.sendall(reply(200, DEFLATE_BOMB, "Content-Encoding: deflate"))
        else:
            conn.sendall(reply(200, BOMB, "Content-Encoding: gzip"))


CAPS = [
    (declares(200 << 20), None),  # a 200 MB reply against the default 64 MiB cap
    (streams_chunks, 1 << 20),
    (bomb, 1 << 20),
]


@pytest.mark.parametrize(("handler", "cap"), CAPS)
def test_a_body_over_the_cap_is_refused(
    servers: list[RawServer], handler: Any, cap: int | None
) -> None:
    server = serve(servers, handler)
    options = {} if cap is None else {"max_response_bytes": cap}
    with SyncHttpClient(auth=NoAuth(), base_url=server.url, max_retries=2, **options) as client:
        started = time.monotonic()
        with pytest.raises(ResponseTooLargeError) as caught:
            client._call(operation(method="GET", retry_safe=True), {})
        assert time.monotonic() - started < 1, "refused as soon as it is known, not read"
        if handler is bomb:
            with pytest.raises(ResponseTooLargeError):
                client._call(operation(method="GET", path="/deflate", retry_safe=True), {})
    error = caught.value
    assert (
        error.venue == "testvenue" and error.operation == "place_thing" and error.status_code == 200
    )
    assert error.limit == (cap or 64 << 20) and str(error.limit) in str(error)
    assert len(server.requests) == (2 if handler is bomb else 1), "not retried"


@pytest.mark.parametrize(("handler", "cap"), CAPS)
async def test_async_a_body_over_the_cap_is_refused(
    servers: list[RawServer], handler: Any, cap: int | None
) -> None:
    server = serve(servers, handler)
    options = {} if cap is None else {"max_response_bytes": cap}
    async with AsyncHttpClient(
        auth=NoAuth(), base_url=server.url, max_retries=0, **options
    ) as client:
        started = time.monotonic()
        with pytest.raises(ResponseTooLargeError) as caught:
            await client._call(operation(method="GET", retry_safe=True), {})
        assert time.monotonic() - started < 1
    assert caught.value.limit == (cap or 64 << 20)


def test_a_compressed_body_under_the_cap_is_inflated(servers: list[RawServer]) -> None:
    server = serve(
        servers,
        answer_all(gzip.compress(b'{"a":"' + b"x" * 5000 + b'"}'), "Content-Encoding: gzip"),
    )
    with SyncHttpClient(auth=NoAuth(), base_url=server.url, max_response_bytes=5010) as client:
        assert client._call(operation(method="GET"), {}) == {"a": "x" * 5000}


# -- 8. proxies from the environment, inside the same stacks ---------------------------------


class Proxy:
    """A tiny forward proxy: CONNECT tunnels and absolute-form requests, each logged."""

    def __init__(self, require: str | None = None) -> None:
        self.lines: list[str] = []
        self.authorizations: list[str | None] = []
        self.require = require
        self.server = RawServer(self.handle)

    def handle(self, server: RawServer, conn: socket.socket, number: int) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.lines.append(lines[0])
        found = [
            line.split(":", 1)[1].strip()
            for line in lines[1:]
            if line.lower().startswith("proxy-authorization:")
        ]
        self.authorizations.append(found[0] if found else None)
        if self.require is not None and found != [self.require]:
            conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
            return
        method, target, version = lines[0].split(" ")
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)), timeout=5)
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            first = rest
        else:  # absolute-form: http://host:port/path -> origin-form to the origin
            authority, _, path = target.removeprefix("http://").partition("/")
            host, port = authority.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)), timeout=5)
            kept = [line for line in lines[1:] if not line.lower().startswith("proxy-")]
            first = (
                "\r\n".join([f"{method} /{path} {version}", *kept]).encode() + b"\r\n\r\n" + rest
            )
        with upstream:
            if first:
                upstream.sendall(first)
            relay = threading.Thread(target=self._pump, args=(upstream, conn), daemon=True)
            relay.start()
            self._pump(conn, upstream)
            relay.join(5)

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    made = Proxy()
    yield made
    made.server.close()


def test_sync_goes_through_the_environment_proxy(
    servers: list[RawServer], proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    origin = serve(servers, bitso_verifier)
    monkeypatch.setenv("HTTP_PROXY", proxy.server.url)
    with BitsoClient(
        api_key="K", api_secret=SECRET, base_url=origin.url + "/v", max_retries=0
    ) as client:
        assert client.list_open_orders(book="btc_mxn") == []
        assert client.list_open_orders() == []
    assert len(proxy.lines) == 1, "one tunnel, kept alive"
    assert proxy.lines[0].startswith(f"CONNECT 127.0.0.1:{origin.port} HTTP/1.")
    assert [r.target for r in origin.requests] == [
        "/v/api/v3/open_orders?book=btc_mxn",
        "/v/api/v3/open_orders",
    ]


async def test_async_goes_through_the_environment_proxy(
    servers: list[RawServer], proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    origin = serve(servers, bitso_verifier)
    monkeypatch.setenv("http_proxy", proxy.server.url)
    async with AsyncBitsoClient(
        api_key="K", api_secret=SECRET, base_url=origin.url, max_retries=0
    ) as client:
        assert await client.list_open_orders(book="btc_mxn") == []
        assert await client.list_open_orders() == []
    # As the sync twin: a tunnel, so the request line is the signed origin-form target.
    assert proxy.lines == [f"CONNECT 127.0.0.1:{origin.port} HTTP/1.1"], "one tunnel, kept alive"
    assert [r.target for r in origin.requests] == [
        "/api/v3/open_orders?book=btc_mxn",
        "/api/v3/open_orders",
    ]


def test_proxy_credentials_and_no_proxy(
    servers: list[RawServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    guarded = Proxy(require="Basic dXNlcjpwQHNz")  # user:p@ss
    try:
        origin = serve(servers, bitso_verifier)
        monkeypatch.setenv("HTTP_PROXY", f"http://user:p%40ss@127.0.0.1:{guarded.server.port}")
        with BitsoClient(
            api_key="K", api_secret=SECRET, base_url=origin.url, max_retries=0
        ) as client:
            assert client.list_open_orders() == []
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        with BitsoClient(
            api_key="K", api_secret=SECRET, base_url=origin.url, max_retries=0
        ) as client:
            assert client.list_open_orders() == []
        assert (
            len(guarded.lines) == 1 and len(origin.requests) == 2
        ), "NO_PROXY: straight to the origin"
    finally:
        guarded.server.close()


def test_an_unsupported_proxy_is_refused_at_construction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "socks5://127.0.0.1:1080")
    with pytest.raises(ValueError, match="http:// proxies"):
        BitsoClient(api_key="K", api_secret=SECRET)


# -- 8. a transport you bring ----------------------------------------------------------------


class Recording:
    """A transport of one's own: answers from memory and records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.closed = False

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None,
        headers: Any,
        timeout: float,
        retry_safe: bool,
    ) -> HttpReply:
        self.calls.append(
            {
                "method": method,
                "url": url,
                "headers": dict(headers),
                "timeout": timeout,
                "retry_safe": retry_safe,
            }
        )
        return HttpReply(200, {"content-type": "application/json"}, BITSO_OK)

    def close(self) -> None:
        self.closed = True


def test_a_transport_of_ones_own() -> None:
    transport = Recording()
    with BitsoClient(
        api_key="K",
        api_secret=SECRET,
        base_url="https://api.example.com/x",
        transport=transport,
        timeout=3,
    ) as client:
        assert client.list_open_orders(book="btc_mxn") == []
    (call,) = transport.calls
    assert (
        call["method"] == "GET"
        and call["url"] == "https://api.example.com/x/api/v3/open_orders?book=btc_mxn"
    )
    assert (
        call["retry_safe"] is True
        and call["timeout"] == 3
        and call["headers"]["Authorization"].startswith("Bitso K:")
    )
    assert transport.closed


def test_a_transport_of_ones_own_is_held_to_the_cap() -> None:
    transport = Recording()
    with BitsoClient(
        api_key="K", api_secret=SECRET, transport=transport, max_response_bytes=10
    ) as client:
        with pytest.raises(ResponseTooLargeError):
            client.list_open_orders()


def test_auth_failure_is_still_typed(servers: list[RawServer]) -> None:
    server = serve(servers, bitso_verifier)
    with BitsoClient(
        api_key="K", api_secret="another secret", base_url=server.url, max_retries=0
    ) as client:
        with pytest.raises(AuthenticationError):
            client.list_open_orders()


# -- TLS: direct and through a proxy's CONNECT tunnel ----------------------------------------


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A throwaway self-signed certificate for 127.0.0.1, made by the openssl command."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_origin(
    servers: list[RawServer], tls_files: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> RawServer:
    import ssl

    from venues._runtime.transport import http as transport

    cert, key = tls_files
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    trusting = ssl.create_default_context(cafile=cert)
    monkeypatch.setattr(transport, "_ssl_context", lambda: trusting)

    def handle(server: RawServer, conn: socket.socket, number: int) -> None:
        with server_side.wrap_socket(conn, server_side=True) as tls:
            bitso_verifier(server, tls, number)

    origin = serve(servers, handle)
    origin.url = f"https://127.0.0.1:{origin.port}"
    return origin


@pytest.mark.parametrize("proxied", [False, True])
def test_tls_direct_and_through_a_tunnel(
    tls_origin: RawServer, proxy: Proxy, monkeypatch: pytest.MonkeyPatch, proxied: bool
) -> None:
    if proxied:
        monkeypatch.setenv("HTTPS_PROXY", proxy.server.url)
    with BitsoClient(
        api_key="K", api_secret=SECRET, base_url=tls_origin.url + "/t", max_retries=0
    ) as client:
        assert client.list_open_orders(book="btc_mxn") == []
        assert client.list_open_orders() == []
    assert [r.target for r in tls_origin.requests] == [
        "/t/api/v3/open_orders?book=btc_mxn",
        "/t/api/v3/open_orders",
    ]
    assert tls_origin.connections == 1, "kept alive"
    assert len(proxy.lines) == (1 if proxied else 0)


@pytest.mark.parametrize("proxied", [False, True])
async def test_async_tls_direct_and_through_a_tunnel(
    tls_origin: RawServer, proxy: Proxy, monkeypatch: pytest.MonkeyPatch, proxied: bool
) -> None:
    if proxied:
        monkeypatch.setenv("HTTPS_PROXY", proxy.server.url)
    async with AsyncBitsoClient(
        api_key="K", api_secret=SECRET, base_url=tls_origin.url, max_retries=0
    ) as client:
        assert await client.list_open_orders() == []
    assert tls_origin.requests[0].target == "/api/v3/open_orders"
    assert [line.split(" ")[0] for line in proxy.lines] == (["CONNECT"] if proxied else [])


def test_proxy_credentials_never_reach_a_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    from venues._runtime.transport import http as transport

    monkeypatch.setenv("HTTP_PROXY", "http://user:p%40ss@127.0.0.1:9")
    sync = transport.SyncTransport("http://127.0.0.1:8")
    asynchronous = transport.AsyncTransport("http://127.0.0.1:8")
    seen = repr(sync._proxy) + repr(vars(sync)) + repr(vars(asynchronous))
    for secret in ("p@ss", "p%40ss", "dXNlcjpwQHNz"):  # plain, quoted, and Basic-encoded
        assert secret not in seen
    sync.close()
