"""Request/response over one WebSocket connection, with a signed message per connection and
a signature per request (Synthetix-style ``{"id", "method", "params"}`` frames).

The generated client subclasses :class:`AsyncWebSocketRequestClient` and adds one method per
operation; everything else happens here: connecting (with a descriptive ``User-Agent``),
sending the connection's auth message, building, signing and sending each request on the
shared id-matched connection (:class:`~.ws_rpc.WebSocketRpc`), decoding the reply into the
typed result or one of our typed errors, retrying retry-safe operations after transient
failures, and reconnecting after a drop. :class:`SyncWebSocketRequestClient` runs an async
client on a private event loop for blocking code.
"""

from __future__ import annotations

import asyncio
import logging
import platform
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from importlib import metadata
from typing import Any, Protocol, TypeVar

from ..core import AsyncClient, CallSettings, SyncClient
from ..decoding.pointer import MISSING, resolve
from ..decoding.response import api_error, decode_raw_message
from ..errors import AuthenticationError, RateLimitError
from ..operation import Envelope, ErrorRules, Operation
from ..request import checked_arguments
from ..retry import RetryPolicy
from .ws_rpc import WebSocketRpc

__all__ = [
    "RequestSigner",
    "AsyncWebSocketRequestClient",
    "SyncWebSocketRequestClient",
    "default_user_agent",
    "frame_status",
    "DEFAULT_TIMEOUT",
]

T = TypeVar("T")
C = TypeVar("C", bound="AsyncWebSocketRequestClient")
DEFAULT_TIMEOUT = 10.0
logger = logging.getLogger("venues.websocket")


def default_user_agent(venue: str) -> str:
    """``venues-python/<version> (<venue>; Python <version>)``."""
    try:
        version = metadata.version("venues")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"venues-python/{version} ({venue}; Python {platform.python_version()})"


class RequestSigner(Protocol):
    """What the client needs from an auth scheme (see :class:`~.eip712.Eip712ActionAuth`)."""

    def sign_params(self, params: Mapping[str, Any]) -> dict[str, Any]: ...

    def connection_message(self) -> dict[str, Any] | None: ...

    @property
    def connection_awaits_reply(self) -> bool: ...


def frame_status(pointer: str | None, document: Any) -> int | None:
    """The HTTP-like status a reply frame carries at ``pointer`` (None when it has none)."""
    if pointer is None:
        return None
    status = resolve(document, pointer)
    if isinstance(status, int) and not isinstance(status, bool):
        return status
    return None


class _SharedConnection:
    """The connection of a client and of every ``with_options`` copy of it: a copy that
    reconnects must not leave the others holding the dropped connection."""

    def __init__(self) -> None:
        self.rpc: WebSocketRpc | None = None
        self.lock: asyncio.Lock | None = None


