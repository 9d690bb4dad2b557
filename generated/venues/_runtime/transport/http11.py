"""HTTP/1.1 without I/O: the request's bytes, and a reply read from whatever bytes arrive.

Both built-in transports (sync sockets and asyncio) share this, so a request goes out and a
reply is framed the same way in either mode. Parsing the reply is llhttp's (Node.js's
HTTP parser, through ``httptools``): status line, headers, Content-Length and chunked
framing, interim 1xx replies, keep-alive. What is ours is only what the clients need on
top: the body cap, a body delimited by the connection's close, and whether the connection
may carry another request.
"""

from __future__ import annotations

from collections.abc import Mapping

import httptools

__all__ = ["USER_AGENT", "DEFAULT_HEADERS", "encode_request", "ReplyReader", "ReplyError", "host_header"]

USER_AGENT = "venues/0.1"
#: Sent unless the caller sends its own (any case).
DEFAULT_HEADERS = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
_DEFAULT_NAMES = tuple((name, name.lower()) for name in DEFAULT_HEADERS)
#: Methods whose requests carry a body by definition: an empty one is announced as such.
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class ReplyError(Exception):
    """The bytes are not an HTTP/1.1 reply, or the reply ended before it was whole."""


def host_header(host: str, port: int, tls: bool) -> str:
    """The Host header of an origin: the port only when it is not the scheme's default."""
    name = f"[{host}]" if ":" in host else host
    return name if port == (443 if tls else 80) else f"{name}:{port}"


def encode_request(
    method: str, target: str, host: str, headers: Mapping[str, str], body: bytes | None
) -> bytes:
    """One request, head and body, as bytes. ``target`` (path and query) goes out byte for
    byte: it is what was signed. Header names and values must not hold CR or LF (the
    transports check before calling)."""
    if method == "HEAD":
        # A reply to HEAD announces a body it does not send; no venue operation uses it.
        raise ValueError("HEAD requests are not supported by the built-in transports")
    lines = [f"{method} {target} HTTP/1.1\r\nHost: {host}\r\n"]
    lowered = {name.lower() for name in headers}
    for name, key in _DEFAULT_NAMES:
        if key not in lowered:
            lines.append(f"{name}: {DEFAULT_HEADERS[name]}\r\n")
    for name, value in headers.items():
        lines.append(f"{name}: {value}\r\n")
    if "content-length" not in lowered and (body or method in _BODY_METHODS):
        lines.append(f"Content-Length: {len(body) if body else 0}\r\n")
    lines.append("\r\n")
    try:
        head = "".join(lines).encode("latin-1")
    except UnicodeEncodeError as exc:
        raise ValueError(f"the request line or a header is not ISO-8859-1 text: {exc}") from None
    return head + body if body else head


class ReplyReader:
    """Feed it the bytes of one reply as they arrive; it says when the reply is whole.

    Interim replies (1xx) are skipped. ``limit`` caps the body: past it, ``too_large`` is
    set and the rest is not kept (the caller raises). A reply with neither Content-Length
    nor chunked framing ends with the connection (:meth:`feed_eof`)."""

    __slots__ = (
        "_framed",
        "_limit",
        "_parser",
        "_parts",
        "complete",
        "declared_too_large",
        "extra",
        "headers",
        "headers_done",
        "keep_alive",
        "size",
        "started",
        "status",
        "too_large",
    )

    def __init__(self, limit: int) -> None:
        self._parser = httptools.HttpResponseParser(self)
        self._parts: list[bytes] = []
        self._limit = limit
        self._framed = False
        self.status = 0
        self.headers: dict[str, str] = {}
        self.size = 0
        #: Any byte of the reply arrived (a connection closed before that never answered).
        self.started = False
        self.headers_done = False
        self.complete = False
        self.keep_alive = False
        self.too_large = False
        #: Content-Length alone is over the cap: nothing of the body need be read.
        self.declared_too_large = False
        #: Bytes arrived after the reply: the connection is out of step and must go.
        self.extra = False

    def feed(self, data: bytes) -> None:
        self.started = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            raise ReplyError("the server switched protocols") from None
        except httptools.HttpParserError as exc:
            raise ReplyError(f"the reply is not an HTTP reply: {exc!s:.60}") from None

    def feed_eof(self) -> None:
        """The connection closed: the reply ends here, whole only if nothing framed it."""
        if self.complete:
            return
        if not self.headers_done:
            if self.started:
                raise ReplyError("the connection closed in the middle of the reply's head")
            raise ConnectionResetError("the server closed the connection without a reply")
        if self._framed:
            raise ReplyError(
                f"the connection closed after {self.size} bytes of the body, before its end"
            )
        self.complete = True
        self.keep_alive = False

    def body(self) -> bytes:
        parts = self._parts
        return parts[0] if len(parts) == 1 else b"".join(parts)

    # -- llhttp's callbacks ----------------------------------------------------------------

    def on_message_begin(self) -> None:
        if self.complete:
            self.extra = True

    def on_header(self, name: bytes, value: bytes) -> None:
        if self.complete:
            return
        key = name.decode("latin-1").lower()
        text = value.decode("latin-1")
        seen = self.headers.get(key)
        self.headers[key] = text if seen is None else f"{seen}, {text}"

    def on_headers_complete(self) -> None:
        if self.complete:
            return
        status = self._parser.get_status_code()
        if 100 <= status < 200:
            self.headers = {}  # an interim reply: the real one follows
            return
        self.status = status
        self.headers_done = True
        headers = self.headers
        self._framed = "content-length" in headers or "chunked" in headers.get(
            "transfer-encoding", ""
        ).lower()
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self._limit:
            self.too_large = self.declared_too_large = True

    def on_body(self, body: bytes) -> None:
        if self.complete or self.too_large:
            return
        self.size += len(body)
        if self.size > self._limit:
            self.too_large = True
            self._parts = []
            return
        self._parts.append(body)

    def on_message_complete(self) -> None:
        if self.complete or not self.headers_done:
            return  # the end of an interim reply, or bytes after the reply
        self.complete = True
        self.keep_alive = self._parser.should_keep_alive()
