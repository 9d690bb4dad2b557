"""ASP.NET Core SignalR streams: the JSON hub protocol over a WebSocket, on ``websockets``.

Two layers, each usable and tested on its own:

* **Framing** (no I/O). Every SignalR message is a JSON text followed by the record
  separator ``\\x1e``; one WebSocket frame may hold several messages and one message may be
  split over several frames (:class:`RecordBuffer`). The connection opens with a handshake
  (:func:`handshake_request`, :func:`parse_handshake_response`); the message types are
  :class:`MessageType`; invocation ids are decimal strings counting up from ``"0"`` on each
  connection (:class:`InvocationIds`).
* **Streams** (:class:`SignalRStreamClient`). One connection per hub, shared by every stream
  of the client: a stream invocation (type 4) subscribes, stream items (2) are decoded with
  the :class:`~.operation.Operation`'s adapter into :class:`Snapshot` lists, a completion (3)
  ends the stream (with a typed error when it carries one), leaving the loop sends a cancel
  (5), pings (6) go both ways, and a close (7) either stops every stream with
  :class:`~.errors.ServerClosedError` or, when it allows a reconnect (or the connection just
  dropped), reconnects with backoff and resubscribes; the first snapshot after that is
  flagged ``resumed``.

The access token travels in the URL's query string (:class:`~.token_auth.AccessTokenQueryAuth`):
the signed URL is never logged, and ``websockets``' own debug log of the request line is
redacted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
from collections import deque
from collections.abc import AsyncGenerator, Callable, Mapping, MutableMapping
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any, Final, Generic, Literal, NamedTuple, TypeVar

import msgspec
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException
from websockets.protocol import State

from ..core import AsyncClient, CallSettings
from ..decoding.response import api_error, decode_json, decode_raw_message, route_json
from ..errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ConnectionClosedError,
    DecodeError,
    MessageTooLargeError,
    ReconnectLimitError,
    ServerClosedError,
    ServerError,
    VenueError,
    body_preview,
)
from ..operation import Operation
from ..request import checked_arguments, json_dumps
from ..signing.token_auth import AccessTokenQueryAuth
from .ws_rpc import closed_as_too_large

__all__ = [
    "RECORD_SEPARATOR",
    "MessageType",
    "HubMessage",
    "RecordBuffer",
    "InvocationIds",
    "encode_record",
    "handshake_request",
    "parse_handshake_response",
    "parse_record",
    "stream_invocation",
    "cancel_invocation",
    "PING_MESSAGE",
    "ReconnectPolicy",
    "Snapshot",
    "server_url",
    "stream_arguments",
    "SignalRStreamClient",
    "DEFAULT_TIMEOUT",
    "DEFAULT_PING_INTERVAL",
    "DEFAULT_SERVER_TIMEOUT",
]

E = TypeVar("E")

RECORD_SEPARATOR: Final = "\x1e"
#: SignalR's defaults: the client pings every 15 s and gives up on a silent server after 30 s.
DEFAULT_PING_INTERVAL: Final = 15.0
DEFAULT_SERVER_TIMEOUT: Final = 30.0
#: Seconds to wait for the WebSocket to open and for the handshake's answer.
DEFAULT_TIMEOUT: Final = 10.0
#: The largest message (and WebSocket frame) accepted, in bytes.
DEFAULT_MAX_MESSAGE_SIZE: Final = 16 * 2**20

logger = logging.getLogger("venues.signalr")


# -- framing -------------------------------------------------------------------------------


class MessageType(IntEnum):
    """The ``type`` of a SignalR hub message."""

    INVOCATION = 1
    STREAM_ITEM = 2
    COMPLETION = 3
    STREAM_INVOCATION = 4
    CANCEL_INVOCATION = 5
    PING = 6
    CLOSE = 7


PING_MESSAGE: Final[Mapping[str, Any]] = {"type": MessageType.PING.value}


def encode_record(message: Mapping[str, Any]) -> str:
    """One message as compact JSON followed by the record separator."""
    text = json_dumps(message)
    if RECORD_SEPARATOR in text:  # json escapes control characters, so this cannot happen
        raise ValueError("a SignalR message cannot contain the record separator")
    return text + RECORD_SEPARATOR


def handshake_request(protocol: str = "json", version: int = 1) -> str:
    """The first record a client sends: ``{"protocol":"json","version":1}\\x1e``."""
    return encode_record({"protocol": protocol, "version": version})


class RecordBuffer:
    """Reassembles records from WebSocket frames.

    ``feed`` returns the complete records a frame finished (several when the frame packed
    several messages, none when it ended inside one) and keeps the unfinished rest.
    """

    def __init__(self, max_size: int = DEFAULT_MAX_MESSAGE_SIZE) -> None:
        self._pending = ""
        self._max_size = max_size

    @property
    def pending(self) -> str:
        """The text of an unfinished record ("" when the last frame ended on a separator)."""
        return self._pending

    def feed(self, frame: str | bytes) -> list[str]:
        if isinstance(frame, (bytes, bytearray, memoryview)):
            frame = bytes(frame).decode("utf-8")
        parts = (self._pending + frame).split(RECORD_SEPARATOR)
        self._pending = parts.pop()
        if len(self._pending) > self._max_size:
            size = len(self._pending)
            self._pending = ""
            raise ValueError(f"an unfinished message exceeds {self._max_size} characters ({size})")
        return [part for part in parts if part.strip()]


class _Routing(msgspec.Struct):
    """The fields of a hub message that route it; msgspec skips the rest (the item)."""

    type: Any = None
    invocationId: Any = None
    error: Any = None
    allowReconnect: Any = None


_ROUTING = msgspec.json.Decoder(_Routing, float_hook=Decimal)

#: A stream item that opens with its type and invocation id, in either order (ASP.NET Core
#: writes the type first): routed on those without scanning the item first.
_W = r"[ \t\n\r]*"
_ID = r'"invocationId"' + _W + ":" + _W + r'"([^"\\\x00-\x1f]*)"'
_ITEM_TYPE = r'"type"' + _W + ":" + _W + "2"
_STREAM_ITEM_OPENING = re.compile(
    _W + r"\{" + _W + f"(?:{_ITEM_TYPE}{_W},{_W}{_ID}|{_ID}{_W},{_W}{_ITEM_TYPE})" + _W + "[,}]"
)


class HubMessage:
    """One hub message and the exact text it came from.

    Messages read off a connection are routed on their ``type`` and ``invocationId`` alone;
    a stream item is then decoded once, straight into its models, from :attr:`raw`.
    :attr:`document` (the whole message decoded) is built only when something asks for it
    (an error's details, the general decoding path)."""

    __slots__ = ("_document", "_routing", "raw")

    def __init__(
        self, document: Mapping[str, Any] | None, raw: str, *, routing: _Routing | None = None
    ) -> None:
        if document is None and routing is None:
            raise ValueError("a HubMessage needs its document or its routing fields")
        self._document = document
        self._routing = routing
        self.raw = raw

    def __repr__(self) -> str:
        return f"HubMessage(type={self.type!r}, invocation_id={self.invocation_id!r}, raw={body_preview(self.raw)!r})"

    @property
    def document(self) -> Mapping[str, Any]:
        """The whole message, decoded (numbers with a fraction as Decimal)."""
        if self._document is None:
            document = decode_json(self.raw)  # msgspec already read it as an object
            if not isinstance(document, dict):  # pragma: no cover (routing read an object)
                raise ValueError(f"not a JSON object: {body_preview(self.raw)}")
            self._document = document
        return self._document

    def _field(self, name: str) -> Any:
        routing = self._routing
        return getattr(routing, name) if routing is not None else self.document.get(name)

    @property
    def type(self) -> int | None:
        value = self._field("type")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def invocation_id(self) -> str | None:
        value = self._field("invocationId")
        return None if value is None else str(value)

    @property
    def error(self) -> str | None:
        value = self._field("error")
        return None if value is None else str(value)

    @property
    def allow_reconnect(self) -> bool:
        return self._field("allowReconnect") is True


def parse_record(raw: str) -> HubMessage:
    """A record as a :class:`HubMessage`; ``ValueError`` unless it is a JSON object."""
    try:
        return HubMessage(None, raw, routing=route_json(_ROUTING, raw))
    except ValueError:  # msgspec does not read it as an object: the general decoder decides
        pass
    try:
        document = decode_json(raw)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"not JSON: {body_preview(raw)}") from exc
    if not isinstance(document, dict):
        raise ValueError(f"not a JSON object: {body_preview(raw)}")
    return HubMessage(document, raw)


