"""The lean keep-alive transports (runtime/transport.py), sync and async, against a scripted
raw-socket server on 127.0.0.1: framing, keep-alive, a connection closed while idle,
compression, timeouts and refused input."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from venues._runtime.transport.http import (
    AsyncTransport,
    HttpReply,
    SyncTransport,
    TransportError,
    TransportTimeout,
)


def send(
    t: SyncTransport,
    method: str,
    target: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 5.0,
    retry_safe: bool = True,
) -> HttpReply:
    """One request to ``target`` (path and query) on the transport's origin."""
    return t.request(
        method, t._origin.url + target, body=body, headers=headers or {}, timeout=timeout, retry_safe=retry_safe
    )


async def asend(
    t: AsyncTransport,
    method: str,
    target: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 5.0,
    retry_safe: bool = True,
) -> HttpReply:
    return await t.request(
        method, t._origin.url + target, body=body, headers=headers or {}, timeout=timeout, retry_safe=retry_safe
    )


Reply = Callable[[bytes], bytes | None]  # request bytes -> raw reply (None: close instead)


def fixed(status: int, body: bytes, *extra: str, length: bool = True) -> bytes:
    head = [f"HTTP/1.1 {status} X", *list(extra)]
    if length:
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class Script:
    """Serves connections; each connection answers requests with the next replies in turn."""

    def __init__(self, per_connection: list[list[bytes | None]]) -> None:
        self.per_connection = per_connection
        self.requests: list[bytes] = []
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(5)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        for replies in self.per_connection:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.settimeout(5)
            with conn:
                for reply in replies:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    head, _, rest = data.partition(b"\r\n\r\n")
                    length = 0
                    for line in head.split(b"\r\n"):
                        if line.lower().startswith(b"content-length:"):
                            length = int(line.split(b":")[1])
                    while len(rest) < length:
                        rest += conn.recv(65536)
                    self.requests.append(head + b"\r\n\r\n" + rest)
                    if reply is None:
                        break
                    conn.sendall(reply)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def script() -> Iterator[Callable[[list[list[bytes | None]]], Script]]:
    made: list[Script] = []

    def make(per_connection: list[list[bytes | None]]) -> Script:
        made.append(Script(per_connection))
        return made[-1]

    yield make
    for s in made:
        s.close()


def test_sync_keeps_the_connection_and_frames_requests(script) -> None:  # type: ignore[no-untyped-def]
    s = script([[fixed(200, b'{"a":1}'), fixed(201, b"[]", "X-Thing: yes")]])
    t = SyncTransport(f"http://127.0.0.1:{s.port}")
    first = send(t, "GET", "/api/v1/orders?x=1", None, {"X-Key": "k"}, 5)
    second = send(t, "POST", "/api/v1/orders", b'{"b":2}', {"Content-Type": "application/json"}, 5)
    t.close()
    assert first.status == 200 and first.content == b'{"a":1}'
    assert second.status == 201 and second.headers["x-thing"] == "yes"
    assert s.connections == 1, "the second request reused the connection"
    assert s.requests[0].startswith(b"GET /api/v1/orders?x=1 HTTP/1.1\r\n")
    assert b"X-Key: k\r\n" in s.requests[0] and f"Host: 127.0.0.1:{s.port}".encode() in s.requests[0]
    assert s.requests[1].startswith(b"POST /api/v1/orders HTTP/1.1") and s.requests[1].endswith(b'\r\n\r\n{"b":2}')
    assert b"Content-Length: 7\r\n" in s.requests[1]


def test_sync_replaces_a_connection_the_server_closed_while_idle(script) -> None:  # type: ignore[no-untyped-def]
    s = script([[fixed(200, b"1"), None], [fixed(200, b"2")]])
    t = SyncTransport(f"http://127.0.0.1:{s.port}")
    assert send(t, "GET", "/", None, {}, 5).content == b"1"
    assert send(t, "GET", "/", None, {}, 5).content == b"2"
    t.close()
    assert s.connections == 2


