"""HTTP transports: one stack per mode, the standard library's ``http.client`` (sync) and
``aiohttp`` (async), behind a small interface you can replace.

A venue client sends small requests to one host and reads one JSON body back. httpx's
per-request machinery cost several times the request itself (measured in bench/), while
``http.client`` is what the benchmark floor uses and aiohttp measured 1.2-1.6x of it. These
transports add only what the clients need:

- a small pool of persistent connections; TLS verified against the system's CA store
  (``ssl.create_default_context()``, as aiohttp and websockets do);
- the path and query sent byte for byte as given (that is, as signed);
- a proxy from the environment (``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY``, minus
  ``NO_PROXY``), reached with a CONNECT tunnel (sync) or aiohttp's own proxy support (async);
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

Not supported by the built-in transports: HTTP/2, redirects, cookies, proxies reached over
TLS (``https://`` proxy URLs).
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import io
import select
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol
from urllib.parse import unquote, urlsplit

# proxy_bypass_environment: the environment-only NO_PROXY check (proxy_bypass() also reads
# macOS/Windows system settings); public in the module, missing from its type stubs.
from urllib.request import getproxies_environment, proxy_bypass_environment  # type: ignore[attr-defined]

from ..secrets import Secret

if TYPE_CHECKING:
    import aiohttp

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

USER_AGENT = "venues/0.1"
#: Far above any real reply (a full open-order list is kilobytes), low enough to refuse
#: a runaway body before it exhausts memory.
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
_MAX_IDLE = 8
_CHUNK = 65536
_DEFAULT_HEADERS = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}


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


def failure_reason(exc: BaseException) -> str:
    """An exception as one line for an error message: its type, and its text if any."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


# -- sync ------------------------------------------------------------------------------------


