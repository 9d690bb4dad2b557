"""HTTP transports: blocking sockets (sync) and asyncio protocols (async) over one HTTP/1.1
core (:mod:`.http11`: the request's bytes, and llhttp framing the reply), behind a small
interface you can replace.

A venue client sends small requests to one host and reads one JSON body back. httpx's
per-request machinery cost several times the request itself, and the standard library's
``http.client`` and aiohttp most of a loopback round trip (measured in bench/); these
transports do only what the clients need:

- a small pool of persistent connections; TLS verified against the system's CA store
  (``ssl.create_default_context()``, as aiohttp and websockets do);
- the path and query sent byte for byte as given (that is, as signed);
- a proxy from the environment (``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY``, minus
  ``NO_PROXY``), reached with a CONNECT tunnel in both modes, so the request line stays the
  signed origin-form target;
- a total bound on each attempt (connect, send, headers and body together), not only on each
  read, so that a server dripping a byte at a time is cut off at the timeout;
- a cap on the reply body (``max_response_bytes``), checked against Content-Length, while
  reading and while inflating gzip/deflate, so that neither a huge body nor a compression
  bomb is held in memory;
- a request is sent again on a fresh connection only when the operation is retry-safe: an
  idle pooled connection the server has closed (or written to) is dropped before use, and a
  failure on a reused connection is only retried transparently for retry-safe operations,
  since a request that is not may already have been acted on.

Bring your own transport (HTTP/2, mTLS, a custom proxy ...) by passing any object with the
shape of :class:`SyncHttpTransport` or :class:`AsyncHttpTransport` as ``transport=`` to a
venue client: it gets the absolute URL, the body and the headers exactly as signed, and
returns an :class:`HttpReply`; it raises :class:`TransportError` (or
:class:`TransportTimeout`) when the exchange fails, which the client turns into typed errors.

Not supported by the built-in transports: HTTP/2, redirects, cookies, HEAD requests, proxies
reached over TLS (``https://`` proxy URLs).
"""

from __future__ import annotations

import asyncio
import base64
import select
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple, Protocol
from urllib.parse import unquote, urlsplit

# proxy_bypass_environment: the environment-only NO_PROXY check (proxy_bypass() also reads
# macOS/Windows system settings); public in the module, missing from its type stubs.
from urllib.request import getproxies_environment, proxy_bypass_environment  # type: ignore[attr-defined]

from ..secrets import Secret
from .http11 import USER_AGENT, ReplyError, ReplyReader, encode_request, host_header

__all__ = [
    "failure_reason",
    "HttpReply",
    "TransportError",
    "TransportTimeout",
    "ResponseTooLarge",
    "SyncHttpTransport",
    "AsyncHttpTransport",
    "SyncTransport",
    "AsyncTransport",
    "USER_AGENT",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "proxy_for",
]

#: Far above any real reply (a full open-order list is kilobytes), low enough to refuse
#: a runaway body before it exhausts memory.
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
_MAX_IDLE = 8
#: One read's most: a 1000-order reply (about 0.5 MB) in a few system calls.
_CHUNK = 262144


class TransportError(Exception):
    """The connection failed or dropped."""


class TransportTimeout(TransportError):
    """The attempt (connect, send or reply) ran past its time."""


class ResponseTooLarge(TransportError):
    """The reply body (as sent, or once inflated) is larger than ``limit`` bytes."""

    def __init__(self, limit: int, status: int, headers: Mapping[str, str], what: str) -> None:
        super().__init__(f"the reply {what} is larger than max_response_bytes={limit}")
        self.limit = limit
        self.status = status
        self.headers = headers


class HttpReply(NamedTuple):
    status: int
    headers: Mapping[str, str]  # lower-case names
    content: bytes


class SyncHttpTransport(Protocol):
    """What a blocking venue client needs from HTTP; pass your own as ``transport=``."""

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
        retry_safe: bool,
    ) -> HttpReply:
        """Send one request and return the whole reply, decompressed.

        ``url`` is absolute; its path and query must go out byte for byte (they are signed).
        ``timeout`` bounds the whole exchange. ``retry_safe`` says whether the request may
        be sent twice; when it is false, send it again only if it provably never left.
        Raise :class:`TransportError` or :class:`TransportTimeout` on failure.
        """
        ...

    def close(self) -> None:
        """Close every connection."""
        ...


