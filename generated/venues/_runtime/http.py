"""The HTTP clients that generated venue clients build on: a sync and an async twin."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from .auth import HttpAuth
from .errors import APIConnectionError, APITimeoutError, VenueError
from .operation import Operation
from .request import HttpRequest, build_http_request
from .response import decode_http_response
from .retry import RetryPolicy

__all__ = ["SyncHttpClient", "AsyncHttpClient", "DEFAULT_TIMEOUT"]

T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0
logger = logging.getLogger("venues.http")


class _HttpClientBase:
    def __init__(
        self,
        *,
        auth: HttpAuth,
        base_url: str,
        timeout: float,
        max_retries: int,
    ) -> None:
        self._auth = auth
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry_policy = RetryPolicy(max_retries=max_retries)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self._auth!r})"

    def _signed_request(self, op: Operation[Any], args: Mapping[str, Any]) -> HttpRequest:
        request = build_http_request(op, args)
        self._auth.sign(request, op)
        return request

    def _transport_error(self, op: Operation[Any], exc: httpx.HTTPError) -> VenueError:
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(f"timed out ({reason})", venue=op.venue, operation=op.name)
        return APIConnectionError(reason, venue=op.venue, operation=op.name)

    def _retry(self, op: Operation[Any], error: VenueError, attempt: int, failures: list[VenueError]) -> float | None:
        """Seconds to wait before retrying, or None when ``error`` is final."""
        if not (op.retry_safe and self.retry_policy.should_retry(error, attempt)):
            if failures:
                error.previous_attempts = failures
                error.add_note(
                    f"failed after {len(failures) + 1} attempts: "
                    + "; ".join(f"#{i + 1} {type(e).__name__}: {e.detail}" for i, e in enumerate(failures))
                )
            return None
        failures.append(error)
        delay = self.retry_policy.delay(error, attempt)
        logger.info("%s.%s attempt %d failed (%s); retrying in %.2fs", op.venue, op.name, attempt + 1, type(error).__name__, delay)
        return delay


class SyncHttpClient(_HttpClientBase):
    """Blocking client; one connection pool per instance. Use as a context manager."""

    def __init__(
        self,
        *,
        auth: HttpAuth,
        base_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(auth=auth, base_url=base_url, timeout=timeout, max_retries=max_retries)
        self._http = http_client or httpx.Client(timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _call(self, op: Operation[T], args: Mapping[str, Any]) -> T:
        failures: list[VenueError] = []
        attempt = 0
        while True:
            request = self._signed_request(op, args)  # signed afresh on every attempt
            try:
                started = time.perf_counter()
                try:
                    response = self._http.request(
                        request.method,
                        self.base_url + request.target,
                        content=request.body or None,
                        headers=request.headers,
                    )
                except httpx.HTTPError as exc:
                    raise self._transport_error(op, exc) from exc
                logger.debug(
                    "%s %s -> %d in %.1f ms",
                    request.method,
                    request.path,
                    response.status_code,
                    (time.perf_counter() - started) * 1000,
                )
                return decode_http_response(
                    op, response.status_code, response.headers, response.content
                )
            except VenueError as error:
                delay = self._retry(op, error, attempt, failures)
                if delay is None:
                    raise
                time.sleep(delay)
                attempt += 1


class AsyncHttpClient(_HttpClientBase):
    """Asyncio client; one connection pool per instance. Use as an async context manager."""

    def __init__(
        self,
        *,
        auth: HttpAuth,
        base_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(auth=auth, base_url=base_url, timeout=timeout, max_retries=max_retries)
        self._http = http_client or httpx.AsyncClient(timeout=timeout)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _call(self, op: Operation[T], args: Mapping[str, Any]) -> T:
        failures: list[VenueError] = []
        attempt = 0
        while True:
            request = self._signed_request(op, args)
            try:
                started = time.perf_counter()
                try:
                    response = await self._http.request(
                        request.method,
                        self.base_url + request.target,
                        content=request.body or None,
                        headers=request.headers,
                    )
                except httpx.HTTPError as exc:
                    raise self._transport_error(op, exc) from exc
                logger.debug(
                    "%s %s -> %d in %.1f ms",
                    request.method,
                    request.path,
                    response.status_code,
                    (time.perf_counter() - started) * 1000,
                )
                return decode_http_response(
                    op, response.status_code, response.headers, response.content
                )
            except VenueError as error:
                delay = self._retry(op, error, attempt, failures)
                if delay is None:
                    raise
                await asyncio.sleep(delay)
                attempt += 1
