"""The HTTP clients that generated venue clients build on: a sync and an async twin.

Each sends through a transport (runtime/transport/http.py): the built-in socket or asyncio
one by default, or any object with the same small interface passed as ``transport=``.

Thread and task safety: a client may be shared by threads (sync) or tasks (async). When the
auth scheme's nonces must reach the venue in increasing order (``nonces_in_order``), the
client signs and sends one request at a time, so that a nonce drawn later never reaches the
venue first; schemes whose nonces may arrive in any order (or that sign a timestamp) run
requests in parallel.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from ..core import AsyncClient, CallSettings, SyncClient
from ..decoding.response import decode_http_response
from ..errors import (
    APIConnectionError,
    APITimeoutError,
    ResponseTooLargeError,
    VenueError,
)
from ..operation import Operation
from ..request import HttpRequest, build_http_request
from ..signing.auth import HttpAuth
from ..transport.http import (
    DEFAULT_MAX_RESPONSE_BYTES,
    AsyncHttpTransport,
    AsyncTransport,
    HttpReply,
    ResponseTooLarge,
    SyncHttpTransport,
    SyncTransport,
    TransportError,
    TransportTimeout,
    failure_reason,
)

__all__ = ["SyncHttpClient", "AsyncHttpClient", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RESPONSE_BYTES"]

T = TypeVar("T")
TransportT = TypeVar("TransportT", SyncHttpTransport, AsyncHttpTransport)
LockT = TypeVar("LockT", threading.Lock, asyncio.Lock)

DEFAULT_TIMEOUT = 10.0
logger = logging.getLogger("venues.http")


class _HttpClientBase(CallSettings, Generic[TransportT, LockT]):
    """What the sync and async HTTP clients share: the constructor, signing, decoding."""

    def __init__(
        self,
        *,
        auth: HttpAuth,
        base_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        transport: TransportT | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._auth = auth
        # Sent on every request (the server's constant headers); an operation's win.
        self._headers = dict(headers or {})
        self.base_url = base_url.rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"the base URL must be http(s)://host[:port][/path], not {base_url!r}")
        # The origin goes to the transport; the path is the prefix of every request path,
        # and so part of what is signed (what is signed is what is sent).
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self._prefix = parts.path
        self._init_settings(timeout=timeout, max_retries=max_retries, deadline=deadline)
        self.max_response_bytes = max_response_bytes
        self._http: TransportT = (
            transport if transport is not None else self._built_in_transport()
        )
        self._send_lock: LockT | None = self._new_lock() if _ordered(auth) else None

    def _built_in_transport(self) -> TransportT:
        raise NotImplementedError

    def _new_lock(self) -> LockT:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self._auth!r})"

    def _signed_request(self, op: Operation[Any], args: Mapping[str, Any]) -> HttpRequest:
        request = build_http_request(op, args, prefix=self._prefix)
        if self._headers:
            request.headers = {**self._headers, **request.headers}
        self._auth.sign(request, op)
        return request

    def _decode(
        self, op: Operation[T], request: HttpRequest, reply: HttpReply, started: float
    ) -> T:
        if len(reply.content) > self.max_response_bytes:  # a transport brought by the caller
            raise ResponseTooLargeError(
                f"the reply body is larger than max_response_bytes={self.max_response_bytes}",
                venue=op.venue,
                operation=op.name,
                status_code=reply.status,
                headers=reply.headers,
                limit=self.max_response_bytes,
            )
        # The path only: the query may carry a token on some venues; headers never logged.
        if logger.isEnabledFor(logging.DEBUG):  # no arguments built on every call
            logger.debug(
                "%s %s -> %d in %.1f ms",
                request.method,
                request.path,
                reply.status,
                (time.perf_counter() - started) * 1000,
            )
        return decode_http_response(op, reply.status, reply.headers, reply.content)

    @staticmethod
    def _transport_error(op: Operation[Any], exc: BaseException) -> VenueError:
        if isinstance(exc, ResponseTooLarge):
            return ResponseTooLargeError(
                str(exc),
                venue=op.venue,
                operation=op.name,
                status_code=exc.status,
                headers=exc.headers,
                limit=exc.limit,
            )
        reason = str(exc) if isinstance(exc, TransportError) else failure_reason(exc)
        if isinstance(exc, (TransportTimeout, TimeoutError)):
            return APITimeoutError(f"timed out ({reason})", venue=op.venue, operation=op.name)
        return APIConnectionError(reason, venue=op.venue, operation=op.name)


def _ordered(auth: HttpAuth) -> bool:
    # Only nonce-based schemes declare it; timestamp and wallet schemes need no ordering.
    return bool(getattr(auth, "nonces_in_order", False))


class SyncHttpClient(SyncClient, _HttpClientBase[SyncHttpTransport, threading.Lock]):
    """Blocking client; one connection pool per instance. Use as a context manager."""

    def _built_in_transport(self) -> SyncHttpTransport:
        return SyncTransport(self._origin, max_response_bytes=self.max_response_bytes)

    def _new_lock(self) -> threading.Lock:
        return threading.Lock()

    def _close(self) -> None:
        self._http.close()

    def _send(
        self, op: Operation[Any], args: Mapping[str, Any], timeout: float
    ) -> tuple[HttpRequest, HttpReply]:
        request = self._signed_request(op, args)  # signed afresh on every attempt
        reply = self._http.request(
            request.method,
            self._origin + request.target,
            body=request.body or None,
            headers=request.headers,
            timeout=timeout,
            retry_safe=op.retry_safe,
        )
        return request, reply

    def _call(self, op: Operation[T], args: Mapping[str, Any]) -> T:
        def attempt(left: float | None) -> T:
            timeout = self.timeout if left is None else min(self.timeout, left)
            started = time.perf_counter()
            lock = self._send_lock
            try:
                if lock is None:
                    request, reply = self._send(op, args, timeout)
                else:
                    # The nonce is drawn inside the lock and the reply awaited before the next
                    # one is drawn: a server reading several connections could otherwise see
                    # a later nonce first and refuse the earlier one.
                    if not lock.acquire(timeout=timeout):
                        raise TransportTimeout("waited the whole timeout behind earlier requests")
                    try:
                        left_now = timeout - (time.perf_counter() - started)
                        request, reply = self._send(op, args, max(left_now, 0.001))
                    finally:
                        lock.release()
            except (TransportError, OSError) as exc:
                raise self._transport_error(op, exc) from exc
            return self._decode(op, request, reply, started)

        return self.retry_policy.call(op, attempt)


class AsyncHttpClient(AsyncClient, _HttpClientBase[AsyncHttpTransport, asyncio.Lock]):
    """Asyncio client; one connection pool per instance. Use as an async context manager."""

    def _built_in_transport(self) -> AsyncHttpTransport:
        return AsyncTransport(self._origin, max_response_bytes=self.max_response_bytes)

    def _new_lock(self) -> asyncio.Lock:
        return asyncio.Lock()

    async def _aclose(self) -> None:
        await self._http.aclose()

    async def _send(
        self, op: Operation[Any], args: Mapping[str, Any], timeout: float
    ) -> tuple[HttpRequest, HttpReply]:
        request = self._signed_request(op, args)  # signed afresh on every attempt
        reply = await self._http.request(
            request.method,
            self._origin + request.target,
            body=request.body or None,
            headers=request.headers,
            timeout=timeout,
            retry_safe=op.retry_safe,
        )
        return request, reply

    async def _call(self, op: Operation[T], args: Mapping[str, Any]) -> T:
        async def attempt(left: float | None) -> T:
            timeout = self.timeout if left is None else min(self.timeout, left)
            started = time.perf_counter()
            lock = self._send_lock
            try:
                if lock is None:
                    request, reply = await self._send(op, args, timeout)
                else:
                    # As in the sync twin: tasks interleave between signing and sending.
                    try:
                        await asyncio.wait_for(lock.acquire(), timeout)
                    except TimeoutError:
                        raise TransportTimeout(
                            "waited the whole timeout behind earlier requests"
                        ) from None
                    try:
                        left_now = timeout - (time.perf_counter() - started)
                        request, reply = await self._send(op, args, max(left_now, 0.001))
                    finally:
                        lock.release()
            except (TransportError, OSError) as exc:
                raise self._transport_error(op, exc) from exc
            return self._decode(op, request, reply, started)

        return await self.retry_policy.acall(op, attempt)