def parse_handshake_response(raw: str) -> str | None:
    """The error of a handshake response (``{"error": "..."}``), or ``None`` for ``{}``."""
    return parse_record(raw).error


class InvocationIds:
    """Invocation ids of one connection: ``"0"``, ``"1"``, ... (decimal strings)."""

    def __init__(self) -> None:
        self._next = 0

    def __call__(self) -> str:
        value = self._next
        self._next += 1
        return str(value)


def stream_invocation(invocation_id: str, target: str, arguments: list[Any]) -> dict[str, Any]:
    """A StreamInvocation (type 4): subscribe to ``target`` with positional ``arguments``."""
    return {
        "type": MessageType.STREAM_INVOCATION.value,
        "invocationId": invocation_id,
        "target": target,
        "arguments": arguments,
    }


def cancel_invocation(invocation_id: str) -> dict[str, Any]:
    """A CancelInvocation (type 5): unsubscribe the stream ``invocation_id``."""
    return {"type": MessageType.CANCEL_INVOCATION.value, "invocationId": invocation_id}


def stream_arguments(op: Operation[Any], args: Mapping[str, Any]) -> list[Any]:
    """The positional hub arguments of a call, in spec order, each checked (None if absent)."""
    given = {param.name: value for param, value in checked_arguments(op, args)}
    return [given.get(param.name) for param in op.params if param.location == "argument"]


