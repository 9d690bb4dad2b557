"""Keep-alive HTTP transports to one origin, on well-kept libraries: the standard library's
``http.client`` (sync) and ``aiohttp`` (async).

A venue client sends small requests to one host and reads one JSON body back. httpx's
per-request machinery cost several times the request itself (measured in bench/), while
``http.client`` is what the benchmark floor uses and aiohttp measured 1.2-1.6x of it. These
wrappers add only what the clients need: a small pool of persistent connections (TLS
verified against certifi's CA bundle, as httpx does), the path and query sent byte for
byte as signed, gzip/deflate if a server compresses anyway, one transparent retry when the
server closed an idle connection, and typed failures.

Not supported (pass your own ``httpx`` client to the venue client for these): proxies,
HTTP/2, redirects, cookies.
"""

from __future__ import annotations

import asyncio
import http.client
import ssl
import threading
import zlib
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import aiohttp

__all__ = [
    "HttpReply",
    "TransportError",
    "TransportTimeout",
    "SyncTransport",
    "AsyncTransport",
    "USER_AGENT",
]

USER_AGENT = "venues/0.1"
_MAX_IDLE = 8
_DEFAULT_HEADERS = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}


class TransportError(Exception):
    """The connection failed or dropped."""


class TransportTimeout(TransportError):
    """A connect or read ran past the timeout."""


class HttpReply(NamedTuple):
    status: int
    headers: Mapping[str, str]  # lower-case names
    content: bytes


@cache
def _ssl_context() -> ssl.SSLContext:
    """Verified TLS with certifi's CA bundle (as httpx uses), else the system's."""
    try:
        import certifi  # installed with httpx
    except ImportError:  # pragma: no cover
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=certifi.where())


class _Origin:
    """Scheme, host and port of a base URL, and the path prefix every target gets."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"the base URL must be http(s)://host[:port][/path], not {base_url!r}")
        self.tls = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.tls else 80)
        self.url = f"{parts.scheme}://{parts.netloc}"
        self.prefix = parts.path.rstrip("/")


def _check_headers(headers: Mapping[str, str]) -> None:
    for name, value in headers.items():
        if any(c in name or c in value for c in "\r\n"):
            raise ValueError(f"header {name!r} holds CR or LF")


def _decompress(encoding: str | None, body: bytes) -> bytes:
    if not encoding or not body:
        return body
    encoding = encoding.strip().lower()
    try:
        if encoding == "gzip":
            return zlib.decompress(body, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                return zlib.decompress(body, -zlib.MAX_WBITS)
    except zlib.error as exc:
        raise TransportError(f"the {encoding} body does not decompress: {exc}") from exc
    return body


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


#: What a reused keep-alive connection raises when the server closed it while it was idle.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class SyncTransport:
    """A blocking keep-alive transport to one origin (``http.client``); thread-safe."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self._origin = _Origin(base_url)
        self.timeout = timeout
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self._closed = False

    def _connect(self, timeout: float) -> http.client.HTTPConnection:
        o = self._origin
        if o.tls:
            return http.client.HTTPSConnection(o.host, o.port, timeout=timeout, context=_ssl_context())
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
        _check_headers(headers)
        all_headers = {**_DEFAULT_HEADERS, **headers}
        path = self._origin.prefix + target
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is not None:
            try:
                return self._exchange(conn, method, path, body, all_headers, timeout)
            except _STALE:
                conn.close()  # closed by the server while idle: one fresh connection
            except BaseException:
                conn.close()
                raise
        conn = self._connect(timeout)
        try:
            return self._exchange(conn, method, path, body, all_headers, timeout)
        except BaseException:
            conn.close()
            raise

    def _exchange(
        self,
        conn: http.client.HTTPConnection,
        method: str,
        path: str,
        body: bytes | None,
        headers: dict[str, str],
        timeout: float,
    ) -> HttpReply:
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            reply = conn.getresponse()
            content = reply.read()
        except _STALE:
            raise
        except TimeoutError as exc:
            raise TransportTimeout(f"timed out ({exc})" if str(exc) else "timed out") from exc
        except http.client.BadStatusLine as exc:
            raise TransportError(f"the reply is not an HTTP reply: {exc!s:.60}") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise TransportError(_reason(exc)) from exc
        reply_headers = {name.lower(): value for name, value in reply.getheaders()}
        if reply.will_close or self._closed:
            conn.close()
        else:
            with self._lock:
                if len(self._idle) < _MAX_IDLE:
                    self._idle.append(conn)
                else:
                    conn.close()
        return HttpReply(reply.status, reply_headers, _decompress(reply_headers.get("content-encoding"), content))

    def close(self) -> None:
        self._closed = True
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class AsyncTransport:
    """An asyncio keep-alive transport to one origin (``aiohttp``)."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self._origin = _Origin(base_url)
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    def _client(self) -> aiohttp.ClientSession:
        import aiohttp  # imported on first use: only async HTTP clients need it

        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=_MAX_IDLE, ssl=_ssl_context() if self._origin.tls else False
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers=_DEFAULT_HEADERS,
                auto_decompress=False,  # decompressed here, the same way as the sync twin
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self._session

    async def request(
        self,
        method: str,
        target: str,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
    ) -> HttpReply:
        """Send one request and read the whole reply (``target`` is the path and query)."""
        import aiohttp
        from yarl import URL

        if self._closed:
            raise TransportError("the client is closed")
        _check_headers(headers)
        session = self._client()
        # encoded=True: the path and query go out byte for byte, exactly as they were signed.
        url = URL(self._origin.url + self._origin.prefix + target, encoded=True)
        try:
            async with asyncio.timeout(timeout):
                async with session.request(
                    method, url, data=body, headers=dict(headers), allow_redirects=False
                ) as reply:
                    content = await reply.read()
                    reply_headers = {name.lower(): value for name, value in reply.headers.items()}
                    status = reply.status
        except TimeoutError as exc:
            raise TransportTimeout("timed out") from exc
        except aiohttp.ClientResponseError as exc:
            raise TransportError(f"the reply is not an HTTP reply: {exc.message:.60}") from exc
        except (aiohttp.ClientError, OSError) as exc:
            raise TransportError(_reason(exc)) from exc
        return HttpReply(status, reply_headers, _decompress(reply_headers.get("content-encoding"), content))

    async def aclose(self) -> None:
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()
