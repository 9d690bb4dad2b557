"""AsyncWebSocketRequestClient / SyncWebSocketRequestClient against a local websockets server
(127.0.0.1, random port), with a fake signer: venue-independent behaviour of the runtime."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve

from venues._runtime.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    RateLimitError,
    RequestValidationError,
)
from venues._runtime.operation import Envelope, ErrorRules, Operation, Pagination, Param
from venues._runtime.paging import async_iterate_pages
from venues._runtime.protocols.ws_request import (
    AsyncWebSocketRequestClient,
    SyncWebSocketRequestClient,
    default_user_agent,
    frame_status,
)

ERRORS = ErrorRules(error="/error", rate_limit_codes=frozenset({"429"}))
OP: Operation[list[int]] = Operation(
    venue="test",
    name="get_items",
    transport="websocket_request",
    websocket_path="/ws",
    method="post",
    fixed_params={"action": "getItems"},
    params=(
        Param("limit", "limit", "params", "integer", minimum=1, maximum=3),
        Param("offset", "offset", "params", "integer", minimum=0),
    ),
    response_type=list[int],
    envelope=Envelope(payload="/result", success_pointer="/status", success_equals=200),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(kind="limit_offset", limit_param="limit", offset_param="offset"),
)
Handler = Callable[[ServerConnection], Awaitable[None]]


class FakeSigner:
    def __init__(self, *, hello: dict[str, Any] | None = None, await_reply: bool = True) -> None:
        self.hello = hello
        self.await_reply = await_reply

    def sign_params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return {**params, "signature": "signed"}

    def connection_message(self) -> dict[str, Any] | None:
        return None if self.hello is None else dict(self.hello)

    @property
    def connection_awaits_reply(self) -> bool:
        return self.await_reply


@asynccontextmanager
async def server(handler: Handler) -> AsyncIterator[str]:
    async with serve(handler, "127.0.0.1", 0) as srv:
        port = next(iter(srv.sockets)).getsockname()[1]
        yield f"ws://127.0.0.1:{port}/ws"


def client(url: str, signer: FakeSigner | None = None, **options: Any) -> AsyncWebSocketRequestClient:
    return AsyncWebSocketRequestClient(
        auth=signer or FakeSigner(),
        url=url,
        venue="test",
        errors=ERRORS,
        status_pointer="/status",
        **({"timeout": 2.0, "max_retries": 0} | options),
    )


ITEMS = list(range(7))


async def items_server(ws: ServerConnection, seen: list[dict[str, Any]]) -> None:
    async for raw in ws:
        frame = json.loads(raw)
        seen.append(frame)
        params = frame.get("params", {})
        if frame.get("method") == "hello":
            await ws.send(json.dumps({"id": frame.get("id"), "status": 200}))
            continue
        window = ITEMS[params["offset"] : params["offset"] + params["limit"]] if "limit" in params else ITEMS
        await ws.send(json.dumps({"id": frame["id"], "status": 200, "result": window}))


def test_frame_status() -> None:
    assert frame_status("/status", {"status": 429}) == 429
    assert frame_status("/status", {"status": "429"}) is None
    assert frame_status("/status", {"status": True}) is None
    assert frame_status(None, {"status": 200}) is None


def test_default_user_agent_names_the_library_and_venue() -> None:
    agent = default_user_agent("synthetix")
    assert agent.startswith("venues-python/") and "(synthetix; Python 3." in agent


async def test_signed_request_frame_and_user_agent() -> None:
    seen: list[dict[str, Any]] = []
    agents: list[str | None] = []

    async def handler(ws: ServerConnection) -> None:
        agents.append(ws.request.headers.get("User-Agent") if ws.request else None)
        await items_server(ws, seen)

    async with server(handler) as url, client(url, user_agent="ua-test/1") as c:
        result = await c._call(OP, {"limit": 2, "offset": 1})
    assert result == [1, 2]
    assert agents == ["ua-test/1"]
    frame = seen[0]
    assert list(frame) == ["id", "method", "params"]
    assert frame["params"] == {"action": "getItems", "limit": 2, "offset": 1, "signature": "signed"}


async def test_limit_offset_pages_through_the_runtime() -> None:
    seen: list[dict[str, Any]] = []

    async def handler(ws: ServerConnection) -> None:
        await items_server(ws, seen)

    async with server(handler) as url, client(url) as c:
        items = [i async for i in async_iterate_pages(c._call, OP, {"limit": 3})]
    assert items == ITEMS
    assert [f["params"]["offset"] for f in seen] == [0, 3, 6]


async def test_invalid_arguments_are_refused_before_connecting() -> None:
    c = client("ws://127.0.0.1:9/never")
    with pytest.raises(RequestValidationError) as caught:
        await c._call(OP, {"limit": 4})
    assert caught.value.parameter == "limit"
    assert not c.connected


async def test_connection_message_sent_without_waiting() -> None:
    seen: list[dict[str, Any]] = []

    async def handler(ws: ServerConnection) -> None:
        await items_server(ws, seen)

    signer = FakeSigner(hello={"method": "hello", "params": {}}, await_reply=False)
    async with server(handler) as url, client(url, signer) as c:
        assert await c._call(OP, {}) == ITEMS
    assert seen[0] == {"method": "hello", "params": {}}  # no id: nothing awaited


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ({"status": 400, "error": {"code": 400, "message": "bad auth"}}, AuthenticationError),
        ({"status": 429, "error": {"code": 429, "message": "slow down"}}, RateLimitError),
        ({"status": 403}, AuthenticationError),
    ],
)
async def test_refused_connection_message(reply: dict[str, Any], expected: type[Exception]) -> None:
    async def handler(ws: ServerConnection) -> None:
        frame = json.loads(await ws.recv())
        await ws.send(json.dumps({"id": frame["id"], **reply}))
        await ws.wait_closed()

    signer = FakeSigner(hello={"method": "hello", "params": {}})
    async with server(handler) as url:
        c = client(url, signer)
        with pytest.raises(expected) as caught:
            await c.connect()
        assert caught.value.operation == "connect"  # type: ignore[attr-defined]
        assert not c.connected


async def test_error_reply_keeps_the_frame_status() -> None:
    async def handler(ws: ServerConnection) -> None:
        async for raw in ws:
            frame = json.loads(raw)
            await ws.send(json.dumps({"id": frame["id"], "status": 404, "error": {"code": 7, "message": "no"}}))

    async with server(handler) as url, client(url) as c:
        with pytest.raises(BadRequestError) as caught:
            await c._call(OP, {})
    assert caught.value.status_code == 404 and caught.value.code == 7


async def test_unreachable_server() -> None:
    async with server(lambda ws: ws.wait_closed()) as url:
        pass  # the port is closed again
    with pytest.raises(APIConnectionError):
        await client(url)._call(OP, {})


async def test_sync_client_runs_on_its_own_loop() -> None:
    seen: list[dict[str, Any]] = []

    async def handler(ws: ServerConnection) -> None:
        await items_server(ws, seen)

    async with server(handler) as url:

        def blocking() -> tuple[list[int], list[int]]:
            with SyncWebSocketRequestClient(lambda: client(url)) as sync:
                client_ = sync._client_as(AsyncWebSocketRequestClient)
                one = sync._run_sync(client_._call(OP, {"limit": 1, "offset": 0}))
                call = sync._client_as(AsyncWebSocketRequestClient)._call
                every = list(sync._iterate(async_iterate_pages(call, OP, {"limit": 2})))
                pages = sync._iterate(async_iterate_pages(call, OP, {"limit": 2}))
                first = next(pages)
                pages.close()  # stopping early closes the async generator on the client's loop
                assert first == 0
            sync.close()  # closing twice is harmless
            with pytest.raises(RuntimeError):
                sync.connect()
            return one, every

        one, every = await asyncio.to_thread(blocking)
    assert one == [0] and every == ITEMS


# -- per-call settings: with_options, timeout, deadline ------------------------------------


async def silent_after_hello(ws: ServerConnection) -> None:
    """Answers the connection message, then never replies (but keeps the connection)."""
    async for raw in ws:
        frame = json.loads(raw)
        if frame.get("method") == "hello":
            await ws.send(json.dumps({"id": frame.get("id"), "status": 200}))


async def test_with_options_timeout_applies_to_calls_on_the_open_connection() -> None:
    connections = 0

    async def handler(ws: ServerConnection) -> None:
        nonlocal connections
        connections += 1
        await silent_after_hello(ws)

    signer = FakeSigner(hello={"method": "hello", "params": {}})
    async with server(handler) as url, client(url, signer, timeout=5.0) as c:
        quick = c.with_options(timeout=0.2)
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(APITimeoutError, match=r"within 0\.2s"):
            await quick._call(OP, {})  # before: the connection's 5 s applied
        assert loop.time() - started < 2.0
        assert c.timeout == 5.0 and quick.connected and c.connected
        started = loop.time()
        with pytest.raises(APITimeoutError, match="deadline"):
            await c.with_options(deadline=0.3, max_retries=4)._call(OP, {})
        assert loop.time() - started < 2.0
    assert connections == 1  # every copy used the client's one connection


async def test_a_copy_that_reconnects_leaves_no_stale_connection_behind() -> None:
    connections = 0

    async def handler(ws: ServerConnection) -> None:
        nonlocal connections
        connections += 1
        await items_server(ws, [])

    async with server(handler) as url, client(url) as c:
        copy_ = c.with_options(max_retries=1)
        assert await copy_._call(OP, {"limit": 1, "offset": 0}) == [0]
        await c.close()  # drops the shared connection
        assert await copy_._call(OP, {"limit": 1, "offset": 1}) == [1]  # reconnects
        assert c.connected  # ...for the original too
        assert await c._call(OP, {"limit": 1, "offset": 2}) == [2]
    assert connections == 2


async def test_sync_with_options_shares_the_loop_and_the_connection() -> None:
    connections = 0

    async def handler(ws: ServerConnection) -> None:
        nonlocal connections
        connections += 1
        async for raw in ws:
            frame = json.loads(raw)
            if frame["params"].get("limit") == 3:
                continue  # never answered
            await ws.send(json.dumps({"id": frame["id"], "status": 200, "result": [1]}))

    async with server(handler) as url:

        def blocking() -> float:
            with SyncWebSocketRequestClient(lambda: client(url, timeout=5.0)) as sync:
                quick = sync.with_options(timeout=0.2, max_retries=0)
                assert quick.timeout == 0.2 and sync.timeout == 5.0
                started = time.monotonic()
                with pytest.raises(APITimeoutError):
                    quick._run_sync(quick._client._call(OP, {"limit": 3}))
                elapsed = time.monotonic() - started
                quick.close()  # a copy: the original stays usable
                assert sync._run_sync(sync._client._call(OP, {"limit": 1})) == [1]
                assert sync.with_options(deadline=1.5).retry_policy.deadline == 1.5
            return elapsed

        elapsed = await asyncio.to_thread(blocking)
    assert elapsed < 2.0 and connections == 1


async def test_a_success_reply_is_decoded_once_typed_from_its_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reader routes a reply on its id alone and the call decodes the raw text straight
    into the result type: no untyped document is built on the way (issue 15: it was
    decoded twice). An error reply still takes the general path, with its status."""
    import venues._runtime.decoding.response as response
    import venues._runtime.protocols.ws_rpc as ws_rpc

    documents: list[str] = []
    real = response.decode_json

    def counting(raw: bytes | str) -> Any:
        documents.append(raw if isinstance(raw, str) else raw.decode())
        return real(raw)

    monkeypatch.setattr(response, "decode_json", counting)
    monkeypatch.setattr(ws_rpc, "decode_json", counting)

    async def handler(ws: ServerConnection) -> None:
        async for raw in ws:
            frame = json.loads(raw)
            if frame["params"].get("limit") == 3:
                reply = {"id": frame["id"], "status": 429, "error": {"code": 429, "message": "slow"}}
            else:
                reply = {"id": frame["id"], "status": 200, "result": [1, 2]}
            await ws.send(json.dumps(reply))

    async with server(handler) as url, client(url, max_retries=0) as c:
        assert await c._call(OP, {"limit": 2}) == [1, 2]
        assert documents == [], "a success reply was decoded to a document"
        with pytest.raises(RateLimitError) as caught:
            await c._call(OP, {"limit": 3})
    assert caught.value.status_code == 429 and caught.value.raw_body is not None
    assert len(documents) == 1
