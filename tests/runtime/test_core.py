"""The client core shared by every transport: ``with_options`` copies share the original's
connections, so closing a copy (``close()``, ``aclose()``, the end of its ``with`` block)
leaves them open for the original, and closing the original closes them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
import yaml
from contract_support import FIXTURES
from websockets.asyncio.server import ServerConnection, serve

from venues._runtime.core import AsyncClient, CallSettings, SyncClient
from venues._runtime.operation import ErrorRules
from venues._runtime.protocols.http import AsyncHttpClient, SyncHttpClient
from venues._runtime.protocols.signalr import SignalRStreamClient
from venues._runtime.protocols.ws_request import (
    AsyncWebSocketRequestClient,
    SyncWebSocketRequestClient,
)
from venues._runtime.transport.http import HttpReply
from venues.b2trader import AsyncB2TraderClient
from venues.bitso import AsyncBitsoClient, BitsoClient

OK = HttpReply(200, {"Content-Type": "application/json"}, b'{"success": true, "payload": []}')


class Recording:
    """An HTTP transport (the ``transport=`` interface) that answers every request with an
    empty order list and counts its requests and closes."""

    def __init__(self) -> None:
        self.requests = 0
        self.closed = 0

    def request(self, method: str, url: str, **options: Any) -> HttpReply:
        if self.closed:
            raise AssertionError("a request on a closed transport")
        self.requests += 1
        return OK

    def close(self) -> None:
        self.closed += 1


class AsyncRecording(Recording):
    async def request(self, method: str, url: str, **options: Any) -> HttpReply:  # type: ignore[override]
        return super().request(method, url, **options)

    async def aclose(self) -> None:
        self.close()


def test_every_client_base_is_the_core() -> None:
    for cls in (SyncHttpClient, SyncWebSocketRequestClient):
        assert issubclass(cls, SyncClient)
    for cls in (AsyncHttpClient, AsyncWebSocketRequestClient, SignalRStreamClient):
        assert issubclass(cls, AsyncClient) and issubclass(cls, CallSettings)


def test_closing_a_sync_http_copy_leaves_the_connections_open() -> None:
    transport = Recording()
    with BitsoClient(api_key="K", api_secret="S", transport=transport) as client:
        with client.with_options(timeout=1.0) as copy:
            copy.list_open_orders()
        copy.close()
        assert transport.closed == 0
        client.list_open_orders()  # the original still sends
        assert transport.requests == 2
    assert transport.closed == 1


async def test_closing_an_async_http_copy_leaves_the_connections_open() -> None:
    transport = AsyncRecording()
    async with AsyncBitsoClient(api_key="K", api_secret="S", transport=transport) as client:
        async with client.with_options(max_retries=0) as copy:
            await copy.list_open_orders()
        await copy.aclose()
        assert transport.closed == 0
        await client.list_open_orders()
        assert transport.requests == 2
    assert transport.closed == 1


class NoSigner:
    def sign_params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return dict(params)

    def connection_message(self) -> dict[str, Any] | None:
        return None

    @property
    def connection_awaits_reply(self) -> bool:
        return False


async def test_closing_a_websocket_copy_leaves_the_connection_open() -> None:
    connections = 0

    async def handler(ws: ServerConnection) -> None:
        nonlocal connections
        connections += 1
        async for _ in ws:
            pass

    async with serve(handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        client = AsyncWebSocketRequestClient(
            auth=NoSigner(),
            url=f"ws://127.0.0.1:{port}/ws",
            venue="test",
            errors=ErrorRules(error="/error"),
            timeout=2.0,
        )
        async with client:
            async with client.with_options(timeout=0.5) as copy:
                assert copy.connected
            await copy.aclose()
            await copy.close()
            assert client.connected and copy.connected
        assert not client.connected
    assert connections == 1


async def test_closing_a_signalr_copy_leaves_the_streams_open() -> None:
    fixture = yaml.safe_load((FIXTURES / "b2trader" / "_venue.yaml").read_text(encoding="utf-8"))
    client = AsyncB2TraderClient(**fixture["credentials"], base_url="ws://127.0.0.1:9")
    copy = client.with_options(deadline=1.0)
    async with copy:
        pass
    await copy.aclose()
    assert not client._state.closed
    await client.aclose()
    assert client._state.closed


@pytest.mark.parametrize("cls", [SyncHttpClient, AsyncHttpClient])
def test_with_options_changes_only_what_it_is_given(cls: type[Any]) -> None:
    client = cls(
        auth=NoAuth(), base_url="http://127.0.0.1:9", timeout=3.0, max_retries=4, deadline=7.0
    )
    assert client.with_options().retry_policy == client.retry_policy
    copy = client.with_options(deadline=1.0)
    assert (copy.timeout, copy.retry_policy.max_retries, copy.retry_policy.deadline) == (
        3.0,
        4,
        1.0,
    )
    assert client.retry_policy.deadline == 7.0 and not client._borrowed and copy._borrowed


class NoAuth:
    def sign(self, request: Any, op: Any) -> None:
        pass
