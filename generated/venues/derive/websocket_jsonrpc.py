"""Derive WebSocket request/response clients, generated from specs/derive.yaml.

Derive's v2 JSON-RPC API (formerly Lyra), private methods authenticated with an EIP-191
signature of the current timestamp, callable over HTTP or WebSocket.

Every message is ``{"id", "method", "params"}``; replies are matched to their request by
``id``, so several calls may be in flight on one connection, and decode into the same typed
results and typed errors as over HTTP. Each connection first logs in with ``public/login``.

Docs: https://docs.derive.xyz/reference/private-get_orders

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Literal

from .._runtime import unified
from .._runtime.paging import aiter_pages
from .._runtime.protocols.ws_request import (
    DEFAULT_TIMEOUT,
    AsyncWebSocketRequestClient,
    SyncWebSocketRequestClient,
)
from .._runtime.secrets import Secret
from .._runtime.signing.auth import Clock, RecipeAuth, system_clock_ms
from .models import GetOrdersResult, Order
from .operations import ERRORS, GET_ORDERS, SIGNING, WEBSOCKET_LOGIN, WEBSOCKET_SERVERS
from .unified import to_unified

__all__ = ["AsyncDeriveWebSocketClient", "DeriveWebSocketClient"]


class AsyncDeriveWebSocketClient(AsyncWebSocketRequestClient):
    """Asyncio client for Derive over one authenticated WebSocket connection.

    Derive's v2 JSON-RPC API (formerly Lyra), private methods authenticated with an EIP-191
    signature of the current timestamp, callable over HTTP or WebSocket.

    Use as an async context manager: entering connects and logs in with ``public/login``
    (a refusal raises :class:`~venues._runtime.errors.AuthenticationError`); a dropped
    connection is re-opened, and authenticated again, by the next call.

    Args:
        wallet: The Derive smart-contract wallet address (0x + 40 hex) that owns the subaccounts.
            This is not the address of the owner key or of a session key.
        private_key: The private key that signs the timestamp: the wallet's owner key or a session key
            registered for the wallet (read_only permission or higher for this method).
        base_url: The server; one of ``WEBSOCKET_SERVERS`` (default ``production``).
        timeout: Seconds to wait for the connection to open and for each reply.
        max_retries: Retries of retry-safe operations after a transient failure.
        deadline: Seconds a whole call may take, every attempt and wait included (no limit
            by default; ``with_options`` changes it, and the other two, for some calls).
        ping_interval: Seconds between keep-alive pings, or None for none.
        user_agent: The ``User-Agent`` sent when connecting (default: venues-python/<version>).
        clock: Milliseconds since the epoch, for signatures (injectable for tests).
    """

    def __init__(
        self,
        *,
        wallet: str,
        private_key: str | Secret,
        base_url: str = WEBSOCKET_SERVERS["production"],
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        ping_interval: float | None = 20.0,
        user_agent: str | None = None,
        clock: Clock = system_clock_ms,
    ) -> None:
        super().__init__(
            auth=RecipeAuth(
                SIGNING,
                api_key=wallet,
                secret=private_key,
                clock=clock,
                websocket_login=WEBSOCKET_LOGIN,
            ),
            url=base_url,
            venue="derive",
            errors=ERRORS,
            status_pointer=None,
            user_agent=user_agent,
            timeout=timeout,
            ping_interval=ping_interval,
            max_retries=max_retries,
            deadline=deadline,
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


class DeriveWebSocketClient(SyncWebSocketRequestClient):
    """Blocking client for Derive over WebSocket: runs :class:`AsyncDeriveWebSocketClient` on a
    private event loop. Use as a context manager; the arguments are those of
    :class:`AsyncDeriveWebSocketClient`.
    """

    def __init__(
        self,
        *,
        wallet: str,
        private_key: str | Secret,
        base_url: str = WEBSOCKET_SERVERS["production"],
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        ping_interval: float | None = 20.0,
        user_agent: str | None = None,
        clock: Clock = system_clock_ms,
    ) -> None:
        super().__init__(
            lambda: AsyncDeriveWebSocketClient(
                wallet=wallet,
                private_key=private_key,
                base_url=base_url,
                timeout=timeout,
                max_retries=max_retries,
                deadline=deadline,
                ping_interval=ping_interval,
                user_agent=user_agent,
                clock=clock,
            )
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
        """Get orders for a subaccount. See :meth:`AsyncDeriveWebSocketClient.get_orders`."""
        return self._run_sync(
            self._client_as(AsyncDeriveWebSocketClient).get_orders(
                subaccount_id=subaccount_id,
                instrument_name=instrument_name,
                label=label,
                page=page,
                page_size=page_size,
                status=status,
            )
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
        """Requests page 1, 2, ... (``page``) up to the number of pages the reply reports
        (``/pagination/num_pages``); a page past the end, which some venues answer with the last
        page again, never repeats an item. See
        :meth:`AsyncDeriveWebSocketClient.iter_orders`.
        """
        return self._iterate(
            self._client_as(AsyncDeriveWebSocketClient).iter_orders(
                subaccount_id=subaccount_id,
                instrument_name=instrument_name,
                label=label,
                page_size=page_size,
                status=status,
            )
        )

    def fetch_open_orders(
        self,
        *,
        subaccount_id: int,
        instrument_name: str | None = None,
        label: str | None = None,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder``. See :meth:`AsyncDeriveWebSocketClient.fetch_open_orders`."""
        return self._run_sync(
            self._client_as(AsyncDeriveWebSocketClient).fetch_open_orders(
                subaccount_id=subaccount_id,
                instrument_name=instrument_name,
                label=label,
                include_closed=include_closed,
            )
        )