class AsyncHttpTransport(Protocol):
    """What an asyncio venue client needs from HTTP; pass your own as ``transport=``."""

    async def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
        retry_safe: bool,
    ) -> HttpReply:
        """The async twin of :meth:`SyncHttpTransport.request`."""
        ...

    async def aclose(self) -> None:
        """Close every connection."""
        ...


@cache
def _ssl_context() -> ssl.SSLContext:
    return ssl.create_default_context()


class _Origin:
    """Scheme, host and port of a base URL: what one transport talks to."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"the base URL must be http(s)://host[:port][/path], not {base_url!r}")
        self.tls = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.tls else 80)
        self.url = f"{parts.scheme}://{parts.netloc}"

    def target(self, url: str) -> str:
        """The path and query of ``url``, which must be on this origin."""
        origin = self.url
        if url.startswith(origin) and url[len(origin) : len(origin) + 1] in ("/", "?", ""):
            return url[len(origin) :] or "/"
        raise ValueError(f"{url!r} is not on this transport's origin {origin!r}")


class _Proxy(NamedTuple):
    host: str
    port: int
    url: str
    #: ``Basic`` credentials from the proxy URL: masked in any repr of the proxy or transport.
    authorization: Secret | None


def proxy_for(url: str) -> str | None:
    """The proxy the environment names for ``url`` (``HTTPS_PROXY``/``HTTP_PROXY``/
    ``ALL_PROXY``, lower or upper case), or None when there is none or ``NO_PROXY`` says so."""
    parts = urlsplit(url)
    proxies = getproxies_environment()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if not proxy or proxy_bypass_environment(parts.netloc, proxies):
        return None
    return proxy


def _parse_proxy(proxy: str) -> _Proxy:
    if "://" not in proxy:
        proxy = "http://" + proxy  # "host:port", as curl and urllib accept it
    parts = urlsplit(proxy)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(
            f"only http:// proxies are supported (from the environment: {parts.scheme}://...)"
        )
    authorization: Secret | None = None
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        authorization = Secret("Basic " + base64.b64encode(pair.encode()).decode())
    port = parts.port or 80
    return _Proxy(parts.hostname, port, f"http://{parts.hostname}:{port}", authorization)


def _check_headers(headers: Mapping[str, str]) -> None:
    for name, value in headers.items():
        # Four substring tests: a generator over "\r\n" cost more than the rest of the
        # request's header handling.
        if "\r" in name or "\n" in name or "\r" in value or "\n" in value:
            raise ValueError(f"header {name!r} holds CR or LF")


def _inflate(
    encoding: str | None, body: bytes, limit: int, status: int, headers: Mapping[str, str]
) -> bytes:
    """``body`` decoded per its Content-Encoding, never inflating past ``limit`` bytes."""
    if not encoding or not body:
        return body
    encoding = encoding.strip().lower()
    if encoding == "gzip":
        wbits = [16 + zlib.MAX_WBITS]
    elif encoding == "deflate":
        wbits = [zlib.MAX_WBITS, -zlib.MAX_WBITS]  # zlib-wrapped as specified, or raw as sent
    else:
        return body
    for i, bits in enumerate(wbits):
        inflater = zlib.decompressobj(bits)
        try:
            # max_length: a bomb stops at limit + 1 bytes instead of inflating whole.
            out = inflater.decompress(body, limit + 1)
        except zlib.error as exc:
            if i + 1 < len(wbits):
                continue
            raise TransportError(f"the {encoding} body does not decompress: {exc}") from exc
        if len(out) > limit:
            raise ResponseTooLarge(limit, status, headers, "body, inflated,")
        return out
    raise AssertionError("unreachable")  # pragma: no cover


def _http_reply(reader: ReplyReader, limit: int) -> HttpReply:
    """A whole reply as the interface returns it: the body inflated (bounded by ``limit``)."""
    headers = reader.headers
    content = reader.body()
    encoding = headers.get("content-encoding")
    if encoding:
        content = _inflate(encoding, content, limit, reader.status, headers)
    return HttpReply(reader.status, headers, content)


def failure_reason(exc: BaseException) -> str:
    """An exception as one line for an error message: its type, and its text if any."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


# -- sync ------------------------------------------------------------------------------------


