"""Unit tests of venues._runtime.protocols.signalr and venues._runtime.signing.token_auth: the SignalR framing
without a network, then the stream client against the local SignalR double of
tests/signalr_support.py (127.0.0.1, random port)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from decimal import Decimal
from typing import Any

import pytest
import yaml
from contract_support import FIXTURES
from signalr_support import WAIT, SignalRCase, SignalRDouble
from websockets.asyncio.server import ServerConnection, serve

from venues._runtime.decoding.model import to_json
from venues._runtime.decoding.types import PreciseDatetime
from venues._runtime.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConnectionClosedError,
    DecodeError,
    MessageTooLargeError,
    ReconnectLimitError,
    RequestValidationError,
)
from venues._runtime.protocols.signalr import (
    PING_MESSAGE,
    RECORD_SEPARATOR,
    HubMessage,
    InvocationIds,
    MessageType,
    ReconnectPolicy,
    RecordBuffer,
    Snapshot,
    cancel_invocation,
    encode_record,
    handshake_request,
    parse_handshake_response,
    parse_record,
    server_url,
    stream_arguments,
    stream_invocation,
)
from venues._runtime.secrets import Secret
from venues._runtime.signing.token_auth import AccessTokenQueryAuth, redact
from venues.b2trader import AsyncB2TraderClient, OpenOrder
from venues.b2trader.operations import STREAM_OPEN_ORDERS, WEBSOCKET_SERVERS

RS = RECORD_SEPARATOR
ACCOUNT = "67d0456f8c7b1108e4cf5d46"
TOKEN = yaml.safe_load((FIXTURES / "b2trader" / "_venue.yaml").read_text())["credentials"][
    "access_token"
]
DOCS_MESSAGE: dict[str, Any] = yaml.safe_load(
    (FIXTURES / "b2trader" / "docs_example.yaml").read_text()
)["invocations"][0][0]["send"][0]
DOCS_ORDER: dict[str, Any] = DOCS_MESSAGE["item"][0]


# -- framing ------------------------------------------------------------------------------


def test_handshake_and_messages_are_compact_json_ending_with_the_separator() -> None:
    assert handshake_request() == '{"protocol":"json","version":1}\x1e'
    assert encode_record(PING_MESSAGE) == '{"type":6}\x1e'
    invocation = stream_invocation("0", "OpenOrders", [ACCOUNT])
    # The page's subscription example, field for field.
    assert invocation == {
        "arguments": ["67d0456f8c7b1108e4cf5d46"],
        "invocationId": "0",
        "target": "OpenOrders",
        "type": 4,
    }
    assert encode_record(cancel_invocation("3")) == '{"type":5,"invocationId":"3"}\x1e'


def test_a_frame_may_hold_several_messages() -> None:
    buffer = RecordBuffer()
    assert buffer.feed('{"type":6}\x1e{"type":2,"invocationId":"0","item":[]}\x1e') == [
        '{"type":6}',
        '{"type":2,"invocationId":"0","item":[]}',
    ]
    assert buffer.pending == ""


def test_a_message_may_be_split_across_frames() -> None:
    text = encode_record(DOCS_MESSAGE) + encode_record({"type": 3, "invocationId": "0"})
    for cut in (1, 17, len(text) // 2, text.index(RS), text.index(RS) + 1, len(text) - 1):
        buffer = RecordBuffer()
        records = buffer.feed(text[:cut]) + buffer.feed(text[cut:])
        assert [json.loads(r) for r in records] == [DOCS_MESSAGE, {"type": 3, "invocationId": "0"}]
    # One character per frame, as bytes: still two records, in order.
    buffer = RecordBuffer()
    records = []
    for char in text:
        records += buffer.feed(char.encode())
    assert len(records) == 2 and buffer.pending == ""


def test_frame_edge_cases() -> None:
    buffer = RecordBuffer(max_size=10)
    assert buffer.feed("") == []
    assert buffer.feed(RS + RS) == []  # empty records are skipped
    assert buffer.feed('{"type"') == [] and buffer.pending == '{"type"'
    with pytest.raises(ValueError, match="exceeds"):
        buffer.feed(":6, padding beyond the limit")
    assert buffer.pending == ""
    # Non-ASCII text survives a split inside a multi-byte character's string.
    buffer = RecordBuffer()
    assert buffer.feed('{"m":"Zürich') == []
    assert json.loads(buffer.feed(' €"}\x1e')[0]) == {"m": "Zürich €"}


def test_parse_record() -> None:
    message = parse_record('{"type":7,"error":"bye","allowReconnect":true}')
    assert message.type == MessageType.CLOSE and message.error == "bye" and message.allow_reconnect
    assert not HubMessage({"type": 7, "allowReconnect": "true"}, "").allow_reconnect
    assert HubMessage({"type": True}, "").type is None
    assert HubMessage({"type": 2, "invocationId": 5}, "").invocation_id == "5"
    assert parse_record('{"type":2,"x":1.10}').document["x"] == Decimal("1.10")
    with pytest.raises(ValueError, match="not JSON"):
        parse_record("{nope")
    with pytest.raises(ValueError, match="not a JSON object"):
        parse_record("[1]")
    assert parse_handshake_response("{}") is None
    assert parse_handshake_response('{"error":"bad version"}') == "bad version"


def test_invocation_ids_count_up_from_zero() -> None:
    ids = InvocationIds()
    assert [ids() for _ in range(3)] == ["0", "1", "2"]
    assert InvocationIds()() == "0"


def test_server_url() -> None:
    template = WEBSOCKET_SERVERS["broker"]
    assert server_url(template, {"host": "trade.broker.example"}, None) == (
        "wss://trade.broker.example"
    )
    assert server_url(template, {"host": None}, "ws://127.0.0.1:9/") == "ws://127.0.0.1:9"
    with pytest.raises(ValueError, match="host is required"):
        server_url(template, {"host": None}, None)
    with pytest.raises(ValueError, match="not both"):
        server_url(template, {"host": "a.example"}, "wss://b.example")
    with pytest.raises(ValueError, match="bare host"):
        server_url(template, {"host": "a.example/path"}, None)


def test_stream_arguments_are_checked_and_positional() -> None:
    assert stream_arguments(STREAM_OPEN_ORDERS, {"account_id": ACCOUNT}) == [ACCOUNT]
    with pytest.raises(RequestValidationError, match="required"):
        stream_arguments(STREAM_OPEN_ORDERS, {})
    with pytest.raises(RequestValidationError, match="must be a str"):
        stream_arguments(STREAM_OPEN_ORDERS, {"account_id": 42})


def test_reconnect_delays_grow_and_stay_bounded() -> None:
    policy = ReconnectPolicy(initial_delay=1.0, max_delay=4.0)
    for attempt, ceiling in [(0, 1.0), (1, 2.0), (2, 4.0), (10, 4.0)]:
        assert ceiling / 2 <= policy.delay(attempt) <= ceiling


def test_snapshot_is_a_list_with_a_resumed_flag() -> None:
    snapshot = Snapshot([1, 2], resumed=True, invocation_id="4")
    assert snapshot == [1, 2] and snapshot.resumed and snapshot.invocation_id == "4"
    assert "resumed=True" in repr(snapshot)


def test_a_snapshot_survives_pickling_and_copying_with_its_flags() -> None:
    import copy
    import pickle

    snapshot = Snapshot([1, 2], resumed=True, invocation_id="4", skipped=3)
    for clone in (pickle.loads(pickle.dumps(snapshot)), copy.copy(snapshot), copy.deepcopy(snapshot)):
        assert type(clone) is Snapshot and clone == [1, 2]
        assert (clone.resumed, clone.invocation_id, clone.skipped) == (True, "4", 3)


async def test_events_come_out_oldest_first_and_a_cancelled_wait_loses_none() -> None:
    from venues._runtime.protocols.signalr import _Events

    events = _Events()
    waiting = asyncio.ensure_future(events.get())
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    events.put("a")  # type: ignore[arg-type]
    events.put("b")  # type: ignore[arg-type]
    assert len(events) == 2
    assert await events.get() == "a"
    late = asyncio.ensure_future(events.get())
    assert await late == "b"
    later = asyncio.ensure_future(events.get())
    await asyncio.sleep(0)
    assert not later.done()
    events.put("c")  # type: ignore[arg-type]
    assert await asyncio.wait_for(later, WAIT) == "c"
    assert len(events) == 0


class _StuckSocket:
    """A WebSocket whose peer stopped reading: bytes are queued and a send never ends."""

    def __init__(self, queued: int) -> None:
        from websockets.protocol import State

        self.state = State.OPEN
        self.queued = queued
        self.sent: list[str] = []
        self.transport = self

    def get_write_buffer_size(self) -> int:
        return self.queued

    async def send(self, text: str) -> None:
        self.sent.append(text)
        if self.queued:
            await asyncio.Event().wait()


async def test_a_cancel_to_a_peer_that_stopped_reading_gives_up_at_the_timeout() -> None:
    from venues._runtime.protocols.signalr import _Connection

    stuck = _StuckSocket(queued=40_000)
    connection = _Connection(stuck, RecordBuffer(), [], ping_interval=15, server_timeout=30)  # type: ignore[arg-type]
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(connection.send_within(cancel_invocation("7"), 0.05), WAIT)
    assert loop.time() - started < WAIT / 2, "the send's own timeout, not the test's bound"
    assert stuck.sent == ['{"type":5,"invocationId":"7"}\x1e']
    free = _StuckSocket(queued=0)
    connection = _Connection(free, RecordBuffer(), [], ping_interval=15, server_timeout=30)  # type: ignore[arg-type]
    await asyncio.wait_for(connection.send_within(cancel_invocation("8"), 0.05), WAIT)
    assert free.sent == ['{"type":5,"invocationId":"8"}\x1e']


def test_the_docs_item_decodes_with_exact_timestamps_and_decimals() -> None:
    orders = STREAM_OPEN_ORDERS.parse(DOCS_MESSAGE["item"])
    order = orders[0]
    assert isinstance(order, OpenOrder)
    assert isinstance(order.updated_at, PreciseDatetime)
    assert order.updated_at.raw == "2025-05-20T17:22:31.9001213Z"
    assert order.updated_at.fraction == "9001213"  # all 7 digits, not truncated
    assert order.updated_at.microsecond == 900121
    assert order.created_at.fraction == "899"
    assert order.requested_price == Decimal("0.9") and order.take_profit is None
    assert order.cancellation_date is None and order.leverage == 1
    assert json.loads(to_json(order))["updatedAt"] == (
        "2025-05-20T17:22:31.9001213Z"
    )


# -- the access token ---------------------------------------------------------------------


async def test_token_is_secret_and_url_encoded() -> None:
    auth = AccessTokenQueryAuth(access_token="a+b/c=d.e", query_param="access_token")
    assert "a+b" not in repr(auth)
    url = await auth.signed_url("wss://h.example/hub")
    assert isinstance(url, Secret) and "a+b" not in repr(url) and "a+b" not in str(url)
    assert url.reveal() == "wss://h.example/hub?access_token=a%2Bb%2Fc%3Dd.e"
    assert (await auth.signed_url("wss://h/x?v=1")).reveal().startswith("wss://h/x?v=1&access_token=")
    assert auth.redact("GET /hub?access_token=a%2Bb%2Fc%3Dd.e HTTP/1.1") == (
        "GET /hub?access_token=********** HTTP/1.1"
    )
    assert redact("x a+b/c=d.e y", "a+b/c=d.e") == "x ********** y"


async def test_token_functions_give_a_fresh_token_for_each_connection() -> None:
    tokens = iter(["one", "two"])
    sync_auth = AccessTokenQueryAuth(access_token=lambda: next(tokens), query_param="t")
    assert [(await sync_auth.token()).reveal() for _ in range(2)] == ["one", "two"]

    async def fetch() -> str:
        return "async-token"

    async_auth = AccessTokenQueryAuth(access_token=fetch, query_param="t")
    assert (await async_auth.signed_url("ws://h")).reveal() == "ws://h?t=async-token"
    assert "function" in repr(async_auth)
    with pytest.raises(TypeError, match="returned a int"):
        await AccessTokenQueryAuth(access_token=lambda: 5, query_param="t").token()  # type: ignore[arg-type, return-value]
    with pytest.raises(ValueError, match="empty"):
        await AccessTokenQueryAuth(access_token=lambda: "", query_param="t").token()
    with pytest.raises(ValueError, match="empty"):
        AccessTokenQueryAuth(access_token="", query_param="t")
    with pytest.raises(TypeError):
        AccessTokenQueryAuth(access_token=5, query_param="t")  # type: ignore[arg-type]


def test_client_needs_a_host_or_a_base_url_and_hides_the_token() -> None:
    client = AsyncB2TraderClient(access_token=TOKEN, host="trade.broker.example")
    assert client.base_url == "wss://trade.broker.example"
    assert TOKEN not in repr(client) and "trade.broker.example" in repr(client)
    with pytest.raises(ValueError, match="host is required"):
        AsyncB2TraderClient(access_token=TOKEN)
    with pytest.raises(ValueError, match="wss://"):
        AsyncB2TraderClient(access_token=TOKEN, base_url="https://trade.broker.example")


# -- against the local SignalR double -----------------------------------------------------


def make_case(name: str, invocations: list[list[dict[str, Any]]], **extra: Any) -> SignalRCase:
    return SignalRCase(
        venue="b2trader",
        name=name,
        source="synthesized in the test",
        operation="stream_open_orders",
        arguments={"account_id": ACCOUNT},
        invocations=invocations,
        expect={},
        **extra,
    )


def item(*orders: dict[str, Any]) -> dict[str, Any]:
    return {"type": 2, "item": list(orders)}


def options(double: SignalRDouble, **overrides: Any) -> dict[str, Any]:
    return double.case.client_options(double.url) | overrides


async def test_concurrent_streams_share_a_connection_with_counting_ids() -> None:
    case = make_case(
        "concurrent",
        [
            [{"send": [item()]}, {"await_cancel": True}],
            [
                {"send": [{"type": 2, "invocationId": "99", "item": []}]},  # unknown: ignored
                {"send": [{"type": 1, "target": "Notify", "arguments": []}]},  # ignored
                {"send": [item(DOCS_ORDER)]},
                {"await_cancel": True},
            ],
        ],
    )
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double)) as client:
            first = client.stream_open_orders(account_id=ACCOUNT)
            a = await anext(first)  # subscribed first: invocation "0"
            second = client.stream_open_orders(account_id=ACCOUNT)
            b = await anext(second)  # then "1", on the same connection
            await first.aclose()
            await second.aclose()
            await double.wait_for(lambda: len(double.cancels) == 2, "two cancels")
    assert double.problems == []
    assert a == [] and a.invocation_id == "0"
    assert len(b) == 1 and b[0].order_id == DOCS_ORDER["orderId"] and b.invocation_id == "1"
    assert double.connections == 1
    assert double.invocations == [(0, "0"), (0, "1")]
    assert sorted(double.cancels) == [(0, "0"), (0, "1")]


async def test_the_client_pings_and_ignores_server_pings() -> None:
    case = make_case("pings", [[{"send": [{"type": 6}, item(), {"type": 6}], "framing": "packed"}]])
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double, ping_interval=0.01)) as client:
            async with contextlib.aclosing(client.stream_open_orders(account_id=ACCOUNT)) as stream:
                assert await anext(stream) == []
                await double.wait_for(lambda: double.client_pings >= 2, "client pings")
    assert double.problems == []


async def test_a_silent_server_counts_as_a_lost_connection() -> None:
    case = make_case(
        "silent",
        [[{"send": [item()]}], [{"send": [item(DOCS_ORDER)]}, {"await_cancel": True}]],
    )
    async with SignalRDouble(case) as double:
        client = AsyncB2TraderClient(**options(double, server_timeout=0.2, ping_interval=WAIT))
        async with client:
            snapshots = []
            async with contextlib.aclosing(client.stream_open_orders(account_id=ACCOUNT)) as stream:
                async for snapshot in stream:
                    snapshots.append(snapshot)
                    if len(snapshots) == 2:
                        break
    assert [s.resumed for s in snapshots] == [False, True]
    assert double.connections == 2 and double.invocations == [(0, "0"), (1, "0")]


async def test_a_fresh_token_is_fetched_for_each_connection() -> None:
    calls = 0

    async def token() -> str:
        nonlocal calls
        calls += 1
        return TOKEN

    case = make_case(
        "fresh_token",
        [[{"send": [item()]}, {"drop": True}], [{"send": [item()]}, {"await_cancel": True}]],
    )
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double, access_token=token)) as client:
            async with contextlib.aclosing(client.stream_open_orders(account_id=ACCOUNT)) as stream:
                assert not (await anext(stream)).resumed
                assert (await anext(stream)).resumed
    assert calls == 2 and double.connections == 2


async def test_reconnecting_gives_up_after_the_policy_attempts() -> None:
    case = make_case("gives_up", [[{"send": [item()]}]])
    async with SignalRDouble(case) as double:
        policy = ReconnectPolicy(max_attempts=2, initial_delay=0.01, max_delay=0.02)
        async with AsyncB2TraderClient(**options(double, reconnect=policy)) as client:
            stream = client.stream_open_orders(account_id=ACCOUNT)
            assert await anext(stream) == []
            server = double._server
            assert server is not None
            server.server.close()  # the listening socket: no new connections from now on
            for connection in list(server.connections):
                connection.transport.abort()
            with pytest.raises(ConnectionClosedError, match="2 connections in a row failed") as info:
                await anext(stream)
    assert info.value.venue == "b2trader" and info.value.operation == "stream_open_orders"
    assert TOKEN not in str(info.value)


async def test_reconnecting_can_be_disabled() -> None:
    case = make_case("no_reconnect", [[{"send": [item()]}, {"drop": True}]])
    async with SignalRDouble(case) as double:
        policy = ReconnectPolicy(max_attempts=0)
        async with AsyncB2TraderClient(**options(double, reconnect=policy)) as client:
            stream = client.stream_open_orders(account_id=ACCOUNT)
            assert await anext(stream) == []
            with pytest.raises(ConnectionClosedError, match="reconnecting is disabled"):
                await anext(stream)
    assert double.connections == 1


async def test_closing_the_client_ends_its_streams() -> None:
    case = make_case("aclose", [[{"send": [item()]}]])
    async with SignalRDouble(case) as double:
        client = AsyncB2TraderClient(**options(double))
        stream = client.stream_open_orders(account_id=ACCOUNT)
        assert await anext(stream) == []
        waiter = asyncio.create_task(anext(stream))
        await asyncio.sleep(0)
        await client.aclose()
        with pytest.raises(ConnectionClosedError, match="the client was closed"):
            await asyncio.wait_for(waiter, WAIT)
        with pytest.raises(ConnectionClosedError, match="the client was closed"):
            await client.get_open_orders(account_id=ACCOUNT)


async def test_unreadable_messages_and_items_are_decode_errors() -> None:
    case = make_case("garbage", [[{"send_raw": "this is not json\x1e"}]])
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double)) as client:
            with pytest.raises(DecodeError, match="unreadable message") as info:
                await client.get_open_orders(account_id=ACCOUNT)
    assert info.value.raw_body == "this is not json"

    broken = {k: v for k, v in DOCS_ORDER.items() if k != "orderId"}
    case = make_case("schema", [[{"send": [item(broken)]}, {"await_cancel": True}]])
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double)) as client:
            with pytest.raises(DecodeError, match="orderId"):
                await client.get_open_orders(account_id=ACCOUNT)
            # The stream is cancelled even though it ended with an error.
            await double.wait_for(lambda: len(double.cancels) == 1, "the cancel")
    assert double.problems == []


async def test_an_item_that_opens_with_its_id_but_is_not_json_still_ends_the_connection() -> None:
    """Items that open with their type and id are decoded on arrival, without a routing
    pass first; one that turns out not to be JSON is treated as before: an unreadable
    message that ends the connection with a DecodeError carrying the text."""
    broken = '{"type":2,"invocationId":"0","item":[{"orderId":'
    case = make_case("cut", [[{"send_raw": broken + "\x1e"}]])
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double)) as client:
            with pytest.raises(DecodeError, match="unreadable message") as info:
                await client.get_open_orders(account_id=ACCOUNT)
    assert info.value.raw_body == broken


async def test_items_opening_with_type_and_id_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import venues._runtime.protocols.signalr as signalr

    routed: list[str] = []
    real_route = signalr.route_json
    monkeypatch.setattr(signalr, "route_json", lambda decoder, raw: routed.append(raw) or real_route(decoder, raw))
    order = json.dumps(DOCS_ORDER)
    records = [
        '{"type":2,"invocationId":"0","item":[' + order + "]}\x1e",  # type first, as ASP.NET Core writes
        '{"invocationId": "0", "type": 2, "item": [' + order + "," + order + "]}\x1e",
        '{"type":2,"invocationId":"77","item":[]}\x1e',  # nobody's stream: routed, then ignored
    ]
    case = make_case("order", [[{"send_raw": "".join(records)}, {"await_cancel": True}]])
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double)) as client:
            async with contextlib.aclosing(client.stream_open_orders(account_id=ACCOUNT)) as stream:
                first = await anext(stream)
                second = await anext(stream)
            await double.wait_for(lambda: len(double.cancels) == 1, "the cancel")
    assert [len(first), len(second)] == [1, 2]
    assert first[0].order_id == DOCS_ORDER["orderId"] and first.invocation_id == "0"
    # Only the handshake's answer and the item for no stream were routed by a full read.
    assert [raw for raw in routed if '"item"' in raw] == ['{"type":2,"invocationId":"77","item":[]}']
    assert double.problems == []


def client_log(caplog: pytest.LogCaptureFixture) -> str:
    """What the client side logged (the double's own server log shows the token, as a
    real server's would)."""
    return "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith("websockets.server")
    )


