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
import http.client
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


class SyncTransport:
    """A blocking keep-alive transport to one origin; safe to share between threads."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self._origin = _Origin(base_url)
        self.timeout = timeout
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self._closed = False

    def _new(self, timeout: float) -> http.client.HTTPConnection:
        o = self._origin
        if o.tls:
            return http.client.HTTPSConnection(o.host, o.port, timeout=timeout, context=o.ssl_context)
        return http.client.HTTPConnection(o.host, o.port, timeout=timeout)

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
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        reused = conn is not None
        if conn is None:
            conn = self._new(timeout)
        try:
            try:
                return self._exchange(conn, method, target, body, headers, timeout)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                if not reused:
                    raise
                # The server closed the idle connection before our request reached it.
                conn.close()
                conn = self._new(timeout)
                return self._exchange(conn, method, target, body, headers, timeout)
        except TimeoutError as exc:  # socket.timeout is TimeoutError
            conn.close()
            raise TransportTimeout(f"{type(exc).__name__}: {exc}" if str(exc) else "timed out") from exc
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise TransportError(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from exc

    def _exchange(
        self,
        conn: http.client.HTTPConnection,
        method: str,
        target: str,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
    ) -> HttpReply:
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        else:
            conn.timeout = timeout
        all_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
        all_headers.update(headers)
        conn.request(method, self._origin.prefix + target, body, all_headers)
        response = conn.getresponse()
        content = response.read()
        status = response.status
        reply_headers = {name.lower(): value for name, value in response.getheaders()}
        if response.will_close or self._closed:
            conn.close()
        else:
            with self._lock:
                if len(self._idle) < _MAX_IDLE:
                    self._idle.append(conn)
                    conn = None  # type: ignore[assignment]
            if conn is not None:
                conn.close()
        return HttpReply(status, reply_headers, _decompress(reply_headers.get("content-encoding"), content))

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
        parts = [method, " ", _check_header(self._origin.prefix + target), " HTTP/1.1", self._head]
        for name, value in headers.items():
            parts += [_check_header(name), ": ", _check_header(value), "\r\n"]
        if body or method in ("POST", "PUT", "PATCH"):
            parts += ["Content-Length: ", str(len(body or b"")), "\r\n"]
        parts.append("\r\n")
        message = "".join(parts).encode("latin-1") + (body or b"")
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
                stream = await self._new()
                return await self._exchange(stream, method, message)
        except TimeoutError as exc:
            if stream is not None:
                stream.writer.close()
            raise TransportTimeout("timed out") from exc
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            if stream is not None:
                stream.writer.close()
            if isinstance(exc, ValueError) and "CR or LF" in str(exc):
                raise
            raise TransportError(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from exc

    async def _exchange(self, stream: _Stream, method: str, message: bytes) -> HttpReply:
        reader, writer = stream
        writer.write(message)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status_line = lines[0].split(" ", 2)
        if len(status_line) < 2 or not status_line[0].startswith("HTTP/1."):
            raise TransportError(f"not an HTTP/1.x reply: {lines[0][:80]!r}")
        status = int(status_line[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                key = name.strip().lower()
                value = value.strip()
                headers[key] = f"{headers[key]}, {value}" if key in headers else value
        keep = status_line[0] == "HTTP/1.1" and "close" not in headers.get("connection", "").lower()
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