class AsyncWebSocketRequestClient(AsyncClient, CallSettings):
    """One authenticated WebSocket connection to a venue; use as an async context manager.

    The connection opens on ``connect()`` (or the first call) and is re-opened, with a fresh
    auth message, by the next call after it dropped. ``timeout`` and the retry settings are
    read at each call, so a ``with_options`` copy (sharing the connection) applies its own.

    Args:
        auth: Signs each request's params and builds the connection's auth message.
        url: The full WebSocket URL.
        venue: The venue's id, for errors and the default ``User-Agent``.
        errors: The venue's error rules.
        status_pointer: Where a reply frame carries its HTTP-like status, if it does.
        user_agent: The ``User-Agent`` of the opening handshake.
        timeout: Seconds to wait for the connection to open and for each reply (of each call:
            ``with_options(timeout=...)`` changes it for the copy's calls).
        ping_interval: Seconds between keep-alive pings (the server's pings are always
            answered), or None for none.
        max_retries: Retries of retry-safe operations after a transient failure (a timeout,
            a dropped connection, rate limiting).
        deadline: Seconds a whole call may take, every attempt and wait included.
    """

    def __init__(
        self,
        *,
        auth: RequestSigner,
        url: str,
        venue: str,
        errors: ErrorRules,
        status_pointer: str | None = None,
        user_agent: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        ping_interval: float | None = 20.0,
        max_retries: int = 2,
        deadline: float | None = None,
    ) -> None:
        self._auth = auth
        self.url = url
        self.venue = venue
        self._errors = errors
        self._status_pointer = status_pointer
        self.user_agent = user_agent or default_user_agent(venue)
        self._init_settings(timeout=timeout, max_retries=max_retries, deadline=deadline)
        self.ping_interval = ping_interval
        self._shared = _SharedConnection()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.url!r}, auth={self._auth!r})"

    @property
    def _rpc(self) -> WebSocketRpc | None:
        return self._shared.rpc

    @property
    def connected(self) -> bool:
        rpc = self._shared.rpc
        return rpc is not None and rpc.connected

    # -- lifecycle ---------------------------------------------------------------------

    async def connect(self) -> None:
        """Open the connection and send the auth message (waiting for its reply if the
        venue answers it); :class:`AuthenticationError` when the venue refuses it."""
        if self.connected:  # every call comes here: no lock to take while the connection is up
            return
        shared = self._shared
        if shared.lock is None:
            shared.lock = asyncio.Lock()
        async with shared.lock:
            if self.connected:
                return
            if shared.rpc is not None:
                await shared.rpc.close()
            rpc = WebSocketRpc(
                self.url,
                venue=self.venue,
                headers={"User-Agent": self.user_agent},
                open_timeout=self.timeout,
                reply_timeout=self.timeout,
                ping_interval=self.ping_interval,
            )
            await rpc.connect()
            try:
                await self._authenticate(rpc)
            except BaseException:
                await rpc.close()
                raise
            shared.rpc = rpc

    async def _authenticate(self, rpc: WebSocketRpc) -> None:
        message = self._auth.connection_message()
        if message is None:
            return
        if not self._auth.connection_awaits_reply:
            await rpc.send(message, operation="connect")
            return
        message = {"id": rpc.next_id(), **message}
        document, raw = await rpc.request(message, operation="connect", timeout=self.timeout)
        error = resolve(document, self._errors.error) if self._errors.error else MISSING
        status = frame_status(self._status_pointer, document)
        if (error is MISSING or error is None) and (status is None or status < 400):
            return
        refused = api_error(
            Operation(
                venue=self.venue,
                name="connect",
                transport="websocket_request",
                params=(),
                response_type=object,
                envelope=Envelope(),
                errors=self._errors,
                retry_safe=False,
            ),
            status_code=status,
            raw_body=raw,
            headers=None,
            document=document,
        )
        if isinstance(refused, (AuthenticationError, RateLimitError)):
            raise refused
        raise AuthenticationError(
            f"the venue refused the connection's auth message: {refused.detail}",
            venue=self.venue,
            operation="connect",
            status_code=refused.status_code,
            raw_body=raw,
            code=refused.code,
            error_message=refused.error_message,
            data=refused.data,
        )

    async def close(self) -> None:
        """The same as :meth:`aclose`."""
        await self.aclose()

    async def _aclose(self) -> None:
        rpc, self._shared.rpc = self._shared.rpc, None
        if rpc is not None:
            await rpc.close()

    async def _on_enter(self) -> None:
        await self.connect()

    # -- calls -------------------------------------------------------------------------

    def build_params(self, op: Operation[Any], args: Mapping[str, Any]) -> dict[str, Any]:
        """The signed params of a request (raises :class:`RequestValidationError` first)."""
        params: dict[str, Any] = dict(op.fixed_params)
        for param, value in checked_arguments(op, args):
            params[param.wire] = value
        return self._auth.sign_params(params)

    async def _attempt(self, op: Operation[T], args: Mapping[str, Any]) -> T:
        params = self.build_params(op, args)  # validated and signed afresh on every attempt
        await self.connect()
        rpc = self._shared.rpc
        if rpc is None:  # closed concurrently
            await self.connect()
            rpc = self._shared.rpc
            assert rpc is not None
        message = {"id": rpc.next_id(), "method": op.method, "params": params}
        # This client's timeout, not the one the connection was opened with: a with_options
        # copy shares the connection but not the setting. The deadline is acall's to enforce.
        # Decoded once, from the raw reply into the models; the status is read only when
        # the reply takes the general path (an error, or a payload the models do not fit).
        return await rpc.request_decoded(
            message,
            lambda raw: decode_raw_message(op, raw, status_of=self._frame_status),
            operation=op.name,
            timeout=self.timeout,
        )

    def _frame_status(self, document: Any) -> int | None:
        return frame_status(self._status_pointer, document)

    async def _call(self, op: Operation[T], args: Mapping[str, Any]) -> T:
        return await self.retry_policy.acall(op, lambda left: self._attempt(op, args))


class SyncWebSocketRequestClient(SyncClient):
    """Runs an async client on a private event loop in a daemon thread, for blocking code.

    Use as a context manager (or call ``close()``); every call blocks until its reply, which
    ``timeout`` and ``deadline`` bound as they do for the async client.
    """

    def __init__(self, factory: Callable[[], AsyncWebSocketRequestClient]) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="venues-ws-loop", daemon=True
        )
        self._thread.start()
        self._client = self._run_sync(self._make(factory))

    @staticmethod
    async def _make(factory: Callable[[], AsyncWebSocketRequestClient]) -> AsyncWebSocketRequestClient:
        return factory()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    @property
    def timeout(self) -> float:
        """Seconds to wait for the connection to open and for each reply."""
        return self._client.timeout

    @property
    def retry_policy(self) -> RetryPolicy:
        """Retries and deadline of this client's calls."""
        return self._client.retry_policy

    def _apply_options(
        self, *, max_retries: int | None, deadline: float | None, timeout: float | None
    ) -> None:
        # The async client holds the settings; the copy shares its loop and connection.
        self._client = self._client.with_options(
            max_retries=max_retries, deadline=deadline, timeout=timeout
        )

    def _client_as(self, cls: type[C]) -> C:
        """The async client, typed as the generated subclass it is."""
        if not isinstance(self._client, cls):
            raise TypeError(f"expected a {cls.__name__}, not {type(self._client).__name__}")
        return self._client

    def _run_sync(self, coroutine: Awaitable[T]) -> T:
        if self._loop.is_closed():
            close = getattr(coroutine, "close", None)
            if close is not None:
                close()  # never awaited: say so quietly
            raise RuntimeError("the client is closed")

        async def wrapped() -> T:
            return await coroutine

        return asyncio.run_coroutine_threadsafe(wrapped(), self._loop).result()

    def _iterate(self, iterator: AsyncIterator[T]) -> Iterator[T]:
        try:
            while True:
                try:
                    item = self._run_sync(anext(iterator))
                except StopAsyncIteration:
                    return
                yield item
        finally:  # also when the caller stops early: finish the async generator on its loop
            aclose = getattr(iterator, "aclose", None)
            if aclose is not None and not self._loop.is_closed():
                self._run_sync(aclose())

    def connect(self) -> None:
        self._run_sync(self._client.connect())

    def _close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            self._run_sync(self._client.close())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            self._loop.close()

    def _on_enter(self) -> None:
        self.connect()
