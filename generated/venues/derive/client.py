"""Derive HTTP clients, generated from specs/derive.yaml.

Derive's v2 JSON-RPC API (formerly Lyra), private methods authenticated with an EIP-191
signature of the current timestamp, callable over HTTP or WebSocket.

Docs: https://docs.derive.xyz/reference/private-get_orders

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Literal

from .._runtime import unified
from .._runtime.paging import aiter_pages, iter_pages
from .._runtime.protocols.http import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    AsyncHttpClient,
    SyncHttpClient,
)
from .._runtime.secrets import Secret
from .._runtime.signing.auth import Clock, RecipeAuth, system_clock_ms
from .._runtime.transport.http import AsyncHttpTransport, SyncHttpTransport
from .models import GetOrdersResult, Order
from .operations import GET_ORDERS, SERVER_HEADERS, SERVERS, SIGNING
from .unified import to_unified

__all__ = ["DeriveClient", "AsyncDeriveClient"]


def _auth(
    wallet: str,
    private_key: str | Secret,
    clock: Clock,
) -> RecipeAuth:
    return RecipeAuth(
        SIGNING,
        api_key=wallet,
        secret=private_key,
        clock=clock,
    )


class DeriveClient(SyncHttpClient):
    """Blocking client for Derive.

    Derive's v2 JSON-RPC API (formerly Lyra), private methods authenticated with an EIP-191
    signature of the current timestamp, callable over HTTP or WebSocket.

    Args:
        wallet: The Derive smart-contract wallet address (0x + 40 hex) that owns the subaccounts.
            This is not the address of the owner key or of a session key.
        private_key: The private key that signs the timestamp: the wallet's owner key or a session key
            registered for the wallet (read_only permission or higher for this method).
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
        wallet: str,
        private_key: str | Secret,
        base_url: str = SERVERS["production"],
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        clock: Clock = system_clock_ms,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        transport: SyncHttpTransport | None = None,
    ) -> None:
        super().__init__(
            auth=_auth(wallet, private_key, clock),
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            max_response_bytes=max_response_bytes,
            transport=transport,
            headers=SERVER_HEADERS.get(base_url.rstrip("/")),
        )

    def get_orders(
        self,
        *,
        subaccount_id: int,
        instrument_name: str | None = None,
        label: str | None = None,
        page: int | None = None,
        page_size: int | None = None,
        status: Literal["open", "filled", "cancelled", "expired", "untriggered"] | None = None,
    ) -> GetOrdersResult:
        """Get orders for a subaccount.

        Get orders for a subaccount, with optional filtering. Required minimum session key
        permission level is read_only.

        Args:
            subaccount_id: Subaccount_id for which to get open orders.
            instrument_name: Filter by instrument name.
            label: Filter by label.
            page: Page number of results to return (default 1, returns last if above num_pages).
                At least 1. The venue's default: 1.
            page_size: Number of results per page (default 100, max 1000). From 1 to 1000. The venue's
                default: 100.
            status: Filter by order status. One of 'open', 'filled', 'cancelled', 'expired',
                'untriggered'.

        Docs: https://docs.derive.xyz/reference/private-get_orders
        """
        return self._call(
            GET_ORDERS,
            {
                "subaccount_id": subaccount_id,
                "instrument_name": instrument_name,
                "label": label,
                "page": page,
                "page_size": page_size,
                "status": status,
            },
        )

    def iter_orders(
        self,
        *,
        subaccount_id: int,
        instrument_name: str | None = None,
        label: str | None = None,
        page_size: int | None = None,
        status: Literal["open", "filled", "cancelled", "expired", "untriggered"] | None = None,
    ) -> Iterator[Order]:
        """Every Order of ``get_orders``, page after page, each once.

        Requests page 1, 2, ... (``page``) up to the number of pages the reply reports
        (``/pagination/num_pages``); a page past the end, which some venues answer with the last
        page again, never repeats an item.

        Args:
            subaccount_id: Subaccount_id for which to get open orders.
            instrument_name: Filter by instrument name.
            label: Filter by label.
            page_size: Number of results per page (default 100, max 1000). From 1 to 1000. The venue's
                default: 100.
            status: Filter by order status. One of 'open', 'filled', 'cancelled', 'expired',
                'untriggered'.
        """
        for page in iter_pages(
            GET_ORDERS,
            self._call,
            {
                "subaccount_id": subaccount_id,
                "instrument_name": instrument_name,
                "label": label,
                "page_size": page_size,
                "status": status,
            },
        ):
            yield from page.orders

    def fetch_open_orders(
        self,
        *,
        subaccount_id: int,
        instrument_name: str | None = None,
        label: str | None = None,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``iter_orders``, walking every page.

        Always sent (the spec's ``unified.parameters``), so the venue does the filtering:
        ``page_size=1000``; one listing per ``status`` in ``('open', 'untriggered')``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        """
        orders = [
            to_unified(order)
            for status in ("open", "untriggered")
            for order in self.iter_orders(
                subaccount_id=subaccount_id,
                instrument_name=instrument_name,
                label=label,
                page_size=1000,
                status=status,
            )
        ]
        orders = unified.each_once(orders)
        return unified.open_only(orders, include_closed)


class AsyncDeriveClient(AsyncHttpClient):
    """Asyncio client for Derive.

    Derive's v2 JSON-RPC API (formerly Lyra), private methods authenticated with an EIP-191
    signature of the current timestamp, callable over HTTP or WebSocket.

    Args:
        wallet: The Derive smart-contract wallet address (0x + 40 hex) that owns the subaccounts.
            This is not the address of the owner key or of a session key.
        private_key: The private key that signs the timestamp: the wallet's owner key or a session key
            registered for the wallet (read_only permission or higher for this method).
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
        wallet: str,
        private_key: str | Secret,
        base_url: str = SERVERS["production"],
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        clock: Clock = system_clock_ms,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        transport: AsyncHttpTransport | None = None,
    ) -> None:
        super().__init__(
            auth=_auth(wallet, private_key, clock),
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            max_response_bytes=max_response_bytes,
            transport=transport,
            headers=SERVER_HEADERS.get(base_url.rstrip("/")),
        )

    async def get_orders(
        self,
        *,
        subaccount_id: int,
        instrument_name: str | None = None,
        label: str | None = None,
        page: int | None = None,
        page_size: int | None = None,
        status: Literal["open", "filled", "cancelled", "expired", "untriggered"] | None = None,
    ) -> GetOrdersResult:
        """Get orders for a subaccount.

        Get orders for a subaccount, with optional filtering. Required minimum session key
        permission level is read_only.

        Args:
            subaccount_id: Subaccount_id for which to get open orders.
            instrument_name: Filter by instrument name.
            label: Filter by label.
            page: Page number of results to return (default 1, returns last if above num_pages).
                At least 1. The venue's default: 1.
            page_size: Number of results per page (default 100, max 1000). From 1 to 1000. The venue's
                default: 100.
            status: Filter by order status. One of 'open', 'filled', 'cancelled', 'expired',
                'untriggered'.

        Docs: https://docs.derive.xyz/reference/private-get_orders
        """
        return await self._call(
            GET_ORDERS,
            {
                "subaccount_id": subaccount_id,
                "instrument_name": instrument_name,
                "label": label,
                "page": page,
                "page_size": page_size,
                "status": status,
            },
        )

    async def iter_orders(
        self,
        *,
        subaccount_id: int,
        instrument_name: str | None = None,
        label: str | None = None,
        page_size: int | None = None,
        status: Literal["open", "filled", "cancelled", "expired", "untriggered"] | None = None,
    ) -> AsyncIterator[Order]:
        """Every Order of ``get_orders``, page after page, each once.

        Requests page 1, 2, ... (``page``) up to the number of pages the reply reports
        (``/pagination/num_pages``); a page past the end, which some venues answer with the last
        page again, never repeats an item.

        Args:
            subaccount_id: Subaccount_id for which to get open orders.
            instrument_name: Filter by instrument name.
            label: Filter by label.
            page_size: Number of results per page (default 100, max 1000). From 1 to 1000. The venue's
                default: 100.
            status: Filter by order status. One of 'open', 'filled', 'cancelled', 'expired',
                'untriggered'.
        """
        async for page in aiter_pages(
            GET_ORDERS,
            self._call,
            {
                "subaccount_id": subaccount_id,
                "instrument_name": instrument_name,
                "label": label,
                "page_size": page_size,
                "status": status,
            },
        ):
            for item in page.orders:
                yield item

    async def fetch_open_orders(
        self,
        *,
        subaccount_id: int,
        instrument_name: str | None = None,
        label: str | None = None,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``iter_orders``, walking every page.

        Always sent (the spec's ``unified.parameters``), so the venue does the filtering:
        ``page_size=1000``; one listing per ``status`` in ``('open', 'untriggered')``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        """
        orders = [
            to_unified(order)
            for status in ("open", "untriggered")
            async for order in self.iter_orders(
                subaccount_id=subaccount_id,
                instrument_name=instrument_name,
                label=label,
                page_size=1000,
                status=status,
            )
        ]
        orders = unified.each_once(orders)
        return unified.open_only(orders, include_closed)