async def test_the_token_never_reaches_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    case = make_case("logs", [[{"send": [item()]}, {"drop": True}], [{"send": [item()]}]])
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double)) as client:
            async with contextlib.aclosing(client.stream_open_orders(account_id=ACCOUNT)) as stream:
                await anext(stream)
                await anext(stream)  # after a reconnect
        # websockets logs the request line at DEBUG: it must show the mask, not the token.
        assert "access_token=**********" in client_log(caplog)
        wrong = AsyncB2TraderClient(**options(double, access_token="wrong-token-123"))
        async with wrong:
            with pytest.raises(AuthenticationError) as info:
                await wrong.get_open_orders(account_id=ACCOUNT)
        closed = options(double, timeout=2)
    error = info.value
    assert error.status_code == 401
    for text in (client_log(caplog), str(error), repr(error), str(error.__cause__), repr(error.__cause__)):
        assert TOKEN not in text and "wrong-token-123" not in text

    # Nothing listens on this port any more: a connection error, without the token.
    with pytest.raises(APIConnectionError) as refused:
        async with AsyncB2TraderClient(**closed) as client:
            await client.get_open_orders(account_id=ACCOUNT)
    assert TOKEN not in str(refused.value) and TOKEN not in repr(refused.value.__cause__)
    assert TOKEN not in client_log(caplog) and "wrong-token-123" not in client_log(caplog)


