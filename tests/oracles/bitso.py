"""Bitso API v3 signed-request verification, from
https://docs.bitso.com/bitso-api/docs/create-signed-requests

``Authorization: Bitso <key>:<nonce>:<signature>``, where the signature is the lowercase
hex HMAC-SHA256, under the API secret, of nonce + HTTP method + request path (with the
query string as sent) + JSON body; nonces must increase per key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from typing import Any

from oracles import Received

__all__ = ["BitsoVerifier", "signature"]


def signature(secret: str, nonce: str, method: str, request_path: str, body: bytes) -> str:
    message = nonce.encode() + method.encode() + request_path.encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class BitsoVerifier:
    def __init__(self, keys: Mapping[str, str]) -> None:
        self._keys = dict(keys)
        self._last_nonce: dict[str, int] = {}

    def verify(self, request: Received) -> str | None:
        """None when accepted, else why not: ``credentials``, ``signature`` or ``nonce``."""
        header = request.header("Authorization") or ""
        scheme, _, rest = header.partition(" ")
        fields = rest.split(":")
        if scheme != "Bitso" or len(fields) != 3 or fields[0] not in self._keys:
            return "credentials"
        api_key, nonce, sent = fields
        path = f"{request.path}?{request.query}" if request.query else request.path
        expected = signature(self._keys[api_key], nonce, request.method, path, request.body)
        if not hmac.compare_digest(expected, sent):
            return "signature"
        if not nonce.isdigit() or int(nonce) <= self._last_nonce.get(api_key, -1):
            return "nonce"
        self._last_nonce[api_key] = int(nonce)
        return None


def double_verifier(
    credentials: Mapping[str, Any], now_ms: Callable[[], int]
) -> Callable[[Received], str | None]:
    """For venue doubles: the test key and secret (tests/fixtures/bitso/_venue.yaml)."""
    del now_ms  # Bitso's nonce carries its own ordering; no clock window is documented
    return BitsoVerifier({str(credentials["api_key"]): str(credentials["api_secret"])}).verify
