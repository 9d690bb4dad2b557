"""B2Trader SignalR streams, generated from specs/b2trader.yaml.

B2BROKER's B2TRADER platform, run white-label by brokers under their own host. Private data
streams over ASP.NET Core SignalR (JSON hub protocol on a WebSocket), authenticated with the
trader's access token in the query string.

Docs: https://api-docs.b2trader.b2broker.com/websocket-api

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

from .._runtime import unified
from .._runtime.protocols.signalr import (
    DEFAULT_PING_INTERVAL,
    DEFAULT_SERVER_TIMEOUT,
    DEFAULT_TIMEOUT,
    ReconnectPolicy,
    SignalRStreamClient,
    Snapshot,
    server_url,
)
from .._runtime.signing.token_auth import AccessTokenQueryAuth, TokenSource
from .models import OpenOrder
from .operations import STREAM_OPEN_ORDERS, WEBSOCKET_SERVERS
from .unified import to_unified

__all__ = ["AsyncB2TraderClient", "Snapshot", "ReconnectPolicy"]


class AsyncB2TraderClient(SignalRStreamClient):
    """Asyncio client for the B2Trader streams (SignalR, JSON hub protocol).

    B2BROKER's B2TRADER platform, run white-label by brokers under their own host. Private data
    streams over ASP.NET Core SignalR (JSON hub protocol on a WebSocket), authenticated with the
    trader's access token in the query string.

    One WebSocket per hub, opened on the first subscription with a fresh token and shared
    by every stream; use as an async context manager (or call ``aclose()``). A dropped
    connection is reopened with backoff and the streams resubscribed: the first snapshot
    after that has ``resumed=True``. A close that allows no reconnect ends the streams with
    ``ServerClosedError``; a completion with an error raises the error it carries. When
    ``reconnect.max_attempts`` connections in a row fail (cannot open, or end before a
    snapshot) the streams end with ``ReconnectLimitError``; a message larger than the client
    accepts ends them with ``MessageTooLargeError`` (the client closed with 1009: not retried).

    Args:
        access_token: The trader's JWT access token, obtained from the broker's client portal. It expires,
            so it may also be given as a function returning a fresh token for each connection.
        host: The broker's platform host (white-label, per broker). Required unless ``base_url`` is given;
            a bare host (and port) gets ``wss://``, and a ``ws://`` or ``wss://`` URL keeps its
            own scheme (``ws://127.0.0.1:8080`` for a local test server).
        base_url: A full base URL instead (``wss://...``; ``ws://`` for a local test server).
        timeout: Seconds to wait for the connection to open, for the handshake's answer and,
            in one-shot calls, for the first snapshot.
        max_retries: Retries of a call whose connection failed or timed out before its first
            snapshot (a running stream reconnects by ``reconnect`` instead).
        deadline: Seconds a one-shot call may take, every attempt and wait included; for a
            stream, the time it may take to open.
        ping_interval: Seconds between the client's pings.
        server_timeout: Seconds of silence after which the connection counts as lost.
        reconnect: Backoff and failure budget for reopening a lost connection.
    """

    def __init__(
        self,
        *,
        access_token: TokenSource,
        host: str | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        ping_interval: float = DEFAULT_PING_INTERVAL,
        server_timeout: float = DEFAULT_SERVER_TIMEOUT,
        reconnect: ReconnectPolicy | None = None,
    ) -> None:
        super().__init__(
            auth=AccessTokenQueryAuth(
                access_token=access_token,
                query_param="access_token",
            ),
            base_url=server_url(
                WEBSOCKET_SERVERS["broker"],
                {
                    "host": host,
                },
                base_url,
            ),
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            ping_interval=ping_interval,
            server_timeout=server_timeout,
            reconnect=reconnect,
        )

    def stream_open_orders(
        self,
        *,
        account_id: str,
    ) -> AsyncGenerator[Snapshot[OpenOrder], None]:
        """Stream open orders.

        Subscribe to an account's open orders. Each stream item carries the account's open
        orders as a complete list (a snapshot), not a change.

        Iterate with ``async for``; leaving the loop cancels the subscription (wrap the
        call in ``contextlib.aclosing`` to have that happen at once, not when the generator
        is collected). Hub: ``/frontoffice/ws/v4/account``, stream ``OpenOrders``.

        Args:
            account_id: The trading account's identifier (accountId), as a string.

        Docs: https://api-docs.b2trader.b2broker.com/websocket-api
        """
        return self._stream(
            STREAM_OPEN_ORDERS,
            {
                "account_id": account_id,
            },
            protocol="json",
            version=1,
        )

    async def get_open_orders(
        self,
        *,
        account_id: str,
    ) -> Snapshot[OpenOrder]:
        """The first snapshot of ``stream_open_orders``; unsubscribes right after it.

        Stream open orders. No snapshot within ``timeout`` (a server that only
        pings) is an ``APITimeoutError``, retried like a failed connection; ``deadline``
        bounds the whole call.

        Args:
            account_id: The trading account's identifier (accountId), as a string.

        Docs: https://api-docs.b2trader.b2broker.com/websocket-api
        """
        return await self._first(
            STREAM_OPEN_ORDERS,
            {
                "account_id": account_id,
            },
            protocol="json",
            version=1,
        )

    async def fetch_open_orders(
        self,
        *,
        account_id: str,
        include_closed: bool = False,
    ) -> list[unified.OpenOrder]:
        """Every open order as a unified ``OpenOrder`` (``venues._runtime.unified``), from
        ``get_open_orders``.

        Orders the venue lists as filled, cancelled, expired or rejected are left out unless
        ``include_closed``.
        """
        listed = await self.get_open_orders(
            account_id=account_id,
        )
        orders = [to_unified(order) for order in listed]
        return unified.open_only(orders, include_closed)
