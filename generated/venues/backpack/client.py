"""Backpack HTTP clients, generated from specs/backpack.yaml.

Backpack Exchange's REST API (private endpoints, ED25519 signed).

Docs: https://docs.backpack.exchange/

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
from .models import Order
from .operations import GET_OPEN_ORDERS, SERVER_HEADERS, SERVERS, SIGNING
from .unified import to_unified

__all__ = ["BackpackClient", "AsyncBackpackClient"]


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


class BackpackClient(SyncHttpClient):
    """Blocking client for Backpack.

    Backpack Exchange's REST API (private endpoints, ED25519 signed).

    Args:
        api_key: Base64 of the 32-byte ED25519 public key (sent as X-API-Key).
        api_secret: Base64 of the 32-byte ED25519 seed that signs requests.
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

    def get_open_orders(
        self,
        *,
        market_type: Literal["SPOT", "PERP"] | None = None,
        symbol: str | None = None,
    ) -> list[Order]:
        """Get open orders.

        Retrieves all open orders. If a symbol is provided, only open orders for that market
        will be returned, otherwise all open orders are returned.

        Args:
            market_type: The market for the orders (SPOT or PERP). One of 'SPOT', 'PERP'.
            symbol: The symbol of the market for the orders.

        Docs: https://docs.backpack.exchange/#tag/Order/operation/get_open_orders
        """
        return self._call(
            GET_OPEN_ORDERS,
            {
                "market_type": market_type,
                "symbol": symbol,
            },
        )

    def fetch_open_orders(
        self,
        *,
        market_type: Literal["SPOT", "PERP"] | None = None,
        symbol: str | None = None,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``get_open_orders``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        """
        listed = self.get_open_orders(
            market_type=market_type,
            symbol=symbol,
        )
        orders = [to_unified(order) for order in listed]
        return unified.open_only(orders, include_closed)


class AsyncBackpackClient(AsyncHttpClient):
    """Asyncio client for Backpack.

    Backpack Exchange's REST API (private endpoints, ED25519 signed).

    Args:
        api_key: Base64 of the 32-byte ED25519 public key (sent as X-API-Key).
        api_secret: Base64 of the 32-byte ED25519 seed that signs requests.
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

    async def get_open_orders(
        self,
        *,
        market_type: Literal["SPOT", "PERP"] | None = None,
        symbol: str | None = None,
    ) -> list[Order]:
        """Get open orders.

        Retrieves all open orders. If a symbol is provided, only open orders for that market
        will be returned, otherwise all open orders are returned.

        Args:
            market_type: The market for the orders (SPOT or PERP). One of 'SPOT', 'PERP'.
            symbol: The symbol of the market for the orders.

        Docs: https://docs.backpack.exchange/#tag/Order/operation/get_open_orders
        """
        return await self._call(
            GET_OPEN_ORDERS,
            {
                "market_type": market_type,
                "symbol": symbol,
            },
        )

    async def fetch_open_orders(
        self,
        *,
        market_type: Literal["SPOT", "PERP"] | None = None,
        symbol: str | None = None,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``get_open_orders``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        """
        listed = await self.get_open_orders(
            market_type=market_type,
            symbol=symbol,
        )
        orders = [to_unified(order) for order in listed]
        return unified.open_only(orders, include_closed)
