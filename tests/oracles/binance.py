"""Binance spot SIGNED-endpoint verification (HMAC-SHA256 keys), from
https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security and
https://developers.binance.com/docs/binance-spot-api-docs/errors

- The API key is in the ``X-MBX-APIKEY`` header.
- ``signature`` is a parameter of the query string or of the form body; the signed
  payload is the query string followed by the body, each without the ``signature``
  parameter. The signature is hex and not case sensitive.
- ``timestamp`` (ms) is mandatory; ``recvWindow`` defaults to 5000 and may not exceed
  60000; a request is accepted when ``timestamp < serverTime + 1000`` and
  ``serverTime - timestamp <= recvWindow``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from oracles import Received

__all__ = ["Rejection", "BinanceVerifier", "signature"]


@dataclass(frozen=True)
class Rejection:
    """Binance's error: HTTP status and the ``{code, msg}`` body."""

    status: int
    code: int
    msg: str


def signature(secret: str, payload: str) -> str:
    """The docs' recipe: HMAC-SHA256 of the payload under the secret key, hex."""
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def _without_signature(raw: str) -> tuple[str, str | None]:
    kept: list[str] = []
    found: str | None = None
    for item in raw.split("&") if raw else []:
        if item.startswith("signature="):
            found = item.removeprefix("signature=")
        else:
            kept.append(item)
    return "&".join(kept), found


class BinanceVerifier:
    def __init__(self, keys: Mapping[str, str], now_ms: Callable[[], int]) -> None:
        self._keys = dict(keys)
        self._now_ms = now_ms

    def verify(self, request: Received) -> Rejection | None:
        api_key = request.header("X-MBX-APIKEY")
        if not api_key:
            return Rejection(401, -2014, "API-key format invalid.")
        secret = self._keys.get(api_key)
        if secret is None:
            return Rejection(401, -2015, "Invalid API-key, IP, or permissions for action.")
        query, in_query = _without_signature(request.query)
        body, in_body = _without_signature(request.body.decode())
        sent = in_query if in_query is not None else in_body
        params = dict(parse_qsl(query, keep_blank_values=True))
        params.update(parse_qsl(body, keep_blank_values=True))
        if "timestamp" not in params:
            return Rejection(
                400,
                -1102,
                "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
            )
        if sent is None:
            return Rejection(
                400,
                -1102,
                "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
            )
        window = int(params.get("recvWindow", "5000"))
        if window > 60000:
            return Rejection(400, -1131, "recvWindow must be less than 60000")
        if not hmac.compare_digest(signature(secret, query + body), sent.lower()):
            return Rejection(400, -1022, "Signature for this request is not valid.")
        now = self._now_ms()
        timestamp = int(params["timestamp"])
        if not (timestamp < now + 1000 and now - timestamp <= window):
            return Rejection(400, -1021, "Timestamp for this request is outside of the recvWindow.")
        return None


def double_verifier(
    credentials: Mapping[str, Any], now_ms: Callable[[], int]
) -> Callable[[Received], str | None]:
    """For venue doubles: None when accepted, else Binance's ``code: msg``."""
    verifier = BinanceVerifier({str(credentials["api_key"]): str(credentials["api_secret"])}, now_ms)

    def verify(request: Received) -> str | None:
        rejection = verifier.verify(request)
        return None if rejection is None else f"{rejection.code}: {rejection.msg}"

    return verify
