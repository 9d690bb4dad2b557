"""The HTTP clients that generated venue clients build on: a sync and an async twin."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import httpx

from .auth import HttpAuth
from .errors import APIConnectionError, APITimeoutError, VenueError
from .lifecycle import AsyncClosable, Closable
from .operation import Operation
from .request import HttpRequest, build_http_request
from .response import decode_http_response
from .retry import Configurable, RetryPolicy
from .transport import AsyncTransport, HttpReply, SyncTransport, TransportError, TransportTimeout

__all__ = ["SyncHttpClient", "AsyncHttpClient", "DEFAULT_TIMEOUT"]

T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0
logger = logging.getLogger("venues.http")


def _uses_proxy(base_url: str) -> bool:
    """Whether the environment routes ``base_url`` through a proxy (``HTTPS_PROXY`` ...,
    minus ``NO_PROXY``). Our lean transport speaks to the origin directly, so such clients
    get httpx, which honours those settings, exactly as before."""
    parts = urlsplit(base_url)
    proxies = getproxies()
    if not (proxies.get(parts.scheme) or proxies.get("all")):
        return False
    return not proxy_bypass(parts.netloc)


class _HttpClientBase(Configurable):
    def __init__(
        self,
        *,
        auth: HttpAuth,
        base_url: str,
        timeout: float,
        max_retries: int,
        deadline: float | None,
    ) -> None:
        self._auth = auth
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry_policy = RetryPolicy(max_retries=max_retries, deadline=deadline)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self._auth!r})"

    def _signed_request(self, op: Operation[Any], args: Mapping[str, Any]) -> HttpRequest:
        request = build_http_request(op, args)
        self._auth.sign(request, op)
        return request

    @staticmethod
    def _log(request: HttpRequest, status: int, started: float) -> None:
        # The path only: the query may carry a token on some venues; headers never logged.
        logger.debug(
            "%s %s -> %d in %.1f ms",
            request.method,
            request.path,
            status,
            (time.perf_counter() - started) * 1000,
        )

    def _transport_error(
        self, op: Operation[Any], exc: httpx.HTTPError | TransportError
    ) -> VenueError:
        if isinstance(exc, TransportError):
            reason = str(exc)
        else:
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if isinstance(exc, (httpx.TimeoutException, TransportTimeout)):
            return APITimeoutError(f"timed out ({reason})", venue=op.venue, operation=op.name)
        return APIConnectionError(reason, venue=op.venue, operation=op.name)

class SyncHttpClient(Closable, _HttpClientBase):
    """Blocking client; one connection pool per instance. Use as a context manager."""

    def __init__(
        self,
        *,
        auth: HttpAuth,
        base_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            auth=auth, base_url=base_url, timeout=timeout, max_retries=max_retries, deadline=deadline
        )
        # Our own keep-alive transport unless the caller brings an httpx client (proxies ...).
        self._http: httpx.Client | SyncTransport
        if http_client is not None:
            self._http = http_client
        elif _uses_proxy(self.base_url):
            self._http = httpx.Client(timeout=timeout)  # honours the proxy settings, as before
        else:
            self._http = SyncTransport(self.base_url, timeout)

    def close(self) -> None:
        self._http.close()

    def _call(self, op: Operation[T], args: Mapping[str, Any]) -> T:
        def attempt(left: float | None) -> T:
            request = self._signed_request(op, args)  # signed afresh on every attempt
            timeout = self.timeout if left is None else min(self.timeout, left)
            started = time.perf_counter()
            http = self._http
            try:
                if isinstance(http, SyncTransport):
                    reply = http.request(
                        request.method, request.target, request.body or None, request.headers, timeout
                    )
                else:
                    response = http.request(
                        request.method,
                        self.base_url + request.target,
                        content=request.body or None,
                        headers=request.headers,
                        timeout=timeout,
                    )
                    reply = HttpReply(response.status_code, response.headers, response.content)
            except (httpx.HTTPError, TransportError) as exc:
                raise self._transport_error(op, exc) from exc
            self._log(request, reply.status, started)
            return decode_http_response(op, reply.status, reply.headers, reply.content)

        return self.retry_policy.call(op, attempt)


class AsyncHttpClient(AsyncClosable, _HttpClientBase):
    """Asyncio client; one connection pool per instance. Use as an async context manager."""

    def __init__(
        self,
        *,
        auth: HttpAuth,
        base_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            auth=auth, base_url=base_url, timeout=timeout, max_retries=max_retries, deadline=deadline
        )
        self._http: httpx.AsyncClient | AsyncTransport
        if http_client is not None:
            self._http = http_client
        elif _uses_proxy(self.base_url):
            self._http = httpx.AsyncClient(timeout=timeout)  # honours the proxy settings
        else:
            self._http = AsyncTransport(self.base_url, timeout)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _call(self, op: Operation[T], args: Mapping[str, Any]) -> T:
        async def attempt(left: float | None) -> T:
            request = self._signed_request(op, args)  # signed afresh on every attempt
            timeout = self.timeout if left is None else min(self.timeout, left)
            started = time.perf_counter()
            http = self._http
            try:
                if isinstance(http, AsyncTransport):
                    reply = await http.request(
                        request.method, request.target, request.body or None, request.headers, timeout
                    )
                else:
                    response = await http.request(
                        request.method,
                        self.base_url + request.target,
                        content=request.body or None,
                        headers=request.headers,
                        timeout=timeout,
                    )
                    reply = HttpReply(response.status_code, response.headers, response.content)
            except (httpx.HTTPError, TransportError) as exc:
                raise self._transport_error(op, exc) from exc
            self._log(request, reply.status, started)
            return decode_http_response(op, reply.status, reply.headers, reply.content)

        return await self.retry_policy.acall(op, attempt)
