"""WebSocketRpc against a real local websockets server (127.0.0.1, random port)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve

from venues._runtime.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConnectionClosedError,
    MessageTooLargeError,
    RateLimitError,
    ServerError,
)
from venues._runtime.protocols.ws_rpc import WebSocketRpc

Handler = Callable[[ServerConnection], Awaitable[None]]


@asynccontextmanager
async def server(handler: Handler) -> AsyncIterator[str]:
    async with serve(handler, "127.0.0.1", 0) as srv:
        port = srv.sockets[0].getsockname()[1]
        yield f"ws://127.0.0.1:{port}/ws"


async def echo(ws: ServerConnection) -> None:
    async for frame in ws:
        message = json.loads(frame)
        await ws.send(json.dumps({"id": message["id"], "result": message.get("params")}))


async def test_request_reply_and_fresh_ids() -> None:
    async with server(echo) as url, WebSocketRpc(url, venue="test") as rpc:
        first: dict[str, Any] = {"method": "m", "params": {"x": 1.5}}
        document, raw = await rpc.request(first, operation="op")
        second, _ = await rpc.request({"method": "m", "params": 2}, operation="op")
    assert document["result"] == {"x": Decimal("1.5")}  # numbers stay exact
    assert json.loads(raw)["id"] == first["id"]
    assert isinstance(first["id"], str) and first["id"] != second["id"]
    assert rpc.pending == 0 and not rpc.connected


def replies_in_reverse(count: int) -> Callable[[ServerConnection], Awaitable[None]]:
    """A server that reads ``count`` requests, then answers each (its params as the result)
    in reverse order."""

    async def handler(ws: ServerConnection) -> None:
        received = [json.loads(await ws.recv()) for _ in range(count)]
        for message in reversed(received):
            await ws.send(json.dumps({"id": message["id"], "result": message["params"]}))
        await ws.wait_closed()

    return handler


async def test_out_of_order_replies_reach_their_requests() -> None:
    async with server(replies_in_reverse(3)) as url, WebSocketRpc(url, venue="test") as rpc:
        results = await asyncio.gather(
            *(rpc.request({"params": n}, operation="op") for n in range(3))
        )
    assert [document["result"] for document, _ in results] == [0, 1, 2]


async def test_many_concurrent_requests_with_a_bounded_window() -> None:
    async with server(echo) as url, WebSocketRpc(url, venue="test", max_pending=4) as rpc:
        results = await asyncio.gather(
            *(rpc.request({"params": n}, operation="op") for n in range(50))
        )
    assert [document["result"] for document, _ in results] == list(range(50))


async def test_integer_ids_match_string_ids() -> None:
    async def integer_ids(ws: ServerConnection) -> None:
        async for frame in ws:
            message = json.loads(frame)
            await ws.send(json.dumps({"id": int(message["id"]), "result": "ok"}))

    async with server(integer_ids) as url, WebSocketRpc(url, venue="test") as rpc:
        document, _ = await rpc.request({"id": "7"}, operation="op")
    assert document == {"id": 7, "result": "ok"}


async def test_a_reply_that_never_comes_times_out_and_is_forgotten() -> None:
    async def silent(ws: ServerConnection) -> None:
        await ws.wait_closed()

    async with server(silent) as url, WebSocketRpc(url, venue="test", reply_timeout=0.2) as rpc:
        with pytest.raises(APITimeoutError) as caught:
            await rpc.request({"method": "m"}, operation="get_things")
        assert rpc.pending == 0
        with pytest.raises(APITimeoutError):
            await rpc.request({"method": "m"}, operation="get_things", timeout=0.05)
    assert caught.value.venue == "test" and caught.value.operation == "get_things"


async def test_a_dropped_connection_fails_every_pending_request() -> None:
    async def drop_after_two(ws: ServerConnection) -> None:
        await ws.recv()
        await ws.recv()
        await ws.close(code=1011, reason="gone")

    async with server(drop_after_two) as url:
        rpc = WebSocketRpc(url, venue="test", reply_timeout=5)
        await rpc.connect()
        outcomes = await asyncio.gather(
            rpc.request({"params": 1}, operation="a"),
            rpc.request({"params": 2}, operation="b"),
            return_exceptions=True,
        )
        assert all(isinstance(o, ConnectionClosedError) for o in outcomes), outcomes
        assert {o.operation for o in outcomes if isinstance(o, ConnectionClosedError)} == {"a", "b"}
        assert not rpc.connected
        with pytest.raises(ConnectionClosedError):
            await rpc.request({"params": 3}, operation="c")
        await rpc.close()


async def test_unknown_ids_and_non_json_frames_are_logged_and_ignored(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def noisy(ws: ServerConnection) -> None:
        async for frame in ws:
            message = json.loads(frame)
            await ws.send("not json at all")
            await ws.send(json.dumps({"id": "no-such-request", "result": 0}))
            await ws.send(json.dumps({"id": message["id"], "result": "mine"}))

    caplog.set_level(logging.WARNING, logger="venues.websocket")
    async with server(noisy) as url, WebSocketRpc(url, venue="test") as rpc:
        document, _ = await rpc.request({}, operation="op")
    assert document["result"] == "mine"
    messages = [r.getMessage() for r in caplog.records if r.name == "venues.websocket"]
    assert any("unknown id 'no-such-request'" in m for m in messages), messages
    assert any("not JSON" in m for m in messages), messages


async def test_messages_without_an_id_go_to_the_unsolicited_handler() -> None:
    seen: list[Any] = []

    async def notify(ws: ServerConnection) -> None:
        async for frame in ws:
            message = json.loads(frame)
            await ws.send(json.dumps({"method": "notice", "params": 1}))
            await ws.send(json.dumps({"id": message["id"], "result": None}))

    async with server(notify) as url:
        async with WebSocketRpc(url, venue="test", on_unsolicited=lambda d, _: seen.append(d)) as rpc:
            await rpc.request({}, operation="op")
    assert seen == [{"method": "notice", "params": 1}]


async def test_headers_reach_the_handshake() -> None:
    seen: dict[str, str] = {}

    async def record(ws: ServerConnection) -> None:
        assert ws.request is not None
        seen.update({name: ws.request.headers[name] for name in ("User-Agent", "X-A")})
        await echo(ws)

    async with server(record) as url:
        async with WebSocketRpc(url, venue="test", headers={"User-Agent": "ours/1", "X-A": "b"}) as rpc:
            await rpc.request({}, operation="op")
    assert seen["User-Agent"] == "ours/1" and seen["X-A"] == "b"


async def test_send_is_fire_and_forget() -> None:
    received: asyncio.Queue[str] = asyncio.Queue(maxsize=1)

    async def record(ws: ServerConnection) -> None:
        received.put_nowait(str(await ws.recv()))
        await ws.wait_closed()

    async with server(record) as url, WebSocketRpc(url, venue="test") as rpc:
        await rpc.send({"method": "ping"})
        assert json.loads(await asyncio.wait_for(received.get(), 5)) == {"method": "ping"}


async def test_connect_failure_is_a_connection_error() -> None:
    async with server(echo) as url:
        pass  # the server is gone: its port refuses connections now
    with pytest.raises(APIConnectionError) as caught:
        await WebSocketRpc(url, venue="test", open_timeout=2).connect()
    assert caught.value.operation == "connect"


async def test_request_before_connect_is_refused() -> None:
    with pytest.raises(ConnectionClosedError):
        await WebSocketRpc("ws://127.0.0.1:9/ws", venue="test").request({}, operation="op")


async def test_a_reply_too_large_for_the_client_is_a_message_too_large_error() -> None:
    async def huge(ws: ServerConnection) -> None:
        async for frame in ws:
            message = json.loads(frame)
            await ws.send(json.dumps({"id": message["id"], "result": "x" * 5000}))

    async with server(huge) as url, WebSocketRpc(url, venue="test", max_message_bytes=1024) as rpc:
        with pytest.raises(MessageTooLargeError, match="1024 byte limit") as info:
            await rpc.request({"method": "m"}, operation="op", timeout=5.0)
    # Not a ConnectionClosedError: a retry would only get the same reply again.
    assert not isinstance(info.value, ConnectionClosedError)
    assert info.value.operation == "op" and info.value.raw_body is None


async def test_routing_on_the_id_alone_keeps_every_kind_of_id_and_frame() -> None:
    """Replies are routed by reading only the id: numeric ids (with a fraction too) match
    their request's text, a reply whose id nobody waits for and frames that are not JSON
    objects are ignored, and request() still returns the decoded document."""

    async def handler(ws: ServerConnection) -> None:
        async for frame in ws:
            message = json.loads(frame)
            await ws.send("[1, 2]")  # JSON, but not an object: no id, ignored
            await ws.send('{"id": "nobody", "result": 0}')
            await ws.send('{"id": NaN}')  # only the stdlib reads it; its id is not a number
            await ws.send(json.dumps({"id": message["id"], "result": {"p": 1.25}})[:-1] + ', "x": [[[]]]}')

    async with server(handler) as url, WebSocketRpc(url, venue="test") as rpc:
        document, raw = await rpc.request({"id": 7.5, "params": 1}, operation="op")
        text = await rpc.request_raw({"id": 8, "params": 2}, operation="op")
    assert document["result"] == {"p": Decimal("1.25")} and document["id"] == Decimal("7.5")
    assert json.loads(raw)["id"] == 7.5
    assert json.loads(text)["id"] == 8 and text.endswith('"x": [[[]]]}')


async def test_routing_under_a_raised_recursion_limit_still_refuses_deep_frames(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Some libraries raise the recursion limit at import; routing then scans brackets first
    (as decode_json does): a frame nested too deep is ignored, the reply after it arrives."""
    import sys

    monkeypatch.setattr(sys, "getrecursionlimit", lambda: 100_000)

    async def handler(ws: ServerConnection) -> None:
        async for frame in ws:
            message = json.loads(frame)
            await ws.send('{"id": "' + message["id"] + '", "x": ' + "[" * 5000 + "]" * 5000 + "}")
            await ws.send(json.dumps({"id": message["id"], "result": 1}))

    async with server(handler) as url, WebSocketRpc(url, venue="test", max_message_bytes=2**20) as rpc:
        document, _ = await rpc.request({"params": 0}, operation="op")
    assert document["result"] == 1


