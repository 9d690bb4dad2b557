"""Synthetix WebSocket request/response clients, generated from specs/synthetix.yaml.

Synthetix's trade WebSocket API: JSON request/response frames on one connection, authenticated
once per connection and signed per request with EIP-712 typed data.

Every message is ``{"id", "method", "params"}``; replies are matched to their request by
``id``, so several calls may be in flight on one connection, and decode into the same typed
results and typed errors as over HTTP. Each connection first sends its ``auth`` message.

Docs: https://developers.synthetix.io/developer-resources/api/ws-api/trade-websocket/getOpenOrders

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from .._runtime import unified
from .._runtime.paging import aiter_pages
from .._runtime.protocols.ws_request import (
    DEFAULT_TIMEOUT,
    AsyncWebSocketRequestClient,
    SyncWebSocketRequestClient,
)
from .._runtime.secrets import Secret
from .._runtime.signing.auth import Clock, Eip712ActionAuth, system_clock_ms
from .models import OpenOrder
from .operations import ERRORS, GET_OPEN_ORDERS, WEBSOCKET_SERVERS
from .unified import to_unified

__all__ = ["AsyncSynthetixClient", "SynthetixClient"]


class AsyncSynthetixClient(AsyncWebSocketRequestClient):
    """Asyncio client for Synthetix over one authenticated WebSocket connection.

    Synthetix's trade WebSocket API: JSON request/response frames on one connection,
    authenticated once per connection and signed per request with EIP-712 typed data.

    Use as an async context manager: entering connects and sends its ``auth`` message
    (a refusal raises :class:`~venues._runtime.errors.AuthenticationError`); a dropped
    connection is re-opened, and authenticated again, by the next call.

    Args:
        sub_account_id: The subaccount identifier, a uint64 as a decimal string (e.g.
            "1867542890123456789"). Kept as a string end to end: never pass it through a float.
        private_key: The Ethereum private key that signs requests for the subaccount.
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
        sub_account_id: str,
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
            auth=Eip712ActionAuth(
                sub_account_id=sub_account_id,
                private_key=private_key,
                clock=clock,
                domain={
                    "name": "Synthetix",
                    "version": "1",
                    "chainId": 1,
                    "verifyingContract": "0x0000000000000000000000000000000000000000",
                },
                signer_credential="private_key",
                request_params={
                    "subAccountId": {"credential": "sub_account_id"},
                    "expiresAfter": {"param": "expiresAfter", "default": 0},
                },
                action_type={
                    "name": "SubAccountAction",
                    "fields": [
                        {
                            "name": "subAccountId",
                            "type": "uint256",
                            "source": {"credential": "sub_account_id"},
                        },
                        {"name": "action", "type": "string", "source": {"param": "action"}},
                        {
                            "name": "expiresAfter",
                            "type": "uint256",
                            "source": {"param": "expiresAfter", "default": 0},
                        },
                    ],
                },
                signature_param="signature",
                connection_auth={
                    "method": "auth",
                    "action": "websocket_auth",
                    "within_seconds": 30,
                    "message_encoding": "json_text",
                    "await_reply": True,
                    "type": {
                        "name": "AuthMessage",
                        "fields": [
                            {
                                "name": "subAccountId",
                                "type": "uint256",
                                "source": {"credential": "sub_account_id"},
                            },
                            {
                                "name": "timestamp",
                                "type": "uint256",
                                "source": {"clock": "milliseconds"},
                            },
                            {"name": "action", "type": "string", "source": {"param": "action"}},
                        ],
                    },
                },
            ),
            url=base_url.rstrip("/") + "/v1/ws/trade",
            venue="synthetix",
            errors=ERRORS,
            status_pointer="/status",
            user_agent=user_agent,
            timeout=timeout,
            ping_interval=ping_interval,
            max_retries=max_retries,
            deadline=deadline,
        )

    async def get_open_orders(
        self,
        *,
        symbol: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        expires_after: int | None = None,
    ) -> list[OpenOrder]:
        """Get open orders.

        Retrieve all currently open orders for the authenticated subaccount through the
        WebSocket connection. This method returns only active orders (placed, partially filled;
        not filled, cancelled or rejected), with optional filtering by symbol and pagination.

        Args:
            symbol: Filter orders by specific market symbol (e.g., "BTC-USDT").
            limit: Maximum number of orders to return (default 50, between 1 and 100). From 1 to
                100. The venue's default: 50.
            offset: Number of orders to skip for pagination (default 0, non-negative). At least 0.
                The venue's default: 0.
            expires_after: Optional expiration timestamp in milliseconds (0 = no expiry). At least 0.

        Docs: https://developers.synthetix.io/developer-resources/api/ws-api/trade-websocket/getOpenOrders
        """
        return await self._call(
            GET_OPEN_ORDERS,
            {
                "symbol": symbol,
                "limit": limit,
                "offset": offset,
                "expires_after": expires_after,
            },
        )

    async def iter_open_orders(
        self,
        *,
        symbol: str | None = None,
        limit: int | None = None,
        expires_after: int | None = None,
    ) -> AsyncIterator[OpenOrder]:
        """Every OpenOrder of ``get_open_orders``, page after page, each once.

        Requests ``limit`` items at a time from ``offset`` 0 on (``limit`` defaults to its
        maximum) until a page comes back short.

        Args:
            symbol: Filter orders by specific market symbol (e.g., "BTC-USDT").
            limit: Maximum number of orders to return (default 50, between 1 and 100). From 1 to
                100. The venue's default: 50.
            expires_after: Optional expiration timestamp in milliseconds (0 = no expiry). At least 0.
        """
        async for page in aiter_pages(
            GET_OPEN_ORDERS,
            self._call,
            {
                "symbol": symbol,
                "limit": limit,
                "expires_after": expires_after,
            },
        ):
            for item in page:
                yield item

    async def fetch_open_orders(
        self,
        *,
        symbol: str | None = None,
        expires_after: int | None = None,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``iter_open_orders``, walking every page.

        Always sent (the spec's ``unified.parameters``), so the venue does the filtering:
        ``limit=100``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        """
        orders = [
            to_unified(order)
            async for order in self.iter_open_orders(
                symbol=symbol,
                limit=100,
                expires_after=expires_after,
            )
        ]
        return unified.open_only(orders, include_closed)


class SynthetixClient(SyncWebSocketRequestClient):
    """Blocking client for Synthetix over WebSocket: runs :class:`AsyncSynthetixClient` on a
    private event loop. Use as a context manager; the arguments are those of
    :class:`AsyncSynthetixClient`.
    """

    def __init__(
        self,
        *,
        sub_account_id: str,
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
            lambda: AsyncSynthetixClient(
                sub_account_id=sub_account_id,
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

    def get_open_orders(
        self,
        *,
        symbol: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        expires_after: int | None = None,
    ) -> list[OpenOrder]:
        """Get open orders. See :meth:`AsyncSynthetixClient.get_open_orders`."""
        return self._run_sync(
            self._client_as(AsyncSynthetixClient).get_open_orders(
                symbol=symbol,
                limit=limit,
                offset=offset,
                expires_after=expires_after,
            )
        )

    def iter_open_orders(
        self,
        *,
        symbol: str | None = None,
        limit: int | None = None,
        expires_after: int | None = None,
    ) -> Iterator[OpenOrder]:
        """Requests ``limit`` items at a time from ``offset`` 0 on (``limit`` defaults to its
        maximum) until a page comes back short. See
        :meth:`AsyncSynthetixClient.iter_open_orders`.
        """
        return self._iterate(
            self._client_as(AsyncSynthetixClient).iter_open_orders(
                symbol=symbol,
                limit=limit,
                expires_after=expires_after,
            )
        )

    def fetch_open_orders(
        self,
        *,
        symbol: str | None = None,
        expires_after: int | None = None,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder``. See :meth:`AsyncSynthetixClient.fetch_open_orders`."""
        return self._run_sync(
            self._client_as(AsyncSynthetixClient).fetch_open_orders(
                symbol=symbol,
                expires_after=expires_after,
                include_closed=include_closed,
            )
        )