def server_url(template: str, variables: Mapping[str, str | None], base_url: str | None) -> str:
    """The base URL: ``base_url`` as given, or ``template`` with its ``{variables}`` filled.

    A variable that the template puts right after its scheme (``wss://{host}``) may also be
    given with a scheme of its own, ``ws://`` or ``wss://`` (``ws://127.0.0.1:8080`` for a
    local test server): that scheme then replaces the template's. Without one, the
    template's scheme (``wss://``) is used.
    """
    if base_url is not None:
        if any(value is not None for value in variables.values()):
            raise ValueError(f"give either base_url or {', '.join(variables)}, not both")
        return base_url.rstrip("/")
    missing = [name for name, value in variables.items() if not value]
    if missing:
        raise ValueError(f"{', '.join(missing)} is required (or give a full base_url)")
    url = template
    for name, value in variables.items():
        assert value is not None
        placeholder = "{" + name + "}"
        scheme, separator, rest = value.partition("://")
        if separator:
            if scheme.lower() not in ("ws", "wss"):
                raise ValueError(f"{name} must be a host name, or a ws:// or wss:// URL, not {value!r}")
            if not url.startswith(("ws://" + placeholder, "wss://" + placeholder)):
                raise ValueError(f"{name} cannot carry a scheme: give a bare host name")
            url = url.replace(url.split("://", 1)[0], scheme.lower(), 1)
            value = rest.rstrip("/")
        if not value or any(c in value for c in "/?#@ "):
            raise ValueError(
                f"{name} must be a bare host name (and port), or a ws:// or wss:// URL "
                f"without a path, not {value!r}"
            )
        url = url.replace(placeholder, value)
    return url.rstrip("/")


# -- snapshots and policies ----------------------------------------------------------------


class Snapshot(list[E], Generic[E]):
    """One stream item: the complete list it carried, plus where it came from.

    ``resumed`` is True on the first snapshot after the client lost the connection,
    reconnected and resubscribed a stream that had already delivered snapshots (changes in
    between were not seen, but a snapshot is complete, so it replaces what came before);
    ``invocation_id`` is the subscription's id on the connection it arrived on.
    ``skipped`` counts the older snapshots dropped unread because the consumer fell more
    than ``MAX_PENDING_SNAPSHOTS`` behind (each snapshot is complete, so the newest wins).
    """

    __slots__ = ("invocation_id", "resumed", "skipped")

    resumed: bool
    invocation_id: str
    skipped: int

    def __init__(
        self, items: list[E], *, resumed: bool = False, invocation_id: str = "", skipped: int = 0
    ) -> None:
        list.__init__(self, items)
        self.resumed = resumed
        self.invocation_id = invocation_id
        self.skipped = skipped

    def __repr__(self) -> str:
        return f"Snapshot({list.__repr__(self)}, resumed={self.resumed}, skipped={self.skipped})"