@asynccontextmanager
async def refusing_server(status: int, body: str) -> AsyncIterator[str]:
    """A server that answers the WebSocket upgrade with an HTTP error, as a venue refusing a
    key, a rate limit or an outage does before any frame."""

    def refuse(connection: ServerConnection, request: Any) -> Any:
        return connection.respond(status, body)

    async def never(ws: ServerConnection) -> None:  # pragma: no cover - never upgraded
        await ws.wait_closed()

    async with serve(never, "127.0.0.1", 0, process_request=refuse) as srv:
        port = srv.sockets[0].getsockname()[1]
        yield f"ws://127.0.0.1:{port}/ws"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, AuthenticationError),
        (403, AuthenticationError),
        (429, RateLimitError),
        (503, ServerError),
        (400, BadRequestError),
    ],
)
async def test_a_refused_upgrade_is_the_typed_error_of_its_status(status: int, expected: type[Exception]) -> None:
    async with refusing_server(status, "no entry\n") as url:
        rpc = WebSocketRpc(url, venue="test")
        with pytest.raises(expected) as caught:
            await rpc.connect()
    error = caught.value
    assert isinstance(error, APIError) and type(error) is expected
    assert (error.venue, error.status_code, error.raw_body) == ("test", status, b"no entry\n")
    assert not rpc.connected