async def test_a_drop_before_any_snapshot_is_not_a_resumption() -> None:
    case = make_case(
        "early_drop", [[{"drop": True}], [{"send": [item(DOCS_ORDER)]}, {"await_cancel": True}]]
    )
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double)) as client:
            snapshot = await client.get_open_orders(account_id=ACCOUNT)
            await double.wait_for(lambda: len(double.cancels) == 1, "the cancel")
    assert not snapshot.resumed and snapshot[0].order_id == DOCS_ORDER["orderId"]
    assert double.connections == 2 and double.invocations == [(0, "0"), (1, "0")]
    assert double.problems == []


async def test_a_slow_consumer_gets_the_newest_snapshots_and_a_count_of_the_rest() -> None:
    from venues._runtime.protocols.signalr import MAX_PENDING_SNAPSHOTS

    total = MAX_PENDING_SNAPSHOTS + 24
    snapshots = [item(DOCS_ORDER | {"requestedAmount": str(n)}) for n in range(total)]
    case = make_case("slow", [[{"send": snapshots, "framing": "packed"}, {"await_cancel": True}]])
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double)) as client:
            read = []
            async with contextlib.aclosing(client.stream_open_orders(account_id=ACCOUNT)) as stream:
                while True:
                    snapshot = await anext(stream)
                    read.append(snapshot)
                    if snapshot[0].requested_amount == total - 1:
                        break
    assert len(read) <= MAX_PENDING_SNAPSHOTS
    assert sum(s.skipped for s in read) + len(read) == total, "every snapshot is read or counted"
    assert read[0].skipped > 0
    assert [int(s[0].requested_amount) for s in read] == list(range(total - len(read), total))


