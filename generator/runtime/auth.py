"""Authentication schemes. A spec names its scheme and settings; the generated client
builds the matching class here with the user's credentials.

Every scheme takes an injectable ``clock`` (milliseconds since the epoch) so that tests
can reproduce signatures exactly.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Literal, Protocol

from .eip712 import Eip712ActionAuth as Eip712ActionAuth
from .operation import Operation
from .request import HttpRequest, wire_value
from .secrets import Secret

__all__ = [
    "Clock",
    "HttpAuth",
    "system_clock_ms",
    "IncreasingNonce",
    "SaltedMillisecondNonce",
    "NonceForm",
    "HmacSha256Auth",
    "Ed25519InstructionAuth",
    "Eip191TimestampAuth",
]

Clock = Callable[[], int]


def system_clock_ms() -> int:
    """Milliseconds since the Unix epoch."""
    return time.time_ns() // 1_000_000


class HttpAuth(Protocol):
    """Signs an HTTP request in place (adds headers)."""

    def sign(self, request: HttpRequest, operation: Operation[Any]) -> None: ...


class IncreasingNonce:
    """Millisecond-clock nonces that strictly increase, even across threads and tasks."""

    def __init__(self, clock: Clock = system_clock_ms) -> None:
        self._clock = clock
        self._last = 0
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            self._last = max(self._last + 1, self._clock())
            return str(self._last)


class SaltedMillisecondNonce:
    """The 13-digit millisecond clock followed by a 6-digit random salt: unique per client
    without being ordered, for venues that accept such nonces in any order (Bitso's
    "nonce v2"). Thread-safe; never repeats a salt within a millisecond."""

    def __init__(self, clock: Clock = system_clock_ms) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._millisecond = -1
        self._used: set[int] = set()

    def __call__(self) -> str:
        millisecond = self._clock()
        with self._lock:
            if millisecond != self._millisecond:
                self._millisecond = millisecond
                self._used.clear()
            salt = random.randrange(100_000, 1_000_000)
            while salt in self._used:
                salt = random.randrange(100_000, 1_000_000)
            self._used.add(salt)
        return f"{millisecond:013d}{salt}"


#: The nonce forms a spec may choose (``auth.settings.nonce``).
NonceForm = Literal["increasing_milliseconds", "millisecond_salted"]


class HmacSha256Auth:
    """An HMAC-SHA256 signature of nonce, method, path and body, sent in one header.

    With ``nonce="increasing_milliseconds"`` the venue refuses a nonce lower than one it
    has seen, so requests must reach it in nonce order: ``nonces_in_order`` tells the HTTP
    client to serialise signing and sending (one request of the client at a time).
    ``"millisecond_salted"`` nonces are accepted in any order and need no such care.
    """

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str | Secret,
        header: str,
        header_format: str,
        message_format: str,
        digest: Literal["hex"] = "hex",
        nonce: NonceForm = "increasing_milliseconds",
        nonce_source: Callable[[], str] | None = None,
        clock: Clock = system_clock_ms,
    ) -> None:
        self.api_key = api_key
        self._secret = Secret(api_secret)
        self._header = header
        self._header_format = header_format
        self._message_format = message_format
        del digest  # hex is the only digest the spec format allows
        if nonce == "millisecond_salted":
            self._nonce = nonce_source or SaltedMillisecondNonce(clock)
        elif nonce == "increasing_milliseconds":
            self._nonce = nonce_source or IncreasingNonce(clock)
        else:
            raise ValueError(f"unknown nonce form {nonce!r}")
        #: Whether requests must reach the venue in the order their nonces were drawn.
        self.nonces_in_order = nonce == "increasing_milliseconds"

    def signature(self, *, nonce: str, method: str, path: str, body: str) -> str:
        message = self._message_format.format(nonce=nonce, method=method, path=path, body=body)
        secret = self._secret.reveal().encode()
        return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()

    def sign(self, request: HttpRequest, operation: Operation[Any]) -> None:
        nonce = self._nonce()
        signature = self.signature(
            nonce=nonce,
            method=request.method.upper(),
            path=request.target,
            body=request.body.decode(),
        )
        request.headers[self._header] = self._header_format.format(
            key=self.api_key, nonce=nonce, signature=signature
        )

    def __repr__(self) -> str:
        return f"HmacSha256Auth(api_key={self.api_key!r}, api_secret={self._secret!r})"


class Ed25519InstructionAuth:
    """ED25519 over ``instruction=<op>&<sorted params>&timestamp=<ms>&window=<ms>``."""

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str | Secret,
        headers: Mapping[str, str],
        window_ms: Mapping[str, int],
        window: int | None = None,
        clock: Clock = system_clock_ms,
    ) -> None:
        from nacl.signing import SigningKey  # imported here: only Backpack-style venues need it

        self.api_key = api_key
        self._secret = Secret(api_secret)
        seed = base64.b64decode(self._secret.reveal(), validate=True)
        if len(seed) != 32:
            raise ValueError("api_secret must be the base64 of a 32-byte ED25519 seed")
        self._signing_key = SigningKey(seed)
        self._headers = dict(headers)
        limit = window_ms["maximum"]
        self.window = window_ms["default"] if window is None else window
        if not 0 < self.window <= limit:
            raise ValueError(f"window must be between 1 and {limit} ms, not {self.window}")
        self._clock = clock

    def signing_string(
        self, instruction: str, params: Mapping[str, object], timestamp: int
    ) -> str:
        parts = [f"instruction={instruction}"]
        parts.extend(f"{key}={wire_value(params[key])}" for key in sorted(params))
        parts.append(f"timestamp={timestamp}")
        parts.append(f"window={self.window}")
        return "&".join(parts)

    def sign(self, request: HttpRequest, operation: Operation[Any]) -> None:
        instruction = operation.auth_options["instruction"]
        params: dict[str, object] = dict(request.query)
        if request.json_params:
            params.update(request.json_params)
        timestamp = self._clock()
        message = self.signing_string(instruction, params, timestamp).encode()
        signature = self._signing_key.sign(message).signature
        request.headers[self._headers["api_key"]] = self.api_key
        request.headers[self._headers["timestamp"]] = str(timestamp)
        request.headers[self._headers["window"]] = str(self.window)
        request.headers[self._headers["signature"]] = base64.b64encode(signature).decode()

    def __repr__(self) -> str:
        return f"Ed25519InstructionAuth(api_key={self.api_key!r}, api_secret={self._secret!r})"


# Schemes defined in their own modules, re-exported so that every scheme imports from here.
from .eip191 import Eip191TimestampAuth  # noqa: E402 (Derive; eth-account is imported lazily)
from .token_auth import AccessTokenQueryAuth as AccessTokenQueryAuth  # noqa: E402 (SignalR venues)