class _DeadlineReader(io.RawIOBase):
    """The socket as a file whose every read is bounded by what is left of the attempt.

    ``http.client`` applies its timeout to each read, so a server sending a byte every
    second would never be cut off; here each read gets only the time left until
    ``conn.deadline``."""

    def __init__(self, sock: socket.socket, conn: _DeadlineConnection) -> None:
        self._sock = sock
        # The socket's own raw file: it keeps the socket open while the reply is read even
        # after http.client closes the connection (as it does for a "Connection: close" reply).
        self._raw = sock.makefile("rb", buffering=0)
        self._conn = conn

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self._conn.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the reply took longer than the timeout")
        sock = self._sock
        sock.settimeout(left)
        # Straight to the socket (SocketIO.readinto adds a Python frame per read and nothing
        # this needs): a timeout raises TimeoutError, which ends the attempt. The socket
        # stays open while _raw holds it, even after http.client closed the connection.
        return sock.recv_into(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _SocketFile:
    """What ``HTTPResponse.__init__`` calls ``makefile`` on: hands it the deadline reader."""

    __slots__ = ("_file",)

    def __init__(self, file: io.BufferedReader) -> None:
        self._file = file

    def makefile(self, mode: str) -> io.BufferedReader:
        return self._file


class _DeadlineConnection(http.client.HTTPConnection):
    """An ``http.client`` connection whose replies (and CONNECT replies) read against
    ``deadline`` (a ``time.monotonic()`` instant)."""

    deadline: float = float("inf")
    #: The idle check's poller, and the socket it watches (a reconnect makes a new socket).
    poller: Any = None
    polled: socket.socket | None = None

    # http.client builds every reply with ``self.response_class(self.sock, method=...)``: a
    # method here hands it a deadline-bound file instead of ``sock.makefile()``.
    def response_class(  # type: ignore[override]
        self, sock: socket.socket, *args: Any, **kwargs: Any
    ) -> http.client.HTTPResponse:
        reader = io.BufferedReader(_DeadlineReader(sock, self))
        return http.client.HTTPResponse(_SocketFile(reader), *args, **kwargs)  # type: ignore[arg-type]


class _DeadlineTlsConnection(_DeadlineConnection, http.client.HTTPSConnection):
    pass


#: What a reused connection raises when the server closed it while idle (or just then).
_STALE = (
    http.client.RemoteDisconnected,
    ConnectionResetError,
    BrokenPipeError,
    ConnectionAbortedError,
)


def _closed_while_idle(conn: _DeadlineConnection) -> bool:
    """Whether an idle pooled connection is readable: the server closed it (EOF) or sent
    something unasked. Either way it must not carry a request."""
    sock = conn.sock
    if sock is None:
        return True
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    if not _HAS_POLL:  # pragma: no cover (no poll(): Windows)
        return bool(select.select([sock], [], [], 0)[0])
    # One poller per socket, made on the first check: the check then costs one system call.
    poller = conn.poller
    if poller is None or conn.polled is not sock:
        poller = conn.poller = select.poll()
        poller.register(sock, select.POLLIN)
        conn.polled = sock
    return bool(poller.poll(0))


_HAS_POLL = hasattr(select, "poll")


class SyncTransport:
    """A blocking keep-alive transport to one origin (``http.client``); thread-safe."""

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
        self._idle: list[_DeadlineConnection] = []
        self._lock = threading.Lock()
        self._closed = False

    def _connect(self) -> _DeadlineConnection:
        o, p = self._origin, self._proxy
        host, port = (p.host, p.port) if p is not None else (o.host, o.port)
        conn: _DeadlineConnection
        if o.tls:
            conn = _DeadlineTlsConnection(host, port, context=_ssl_context())
        else:
            conn = _DeadlineConnection(host, port)
        if p is not None:
            # A CONNECT tunnel even for http:// origins: the request line stays the signed
            # origin-form target, byte for byte.
            tunnel_headers = {"Proxy-Authorization": p.authorization.reveal()} if p.authorization else None
            conn.set_tunnel(o.host, o.port, headers=tunnel_headers)
        return conn

    def _checkout(self) -> _DeadlineConnection | None:
        while True:
            with self._lock:
                if not self._idle:
                    return None
                conn = self._idle.pop()
            if not _closed_while_idle(conn):
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
        path = self._origin.target(url)
        _check_headers(headers)
        all_headers = _DEFAULT_HEADERS.copy()
        all_headers.update(headers)
        deadline = time.monotonic() + timeout
        conn = self._checkout()
        reused = conn is not None
        if conn is None:
            conn = self._connect()
        while True:
            try:
                return self._exchange(conn, method, path, body, all_headers, deadline)
            except BaseException as exc:
                conn.close()
                if (
                    reused
                    and retry_safe
                    and isinstance(exc, _STALE)
                    and time.monotonic() < deadline
                ):
                    # The server dropped a kept-alive connection just as it was reused: once
                    # more on a fresh one, which only a retry-safe request may risk.
                    conn, reused = self._connect(), False
                    continue
                error = _transport_error(exc)
                if error is exc:
                    raise
                raise error from exc

    def _exchange(
        self,
        conn: _DeadlineConnection,
        method: str,
        path: str,
        body: bytes | None,
        headers: dict[str, str],
        deadline: float,
    ) -> HttpReply:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no time left for the request")
        conn.deadline = deadline
        conn.timeout = left  # the connect, when this connection is new
        if conn.sock is not None:
            conn.sock.settimeout(left)
        conn.request(method, path, body=body, headers=headers)
        reply = conn.getresponse()
        limit = self.max_response_bytes
        length = reply.length  # None: chunked or delimited by the close
        if length is not None:
            if length > limit:
                raise ResponseTooLarge(limit, reply.status, _lower(reply.getheaders()), "body")
            content = reply.read()
        else:
            parts: list[bytes] = []
            size = 0
            while chunk := reply.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ResponseTooLarge(limit, reply.status, _lower(reply.getheaders()), "body")
                parts.append(chunk)
            content = b"".join(parts)
        reply_headers = {name.lower(): value for name, value in reply.msg.items()}
        if reply.will_close or self._closed or not self._keep(conn):
            conn.close()
        encoding = reply_headers.get("content-encoding")
        if encoding:
            content = _inflate(encoding, content, limit, reply.status, reply_headers)
        return HttpReply(reply.status, reply_headers, content)

    def _keep(self, conn: _DeadlineConnection) -> bool:
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


def _lower(headers: list[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers}


def _transport_error(exc: BaseException) -> BaseException:
    """A failed exchange as a :class:`TransportError` (other exceptions unchanged)."""
    if isinstance(exc, TransportError):
        return exc
    if isinstance(exc, TimeoutError):
        return TransportTimeout(f"timed out ({exc})" if str(exc) else "timed out")
    if isinstance(exc, http.client.BadStatusLine) and not isinstance(
        exc, http.client.RemoteDisconnected
    ):
        return TransportError(f"the reply is not an HTTP reply: {exc!s:.60}")
    if isinstance(exc, (OSError, http.client.HTTPException)):
        return TransportError(failure_reason(exc))
    return exc


# -- async -----------------------------------------------------------------------------------


class AsyncTransport:
    """An asyncio keep-alive transport to one origin (``aiohttp``)."""

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
        parsed = _parse_proxy(chosen) if chosen else None
        self._proxy = parsed.url if parsed is not None else None
        self._proxy_authorization = parsed.authorization if parsed is not None else None
        self._session: aiohttp.ClientSession | None = None
        self._url: Any = None  # yarl.URL, set with the session
        self._closed = False

    def _client(self) -> aiohttp.ClientSession:
        import aiohttp  # imported on first use: only async HTTP clients need it

        if self._session is None:
            from yarl import URL  # aiohttp's URL type, which it accepts as already encoded

            self._url = URL
            connector = aiohttp.TCPConnector(
                limit=_MAX_IDLE, ssl=_ssl_context() if self._origin.tls else False
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers=_DEFAULT_HEADERS,
                auto_decompress=False,  # inflated here, bounded, the same way as the sync twin
                cookie_jar=aiohttp.DummyCookieJar(),
            )
            # aiohttp re-sends an idempotent-method request once when a kept-alive connection
            # fails, whatever the operation; only retry-safe ones may be (see request()). Its
            # own test client switches this off the same way.
            if hasattr(self._session, "_retry_connection"):
                self._session._retry_connection = False
        return self._session

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
        import aiohttp

        if self._closed:
            raise TransportError("the client is closed")
        self._origin.target(url)
        _check_headers(headers)
        session = self._client()
        # encoded=True: the path and query go out byte for byte, exactly as they were signed.
        target = self._url(url, encoded=True)
        proxy_headers = (
            {"Proxy-Authorization": self._proxy_authorization.reveal()}
            if self._proxy_authorization
            else None
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        first = True
        while True:
            try:
                async with asyncio.timeout_at(deadline):
                    return await self._exchange(
                        session, method, target, body, headers, proxy_headers
                    )
            except TimeoutError as exc:
                raise TransportTimeout("timed out") from exc
            except aiohttp.ClientResponseError as exc:
                raise TransportError(f"the reply is not an HTTP reply: {exc.message:.60}") from exc
            except aiohttp.ClientConnectorError as exc:
                raise TransportError(failure_reason(exc)) from exc
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
                # A kept-alive connection dropped under the request: once more for a
                # retry-safe operation only (aiohttp does not say whether it had been reused).
                if first and retry_safe and loop.time() < deadline:
                    first = False
                    continue
                raise TransportError(failure_reason(exc)) from exc
            except (aiohttp.ClientError, OSError) as exc:
                raise TransportError(failure_reason(exc)) from exc

    async def _exchange(
        self,
        session: aiohttp.ClientSession,
        method: str,
        target: Any,
        body: bytes | None,
        headers: Mapping[str, str],
        proxy_headers: dict[str, str] | None,
    ) -> HttpReply:
        limit = self.max_response_bytes
        async with session.request(
            method,
            target,
            data=body,
            headers=dict(headers),
            allow_redirects=False,
            proxy=self._proxy,
            proxy_headers=proxy_headers,
        ) as reply:
            status = reply.status
            reply_headers = {name.lower(): value for name, value in reply.headers.items()}
            length = reply.content_length
            if length is not None:
                if length > limit:
                    reply.close()
                    raise ResponseTooLarge(limit, status, reply_headers, "body")
                content = await reply.read()
            else:
                parts: list[bytes] = []
                size = 0
                while chunk := await reply.content.readany():
                    size += len(chunk)
                    if size > limit:
                        reply.close()
                        raise ResponseTooLarge(limit, status, reply_headers, "body")
                    parts.append(chunk)
                content = b"".join(parts)
        encoding = reply_headers.get("content-encoding")
        if encoding:
            content = _inflate(encoding, content, limit, status, reply_headers)
        return HttpReply(status, reply_headers, content)

    async def aclose(self) -> None:
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()