# -- bounded calls, the reconnect budget, host URLs ---------------------------------------


def pinging(count: int) -> list[list[dict[str, Any]]]:
    """Scripts for ``count`` subscriptions that are answered with pings only."""
    return [[{"ping_until_cancel": 0.02}] for _ in range(count)]


async def test_get_open_orders_gives_up_on_a_server_that_only_pings() -> None:
    async with SignalRDouble(make_case("only_pings", pinging(2))) as double:
        client = AsyncB2TraderClient(**options(double, timeout=0.3, max_retries=1))
        async with client:
            loop = asyncio.get_running_loop()
            started = loop.time()
            with pytest.raises(APITimeoutError, match=r"no snapshot within 0\.3 s") as info:
                async with asyncio.timeout(WAIT):  # before: waited for ever
                    await client.get_open_orders(account_id=ACCOUNT)
            elapsed = loop.time() - started
            await double.wait_for(lambda: len(double.cancels) == 2, "the cancels")
    assert info.value.venue == "b2trader" and info.value.operation == "stream_open_orders"
    assert len(info.value.previous_attempts) == 1  # retried once, then given up
    assert 0.6 <= elapsed < WAIT
    assert double.invocations == [(0, "0"), (0, "1")]  # same connection, one cancel each
    assert double.problems == []


