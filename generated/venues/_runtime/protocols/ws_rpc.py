"""One WebSocket connection carrying requests and the replies matched to them by id.

Used by every request/reply WebSocket transport (JSON-RPC, Synthetix-style requests). A
background reader task dispatches each reply to the request with the same id, so several
requests may be in flight on one connection and replies may come in any order. A reply that
never comes ends in :class:`~.errors.APITimeoutError`, a dropped connection in
:class:`~.errors.ConnectionClosedError` for every request still waiting; a reply with an id
nobody waits for, and a frame that is not JSON, are logged and ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple, TypeVar

import msgspec
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI
from websockets.frames import CloseCode

from ..decoding.response import decode_json, refusal, route_json
from ..errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ConnectionClosedError,
    MessageTooLargeError,
    VenueError,
    body_preview,
)
from ..lifecycle import AsyncClosable
from ..operation import ErrorRules
from ..request import json_dumps

__all__ = ["WebSocketRpc", "DEFAULT_MAX_MESSAGE_BYTES", "closed_as_too_large", "refused_upgrade"]

logger = logging.getLogger("venues.websocket")

#: The largest frame accepted (a page of 1000 orders is well below this).
DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024

#: Called with (decoded document, raw text) for a JSON message that carries no id.
UnsolicitedHandler = Callable[[Any, str], None]

T = TypeVar("T")


class _Waiter(NamedTuple):
    """A request waiting for its reply: the future, its operation (for errors) and, for
    :meth:`WebSocketRpc.request_decoded`, what turns the reply's text into its result."""

    future: asyncio.Future[Any]
    operation: str
    decode: Callable[[str], Any] | None


_NOT_JSON: Any = object()


class _ReplyTimeout(Exception):
    """Set on a request's future when its reply did not come in time."""


def _expire(future: asyncio.Future[Any]) -> None:
    if not future.done():
        future.set_exception(_ReplyTimeout())


@cache
def _route_decoder(id_field: str) -> msgspec.json.Decoder[Any]:
    """Reads only ``id_field`` of a message (msgspec skips the rest); numbers with a
    fraction as Decimal, so an id's text is what decode_json's would be."""
    route = msgspec.defstruct("Route", [("id", Any, None)], rename={"id": id_field})
    return msgspec.json.Decoder(route, float_hook=Decimal)


_WS = "[ \\t\\n\\r]*"


@cache
def _leading_id_pattern(id_field: str) -> re.Pattern[str] | None:
    """Matches a message that opens with ``{"<id_field>": <id>,`` (the id a string without
    escapes, or an integer): the id read without scanning the rest of the message."""
    if any(c in id_field for c in '"\\') or any(ord(c) < 0x20 for c in id_field):
        return None
    return re.compile(
        rf'{_WS}\{{{_WS}"{re.escape(id_field)}"{_WS}:{_WS}'
        rf'(?:"([^"\\\x00-\x1f]*)"|(-?(?:0|[1-9][0-9]{{0,17}})))'
        rf"{_WS}[,}}]"
    )


def closed_as_too_large(exc: ConnectionClosed) -> bool:
    """Whether this side closed the connection because a message exceeded its size limit
    (1009): not a network drop, and the same message would come again on a new connection."""
    sent = exc.sent
    return sent is not None and sent.code == CloseCode.MESSAGE_TOO_BIG and not exc.rcvd_then_sent