@dataclass(frozen=True)
class ReconnectPolicy:
    """How a dropped connection is reopened: exponential backoff with jitter, within a
    budget of failed connections.

    A connection *fails* when it cannot be opened or when it ends before any snapshot
    arrived on it; the budget is ``max_attempts`` such failures in a row (a snapshot
    resets it). Once it is spent the streams end with
    :class:`~.errors.ReconnectLimitError`, so a server that fails every connection the same
    way (a 1011 close after each subscription ...) is not reconnected to forever.
    0 disables reconnecting: the first drop ends the streams with
    :class:`~.errors.ConnectionClosedError`.
    """

    max_attempts: int = 8
    initial_delay: float = 0.5
    max_delay: float = 15.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait before a reconnect after ``attempt`` failed connections in a row."""
        backoff: float = min(self.max_delay, self.initial_delay * (2**attempt))
        return backoff * (0.5 + random.random() / 2)


# -- logging without the token -------------------------------------------------------------


class _RedactingLogger(logging.LoggerAdapter[logging.Logger]):
    """Formats each record and masks the token before it reaches the handlers."""

    def __init__(self, base: logging.Logger, redact: Callable[[str], str]) -> None:
        super().__init__(base, {})
        self._redact = redact

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        if not self.isEnabledFor(level):
            return
        try:
            text = str(msg) % args if args else str(msg)
        except (TypeError, ValueError):
            text = " ".join(str(part) for part in (msg, *args))
        self.logger.log(level, "%s", self._redact(text), **kwargs)


# -- one connection ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ended:
    """Why a connection ended."""

    kind: Literal["dropped", "closed", "invalid", "too_large", "client"]
    reason: str
    raw: str | None = None
    server_message: str | None = None


class _Connection:
    """An open, handshaken hub connection: sends messages and reads until it ends."""

    def __init__(
        self,
        ws: ClientConnection,
        buffer: RecordBuffer,
        pending: list[str],
        *,
        ping_interval: float,
        server_timeout: float,
    ) -> None:
        self.ws = ws
        self.ids = InvocationIds()
        self._buffer = buffer
        self._pending = pending
        self._ping_interval = ping_interval
        self._server_timeout = server_timeout
        #: Whether a stream item arrived on this connection (else it counts as failed).
        self.delivered = False

    async def send(self, message: Mapping[str, Any]) -> None:
        await self.ws.send(encode_record(message))

    async def send_within(self, message: Mapping[str, Any], timeout: float) -> None:
        """``send``, given up with ``TimeoutError`` after ``timeout`` seconds (a peer that
        stopped reading leaves the send waiting for buffer room)."""
        record = encode_record(message)
        ws = self.ws
        if ws.state is State.OPEN and ws.transport.get_write_buffer_size() == 0:
            # Nothing is queued for the socket, so one short record cannot fill the write
            # buffer and the send cannot wait: no timer to arm (asyncio.timeout costs ~5 us).
            await ws.send(record)
            return
        async with asyncio.timeout(timeout):
            await ws.send(record)

    async def _ping(self) -> None:
        while True:
            await asyncio.sleep(self._ping_interval)
            await self.send(PING_MESSAGE)

    async def run(self, hub: _Hub) -> _Ended:
        """Read messages and hand them to ``hub`` until the connection ends; say why it did.

        A stream item that opens with its type and invocation id, for a stream of the hub,
        is decoded here, once, into that stream's models, instead of being routed by a pass
        over all of it first and decoded after."""
        pinger = asyncio.create_task(self._ping())
        silence = _SilenceWatch(self._server_timeout)
        try:
            records, self._pending = self._pending, []
            while True:
                for record in records:
                    ended = self._handle(record, hub)
                    if ended is not None:
                        return ended
                try:
                    frame = await self.ws.recv()
                except asyncio.CancelledError:
                    if silence.fired():
                        return _Ended(
                            "dropped", f"no message from the server in {self._server_timeout:g} s"
                        )
                    raise
                except ConnectionClosed as exc:
                    if closed_as_too_large(exc):  # our own close: not a network drop
                        return _Ended("too_large", _describe_close(exc))
                    return _Ended("dropped", _describe_close(exc))
                silence.heard()
                try:
                    records = self._buffer.feed(frame)
                except (ValueError, UnicodeDecodeError) as exc:
                    return _Ended("invalid", f"unreadable frame: {exc}")
        finally:
            silence.stop()
            pinger.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionClosed, OSError):
                await pinger
            await self.close()

    def _handle(self, record: str, hub: _Hub) -> _Ended | None:
        opening = _STREAM_ITEM_OPENING.match(record)
        invocation_id = None
        if opening is not None:
            first, second = opening.groups()
            invocation_id = first if first is not None else second
        sub = None if invocation_id is None else hub.stream(invocation_id)
        if invocation_id is not None and sub is not None:
            try:
                decoded: Any = sub.decode(record)
            except Exception as exc:
                # Routed as any message is: one that is not JSON ends the connection as
                # before; the error is the stream's only if the item is really its own.
                try:
                    message = parse_record(record)
                except ValueError as unreadable:
                    return _Ended("invalid", f"unreadable message: {unreadable}", raw=record)
                if message.type == MessageType.STREAM_ITEM and message.invocation_id == invocation_id:
                    self.delivered = True
                    hub.deliver_item(sub, invocation_id, record, _Raised(exc))
                    return None
                return self._handle_parsed(message, record, hub)
            self.delivered = True
            hub.deliver_item(sub, invocation_id, record, decoded)
            return None
        try:
            message = parse_record(record)
        except ValueError as exc:
            return _Ended("invalid", f"unreadable message: {exc}", raw=record)
        return self._handle_parsed(message, record, hub)

    def _handle_parsed(self, message: HubMessage, record: str, hub: _Hub) -> _Ended | None:
        kind = message.type
        if kind == MessageType.PING:
            return None
        if kind == MessageType.CLOSE:
            said = message.error
            reason = f"the server closed the connection: {said}" if said else (
                "the server closed the connection"
            )
            if message.allow_reconnect:
                return _Ended("dropped", reason, raw=record, server_message=said)
            return _Ended("closed", reason, raw=record, server_message=said)
        if kind in (MessageType.STREAM_ITEM, MessageType.COMPLETION):
            if kind == MessageType.STREAM_ITEM:
                self.delivered = True
            hub.dispatch(message)
        else:
            logger.debug("ignoring a SignalR message of type %r", kind)
        return None

    async def close(self) -> None:
        with contextlib.suppress(ConnectionClosed, OSError, TimeoutError):
            async with asyncio.timeout(1.0):
                await self.ws.close()


class _SilenceWatch:
    """Cancels the current task once ``limit`` seconds pass without :meth:`heard`.

    What ``asyncio.timeout`` around each read would do, at a fraction of the cost per
    message: a frame only stores the time; the one timer re-arms itself for the last time
    heard plus ``limit`` when it finds the server was heard from meanwhile. After the
    cancellation, :meth:`fired` tells it apart from any other (and takes it back)."""

    def __init__(self, limit: float) -> None:
        self._loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None
        self._task = task
        self._cancelling = task.cancelling()
        self._limit = limit
        self._last = self._loop.time()
        self._fired = False
        self._timer: asyncio.TimerHandle | None = self._loop.call_at(self._last + limit, self._check)

    def heard(self) -> None:
        self._last = self._loop.time()

    def _check(self) -> None:
        due = self._last + self._limit
        # The loop runs a timer up to its clock's resolution early: within a millisecond
        # of the limit counts as the limit.
        if self._loop.time() >= due - 0.001:
            self._timer = None
            self._fired = True
            self._task.cancel()
        else:
            self._timer = self._loop.call_at(due, self._check)

    def fired(self) -> bool:
        """Whether the cancellation being handled is this watch's own (then withdrawn)."""
        return self._fired and self._task.uncancel() <= self._cancelling

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _describe_close(exc: ConnectionClosed) -> str:
    frame = exc.rcvd or exc.sent
    if frame is None:
        return "the connection dropped without a closing handshake"
    text = f"the connection closed with code {frame.code}"
    return f"{text} ({frame.reason})" if frame.reason else text