async def test_a_generated_websocket_client_reports_a_refused_key_as_authentication() -> None:
    """Through the generated Synthetix client: the venue refuses the upgrade with 401."""
    from venues.synthetix import AsyncSynthetixClient

    key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"  # public test key
    async with refusing_server(401, "unauthorized") as url:
        client = AsyncSynthetixClient(
            sub_account_id="1867542890123456789", private_key=key, base_url=url, max_retries=0
        )
        try:
            with pytest.raises(AuthenticationError) as caught:
                await client.get_open_orders()
        finally:
            await client.aclose()
    assert caught.value.status_code == 401 and caught.value.raw_body == b"unauthorized"
    assert key[2:] not in repr(caught.value) and key[2:] not in str(caught.value)


# -- request_decoded: the reply decoded as it arrives, routed as before when that fails ---------


def strict_decode(raw: str) -> Any:
    """A caller's decode: the reply's result, or an error when it has none."""
    document = json.loads(raw)
    if "result" not in document:
        raise APIError("no result", venue="test", operation="op", status_code=None, raw_body=raw)
    return document["result"]


async def test_a_reply_opening_with_its_id_is_decoded_without_a_routing_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import venues._runtime.protocols.ws_rpc as ws_rpc

    routed: list[str] = []
    real_route = ws_rpc.route_json
    monkeypatch.setattr(ws_rpc, "route_json", lambda decoder, raw: routed.append(raw) or real_route(decoder, raw))
    decoded: list[str] = []

    def decode(raw: str) -> Any:
        decoded.append(raw)
        return strict_decode(raw)

    async with server(echo) as url, WebSocketRpc(url, venue="test") as rpc:
        first = await rpc.request_decoded({"params": [1, 2]}, decode, operation="op")
        second = await rpc.request_decoded({"id": 41, "params": "n"}, decode, operation="op")
    assert (first, second) == ([1, 2], "n")
    assert len(decoded) == 2 and routed == []  # each reply read once, by its decode