class WebSocketRpc(AsyncClosable):
    """One WebSocket connection with id-matched requests and replies (asyncio).

    Args:
        url: The ``ws://`` or ``wss://`` URL to connect to.
        venue: The venue's id, for error messages.
        headers: Extra HTTP headers of the opening handshake (a ``User-Agent`` here replaces
            the library's own).
        open_timeout: Seconds allowed for the TCP, TLS and WebSocket handshakes.
        reply_timeout: Default seconds to wait for a reply.
        id_field: The key of the request id in requests and replies.
        ping_interval: Seconds between keep-alive pings, or None for none.
        max_pending: Requests in flight at once; further requests wait for a free slot.
        max_message_bytes: The largest frame accepted.
        on_unsolicited: Receives JSON messages without an id (otherwise logged and dropped).
    """

    def __init__(
        self,
        url: str,
        *,
        venue: str,
        headers: Mapping[str, str] | None = None,
        open_timeout: float = 10.0,
        reply_timeout: float = 10.0,
        id_field: str = "id",
        ping_interval: float | None = 20.0,
        max_pending: int = 1024,
        max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
        on_unsolicited: UnsolicitedHandler | None = None,
    ) -> None:
        if max_pending < 1:
            raise ValueError("max_pending must be at least 1")
        self.url = url
        self.venue = venue
        self._headers = dict(headers or {})
        self.open_timeout = open_timeout
        self.reply_timeout = reply_timeout
        self.id_field = id_field
        self.ping_interval = ping_interval
        self.max_message_bytes = max_message_bytes
        self._on_unsolicited = on_unsolicited
        self._route_decoder = _route_decoder(id_field)
        self._slots = asyncio.Semaphore(max_pending)
        self._ids = itertools.count(1)
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[str, _Waiter] = {}
        self._leading_id = _leading_id_pattern(id_field)
        self._close_reason = "not connected"

    def __repr__(self) -> str:
        state = "open" if self.connected else "closed"
        return f"{type(self).__name__}(url={self.url!r}, {state}, pending={len(self._pending)})"

    @property
    def connected(self) -> bool:
        """True while the connection is open and its reader runs."""
        return self._ws is not None and self._reader is not None and not self._reader.done()

    @property
    def pending(self) -> int:
        """Requests waiting for their reply."""
        return len(self._pending)

    # -- lifecycle ---------------------------------------------------------------------------

    async def connect(self) -> None:
        """Open the connection and start the reader; :class:`APIConnectionError` on failure."""
        if self.connected:
            return
        headers = dict(self._headers)
        user_agent = next((headers.pop(k) for k in list(headers) if k.lower() == "user-agent"), None)
        options: dict[str, Any] = {}
        if user_agent is not None:
            options["user_agent_header"] = user_agent
        try:
            self._ws = await connect(
                self.url,
                additional_headers=headers or None,
                open_timeout=self.open_timeout,
                ping_interval=self.ping_interval,
                max_size=self.max_message_bytes,
                **options,
            )
        except TimeoutError as exc:
            raise APITimeoutError(
                f"connecting to {self.url} timed out after {self.open_timeout:g}s",
                venue=self.venue,
                operation="connect",
            ) from exc
        except InvalidStatus as exc:
            raise refused_upgrade(self.venue, exc) from exc
        except (OSError, InvalidHandshake, InvalidURI) as exc:
            raise APIConnectionError(
                f"cannot connect to {self.url}: {type(exc).__name__}: {exc}",
                venue=self.venue,
                operation="connect",
            ) from exc
        self._close_reason = "the connection closed"
        self._reader = asyncio.create_task(self._read_loop(self._ws), name=f"{self.venue}-ws-reader")

    async def close(self) -> None:
        """Close the connection; requests still waiting get :class:`ConnectionClosedError`."""
        self._close_reason = "the client closed the connection"
        ws, reader = self._ws, self._reader
        self._ws, self._reader = None, None
        if ws is not None:
            await ws.close()
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        self._fail_pending(self._close_reason)

    async def _on_enter(self) -> None:
        await self.connect()

    async def aclose(self) -> None:
        await self.close()

    # -- sending -----------------------------------------------------------------------------

    def next_id(self) -> str:
        """A fresh request id (decimal strings counting up from 1)."""
        return str(next(self._ids))

    def _open_connection(self, operation: str) -> ClientConnection:
        if self._ws is None or not self.connected:
            raise ConnectionClosedError(
                f"not connected ({self._close_reason})", venue=self.venue, operation=operation
            )
        return self._ws

    async def send(self, message: Mapping[str, Any], *, operation: str = "send") -> None:
        """Send a message without waiting for any reply."""
        ws = self._open_connection(operation)
        try:
            await ws.send(json_dumps(message))
        except ConnectionClosed as exc:
            raise ConnectionClosedError(
                f"the connection closed while sending ({exc})", venue=self.venue, operation=operation
            ) from exc

    async def request(
        self, message: dict[str, Any], *, operation: str, timeout: float | None = None
    ) -> tuple[Any, str]:
        """Send ``message`` and return the reply with its id: (decoded JSON, raw text).

        ``message[id_field]`` is set to a fresh id when absent. Raises
        :class:`APITimeoutError` when no reply comes within ``timeout`` seconds (default
        ``reply_timeout``), :class:`ConnectionClosedError` when the connection drops first.
        """
        document, raw = await self._request(message, operation, timeout, None)
        return (decode_json(raw) if document is None else document), raw

    async def request_raw(
        self, message: dict[str, Any], *, operation: str, timeout: float | None = None
    ) -> str:
        """As :meth:`request`, but the reply only as its raw text (a JSON object carrying
        the id), for a caller that decodes it once, straight into its types."""
        reply: tuple[Any, str] = await self._request(message, operation, timeout, None)
        return reply[1]

    async def request_decoded(
        self,
        message: dict[str, Any],
        decode: Callable[[str], T],
        *,
        operation: str,
        timeout: float | None = None,
    ) -> T:
        """As :meth:`request`, but the reply as ``decode(raw text)`` (what ``decode`` raises,
        the call raises).

        A reply that opens with its id (``{"id": ...,``) is decoded as it arrives, without
        a routing pass over the rest of it first: the decode reads all of it anyway. Should
        the decode fail, the reply is routed as every other frame is, and the error is this
        request's only if that routing gives it this request's id: a frame that is not JSON
        is still logged and ignored, and the request waits on for its reply."""
        result: T = await self._request(message, operation, timeout, decode)
        return result

    async def _request(
        self,
        message: dict[str, Any],
        operation: str,
        timeout: float | None,
        decode: Callable[[str], Any] | None,
    ) -> Any:
        """The reply: ``decode``'s result, or without ``decode`` (its document when routing
        had to decode it, else None; raw text)."""
        wait = self.reply_timeout if timeout is None else timeout
        async with self._slots:
            ws = self._open_connection(operation)
            if self.id_field not in message:
                message[self.id_field] = self.next_id()
            key = str(message[self.id_field])
            if key in self._pending:
                raise ValueError(f"a request with id {key!r} is already waiting for its reply")
            loop = asyncio.get_running_loop()
            future: asyncio.Future[Any] = loop.create_future()
            self._pending[key] = _Waiter(future, operation, decode)
            try:
                try:
                    await ws.send(json_dumps(message))
                except ConnectionClosed as exc:
                    raise ConnectionClosedError(
                        f"the connection closed while sending ({exc})",
                        venue=self.venue,
                        operation=operation,
                    ) from exc
                # A timer that fails the future: what asyncio.timeout would do here, without
                # cancelling and un-cancelling the task on every request.
                timer = loop.call_later(wait, _expire, future)
                try:
                    return await future
                except _ReplyTimeout:
                    raise APITimeoutError(
                        f"no reply to request {key!r} within {wait:g}s",
                        venue=self.venue,
                        operation=operation,
                    ) from None
                finally:
                    timer.cancel()
            finally:
                entry = self._pending.get(key)
                if entry is not None and entry.future is future:
                    del self._pending[key]
                if not future.done():
                    future.cancel()
                elif not future.cancelled():
                    future.exception()  # seen, also when this task was cancelled first

    # -- receiving ---------------------------------------------------------------------------

    async def _read_loop(self, ws: ClientConnection) -> None:
        reason = "the connection closed"
        try:
            async for frame in ws:
                text = frame if isinstance(frame, str) else frame.decode("utf-8", errors="replace")
                self._dispatch(text)
        except ConnectionClosed as exc:
            reason = f"the connection closed ({exc})"
            if closed_as_too_large(exc):
                self._close_reason = reason
                self._fail_pending(
                    f"a message exceeded the {self.max_message_bytes} byte limit", too_large=True
                )
        except Exception as exc:  # a bug must not leave requests hanging
            logger.exception("%s: WebSocket reader failed", self.venue)
            reason = f"the reader failed ({type(exc).__name__})"
        finally:
            if self._ws is not ws:  # closed by close(): keep its reason
                reason = self._close_reason
            elif ws.close_code is not None and reason == "the connection closed":
                reason = f"the connection closed (code {ws.close_code})"
            self._close_reason = reason
            self._fail_pending(reason)

    def _dispatch(self, text: str) -> None:
        # A reply that opens with the id of a request that decodes its own reply is decoded
        # here, once (the decode reads it all; a routing pass first would read it twice).
        # Anything else is routed on the id alone and decoded once, by request() or by the
        # caller of request_raw().
        leading = self._leading_id.match(text) if self._leading_id is not None else None
        if leading is not None:
            string, number = leading.groups()
            key = string if string is not None else str(int(number))
            entry = self._pending.get(key)
            if entry is not None and entry.decode is not None and not entry.future.done():
                if self._deliver_decoded(key, entry, text):
                    return
        document, key = self._route(text)
        if key is _NOT_JSON:
            logger.warning("%s: ignored a frame that is not JSON: %s", self.venue, body_preview(text))
            return
        if key is None:
            if self._on_unsolicited is not None:
                if document is None:
                    document = decode_json(text)
                self._on_unsolicited(document, text)
            else:
                logger.info("%s: ignored a message without an id: %s", self.venue, body_preview(text))
            return
        entry = self._pending.pop(str(key), None)
        if entry is None or entry.future.done():
            logger.warning(
                "%s: ignored a reply with unknown id %r: %s", self.venue, key, body_preview(text)
            )
            return
        if entry.decode is None:
            entry.future.set_result((document, text))
            return
        try:
            entry.future.set_result(entry.decode(text))
        except Exception as exc:  # the caller's decode failed: the caller's error
            entry.future.set_exception(exc)

    def _deliver_decoded(self, key: str, entry: _Waiter, text: str) -> bool:
        """Settle ``entry`` with its decode of ``text``; False (entry left waiting) when the
        decode failed on a frame that routing does not give to ``key``."""
        assert entry.decode is not None
        try:
            result = entry.decode(text)
        except Exception as exc:
            _, routed = self._route(text)
            if routed is _NOT_JSON or routed is None or str(routed) != key:
                return False
            del self._pending[key]
            entry.future.set_exception(exc)
            return True
        del self._pending[key]
        entry.future.set_result(result)
        return True

    def _route(self, text: str) -> tuple[Any, Any]:
        """(the document when it had to be decoded, else None; the id, None when the
        message has none, or ``_NOT_JSON``)."""
        try:
            return None, route_json(self._route_decoder, text).id
        except ValueError:  # msgspec does not read it as an object: the general decoder decides
            pass
        try:
            document = decode_json(text)
        except (ValueError, RecursionError):
            return None, _NOT_JSON
        return document, (document.get(self.id_field) if isinstance(document, dict) else None)

    def _fail_pending(self, reason: str, *, too_large: bool = False) -> None:
        pending, self._pending = self._pending, {}
        for key, (future, operation, _) in pending.items():
            if not future.done():
                error: VenueError
                if too_large:
                    error = MessageTooLargeError(
                        f"{reason}; the client closed the connection (1009) while waiting for "
                        f"the reply to request {key!r}",
                        venue=self.venue,
                        operation=operation,
                        status_code=None,
                        raw_body=None,
                    )
                else:
                    error = ConnectionClosedError(
                        f"{reason} before the reply to request {key!r} arrived",
                        venue=self.venue,
                        operation=operation,
                    )
                future.set_exception(error)


def refused_upgrade(venue: str, exc: InvalidStatus) -> APIError:
    """The typed error of a WebSocket upgrade the server answered with an HTTP error status,
    classed as any refused request is: a refused key (401/403) is an authentication failure,
    not a network drop, and is never retried as one; 429 is rate limiting (with its
    Retry-After), 5xx a server error. The body is kept as sent."""
    response = exc.response
    return refusal(
        venue,
        "connect",
        ErrorRules(),
        status_code=response.status_code,
        raw_body=bytes(response.body),
        headers={name.lower(): value for name, value in response.headers.raw_items()},
    )
