"""The HTTP client: error classification, retries signed afresh, timeouts, secrets."""

from __future__ import annotations

import logging
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from venues._runtime.decoding.response import retry_after
from venues._runtime.errors import (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    RequestValidationError,
    ServerError,
)
from venues.bitso import AsyncBitsoClient, BitsoClient

SECRET = "bitso_test_secret"
OK = {"success": True, "payload": []}


def client(server: HTTPServer, **options: object) -> BitsoClient:
    return BitsoClient(api_key="K", api_secret=SECRET, base_url=server.url_for("/"), **options)  # type: ignore[arg-type]


def test_retries_transient_failures_with_a_fresh_signature(httpserver: HTTPServer) -> None:
    seen: list[str] = []
    replies = iter([Response("busy", status=503), Response("{}", status=429, headers={"Retry-After": "0"}), Response('{"success":true,"payload":[]}')])

    def handler(request: Request) -> Response:
        seen.append(request.headers["Authorization"])
        return next(replies)

    httpserver.expect_request("/api/v3/open_orders").respond_with_handler(handler)
    with client(httpserver, max_retries=2) as c:
        c.retry_policy = type(c.retry_policy)(max_retries=2, initial_delay=0.01)
        assert c.list_open_orders() == []
    assert len(seen) == 3 and len(set(seen)) == 3, "each attempt carries its own nonce and signature"


def test_final_failure_lists_every_attempt(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v3/open_orders").respond_with_data("down", status=503)
    with client(httpserver, max_retries=2) as c:
        c.retry_policy = type(c.retry_policy)(max_retries=2, initial_delay=0.01)
        with pytest.raises(ServerError) as caught:
            c.list_open_orders()
    error = caught.value
    assert len(error.previous_attempts) == 2
    assert "failed after 3 attempts" in "".join(getattr(error, "__notes__", []))
    assert error.raw_body == b"down" and error.status_code == 503


def test_bad_request_is_not_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/api/v3/open_orders").respond_with_json({"success": False, "error": {"code": "0301", "message": "x"}}, status=400)
    with client(httpserver, max_retries=3) as c, pytest.raises(Exception) as caught:
        c.list_open_orders()
    assert type(caught.value).__name__ == "BadRequestError"
    assert len(httpserver.log) == 1


def test_rate_limit_keeps_retry_after(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v3/open_orders").respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    with client(httpserver, max_retries=0) as c, pytest.raises(RateLimitError) as caught:
        c.list_open_orders()
    assert caught.value.retry_after == 7.0


def test_retry_after_http_date() -> None:
    assert retry_after({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    assert retry_after({"retry-after": "2.5"}) == 2.5
    assert retry_after({}) is None
    assert retry_after({"Retry-After": "soon"}) is None


def test_read_timeout_is_typed(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.5)
        return Response('{"success":true,"payload":[]}')

    httpserver.expect_request("/api/v3/open_orders").respond_with_handler(slow)
    with client(httpserver, max_retries=0, timeout=0.1) as c, pytest.raises(APITimeoutError) as caught:
        c.list_open_orders()
    assert caught.value.venue == "bitso" and caught.value.operation == "list_open_orders"


def test_connection_refused_is_typed() -> None:
    with BitsoClient(api_key="K", api_secret=SECRET, base_url="http://127.0.0.1:9", max_retries=0) as c:
        with pytest.raises(APIConnectionError):
            c.list_open_orders()


def test_invalid_argument_sends_nothing(httpserver: HTTPServer) -> None:
    with client(httpserver) as c, pytest.raises(RequestValidationError):
        c.list_open_orders(limit=0)
    assert httpserver.log == []


async def test_async_twin(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v3/open_orders", query_string="book=btc_mxn").respond_with_json(OK)
    async with AsyncBitsoClient(api_key="K", api_secret=SECRET, base_url=httpserver.url_for("/")) as c:
        assert await c.list_open_orders(book="btc_mxn") == []


def test_secret_never_in_repr_logs_or_errors(httpserver: HTTPServer, caplog: pytest.LogCaptureFixture) -> None:
    httpserver.expect_request("/api/v3/open_orders").respond_with_data("<html>oops</html>", status=500)
    caplog.set_level(logging.DEBUG)
    with client(httpserver, max_retries=1) as c:
        c.retry_policy = type(c.retry_policy)(max_retries=1, initial_delay=0.01)
        with pytest.raises(ServerError) as caught:
            c.list_open_orders()
        text = repr(c) + str(caught.value) + repr(caught.value) + "".join(getattr(caught.value, "__notes__", []))
    text += caplog.text
    assert SECRET not in text
    assert "oops" in str(caught.value), "the error shows what the venue said"


def test_deadline_bounds_the_whole_call(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v3/open_orders").respond_with_data("down", status=503)
    with client(httpserver, max_retries=50) as c:
        quick = c.with_options(deadline=0.6)
        quick.retry_policy = type(quick.retry_policy)(max_retries=50, initial_delay=0.1, deadline=0.6)
        started = time.monotonic()
        with pytest.raises(Exception) as caught:
            quick.list_open_orders()
        elapsed = time.monotonic() - started
    assert elapsed < 5, "the deadline stops the retries long before 50 attempts"
    assert len(caught.value.previous_attempts) >= 1  # type: ignore[attr-defined]
    assert "attempts" in "".join(getattr(caught.value, "__notes__", []))


async def test_async_deadline_cuts_a_slow_attempt(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response('{"success":true,"payload":[]}')

    httpserver.expect_request("/api/v3/open_orders").respond_with_handler(slow)
    async with AsyncBitsoClient(
        api_key="K", api_secret=SECRET, base_url=httpserver.url_for("/"), timeout=30, deadline=0.3
    ) as c:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="deadline"):
            await c.list_open_orders()
        assert time.monotonic() - started < 0.9


def test_with_options_overrides_per_call_and_shares_the_pool(httpserver: HTTPServer) -> None:
    calls: list[str] = []

    def down(request: Request) -> Response:
        calls.append(request.path)
        return Response("down", status=503)

    httpserver.expect_request("/api/v3/open_orders").respond_with_handler(down)
    with client(httpserver, max_retries=0) as c:
        patient = c.with_options(max_retries=1, timeout=2.0)
        assert patient.retry_policy.max_retries == 1 and patient.timeout == 2.0
        assert c.retry_policy.max_retries == 0 and c.timeout != 2.0, "the original is unchanged"
        assert patient._http is c._http
        with pytest.raises(ServerError):
            c.list_open_orders()
        assert len(calls) == 1


async def test_async_nonces_are_unique_under_concurrency(httpserver: HTTPServer) -> None:
    import asyncio

    nonces: list[str] = []

    def handler(request: Request) -> Response:
        nonces.append(request.headers["Authorization"].split(":")[1])
        return Response('{"success":true,"payload":[]}')

    httpserver.expect_request("/api/v3/open_orders").respond_with_handler(handler)
    async with AsyncBitsoClient(
        api_key="K", api_secret=SECRET, base_url=httpserver.url_for("/"), clock=lambda: 1700000000000
    ) as c:
        await asyncio.gather(*(c.list_open_orders() for _ in range(40)))
    assert len(nonces) == 40 and len(set(nonces)) == 40
    # Bitso's salted form: the clock's 13 digits, then 6 digits of salt.
    assert all(len(n) == 19 and n.startswith("1700000000000") for n in nonces)
