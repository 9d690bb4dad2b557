"""Lean HTTP/1.1 keep-alive transports: what the clients use unless given an httpx client.

A venue client sends small requests to one host and reads one JSON body back; a general
HTTP library's per-request machinery (URL objects, header models, middleware, event hooks)
cost several times what the request itself does (measured in bench/). These transports do
only what that needs: a small pool of persistent connections to one origin (TLS verified
with the system's default context), fixed headers, ``Content-Length`` or chunked bodies,
gzip/deflate if a server compresses anyway, and typed failures. A connection that the server
closed while idle is replaced once, transparently, as every pooling client does.

Not supported (pass your own ``httpx`` client to the venue client for these): proxies,
HTTP/2, redirects, cookies.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import zlib
from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import urlsplit

__all__ = [
    "HttpReply",
    "TransportError",
    "TransportTimeout",
    "SyncTransport",
    "AsyncTransport",
    "USER_AGENT",
]

USER_AGENT = "venues/0.1"
_MAX_HEAD = 64 * 1024
_MAX_IDLE = 8


class TransportError(Exception):
    """The connection failed or dropped."""


class TransportTimeout(TransportError):
    """A connect or read ran past the timeout."""


class HttpReply(NamedTuple):
    status: int
    headers: Mapping[str, str]  # lower-case names
    content: bytes


class _Origin:
    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"base_url must be http:// or https://, not {base_url!r}")
        if not parts.hostname:
            raise ValueError(f"base_url has no host: {base_url!r}")
        self.tls = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.tls else 80)
        default = 443 if self.tls else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.host_header = host if self.port == default else f"{host}:{self.port}"
        self.prefix = parts.path.rstrip("/")
        self.ssl_context = ssl.create_default_context() if self.tls else None


def _decompress(encoding: str | None, body: bytes) -> bytes:
    if not encoding or encoding == "identity":
        return body
    try:
        if encoding == "gzip":
            return zlib.decompress(body, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                return zlib.decompress(body, -zlib.MAX_WBITS)
    except zlib.error as exc:
        raise TransportError(f"undecodable {encoding} body: {exc}") from exc
    return body  # an encoding we never asked for: the decoder reports what it finds


def _check_header(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError("header names, values and targets must not contain CR or LF")
    return value


class _Connection:
    """One blocking socket (TLS or not) with a buffered reader over it."""

    def __init__(self, origin: _Origin, timeout: float) -> None:
        sock = socket.create_connection((origin.host, origin.port), timeout=timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if origin.ssl_context is not None:
                sock = origin.ssl_context.wrap_socket(sock, server_hostname=origin.host)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self.reader = sock.makefile("rb")

    def close(self) -> None:
        self.reader.close()
        self.sock.close()


def _parse_head(status_line: bytes, header_lines: list[bytes]) -> tuple[int, bool, dict[str, str]]:
    parts = status_line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise TransportError(f"not an HTTP/1.x reply: {status_line[:80]!r}")
    try:
        status = int(parts[1])
    except ValueError:
        raise TransportError(f"not an HTTP/1.x reply: {status_line[:80]!r}") from None
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.decode("latin-1").partition(":")
        key = name.strip().lower()
        text = value.strip()
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    keep = parts[0] == b"HTTP/1.1" and "close" not in headers.get("connection", "").lower()
    return status, keep, headers


def _request_bytes(
    origin: _Origin, method: str, target: str, body: bytes | None, headers: Mapping[str, str], head: str
) -> bytes:
    parts = [method, " ", _check_header(origin.prefix + target), " HTTP/1.1", head]
    for name, value in headers.items():
        parts += [_check_header(name), ": ", _check_header(value), "\r\n"]
    if body or method in ("POST", "PUT", "PATCH"):
        parts += ["Content-Length: ", str(len(body or b"")), "\r\n"]
    parts.append("\r\n")
    return "".join(parts).encode("latin-1") + (body or b"")


class _StaleConnection(Exception):
    """The pooled connection was closed by the server before our request reached it."""


class SyncTransport:
    """A blocking keep-alive transport to one origin; safe to share between threads."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self._origin = _Origin(base_url)
        self.timeout = timeout
        self._idle: list[_Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        o = self._origin
        self._head = f"\r\nHost: {o.host_header}\r\nUser-Agent: {USER_AGENT}\r\nAccept-Encoding: gzip, deflate\r\n"

    def request(
        self,
        method: str,
        target: str,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
    ) -> HttpReply:
        """Send one request and read the whole reply (``target`` is the path and query)."""
        if self._closed:
            raise TransportError("the client is closed")
        message = _request_bytes(self._origin, method, target, body, headers, self._head)
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        try:
            if conn is not None:
                try:
                    return self._exchange(conn, method, message, timeout)
                except _StaleConnection:
                    conn.close()
            conn = _Connection(self._origin, timeout)
            return self._exchange(conn, method, message, timeout)
        except _StaleConnection as exc:
            raise TransportError("the server closed the connection without a reply") from exc
        except TimeoutError as exc:  # socket.timeout is TimeoutError
            if conn is not None:
                conn.close()
            raise TransportTimeout(f"timed out ({exc})" if str(exc) else "timed out") from exc
        except OSError as exc:
            if conn is not None:
                conn.close()
            raise TransportError(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from exc
        except TransportError:
            if conn is not None:
                conn.close()
            raise

    def _exchange(self, conn: _Connection, method: str, message: bytes, timeout: float) -> HttpReply:
        conn.sock.settimeout(timeout)
        reader = conn.reader
        try:
            conn.sock.sendall(message)
            status_line = reader.readline(_MAX_HEAD)
        except (ConnectionResetError, BrokenPipeError) as exc:
            raise _StaleConnection() from exc
        if not status_line:
            raise _StaleConnection()
        lines: list[bytes] = []
        size = len(status_line)
        while True:
            line = reader.readline(_MAX_HEAD)
            size += len(line)
            if size > _MAX_HEAD:
                raise TransportError("the reply's head is too long")
            if not line:
                raise TransportError("the connection closed inside the reply's head")
            if line in (b"\r\n", b"\n"):
                break
            lines.append(line.rstrip(b"\r\n"))
        status, keep, headers = _parse_head(status_line.rstrip(b"\r\n"), lines)
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            content = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            chunks = []
            while True:
                size_line = reader.readline(_MAX_HEAD)
                if not size_line:
                    raise TransportError("the connection closed inside a chunked body")
                try:
                    chunk_size = int(size_line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    raise TransportError(f"bad chunk size {size_line[:40]!r}") from None
                if chunk_size == 0:
                    while reader.readline(_MAX_HEAD) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    break
                chunk = reader.read(chunk_size)
                if len(chunk) != chunk_size:
                    raise TransportError("the connection closed inside a chunked body")
                chunks.append(chunk)
                reader.readline(_MAX_HEAD)
            content = b"".join(chunks)
        elif "content-length" in headers:
            try:
                length = int(headers["content-length"])
            except ValueError:
                raise TransportError(f"bad Content-Length {headers['content-length']!r}") from None
            content = reader.read(length)
            if len(content) != length:
                raise TransportError("the connection closed inside the reply's body")
        else:
            content = reader.read()
            keep = False
        if keep and not self._closed:
            with self._lock:
                if len(self._idle) < _MAX_IDLE:
                    self._idle.append(conn)
                    keep = False
                    conn = None  # type: ignore[assignment]
        if conn is not None:
            conn.close()
        return HttpReply(status, headers, _decompress(headers.get("content-encoding"), content))

    def close(self) -> None:
        self._closed = True
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class _Stream(NamedTuple):
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter


class AsyncTransport:
    """An asyncio keep-alive transport to one origin; concurrent calls use separate connections."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self._origin = _Origin(base_url)
        self.timeout = timeout
        self._idle: list[_Stream] = []
        self._closed = False
        o = self._origin
        self._head = f"\r\nHost: {o.host_header}\r\nUser-Agent: {USER_AGENT}\r\nAccept-Encoding: gzip, deflate\r\n"

    async def _new(self) -> _Stream:
        o = self._origin
        reader, writer = await asyncio.open_connection(
            o.host,
            o.port,
            ssl=o.ssl_context,
            server_hostname=o.host if o.tls else None,
            limit=_MAX_HEAD,
        )
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return _Stream(reader, writer)

    async def request(
        self,
        method: str,
        target: str,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
    ) -> HttpReply:
        """Send one request and read the whole reply (``target`` is the path and query)."""
        if self._closed:
            raise TransportError("the client is closed")
        message = _request_bytes(self._origin, method, target, body, headers, self._head)
        stream: _Stream | None = None
        try:
            async with asyncio.timeout(timeout):
                stream = self._idle.pop() if self._idle else None
                if stream is not None:
                    try:
                        return await self._exchange(stream, method, message)
                    except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError) as exc:
                        if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                            raise  # the reply had begun: not a connection closed while idle
                        # The server closed the idle connection before our request reached it.
                        stream.writer.close()
                stream = None
                stream = await self._new()
                return await self._exchange(stream, method, message)
        except BaseException as exc:
            if stream is not None:
                stream.writer.close()  # never back to the pool: its state is unknown
            if isinstance(exc, TransportError):
                raise
            if isinstance(exc, TimeoutError):
                raise TransportTimeout("timed out") from exc
            if isinstance(exc, (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError)):
                reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                raise TransportError(reason) from exc
            raise  # cancellation and the like

    async def _exchange(self, stream: _Stream, method: str, message: bytes) -> HttpReply:
        reader, writer = stream
        writer.write(message)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head[:-4].split(b"\r\n")
        status, keep, headers = _parse_head(status_line, lines)
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            content = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            chunks = []
            while True:
                size_line = await reader.readuntil(b"\r\n")
                size = int(size_line.split(b";", 1)[0].strip(), 16)
                if size == 0:
                    while (await reader.readuntil(b"\r\n")) != b"\r\n":
                        pass  # trailers
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            content = b"".join(chunks)
        elif "content-length" in headers:
            content = await reader.readexactly(int(headers["content-length"]))
        else:
            content = await reader.read()
            keep = False
        if keep and not self._closed and len(self._idle) < _MAX_IDLE:
            self._idle.append(stream)
        else:
            writer.close()
        return HttpReply(status, headers, _decompress(headers.get("content-encoding"), content))

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for stream in idle:
            stream.writer.close()
