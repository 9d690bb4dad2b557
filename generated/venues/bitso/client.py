"""Bitso HTTP clients, generated from specs/bitso.yaml.

Bitso's REST API v3 (private endpoints, HMAC-SHA256 signed).

Docs: https://docs.bitso.com/bitso-api/docs/list-open-orders

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from typing import Literal

from .._runtime import unified
from .._runtime.protocols.http import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    AsyncHttpClient,
    SyncHttpClient,
)
from .._runtime.secrets import Secret
from .._runtime.signing.auth import Clock, RecipeAuth, system_clock_ms
from .._runtime.transport.http import AsyncHttpTransport, SyncHttpTransport
from .models import OpenOrder
from .operations import LIST_OPEN_ORDERS, SERVER_HEADERS, SERVERS, SIGNING
from .unified import to_unified

__all__ = ["BitsoClient", "AsyncBitsoClient"]


def _auth(
    api_key: str,
    api_secret: str | Secret,
    clock: Clock,
) -> RecipeAuth:
    return RecipeAuth(
        SIGNING,
        api_key=api_key,
        secret=api_secret,
        clock=clock,
    )


class BitsoClient(SyncHttpClient):
    """Blocking client for Bitso.

    Bitso's REST API v3 (private endpoints, HMAC-SHA256 signed).

    Args:
        api_key: The API key shown in Bitso's API settings.
        api_secret: The API secret paired with the key.
        base_url: The server to talk to; one of ``SERVERS`` (default ``production``).
        timeout: Seconds one attempt may take: connecting, sending and reading the whole
            reply.
        max_retries: Retries of retry-safe operations after a transient failure.
        deadline: Seconds a whole call may take, every attempt and wait included (no limit
            by default; ``with_options`` changes it for some calls).
        clock: Milliseconds since the epoch, for signatures (injectable for tests).
        max_response_bytes: The largest reply body accepted, as sent and once inflated;
            a larger one raises ``ResponseTooLargeError``.
        transport: An HTTP transport to send through instead of the built-in one: any
            object shaped like ``venues._runtime.transport.http.SyncHttpTransport``
            (the built-in one already honours ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY``).
    """

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str | Secret,
        base_url: str = SERVERS["production"],
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        clock: Clock = system_clock_ms,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        transport: SyncHttpTransport | None = None,
    ) -> None:
        super().__init__(
            auth=_auth(api_key, api_secret, clock),
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            max_response_bytes=max_response_bytes,
            transport=transport,
            headers=SERVER_HEADERS.get(base_url.rstrip("/")),
        )

    def list_open_orders(
        self,
        *,
        book: str | None = None,
        currency: str | None = None,
        limit: int | None = None,
        source: Literal["alpha", "all"] | None = None,
    ) -> list[OpenOrder]:
        """List open orders.

        Retrieves a list of your open orders: the complete list, or filtered by book or by
        currency.

        Args:
            book: Specifies the book to search (for example btc_mxn). The venue's default: 'all'.
            currency: Specifies the currency by which to filter the orders (minor or major).
            limit: Sets a limit to the amount of results obtained from the result set. At least 1.
                The venue's default: 500.
            source: Sets a filter on the type of orders returned. If set to alpha, retail orders are
                excluded from the response. One of 'alpha', 'all'. The venue's default: 'all'.

        Docs: https://docs.bitso.com/bitso-api/docs/list-open-orders
        """
        return self._call(
            LIST_OPEN_ORDERS,
            {
                "book": book,
                "currency": currency,
                "limit": limit,
                "source": source,
            },
        )

    def fetch_open_orders(
        self,
        *,
        book: str | None = None,
        currency: str | None = None,
        source: Literal["alpha", "all"] | None = None,
        allow_truncated: bool = False,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``list_open_orders``.

        Always sent (the spec's ``unified.parameters``), so the venue does the filtering:
        ``limit=500``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        The listing has no paging: a reply holding ``limit=500`` orders may have left
        some out, so this raises ``TruncatedResultError`` (with the orders received) unless
        ``allow_truncated``.
        """
        listed = self.list_open_orders(
            book=book,
            currency=currency,
            limit=500,
            source=source,
        )
        orders = [to_unified(order) for order in listed]
        unified.refuse_truncated(
            orders,
            listed,
            venue="bitso",
            operation="list_open_orders",
            parameter="limit",
            limit=500,
            allow_truncated=allow_truncated,
        )
        return unified.open_only(orders, include_closed)