async def test_with_options_timeout_and_deadline_apply_to_the_call() -> None:
    async with SignalRDouble(make_case("only_pings", pinging(3))) as double:
        async with AsyncB2TraderClient(**options(double, timeout=WAIT, max_retries=0)) as client:
            loop = asyncio.get_running_loop()
            started = loop.time()
            with pytest.raises(APITimeoutError, match=r"no snapshot within 0\.2 s"):
                await client.with_options(timeout=0.2).get_open_orders(account_id=ACCOUNT)
            assert loop.time() - started < 2.0
            started = loop.time()
            with pytest.raises(APITimeoutError, match="deadline"):
                await client.with_options(deadline=0.3, max_retries=5).fetch_open_orders(
                    account_id=ACCOUNT
                )
            assert loop.time() - started < 2.0
            assert client.timeout == WAIT and client.retry_policy.deadline is None
            await double.wait_for(lambda: len(double.cancels) == 2, "the cancels")
    assert double.connections == 1  # the copies share the client's connection


async def test_every_connection_failing_the_same_way_ends_in_reconnect_limit_error() -> None:
    case = make_case("always_1011", [[{"close_code": 1011}] for _ in range(20)])
    async with SignalRDouble(case) as double:
        policy = ReconnectPolicy(max_attempts=3, initial_delay=0.01, max_delay=0.05)
        async with AsyncB2TraderClient(**options(double, reconnect=policy)) as client:
            with pytest.raises(ReconnectLimitError, match="3 connections in a row") as info:
                async with asyncio.timeout(WAIT):  # before: reconnected for ever
                    await client.get_open_orders(account_id=ACCOUNT)
            stream = client.stream_open_orders(account_id=ACCOUNT)
            with pytest.raises(ReconnectLimitError):
                async with asyncio.timeout(WAIT):
                    await anext(stream)
    error = info.value
    assert len(error.failures) == 3 and all("1011" in f for f in error.failures)
    assert error.venue == "b2trader" and error.operation == "stream_open_orders"
    assert not error.previous_attempts  # the budget is final: not retried on top
    # One connection after the other: 3 for the call, then 3 for the stream.
    assert double.connections == 6


