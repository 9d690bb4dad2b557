"""Binance HTTP clients, generated from specs/binance.yaml.

Binance's spot REST API (SIGNED endpoints, HMAC-SHA256 keys).

Docs: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/account-endpoints#current-open-orders-user_data

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal

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

__all__ = ["BinanceClient", "AsyncBinanceClient"]


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


class BinanceClient(SyncHttpClient):
    """Blocking client for Binance.

    Binance's spot REST API (SIGNED endpoints, HMAC-SHA256 keys).

    Args:
        api_key: The API key (an HMAC key), sent as X-MBX-APIKEY.
        api_secret: The secret key paired with the API key; it signs every request.
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
        symbol: str | None = None,
        recv_window: Decimal | None = None,
    ) -> list[Order]:
        """Current open orders.

        Get all open orders on a symbol, or of every symbol when no symbol is sent (in one
        array; weight 6 with a symbol, 80 without, so be careful without one).

        Args:
            symbol: The symbol (for example LTCBTC); without it, open orders of all symbols.
            recv_window: How many milliseconds after `timestamp` the request is valid; it cannot be
                greater than 60000 and may have up to three decimal places. At most 60000. The
                venue's default: 5000.

        Docs: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/account-endpoints#current-open-orders-user_data
        """
        return self._call(
            GET_OPEN_ORDERS,
            {
                "symbol": symbol,
                "recv_window": recv_window,
            },
        )

    def fetch_open_orders(
        self,
        *,
        symbol: str | None = None,
        recv_window: Decimal | None = None,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``get_open_orders``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        """
        listed = self.get_open_orders(
            symbol=symbol,
            recv_window=recv_window,
        )
        orders = [to_unified(order) for order in listed]
        return unified.open_only(orders, include_closed)


class AsyncBinanceClient(AsyncHttpClient):
    """Asyncio client for Binance.

    Binance's spot REST API (SIGNED endpoints, HMAC-SHA256 keys).

    Args:
        api_key: The API key (an HMAC key), sent as X-MBX-APIKEY.
        api_secret: The secret key paired with the API key; it signs every request.
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
        symbol: str | None = None,
        recv_window: Decimal | None = None,
    ) -> list[Order]:
        """Current open orders.

        Get all open orders on a symbol, or of every symbol when no symbol is sent (in one
        array; weight 6 with a symbol, 80 without, so be careful without one).

        Args:
            symbol: The symbol (for example LTCBTC); without it, open orders of all symbols.
            recv_window: How many milliseconds after `timestamp` the request is valid; it cannot be
                greater than 60000 and may have up to three decimal places. At most 60000. The
                venue's default: 5000.

        Docs: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/account-endpoints#current-open-orders-user_data
        """
        return await self._call(
            GET_OPEN_ORDERS,
            {
                "symbol": symbol,
                "recv_window": recv_window,
            },
        )

    async def fetch_open_orders(
        self,
        *,
        symbol: str | None = None,
        recv_window: Decimal | None = None,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``get_open_orders``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        """
        listed = await self.get_open_orders(
            symbol=symbol,
            recv_window=recv_window,
        )
        orders = [to_unified(order) for order in listed]
        return unified.open_only(orders, include_closed)
