"""Kraken spot REST private-endpoint verification, from
https://docs.kraken.com/api/docs/guides/spot-rest-auth and
https://docs.kraken.com/exchange/guides/general/errors

- ``API-Key`` header: the public key. ``API-Sign`` header: base64 of
  HMAC-SHA512(base64-decoded secret, URI path + SHA256(nonce + POST data)), where the
  POST data is the form-encoded body as sent (it contains ``nonce``).
- ``nonce``: an always increasing unsigned 64-bit integer, per API key.
- Errors come back as HTTP 200 with ``{"error": ["EAPI:..."]}``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from oracles import Received

__all__ = ["KrakenVerifier", "api_sign"]


def api_sign(secret_b64: str, uri_path: str, nonce: str, post_data: bytes) -> str:
    """The docs' formula for API-Sign."""
    digest = hashlib.sha256(nonce.encode() + post_data).digest()
    mac = hmac.new(base64.b64decode(secret_b64), uri_path.encode() + digest, hashlib.sha512)
    return base64.b64encode(mac.digest()).decode()


class KrakenVerifier:
    """Checks key, signature and nonce order; remembers the last nonce of each key."""

    def __init__(self, keys: Mapping[str, str]) -> None:
        self._keys = dict(keys)
        self._last_nonce: dict[str, int] = {}

    def verify(self, request: Received) -> str | None:
        api_key = request.header("API-Key")
        secret = self._keys.get(api_key or "")
        if secret is None:
            return "EAPI:Invalid key"
        form = dict(parse_qsl(request.body.decode(), keep_blank_values=True))
        nonce = form.get("nonce", "")
        if not nonce.isdigit() or int(nonce) >= 2**64:
            return "EAPI:Invalid nonce"
        expected = api_sign(secret, request.path, nonce, request.body)
        if not hmac.compare_digest(expected, request.header("API-Sign") or ""):
            return "EAPI:Invalid signature"
        assert api_key is not None
        if int(nonce) <= self._last_nonce.get(api_key, -1):
            return "EAPI:Invalid nonce"
        self._last_nonce[api_key] = int(nonce)
        return None


def double_verifier(
    credentials: Mapping[str, Any], now_ms: Callable[[], int]
) -> Callable[[Received], str | None]:
    """For venue doubles: None when accepted, else Kraken's error text (``EAPI:...``).
    Kraken's nonce has no time window, only an order per key, so ``now_ms`` is unused."""
    del now_ms
    return KrakenVerifier({str(credentials["api_key"]): str(credentials["api_secret"])}).verify