async def test_a_snapshot_resets_the_reconnect_budget() -> None:
    # Every connection delivers a snapshot and then drops: a flaky network, not a broken
    # server, so the stream keeps going past max_attempts drops.
    case = make_case("flaky", [[{"send": [item()]}, {"drop": True}] for _ in range(5)])
    async with SignalRDouble(case) as double:
        policy = ReconnectPolicy(max_attempts=2, initial_delay=0.01, max_delay=0.02)
        async with AsyncB2TraderClient(**options(double, reconnect=policy)) as client:
            async with contextlib.aclosing(client.stream_open_orders(account_id=ACCOUNT)) as stream:
                resumed = [(await anext(stream)).resumed for _ in range(5)]
    assert resumed == [False, True, True, True, True]
    assert double.connections == 5


async def test_a_message_too_large_for_the_client_is_not_reconnected_to() -> None:
    big = item(*[DOCS_ORDER] * 8)
    case = make_case("too_large", [[{"send": [big]}] for _ in range(10)])
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**options(double)) as client:
            client.max_message_size = 2048  # the handshake fits, the snapshot does not
            assert len(json.dumps(big)) > 2048
            with pytest.raises(MessageTooLargeError, match="2048 byte limit") as info:
                async with asyncio.timeout(WAIT):  # before: reconnected for ever
                    await client.get_open_orders(account_id=ACCOUNT)
    assert info.value.venue == "b2trader" and info.value.raw_body is None
    assert "1009" in str(info.value) and not info.value.previous_attempts
    assert double.connections == 1