# -- streams -------------------------------------------------------------------------------


#: Snapshots a slow consumer may have waiting per stream before the oldest are dropped.
MAX_PENDING_SNAPSHOTS = 16


class _Raised:
    """What decoding a stream item raised: raised to its consumer when it reads the item."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


#: An item the connection did not decode (the consumer decodes it).
_UNDECODED: Any = object()


class _Item(NamedTuple):
    #: The stream item's text.
    raw: str
    invocation_id: str
    resumed: bool
    skipped: int = 0
    #: The items decoded on arrival, a :class:`_Raised`, or ``_UNDECODED``.
    decoded: Any = _UNDECODED


@dataclass(frozen=True)
class _Completed:
    message: HubMessage


@dataclass(frozen=True)
class _Failed:
    error: Callable[[Operation[Any]], VenueError]


_Event = _Item | _Completed | _Failed


class _Events:
    """A stream's events not yet read, oldest first, awaited by its one consumer.

    What an ``asyncio.Queue`` would do for a single consumer, without the bookkeeping it
    does per item for many (waiter lists, task accounting): a stream item costs an append
    and, when the consumer is waiting, one wake-up."""

    __slots__ = ("_events", "_waiter")

    def __init__(self) -> None:
        self._events: deque[_Event] = deque()
        self._waiter: asyncio.Future[None] | None = None

    def __len__(self) -> int:
        return len(self._events)

    def put(self, event: _Event) -> None:
        self._events.append(event)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def pop_oldest(self) -> _Event:
        return self._events.popleft()

    async def get(self) -> _Event:
        """The oldest event, waiting for one if there is none (cancellable: an event that
        arrives after a cancellation stays for the next call)."""
        events = self._events
        while not events:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return events.popleft()


class _Subscription:
    """One consumer's stream: what to (re)subscribe with and the events it has not read."""

    def __init__(self, op: Operation[Any], arguments: list[Any]) -> None:
        self.op = op
        self.arguments = arguments
        self.invocation_id: str | None = None
        #: Whether a stream item has arrived (only then is a resubscription a resumption).
        self.has_items = False
        self.resume_pending = False
        self.events = _Events()

    def decode(self, raw: str) -> Any:
        """The typed items of one of this stream's items."""
        return decode_raw_message(self.op, raw)