def test_sync_chunked_gzip_and_close_delimited_bodies(script) -> None:  # type: ignore[no-untyped-def]
    packed = gzip.compress(b'{"zipped":true}')
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n[1, \r\n2\r\n2]\r\n0\r\nTrailer: x\r\n\r\n"
    s = script([[chunked, fixed(200, packed, "Content-Encoding: gzip"), b"HTTP/1.0 200 OK\r\n\r\ntill the end"]])
    t = SyncTransport(f"http://127.0.0.1:{s.port}")
    assert send(t, "GET", "/", None, {}, 5).content == b"[1, 2]"
    assert send(t, "GET", "/", None, {}, 5).content == b'{"zipped":true}'
    # The server closes after the last reply (only reading to the end delimits it).
    threading.Timer(0.2, s.close).start()
    assert send(t, "GET", "/", None, {}, 5).content.startswith(b"till the end")
    t.close()


def test_sync_timeout_and_refused_connection_are_typed(script) -> None:  # type: ignore[no-untyped-def]
    silent = socket.create_server(("127.0.0.1", 0))
    try:
        t = SyncTransport(f"http://127.0.0.1:{silent.getsockname()[1]}")
        started = time.monotonic()
        with pytest.raises(TransportTimeout):
            send(t, "GET", "/", None, {}, 0.2)
        assert time.monotonic() - started < 3
    finally:
        silent.close()
    closed_port = socket.create_server(("127.0.0.1", 0))
    port = closed_port.getsockname()[1]
    closed_port.close()
    with pytest.raises(TransportError):
        send(SyncTransport(f"http://127.0.0.1:{port}"), "GET", "/", None, {}, 1)


def test_a_reply_that_is_not_http_is_an_error(script) -> None:  # type: ignore[no-untyped-def]
    s = script([[b"SSH-2.0-OpenSSH\r\n\r\n"]])
    with pytest.raises(TransportError, match="not an HTTP"):
        send(SyncTransport(f"http://127.0.0.1:{s.port}"), "GET", "/", None, {}, 5)


def test_header_injection_is_refused() -> None:
    t = SyncTransport("http://127.0.0.1:9")
    with pytest.raises(ValueError, match="CR or LF"):
        send(t, "GET", "/", None, {"X-A": "b\r\nX-Evil: 1"}, 1)
    with pytest.raises(ValueError, match="must be http"):
        SyncTransport("ftp://example.com")


async def test_async_keep_alive_stale_connection_and_chunks(script) -> None:  # type: ignore[no-untyped-def]
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    s = script([[fixed(200, b"1"), chunked, None], [fixed(200, gzip.compress(b"z"), "Content-Encoding: gzip")]])
    t = AsyncTransport(f"http://127.0.0.1:{s.port}")
    assert (await asend(t, "GET", "/p/a", None, {"X-K": "v"}, 5)).content == b"1"
    assert (await asend(t, "GET", "/b", None, {}, 5)).content == b"abc"
    assert (await asend(t, "GET", "/c", None, {}, 5)).content == b"z"  # after a stale connection
    await t.aclose()
    assert s.connections == 2
    assert s.requests[0].startswith(b"GET /p/a HTTP/1.1\r\n") and b"X-K: v\r\n" in s.requests[0]