async def test_request_decoded_keeps_every_routing_outcome(caplog: pytest.LogCaptureFixture) -> None:
    """Frames that open with the id but are not JSON (or nest too deep to read) are logged
    and ignored as before, the request waiting on; a reply that is JSON with this id but
    that the decode refuses is this request's error; an id that is not the first key or
    is not a plain integer or string is found by routing, and decoded once."""

    async def handler(ws: ServerConnection) -> None:
        async for frame in ws:
            message = json.loads(frame)
            rid = json.dumps(message["id"])
            if message["params"] == "broken":
                await ws.send('{"id": ' + rid + ', "result": [1, 2')  # cut short
                await ws.send('{"id": ' + rid + ', "result": NaN')  # not JSON either
                await ws.send('{"id":' + rid + ',"x":' + "[" * 5000 + "]" * 5000 + "}")
                await ws.send('{"result": "late", "id": ' + rid + "}")
            elif message["params"] == "refused":
                await ws.send('{"id": ' + rid + ', "error": "nope"}')
            else:
                await ws.send('{"id": ' + rid + ', "result": 1.5}')

    caplog.set_level(logging.WARNING, logger="venues.websocket")
    async with server(handler) as url, WebSocketRpc(url, venue="test", max_message_bytes=2**20) as rpc:
        assert await rpc.request_decoded({"params": "broken"}, strict_decode, operation="op", timeout=5) == "late"
        with pytest.raises(APIError, match="no result") as refused:
            await rpc.request_decoded({"params": "refused"}, strict_decode, operation="op", timeout=5)
        assert refused.value.raw_body is not None and "nope" in refused.value.raw_body
        assert await rpc.request_decoded({"id": 7.5, "params": 0}, strict_decode, operation="op", timeout=5) == 1.5
        assert await rpc.request_decoded({"id": "a\"b", "params": 0}, strict_decode, operation="op", timeout=5) == 1.5
        assert rpc.pending == 0
    not_json = [r.getMessage() for r in caplog.records if "not JSON" in r.getMessage()]
    assert len(not_json) == 3, not_json


async def test_a_decoded_reply_for_another_request_reaches_that_request() -> None:
    """Two requests in flight, replies in reverse order: each decoded into its own result."""

    async with server(replies_in_reverse(2)) as url, WebSocketRpc(url, venue="test") as rpc:
        results = await asyncio.gather(
            rpc.request_decoded({"params": "a"}, strict_decode, operation="op", timeout=5),
            rpc.request_decoded({"params": "b"}, strict_decode, operation="op", timeout=5),
        )
    assert results == ["a", "b"]