class _Hub:
    """One hub URL: its shared connection, the streams on it, and the reconnect loop."""

    def __init__(self, client: SignalRStreamClient, path: str, protocol: str, version: int) -> None:
        self._client = client
        self.url = client.base_url + path
        self._protocol = protocol
        self._version = version
        self._subscriptions: list[_Subscription] = []
        self._by_id: dict[str, _Subscription] = {}
        self._connection: _Connection | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._closing = False
        #: Why each connection since the last snapshot failed (the reconnect budget).
        self._failures: list[str] = []

    # The consumer's side.

    async def subscribe(self, sub: _Subscription, timeout: float) -> None:
        async with self._lock:
            if self._supervisor is None:
                self._failures.clear()  # a new start: the last run's failures are spent
                connection = await self._client._open(
                    self.url, self._protocol, self._version, sub.op, timeout
                )
                self._connection = connection
                self._supervisor = asyncio.create_task(self._supervise(connection))
            self._subscriptions.append(sub)
            if self._connection is not None:  # else a reconnect is under way and will send it
                await self._invoke(self._connection, sub)

    async def unsubscribe(self, sub: _Subscription) -> None:
        if sub in self._subscriptions:
            self._subscriptions.remove(sub)
        invocation_id = sub.invocation_id
        connection = self._connection
        if invocation_id is None or self._by_id.get(invocation_id) is not sub:
            return
        del self._by_id[invocation_id]
        if connection is not None:
            with contextlib.suppress(ConnectionClosed, OSError, TimeoutError):
                await connection.send_within(cancel_invocation(invocation_id), self._client.timeout)
            logger.debug("cancelled stream %s on %s", invocation_id, self.url)

    async def close(self) -> None:
        self._closing = True
        supervisor = self._supervisor
        if self._connection is not None:
            await self._connection.close()
        if supervisor is not None:
            supervisor.cancel()  # it may be waiting out a reconnect delay
            await asyncio.gather(supervisor, return_exceptions=True)
        self._fail_all(_closed_by_client)

    # The connection's side.

    async def _invoke(self, connection: _Connection, sub: _Subscription) -> None:
        invocation_id = connection.ids()
        sub.invocation_id = invocation_id
        self._by_id[invocation_id] = sub
        with contextlib.suppress(ConnectionClosed, OSError):  # the reader sees the drop
            await connection.send(stream_invocation(invocation_id, sub.op.method or "", sub.arguments))

    def stream(self, invocation_id: str) -> _Subscription | None:
        """The stream subscribed as ``invocation_id`` on the current connection."""
        return self._by_id.get(invocation_id)

    def dispatch(self, message: HubMessage) -> None:
        """A stream item or completion, to its stream (ignored for no stream)."""
        invocation_id = message.invocation_id or ""
        sub = self._by_id.get(invocation_id)
        if sub is None:
            logger.debug("ignoring a message for unknown invocation %r", invocation_id)
            return
        if message.type == MessageType.STREAM_ITEM:
            self.deliver_item(sub, invocation_id, message.raw, _UNDECODED)
        else:
            del self._by_id[invocation_id]
            if sub in self._subscriptions:
                self._subscriptions.remove(sub)
            sub.events.put(_Completed(message))

    def deliver_item(self, sub: _Subscription, invocation_id: str, raw: str, decoded: Any) -> None:
        """A stream item to its stream: decoded on arrival (or what that raised), or
        ``_UNDECODED`` for the consumer to decode."""
        if self._failures:
            self._failures.clear()
        resumed = sub.resume_pending
        if resumed:
            sub.resume_pending = False
        sub.has_items = True
        events = sub.events
        skipped = 0
        # Only items are ever queued before a completion, so the oldest entry is an item.
        while len(events) >= MAX_PENDING_SNAPSHOTS:
            dropped = events.pop_oldest()
            if isinstance(dropped, _Item):
                skipped += 1 + dropped.skipped
                resumed = resumed or dropped.resumed
        if skipped:
            logger.warning(
                "stream %s on %s: the consumer is behind; %d older snapshot(s) dropped",
                invocation_id,
                self.url,
                skipped,
            )
        events.put(_Item(raw, invocation_id, resumed, skipped, decoded))

    def _fail_all(self, error: Callable[[Operation[Any]], VenueError]) -> None:
        for sub in self._subscriptions:
            sub.events.put(_Failed(error))
        self._subscriptions.clear()
        self._by_id.clear()

    async def _supervise(self, connection: _Connection) -> None:
        try:
            while True:
                ended = await connection.run(self)
                self._connection = None
                self._by_id.clear()
                logger.info("%s: %s", self.url, ended.reason)
                if self._closing:
                    self._fail_all(_closed_by_client)
                    return
                if ended.kind == "closed":
                    self._fail_all(_server_closed(ended))
                    return
                if ended.kind == "invalid":
                    self._fail_all(_invalid(ended))
                    return
                if ended.kind == "too_large":
                    self._fail_all(_too_large(ended, self._client.max_message_size))
                    return
                if not self._subscriptions:
                    return  # idle: the next subscription opens a new connection
                if not connection.delivered:
                    self._failures.append(f"ended before a snapshot ({ended.reason})")
                reopened = await self._reconnect(ended)
                if reopened is None:
                    return
                connection = reopened
        finally:
            self._supervisor = None
            self._connection = None

    async def _reconnect(self, ended: _Ended) -> _Connection | None:
        policy = self._client.reconnect
        failures = self._failures
        if policy.max_attempts <= 0:
            message = ended.reason + "; reconnecting is disabled"
            self._fail_all(lambda op: ConnectionClosedError(message, venue=op.venue, operation=op.name))
            return None
        while len(failures) < policy.max_attempts:
            await asyncio.sleep(policy.delay(len(failures)))
            if self._closing:
                self._fail_all(_closed_by_client)
                return None
            if not self._subscriptions:
                return None
            op = self._subscriptions[0].op
            try:
                connection = await self._client._open(
                    self.url, self._protocol, self._version, op, self._client.timeout
                )
            except VenueError as error:
                if isinstance(error, APIError) and not isinstance(error, ServerError):
                    self._fail_all(_always(error))
                    return None
                failures.append(f"{type(error).__name__}: {error.detail}")
                logger.info("%s: reconnect attempt %d failed", self.url, len(failures))
                continue
            async with self._lock:
                self._connection = connection
                for sub in list(self._subscriptions):
                    sub.resume_pending = sub.has_items
                    await self._invoke(connection, sub)
            logger.info("%s: reconnected and resubscribed %d stream(s)", self.url, len(self._subscriptions))
            return connection
        message = (
            f"{ended.reason}; {len(failures)} connections in a row failed without a snapshot: "
            + "; ".join(f"#{n} {reason}" for n, reason in enumerate(failures, 1))
        )
        spent = list(failures)
        self._fail_all(
            lambda op: ReconnectLimitError(message, venue=op.venue, operation=op.name, failures=spent)
        )
        return None


def _always(error: VenueError) -> Callable[[Operation[Any]], VenueError]:
    return lambda _op: error


def _closed_by_client(op: Operation[Any]) -> VenueError:
    return ConnectionClosedError("the client was closed", venue=op.venue, operation=op.name)


def _server_closed(ended: _Ended) -> Callable[[Operation[Any]], VenueError]:
    def make(op: Operation[Any]) -> VenueError:
        return ServerClosedError(
            ended.reason + " (no reconnect allowed)",
            venue=op.venue,
            operation=op.name,
            status_code=None,
            raw_body=ended.raw,
            error_message=ended.server_message,
        )

    return make


