"""DeriveV3 WebSocket request/response clients, generated from specs/derive_v3.yaml.

Derive's v3 JSON-RPC API, private methods authenticated with an EIP-191 signature of the current
timestamp (X-Derive* headers over HTTP, public/login over WebSocket).

Every message is ``{"id", "method", "params"}``; replies are matched to their request by
``id``, so several calls may be in flight on one connection, and decode into the same typed
results and typed errors as over HTTP. Each connection first logs in with ``public/login``.

Docs: https://github.com/derivexyz/derive-py/blob/main/specs/openapi.json

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from .._runtime import unified
from .._runtime.protocols.ws_request import (
    DEFAULT_TIMEOUT,
    AsyncWebSocketRequestClient,
    SyncWebSocketRequestClient,
)
from .._runtime.secrets import Secret
from .._runtime.signing.auth import Clock, RecipeAuth, system_clock_ms
from .models import AggregatedOrdersResult, Order
from .operations import (
    ERRORS,
    GET_ALGO_ORDERS,
    GET_OPEN_ORDERS,
    GET_TRIGGER_ORDERS,
    SIGNING,
    WEBSOCKET_LOGIN,
    WEBSOCKET_SERVERS,
)
from .unified import to_unified

__all__ = ["AsyncDeriveV3WebSocketClient", "DeriveV3WebSocketClient"]


class AsyncDeriveV3WebSocketClient(AsyncWebSocketRequestClient):
    """Asyncio client for DeriveV3 over one authenticated WebSocket connection.

    Derive's v3 JSON-RPC API, private methods authenticated with an EIP-191 signature of the
    current timestamp (X-Derive* headers over HTTP, public/login over WebSocket).

    Use as an async context manager: entering connects and logs in with ``public/login``
    (a refusal raises :class:`~venues._runtime.errors.AuthenticationError`); a dropped
    connection is re-opened, and authenticated again, by the next call.

    Args:
        wallet: The Derive wallet address (0x + 40 hex) that owns the subaccounts, sent as
            X-DeriveWallet.
        private_key: The private key that signs the timestamp: the wallet's owner key or a session key
            registered for the wallet.
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
            venue="derive_v3",
            errors=ERRORS,
            status_pointer=None,
            user_agent=user_agent,
            timeout=timeout,
            ping_interval=ping_interval,
            max_retries=max_retries,
            deadline=deadline,
        )

    async def get_open_orders(
        self,
        *,
        subaccount_id: int,
    ) -> AggregatedOrdersResult:
        """Get the open orders of a subaccount.

        Returns all currently open orders for the given subaccount. Only orders resting on the
        order book are returned: pending trigger orders are listed by get_trigger_orders and
        active algo orders by get_algo_orders.

        Args:
            subaccount_id: The subaccount whose open orders to list.

        Docs: https://github.com/derivexyz/derive-py/blob/main/specs/openapi.json
        """
        return await self._call(
            GET_OPEN_ORDERS,
            {
                "subaccount_id": subaccount_id,
            },
        )

    async def get_trigger_orders(
        self,
        *,
        subaccount_id: int,
    ) -> AggregatedOrdersResult:
        """Get the pending trigger orders of a subaccount.

        Returns all pending trigger (conditional) orders for the given subaccount that have not
        yet fired.

        Args:
            subaccount_id: The subaccount whose trigger orders to list.

        Docs: https://github.com/derivexyz/derive-py/blob/main/specs/openapi.json
        """
        return await self._call(
            GET_TRIGGER_ORDERS,
            {
                "subaccount_id": subaccount_id,
            },
        )

    async def get_algo_orders(
        self,
        *,
        subaccount_id: int,
    ) -> list[Order]:
        """Get the active algo orders of a subaccount.

        Returns all active algo orders (e.g. time-sliced execution orders) for the given
        subaccount as a flat list.

        Args:
            subaccount_id: The subaccount whose algo orders to list.

        Docs: https://github.com/derivexyz/derive-py/blob/main/specs/openapi.json
        """
        return await self._call(
            GET_ALGO_ORDERS,
            {
                "subaccount_id": subaccount_id,
            },
        )

    async def fetch_open_orders(
        self,
        *,
        subaccount_id: int,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``get_open_orders``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        """
        listed = await self.get_open_orders(
            subaccount_id=subaccount_id,
        )
        orders = [to_unified(order) for order in listed.orders]
        return unified.open_only(orders, include_closed)


class DeriveV3WebSocketClient(SyncWebSocketRequestClient):
    """Blocking client for DeriveV3 over WebSocket: runs :class:`AsyncDeriveV3WebSocketClient` on a
    private event loop. Use as a context manager; the arguments are those of
    :class:`AsyncDeriveV3WebSocketClient`.
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
            lambda: AsyncDeriveV3WebSocketClient(
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

    def get_open_orders(
        self,
        *,
        subaccount_id: int,
    ) -> AggregatedOrdersResult:
        """Get the open orders of a subaccount. See :meth:`AsyncDeriveV3WebSocketClient.get_open_orders`."""
        return self._run_sync(
            self._client_as(AsyncDeriveV3WebSocketClient).get_open_orders(
                subaccount_id=subaccount_id,
            )
        )

    def get_trigger_orders(
        self,
        *,
        subaccount_id: int,
    ) -> AggregatedOrdersResult:
        """Get the pending trigger orders of a subaccount. See :meth:`AsyncDeriveV3WebSocketClient.get_trigger_orders`."""
        return self._run_sync(
            self._client_as(AsyncDeriveV3WebSocketClient).get_trigger_orders(
                subaccount_id=subaccount_id,
            )
        )

    def get_algo_orders(
        self,
        *,
        subaccount_id: int,
    ) -> list[Order]:
        """Get the active algo orders of a subaccount. See :meth:`AsyncDeriveV3WebSocketClient.get_algo_orders`."""
        return self._run_sync(
            self._client_as(AsyncDeriveV3WebSocketClient).get_algo_orders(
                subaccount_id=subaccount_id,
            )
        )

    def fetch_open_orders(
        self,
        *,
        subaccount_id: int,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder``. See :meth:`AsyncDeriveV3WebSocketClient.fetch_open_orders`."""
        return self._run_sync(
            self._client_as(AsyncDeriveV3WebSocketClient).fetch_open_orders(
                subaccount_id=subaccount_id,
                include_closed=include_closed,
            )
        )