async def test_host_may_be_a_ws_url() -> None:
    case = make_case("ws_host", [[{"send": [item(DOCS_ORDER)]}, {"await_cancel": True}]])
    async with SignalRDouble(case) as double:
        settings = options(double)
        settings["host"] = settings.pop("base_url")  # ws://127.0.0.1:<port>
        async with AsyncB2TraderClient(**settings) as client:
            assert client.base_url == double.url
            orders = await client.fetch_open_orders(account_id=ACCOUNT)
    assert [order.order_id for order in orders] == [DOCS_ORDER["orderId"]]


def test_host_schemes() -> None:
    template = WEBSOCKET_SERVERS["broker"]
    assert server_url(template, {"host": "h.example:8443"}, None) == "wss://h.example:8443"
    assert server_url(template, {"host": "ws://127.0.0.1:9/"}, None) == "ws://127.0.0.1:9"
    assert server_url(template, {"host": "WSS://h.example"}, None) == "wss://h.example"
    for bad in ("https://h.example", "ws://h.example/hub", "ws://", "h.example?x=1"):
        with pytest.raises(ValueError, match="host must be"):
            server_url(template, {"host": bad}, None)
    with pytest.raises(ValueError, match="cannot carry a scheme"):
        server_url("wss://api.{host}", {"host": "ws://x"}, None)