class AsyncBitsoClient(AsyncHttpClient):
    """Asyncio client for Bitso.

    Bitso's REST API v3 (private endpoints, HMAC-SHA256 signed).

    Args:
        api_key: The API key shown in Bitso's API settings.
        api_secret: The API secret paired with the key.
        base_url: The server to talk to; one of ``SERVERS`` (default ``production``).
        timeout: Seconds one attempt may take: connecting, sending and reading the whole
            reply.
        max_retries: Retries of retry-safe operations after a transient failure.
        deadline: Seconds a whole call may take, every attempt and wait included (no limit
            by default; ``with_options`` changes it for some calls).
        clock: Milliseconds since the epoch, for signatures (injectable for tests).
        max_response_bytes: The largest reply body accepted, as sent and once inflated;
            a larger one raises ``ResponseTooLargeError``.
        transport: An HTTP transport to send through instead of the built-in one: any
            object shaped like ``venues._runtime.transport.http.AsyncHttpTransport``
            (the built-in one already honours ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY``).
    """

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str | Secret,
        base_url: str = SERVERS["production"],
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        clock: Clock = system_clock_ms,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        transport: AsyncHttpTransport | None = None,
    ) -> None:
        super().__init__(
            auth=_auth(api_key, api_secret, clock),
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            max_response_bytes=max_response_bytes,
            transport=transport,
            headers=SERVER_HEADERS.get(base_url.rstrip("/")),
        )

    async def list_open_orders(
        self,
        *,
        book: str | None = None,
        currency: str | None = None,
        limit: int | None = None,
        source: Literal["alpha", "all"] | None = None,
    ) -> list[OpenOrder]:
        """List open orders.

        Retrieves a list of your open orders: the complete list, or filtered by book or by
        currency.

        Args:
            book: Specifies the book to search (for example btc_mxn). The venue's default: 'all'.
            currency: Specifies the currency by which to filter the orders (minor or major).
            limit: Sets a limit to the amount of results obtained from the result set. At least 1.
                The venue's default: 500.
            source: Sets a filter on the type of orders returned. If set to alpha, retail orders are
                excluded from the response. One of 'alpha', 'all'. The venue's default: 'all'.

        Docs: https://docs.bitso.com/bitso-api/docs/list-open-orders
        """
        return await self._call(
            LIST_OPEN_ORDERS,
            {
                "book": book,
                "currency": currency,
                "limit": limit,
                "source": source,
            },
        )

    async def fetch_open_orders(
        self,
        *,
        book: str | None = None,
        currency: str | None = None,
        source: Literal["alpha", "all"] | None = None,
        allow_truncated: bool = False,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``list_open_orders``.

        Always sent (the spec's ``unified.parameters``), so the venue does the filtering:
        ``limit=500``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        The listing has no paging: a reply holding ``limit=500`` orders may have left
        some out, so this raises ``TruncatedResultError`` (with the orders received) unless
        ``allow_truncated``.
        """
        listed = await self.list_open_orders(
            book=book,
            currency=currency,
            limit=500,
            source=source,
        )
        orders = [to_unified(order) for order in listed]
        unified.refuse_truncated(
            orders,
            listed,
            venue="bitso",
            operation="list_open_orders",
            parameter="limit",
            limit=500,
            allow_truncated=allow_truncated,
        )
        return unified.open_only(orders, include_closed)
