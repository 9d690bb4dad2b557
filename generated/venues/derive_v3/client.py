"""DeriveV3 HTTP clients, generated from specs/derive_v3.yaml.

Derive's v3 JSON-RPC API, private methods authenticated with an EIP-191 signature of the current
timestamp (X-Derive* headers over HTTP, public/login over WebSocket).

Docs: https://github.com/derivexyz/derive-py/blob/main/specs/openapi.json

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

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
from .models import AggregatedOrdersResult, Order
from .operations import (
    GET_ALGO_ORDERS,
    GET_OPEN_ORDERS,
    GET_TRIGGER_ORDERS,
    SERVER_HEADERS,
    SERVERS,
    SIGNING,
)
from .unified import to_unified

__all__ = ["DeriveV3Client", "AsyncDeriveV3Client"]


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


class DeriveV3Client(SyncHttpClient):
    """Blocking client for DeriveV3.

    Derive's v3 JSON-RPC API, private methods authenticated with an EIP-191 signature of the
    current timestamp (X-Derive* headers over HTTP, public/login over WebSocket).

    Args:
        wallet: The Derive wallet address (0x + 40 hex) that owns the subaccounts, sent as
            X-DeriveWallet.
        private_key: The private key that signs the timestamp: the wallet's owner key or a session key
            registered for the wallet.
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

    def get_open_orders(
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
        return self._call(
            GET_OPEN_ORDERS,
            {
                "subaccount_id": subaccount_id,
            },
        )

    def get_trigger_orders(
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
        return self._call(
            GET_TRIGGER_ORDERS,
            {
                "subaccount_id": subaccount_id,
            },
        )

    def get_algo_orders(
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
        return self._call(
            GET_ALGO_ORDERS,
            {
                "subaccount_id": subaccount_id,
            },
        )

    def fetch_open_orders(
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
        listed = self.get_open_orders(
            subaccount_id=subaccount_id,
        )
        orders = [to_unified(order) for order in listed.orders]
        return unified.open_only(orders, include_closed)


class AsyncDeriveV3Client(AsyncHttpClient):
    """Asyncio client for DeriveV3.

    Derive's v3 JSON-RPC API, private methods authenticated with an EIP-191 signature of the
    current timestamp (X-Derive* headers over HTTP, public/login over WebSocket).

    Args:
        wallet: The Derive wallet address (0x + 40 hex) that owns the subaccounts, sent as
            X-DeriveWallet.
        private_key: The private key that signs the timestamp: the wallet's owner key or a session key
            registered for the wallet.
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