class _Connection:
    """One kept-alive socket to the origin (through the proxy's tunnel, if any)."""

    __slots__ = ("poller", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.poller: Any = None

    def closed_while_idle(self) -> bool:
        """Whether the idle socket is readable: the server closed it (EOF) or sent something
        unasked. Either way it must not carry a request."""
        sock = self.sock
        if isinstance(sock, ssl.SSLSocket) and sock.pending():
            return True
        if not _HAS_POLL:  # pragma: no cover (no poll(): Windows)
            return bool(select.select([sock], [], [], 0)[0])
        # One poller per socket, made on the first check: the check then costs one system call.
        poller = self.poller
        if poller is None:
            poller = self.poller = select.poll()
            poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))

    def close(self) -> None:
        self.sock.close()


_HAS_POLL = hasattr(select, "poll")

#: What a reused connection raises when the server closed it while idle (or just then).
_STALE = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the attempt ran past its timeout")
    return left


def _connect_request(origin: _Origin, proxy: _Proxy) -> bytes:
    authority = f"[{origin.host}]:{origin.port}" if ":" in origin.host else f"{origin.host}:{origin.port}"
    lines = [f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n"]
    if proxy.authorization is not None:
        lines.append(f"Proxy-Authorization: {proxy.authorization.reveal()}\r\n")
    lines.append("\r\n")
    return "".join(lines).encode("latin-1")


def _tunnel_status(head: bytes) -> None:
    """Raise unless the proxy's reply to CONNECT says the tunnel is open."""
    status_line = head.split(b"\r\n", 1)[0]
    parts = status_line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/") or parts[1] != b"200":
        raise TransportError(
            f"the proxy refused the tunnel: {status_line.decode('latin-1')[:80]}"
        )


#: A proxy's reply to CONNECT is a status line and a few headers; more is not a proxy.
_MAX_TUNNEL_HEAD = 65536


class SyncTransport:
    """A blocking keep-alive transport to one origin (sockets and :mod:`.http11`);
    thread-safe."""

    def __init__(
        self,
        base_url: str,
        *,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        proxy: str | None = None,
    ) -> None:
        """``base_url``'s scheme, host and port are the origin (a path there is the client's
        business). ``proxy``: an ``http://[user:pass@]host:port`` proxy; by default the
        environment's (see :func:`proxy_for`)."""
        self._origin = _Origin(base_url)
        self.max_response_bytes = max_response_bytes
        chosen = proxy if proxy is not None else proxy_for(self._origin.url)
        self._proxy = _parse_proxy(chosen) if chosen else None
        self._host = host_header(self._origin.host, self._origin.port, self._origin.tls)
        self._idle: list[_Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def _connect(self, deadline: float) -> _Connection:
        o, p = self._origin, self._proxy
        host, port = (p.host, p.port) if p is not None else (o.host, o.port)
        sock = socket.create_connection((host, port), timeout=_left(deadline))
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if p is not None:
                # A CONNECT tunnel even for http:// origins: the request line stays the signed
                # origin-form target, byte for byte.
                self._tunnel(sock, p, deadline)
            if o.tls:
                sock.settimeout(_left(deadline))
                sock = _ssl_context().wrap_socket(sock, server_hostname=o.host)
        except BaseException:
            sock.close()
            raise
        return _Connection(sock)

    def _tunnel(self, sock: socket.socket, proxy: _Proxy, deadline: float) -> None:
        sock.settimeout(_left(deadline))
        sock.sendall(_connect_request(self._origin, proxy))
        head = b""
        while b"\r\n\r\n" not in head:
            sock.settimeout(_left(deadline))
            chunk = sock.recv(4096)
            if not chunk:
                raise TransportError("the proxy closed the connection instead of opening a tunnel")
            head += chunk
            if len(head) > _MAX_TUNNEL_HEAD:
                raise TransportError("the proxy's reply to CONNECT is not an HTTP reply")
        _tunnel_status(head)

    def _checkout(self) -> _Connection | None:
        while True:
            with self._lock:
                if not self._idle:
                    return None
                conn = self._idle.pop()
            if not conn.closed_while_idle():
                return conn
            conn.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
        retry_safe: bool,
    ) -> HttpReply:
        """Send one request and read the whole reply within ``timeout`` seconds."""
        if self._closed:
            raise TransportError("the client is closed")
        _check_headers(headers)
        data = encode_request(method, self._origin.target(url), self._host, headers, body)
        deadline = time.monotonic() + timeout
        conn = self._checkout()
        reused = conn is not None
        while True:
            try:
                if conn is None:
                    conn = self._connect(deadline)
                reader = self._exchange(conn, data, deadline)
            except BaseException as exc:
                if conn is not None:
                    conn.close()
                if (
                    reused
                    and retry_safe
                    and isinstance(exc, _STALE)
                    and time.monotonic() < deadline
                ):
                    # The server dropped a kept-alive connection just as it was reused: once
                    # more on a fresh one, which only a retry-safe request may risk.
                    conn, reused = None, False
                    continue
                error = _transport_error(exc)
                if error is exc:
                    raise
                raise error from exc
            return self._finish(conn, reader)

    def _exchange(self, conn: _Connection, data: bytes, deadline: float) -> ReplyReader:
        sock = conn.sock
        sock.settimeout(_left(deadline))
        sock.sendall(data)
        reader = ReplyReader(self.max_response_bytes)
        recv = sock.recv
        while not (reader.complete or reader.too_large):
            # Each read gets only what is left of the attempt: a server dripping a byte a
            # second is cut off at the timeout, not one read's timeout per byte.
            sock.settimeout(_left(deadline))
            chunk = recv(_CHUNK)
            if chunk:
                reader.feed(chunk)
            else:
                reader.feed_eof()
        return reader

    def _finish(self, conn: _Connection, reader: ReplyReader) -> HttpReply:
        headers = reader.headers
        if reader.too_large:
            conn.close()
            raise ResponseTooLarge(self.max_response_bytes, reader.status, headers, "body")
        if reader.keep_alive and not reader.extra and not self._closed and self._keep(conn):
            pass
        else:
            conn.close()
        return _http_reply(reader, self.max_response_bytes)

    def _keep(self, conn: _Connection) -> bool:
        with self._lock:
            if len(self._idle) >= _MAX_IDLE:
                return False
            self._idle.append(conn)
            return True

    def close(self) -> None:
        self._closed = True
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


def _transport_error(exc: BaseException) -> BaseException:
    """A failed exchange as a :class:`TransportError` (other exceptions unchanged)."""
    if isinstance(exc, TransportError):
        return exc
    if isinstance(exc, TimeoutError):
        return TransportTimeout(f"timed out ({exc})" if str(exc) else "timed out")
    if isinstance(exc, ReplyError):
        return TransportError(str(exc))
    if isinstance(exc, OSError):
        return TransportError(failure_reason(exc))
    return exc


# -- async -----------------------------------------------------------------------------------


class _AsyncConnection(asyncio.Protocol):
    """One kept-alive asyncio connection; the reply of the request in flight is read by its
    :class:`ReplyReader` as bytes arrive, and ``waiter`` is woken when it is whole."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.reader: ReplyReader | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.error: BaseException | None = None
        #: The connection ended, or the server sent something unasked while it was idle.
        self.unusable = False
        #: Collects the proxy's reply to CONNECT while a tunnel is being opened.
        self.tunnel_head: bytearray | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        if self.tunnel_head is not None:
            self.tunnel_head += data
            if b"\r\n\r\n" in self.tunnel_head or len(self.tunnel_head) > _MAX_TUNNEL_HEAD:
                self._wake()
            return
        reader = self.reader
        if reader is None:
            self.unusable = True
            return
        try:
            reader.feed(data)
        except ReplyError as exc:
            self.error = exc
            self._wake()
            return
        if reader.complete or reader.too_large:
            self._wake()

    def eof_received(self) -> bool:
        self._ended(None)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._ended(exc)

    def _ended(self, exc: BaseException | None) -> None:
        self.unusable = True
        reader = self.reader
        if reader is not None and not reader.complete and self.error is None:
            try:
                reader.feed_eof()
            except (ReplyError, ConnectionResetError) as eof_error:
                self.error = exc if exc is not None else eof_error
        elif self.tunnel_head is not None and self.error is None:
            self.error = TransportError("the proxy closed the connection instead of opening a tunnel")
        self._wake()

    def _wake(self) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def wait(self, deadline: float) -> None:
        """Until woken, or ``deadline`` (the loop's clock): then TimeoutError."""
        loop = asyncio.get_running_loop()
        waiter = self.waiter = loop.create_future()
        expiry = loop.call_at(deadline, _expire, waiter)
        try:
            await waiter
        finally:
            expiry.cancel()
            self.waiter = None
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.unusable = True
        if self.transport is not None:
            self.transport.close()


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError("the attempt ran past its timeout"))


class AsyncTransport:
    """An asyncio keep-alive transport to one origin (asyncio protocols and :mod:`.http11`);
    at most eight connections at a time."""

    def __init__(
        self,
        base_url: str,
        *,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        proxy: str | None = None,
    ) -> None:
        """As :class:`SyncTransport`."""
        self._origin = _Origin(base_url)
        self.max_response_bytes = max_response_bytes
        chosen = proxy if proxy is not None else proxy_for(self._origin.url)
        self._proxy = _parse_proxy(chosen) if chosen else None
        self._host = host_header(self._origin.host, self._origin.port, self._origin.tls)
        self._idle: list[_AsyncConnection] = []
        # Made on first use, inside the loop that uses it.
        self._slots: asyncio.Semaphore | None = None
        self._closed = False

    async def _connect(self, deadline: float) -> _AsyncConnection:
        loop = asyncio.get_running_loop()
        o, p = self._origin, self._proxy
        tls = _ssl_context() if o.tls else None
        left = deadline - loop.time()
        if left <= 0:
            raise TimeoutError("no time left to connect")
        if p is None:
            _, conn = await asyncio.wait_for(
                loop.create_connection(
                    _AsyncConnection, o.host, o.port, ssl=tls, server_hostname=o.host if tls else None
                ),
                left,
            )
            return conn
        transport, conn = await asyncio.wait_for(
            loop.create_connection(_AsyncConnection, p.host, p.port), left
        )
        try:
            # As the sync twin: a CONNECT tunnel even for http:// origins.
            conn.tunnel_head = bytearray()
            transport.write(_connect_request(o, p))
            await conn.wait(deadline)
            head, conn.tunnel_head = bytes(conn.tunnel_head), None
            if b"\r\n\r\n" not in head:
                raise TransportError("the proxy's reply to CONNECT is not an HTTP reply")
            _tunnel_status(head)
            if tls is not None:
                upgraded = await asyncio.wait_for(
                    loop.start_tls(transport, conn, tls, server_hostname=o.host),
                    max(deadline - loop.time(), 1e-3),
                )
                conn.transport = upgraded
        except BaseException:
            conn.close()
            raise
        return conn

    def _checkout(self) -> _AsyncConnection | None:
        idle = self._idle
        while idle:
            conn = idle.pop()
            transport = conn.transport
            if not conn.unusable and transport is not None and not transport.is_closing():
                return conn
            conn.close()
        return None

    async def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
        retry_safe: bool,
    ) -> HttpReply:
        """Send one request and read the whole reply within ``timeout`` seconds."""
        if self._closed:
            raise TransportError("the client is closed")
        _check_headers(headers)
        data = encode_request(method, self._origin.target(url), self._host, headers, body)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        slots = self._slots
        if slots is None:
            slots = self._slots = asyncio.Semaphore(_MAX_IDLE)
        if slots.locked():
            try:
                await asyncio.wait_for(slots.acquire(), timeout)
            except TimeoutError:
                raise TransportTimeout("waited the whole timeout for a free connection") from None
        else:
            await slots.acquire()
        try:
            return await self._request(data, deadline, retry_safe)
        finally:
            slots.release()

    async def _request(self, data: bytes, deadline: float, retry_safe: bool) -> HttpReply:
        loop = asyncio.get_running_loop()
        conn = self._checkout()
        reused = conn is not None
        while True:
            try:
                if conn is None:
                    conn = await self._connect(deadline)
                reader = await self._exchange(conn, data, deadline)
            except BaseException as exc:
                if conn is not None:
                    conn.close()
                if reused and retry_safe and isinstance(exc, _STALE) and loop.time() < deadline:
                    conn, reused = None, False  # as in the sync twin
                    continue
                error = _transport_error(exc)
                if error is exc:
                    raise
                raise error from exc
            return self._finish(conn, reader)

    async def _exchange(
        self, conn: _AsyncConnection, data: bytes, deadline: float
    ) -> ReplyReader:
        reader = conn.reader = ReplyReader(self.max_response_bytes)
        conn.error = None
        assert conn.transport is not None
        conn.transport.write(data)
        try:
            await conn.wait(deadline)
        finally:
            conn.reader = None
        if not (reader.complete or reader.too_large):
            raise ConnectionResetError("the connection closed before the reply was whole")
        return reader

    def _finish(self, conn: _AsyncConnection, reader: ReplyReader) -> HttpReply:
        headers = reader.headers
        limit = self.max_response_bytes
        if reader.too_large:
            conn.close()
            raise ResponseTooLarge(limit, reader.status, headers, "body")
        if (
            reader.keep_alive
            and not reader.extra
            and not conn.unusable
            and not self._closed
            and len(self._idle) < _MAX_IDLE
        ):
            self._idle.append(conn)
        else:
            conn.close()
        return _http_reply(reader, limit)

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