def _too_large(ended: _Ended, limit: int) -> Callable[[Operation[Any]], VenueError]:
    def make(op: Operation[Any]) -> VenueError:
        return MessageTooLargeError(
            f"a message exceeded the {limit} byte limit, so the client closed the connection "
            f"({ended.reason}); not reconnecting, as the server would send it again",
            venue=op.venue,
            operation=op.name,
            status_code=None,
            raw_body=None,
        )

    return make


def _invalid(ended: _Ended) -> Callable[[Operation[Any]], VenueError]:
    def make(op: Operation[Any]) -> VenueError:
        return DecodeError(
            ended.reason, venue=op.venue, operation=op.name, status_code=None, raw_body=ended.raw
        )

    return make


class _ClientState:
    """The connections of a client and of every ``with_options`` copy of it."""

    def __init__(self) -> None:
        self.hubs: MutableMapping[tuple[str, str, int], _Hub] = {}
        self.closed = False


class SignalRStreamClient(AsyncClient, CallSettings):
    """Asyncio client for a venue's SignalR streams. Use as an async context manager.

    Each hub gets one WebSocket connection, opened on the first subscription (with a fresh
    access token) and shared by every stream; :meth:`aclose` closes it. ``with_options``
    gives a copy with other call settings that shares the connections.

    Args:
        auth: The access token and the query parameter that carries it.
        base_url: ``wss://host`` (the hub paths come from the operations).
        timeout: Seconds to wait for the connection to open, for the handshake's answer, and
            (one-shot calls) for the first snapshot after subscribing.
        max_retries: Retries of a call whose connection could not be opened, dropped or timed
            out before its first snapshot (reconnects of a running stream follow
            ``reconnect`` instead).
        deadline: Seconds a one-shot call may take, every attempt and wait included; for a
            stream, the time it may take to open (it then runs until left).
        ping_interval: Seconds between the client's pings.
        server_timeout: Seconds of silence from the server after which the connection is
            considered lost (the server pings about every 15 s).
        reconnect: The backoff and failure budget for reopening a lost connection.
        max_message_size: The largest message accepted, in bytes.
    """

    def __init__(
        self,
        *,
        auth: AccessTokenQueryAuth,
        base_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        deadline: float | None = None,
        ping_interval: float = DEFAULT_PING_INTERVAL,
        server_timeout: float = DEFAULT_SERVER_TIMEOUT,
        reconnect: ReconnectPolicy | None = None,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
    ) -> None:
        if not base_url.startswith(("ws://", "wss://")):
            raise ValueError("base_url must start with wss:// (or ws://)")
        self._auth = auth
        self.base_url = base_url.rstrip("/")
        self._init_settings(timeout=timeout, max_retries=max_retries, deadline=deadline)
        self.ping_interval = ping_interval
        self.server_timeout = server_timeout
        self.reconnect = reconnect or ReconnectPolicy()
        self.max_message_size = max_message_size
        self._state = _ClientState()
        self._ws_logger = _RedactingLogger(logging.getLogger("websockets.client"), auth.redact)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self._auth!r})"

    async def _aclose(self) -> None:
        # Streams still being read end with ConnectionClosedError.
        self._state.closed = True
        hubs = list(self._state.hubs.values())
        self._state.hubs.clear()
        for hub in hubs:
            await hub.close()

    # -- what generated methods call -------------------------------------------------------

    def _wait(self, left: float | None) -> float:
        """This call's limit for one wait: ``timeout``, or less when the deadline is nearer."""
        return self.timeout if left is None else min(self.timeout, max(left, 0.0))

    async def _subscribe(
        self, op: Operation[Any], sub: _Subscription, protocol: str, version: int, timeout: float
    ) -> _Hub:
        if self._state.closed:
            raise _closed_by_client(op)
        assert op.websocket_path is not None
        key = (op.websocket_path, protocol, version)
        hub = self._state.hubs.get(key)
        if hub is None:
            hub = self._state.hubs[key] = _Hub(self, op.websocket_path, protocol, version)
        await hub.subscribe(sub, timeout)
        return hub

    async def _stream(
        self,
        op: Operation[list[E]],
        args: Mapping[str, Any],
        *,
        protocol: str = "json",
        version: int = 1,
        first_within: float | None = None,
        retry: bool = True,
    ) -> AsyncGenerator[Snapshot[E], None]:
        """Subscribe, yield each snapshot, and cancel the subscription when the loop ends.

        Opening the stream is retried and bounded by the deadline (``retry``); with
        ``first_within``, no first snapshot in that many seconds is an APITimeoutError.
        """
        if self._state.closed:
            raise _closed_by_client(op)
        if op.websocket_path is None or op.method is None:
            raise TypeError(f"{op.venue}.{op.name} is not a SignalR stream")
        sub = _Subscription(op, stream_arguments(op, args))
        if retry:
            hub = await self.retry_policy.acall(
                op, lambda left: self._subscribe(op, sub, protocol, version, self._wait(left))
            )
        else:
            hub = await self._subscribe(op, sub, protocol, version, self.timeout)
        events = sub.events
        try:
            while True:
                if first_within is not None and not sub.has_items:
                    try:
                        async with asyncio.timeout(first_within):
                            event = await events.get()
                    except TimeoutError:
                        raise APITimeoutError(
                            f"no snapshot within {first_within:g} s of subscribing",
                            venue=op.venue,
                            operation=op.name,
                        ) from None
                else:
                    event = await events.get()
                if type(event) is not _Item:
                    if isinstance(event, _Failed):
                        raise event.error(op)
                    assert isinstance(event, _Completed)
                    message = event.message
                    if message.error is not None:
                        raise api_error(
                            op, status_code=None, raw_body=message.raw, headers=None,
                            document=message.document,
                        )
                    return
                decoded = event.decoded
                if decoded is _UNDECODED:
                    decoded = decode_raw_message(op, event.raw)
                elif type(decoded) is _Raised:
                    raise decoded.error
                yield Snapshot(
                    decoded,
                    resumed=event.resumed,
                    invocation_id=event.invocation_id,
                    skipped=event.skipped,
                )
        finally:
            await hub.unsubscribe(sub)

    async def _first(
        self,
        op: Operation[list[E]],
        args: Mapping[str, Any],
        *,
        protocol: str = "json",
        version: int = 1,
    ) -> Snapshot[E]:
        """The stream's first snapshot; the subscription is cancelled right after it.

        Each attempt waits at most ``timeout`` for the connection, the handshake and the
        snapshot; a failed attempt is retried like any call, within the deadline.
        """

        async def attempt(left: float | None) -> Snapshot[E]:
            stream = self._stream(
                op, args, protocol=protocol, version=version, first_within=self._wait(left),
                retry=False,
            )
            try:
                async for snapshot in stream:
                    return snapshot
            finally:
                await stream.aclose()
            raise DecodeError(
                "the stream completed before sending a snapshot",
                venue=op.venue,
                operation=op.name,
                status_code=None,
                raw_body=None,
            )

        return await self.retry_policy.acall(op, attempt)

    # -- connecting ------------------------------------------------------------------------

    async def _open(
        self, url: str, protocol: str, version: int, op: Operation[Any], timeout: float
    ) -> _Connection:
        """Open a WebSocket to ``url`` with a fresh token and complete the handshake, each
        within ``timeout`` seconds."""
        signed = await self._auth.signed_url(url)
        logger.debug("connecting to %s", url)  # never the signed URL
        try:
            ws = await connect(
                signed.reveal(),
                open_timeout=timeout,
                max_size=self.max_message_size,
                logger=self._ws_logger,
            )
        except InvalidStatus as exc:
            response = exc.response
            raise api_error(
                op,
                status_code=response.status_code,
                raw_body=bytes(response.body),
                headers=dict(response.headers.raw_items()),
            ) from self._safe_cause(exc)
        except TimeoutError as exc:
            raise APITimeoutError(
                f"timed out opening {url}", venue=op.venue, operation=op.name
            ) from self._safe_cause(exc)
        except (OSError, WebSocketException) as exc:
            reason = self._auth.redact(f"{type(exc).__name__}: {exc}")
            raise APIConnectionError(
                f"cannot connect to {url} ({reason})", venue=op.venue, operation=op.name
            ) from self._safe_cause(exc)
        buffer = RecordBuffer(self.max_message_size)
        try:
            async with asyncio.timeout(timeout):
                await ws.send(handshake_request(protocol, version))
                records: list[str] = []
                while not records:
                    records = buffer.feed(await ws.recv())
        except asyncio.CancelledError:  # the call's deadline: leave no socket behind
            await _close_quietly(ws)
            raise
        except TimeoutError as exc:
            await _close_quietly(ws)
            raise APITimeoutError(
                f"no handshake response from {url} in {timeout:g} s",
                venue=op.venue,
                operation=op.name,
            ) from exc
        except ConnectionClosed as exc:
            raise ConnectionClosedError(
                f"{_describe_close(exc)} during the handshake", venue=op.venue, operation=op.name
            ) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            await _close_quietly(ws)
            raise DecodeError(
                f"unreadable handshake response: {exc}",
                venue=op.venue,
                operation=op.name,
                status_code=None,
                raw_body=None,
            ) from exc
        response_record = records[0]
        try:
            error = parse_handshake_response(response_record)
        except ValueError as exc:
            await _close_quietly(ws)
            raise DecodeError(
                f"unreadable handshake response: {exc}",
                venue=op.venue,
                operation=op.name,
                status_code=None,
                raw_body=response_record,
            ) from exc
        if error is not None:
            await _close_quietly(ws)
            raise api_error(
                op,
                status_code=None,
                raw_body=response_record,
                headers=None,
                document=decode_json(response_record),
            )
        logger.debug("connected to %s", url)
        return _Connection(
            ws,
            buffer,
            records[1:],
            ping_interval=self.ping_interval,
            server_timeout=self.server_timeout,
        )

    def _safe_cause(self, exc: BaseException) -> BaseException | None:
        """``exc`` to chain, unless its text would show the token."""
        text = str(exc)
        return exc if self._auth.redact(text) == text else None


async def _close_quietly(ws: ClientConnection) -> None:
    with contextlib.suppress(ConnectionClosed, OSError, TimeoutError):
        async with asyncio.timeout(1.0):
            await ws.close()
