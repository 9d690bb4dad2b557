"""A scripted raw-socket HTTP server on 127.0.0.1 for the HTTP-layer tests: each connection
runs a test-given function, so a test can answer, drip, reset or close exactly when it
wants, and see every request byte for byte."""

from __future__ import annotations

import hashlib
import hmac
import socket
import struct
import threading
from collections.abc import Callable
from typing import Any, NamedTuple

from venues._runtime.operation import Envelope, ErrorRules, Operation, Param

BITSO_OK = b'{"success":true,"payload":[]}'
BITSO_BAD_NONCE = (
    b'{"success":false,"error":{"code":"0201","message":"Invalid Nonce or Invalid Credentials"}}'
)


class Request(NamedTuple):
    method: str
    target: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    raw: bytes


def reply(status: int, body: bytes, *extra: str) -> bytes:
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class RawServer:
    """Accepts connections until closed; ``handle(server, conn, number)`` serves each one in
    its own thread (``number`` counts connections from 0)."""

    def __init__(self, handle: Callable[[RawServer, socket.socket, int], None]) -> None:
        self.handle = handle
        self.requests: list[Request] = []
        self.connections = 0
        self._lock = threading.Lock()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port: int = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                number = self.connections
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn, number), daemon=True).start()

    def _serve(self, conn: socket.socket, number: int) -> None:
        conn.settimeout(10)
        with conn:
            try:
                self.handle(self, conn, number)
            except OSError:
                pass

    def read(self, conn: socket.socket) -> Request | None:
        """The next request on ``conn`` (None when the client closed it)."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            body += chunk
        request = Request(method, target, headers, body, head + b"\r\n\r\n" + body)
        with self._lock:
            self.requests.append(request)
        return request

    def close(self) -> None:
        self._closed = True
        self.sock.close()


def reset(conn: socket.socket) -> None:
    """Close ``conn`` with a TCP reset instead of a clean end."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def bitso_signature_ok(request: Request, secret: str) -> bool:
    """Bitso's rule: hex HMAC-SHA256 of nonce + method + the target as sent + body."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    parts = credentials.split(":")
    if scheme != "Bitso" or len(parts) != 3:
        return False
    message = parts[1] + request.method + request.target + request.body.decode()
    expected = hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts[2])


def bitso_nonce(request: Request) -> str:
    return request.headers["authorization"].split(":")[1]


class NoAuth:
    """An auth scheme that signs nothing (for operations built by hand)."""

    def sign(self, request: object, operation: object) -> None:
        return None


def operation(
    *,
    method: str = "POST",
    path: str = "/orders",
    retry_safe: bool = False,
    params: tuple[Param, ...] = (),
) -> Operation[Any]:
    """A hand-made operation answering with any JSON value."""
    return Operation(
        venue="testvenue",
        name="place_thing",
        transport="http",
        http_method=method,
        http_path=path,
        params=params,
        response_type=Any,
        envelope=Envelope(),
        errors=ErrorRules(),
        retry_safe=retry_safe,
    )