async def test_async_close_delimited_and_cut_bodies_and_what_is_not_http(script) -> None:  # type: ignore[no-untyped-def]
    """The asyncio twin frames replies with the same core as the sync one: a body delimited
    by the close is whole at EOF, a framed body cut by the close is an error, and so is a
    reply that is not HTTP; none of these connections is kept."""
    s = script(
        [
            [b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\ntill the end"],
            [b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort"],
            [b"SSH-2.0-OpenSSH\r\n\r\n"],
            [fixed(200, b"ok")],
        ]
    )
    t = AsyncTransport(f"http://127.0.0.1:{s.port}")
    assert (await asend(t, "GET", "/", None, {}, 5)).content == b"till the end"
    with pytest.raises(TransportError, match="before its end"):
        await asend(t, "GET", "/", None, {}, 5, retry_safe=False)
    with pytest.raises(TransportError, match="not an HTTP"):
        await asend(t, "GET", "/", None, {}, 5, retry_safe=False)
    assert (await asend(t, "GET", "/", None, {}, 5)).content == b"ok"
    await t.aclose()
    assert s.connections == 4


async def test_async_an_idle_connection_that_spoke_unasked_is_not_reused(script) -> None:  # type: ignore[no-untyped-def]
    # The first connection stays open after the stray bytes: reusing it would read them.
    s = script([[fixed(200, b"1") + b"HTTP/1.1 200 OK\r\n", fixed(200, b"stale")], [fixed(200, b"2")]])
    t = AsyncTransport(f"http://127.0.0.1:{s.port}")
    assert (await asend(t, "GET", "/", None, {}, 5)).content == b"1"
    assert (await asend(t, "GET", "/", None, {}, 5, retry_safe=False)).content == b"2"
    await t.aclose()
    assert s.connections == 2


async def test_async_timeout_is_typed() -> None:
    silent = socket.create_server(("127.0.0.1", 0))
    try:
        t = AsyncTransport(f"http://127.0.0.1:{silent.getsockname()[1]}")
        started = time.monotonic()
        with pytest.raises(TransportTimeout):
            await asend(t, "GET", "/", None, {}, 0.2)
        assert time.monotonic() - started < 3
        await t.aclose()
    finally:
        silent.close()


def test_sync_idle_check_sees_a_close_after_the_connection_was_reused() -> None:
    """The idle check keeps one poller per connection: a server that closes a connection
    after it carried two requests (so the check already ran on it) is still seen, and a
    request that is not retry-safe goes out on a fresh connection instead of failing."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(5)
    served: list[int] = []

    def serve() -> None:
        for per_connection in (2, 1):
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                for _ in range(per_connection):
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            return
                        data += chunk
                    served.append(per_connection)
                    conn.sendall(fixed(200, str(len(served)).encode()))
            # leaving the block closes the connection while the client holds it idle

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    t = SyncTransport(f"http://127.0.0.1:{server.getsockname()[1]}")
    try:
        assert send(t, "GET", "/", retry_safe=False).content == b"1"
        assert send(t, "GET", "/", retry_safe=False).content == b"2"  # reused: checked once
        for _ in range(100):  # bounded: until the server has closed the first connection
            if len(served) == 2 and t._idle and t._idle[0].sock is not None:
                time.sleep(0.05)
                break
            time.sleep(0.01)
        assert send(t, "GET", "/", retry_safe=False).content == b"3"
    finally:
        t.close()
        server.close()
        thread.join(timeout=5)
    assert served == [2, 2, 1], "the third request went on the second connection"


@pytest.mark.parametrize("value", ["plain", "a b", "ümlaut", "x=1&y", "~._-", "", "\x7f/?#%"])
def test_query_quoting_fast_path_matches_urllib(value: str) -> None:
    from urllib.parse import quote

    from venues._runtime.request import HttpRequest

    request = HttpRequest(method="GET", path="/p", query=[(value, value)])
    assert request.target == f"/p?{quote(value, safe='')}={quote(value, safe='')}"


async def test_async_a_cancelled_request_leaves_no_connection_out_of_step(script) -> None:  # type: ignore[no-untyped-def]
    """A task cancelled while its reply is on the way: that connection is dropped (its reply
    may still come), the next request gets its own reply, and the slot is given back."""
    import asyncio

    # The first connection stays open (its server waits for a next request), its reply unfinished.
    partial = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfir"
    s = script([[partial, fixed(200, b"never asked")], [fixed(200, b"second")]])
    t = AsyncTransport(f"http://127.0.0.1:{s.port}")
    task = asyncio.create_task(asend(t, "GET", "/", None, {}, 5))
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert t._slots is not None and t._slots._value == 8 and not t._idle  # the slot given back
    assert (await asend(t, "GET", "/", None, {}, 5)).content == b"second"
    await t.aclose()
    assert s.connections == 2