def test_the_package_exports_reconnect_policy_and_arguments_are_keyword_only() -> None:
    from venues import b2trader

    assert b2trader.ReconnectPolicy is ReconnectPolicy
    client = AsyncB2TraderClient(access_token=TOKEN, host="trade.broker.example")
    with pytest.raises(TypeError):
        client.get_open_orders(ACCOUNT)  # type: ignore[misc]
    with pytest.raises(TypeError):
        client.stream_open_orders(ACCOUNT)  # type: ignore[misc]


async def test_deadline_bounds_opening_a_stream_and_leaves_no_socket_open() -> None:
    opened: list[ServerConnection] = []

    async def no_handshake_reply(ws: ServerConnection) -> None:
        opened.append(ws)
        await ws.wait_closed()

    async with serve(no_handshake_reply, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        client = AsyncB2TraderClient(
            access_token=TOKEN, host=f"ws://127.0.0.1:{port}", timeout=WAIT, deadline=0.3
        )
        async with client:
            loop = asyncio.get_running_loop()
            started = loop.time()
            with pytest.raises(APITimeoutError, match="deadline"):
                await anext(client.stream_open_orders(account_id=ACCOUNT))
            assert loop.time() - started < 2.0
            async with asyncio.timeout(WAIT):  # the client closed its half-open socket
                await opened[0].wait_closed()
    assert len(opened) == 1


async def test_a_server_heard_within_each_server_timeout_is_never_silent() -> None:
    """The silence watch re-arms from the last frame heard: pings every 0.05 s keep a
    0.3 s server_timeout from ever expiring, over several times that long."""
    case = make_case("chatty", [[{"send": [item()]}, {"ping_until_cancel": 0.05}]])
    async with SignalRDouble(case) as double:
        client = AsyncB2TraderClient(**options(double, server_timeout=0.3, ping_interval=WAIT))
        async with client:
            async with contextlib.aclosing(client.stream_open_orders(account_id=ACCOUNT)) as stream:
                assert await anext(stream) == []
                await asyncio.sleep(1.0)
        assert double.connections == 1, "a silence was seen while the server kept pinging"
    assert double.problems == []
