"""Backpack Exchange signed-request verification, from
https://docs.backpack.exchange/ (section "Authentication", signing requests)

The signed string is ``instruction=<instruction>``, then the request's parameters (query
and JSON body) sorted by key as ``&key=value`` (booleans lower case), then
``&timestamp=<X-Timestamp>&window=<X-Window>``; ``X-Signature`` is its base64 ED25519
signature by the key whose base64 public key is ``X-API-Key``. The window defaults to
5000 ms and may not exceed 60000.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from oracles import Received

__all__ = ["BackpackVerifier", "signing_string"]


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def signing_string(instruction: str, params: dict[str, object], timestamp: str, window: str) -> str:
    pairs = "".join(f"&{key}={_text(params[key])}" for key in sorted(params))
    return f"instruction={instruction}{pairs}&timestamp={timestamp}&window={window}"


class BackpackVerifier:
    """``instruction_of`` maps (method, path) to the operation's instruction."""

    def __init__(
        self, instruction_of: Callable[[str, str], str], now_ms: Callable[[], int]
    ) -> None:
        self._instruction_of = instruction_of
        self._now_ms = now_ms

    def verify(self, request: Received) -> str | None:
        """None when accepted, else ``INVALID_SIGNATURE``-style reasons."""
        key, sent = request.header("X-API-Key"), request.header("X-Signature")
        timestamp = request.header("X-Timestamp") or ""
        window = request.header("X-Window") or "5000"
        if not key or not sent or not timestamp.isdigit() or not window.isdigit():
            return "missing authentication headers"
        if int(window) > 60000:
            return "window too large"
        params: dict[str, object] = dict(parse_qsl(request.query, keep_blank_values=True))
        if request.body:
            params.update(json.loads(request.body))
        text = signing_string(
            self._instruction_of(request.method, request.path), params, timestamp, window
        )
        try:
            VerifyKey(base64.b64decode(key, validate=True)).verify(
                text.encode(), base64.b64decode(sent, validate=True)
            )
        except (BadSignatureError, binascii.Error, ValueError):
            return "INVALID_SIGNATURE"
        if abs(self._now_ms() - int(timestamp)) > int(window):
            return "timestamp outside the window"
        return None


#: Each endpoint's instruction, from the docs' endpoint pages ("Instruction: ...").
#: https://docs.backpack.exchange/#tag/Order/operation/get_open_orders
INSTRUCTIONS = {("GET", "/api/v1/orders"): "orderQueryAll"}


def double_verifier(
    credentials: Mapping[str, Any], now_ms: Callable[[], int]
) -> Callable[[Received], str | None]:
    """For venue doubles: the request must be signed by the test key (X-API-Key)."""
    verifier = BackpackVerifier(lambda method, path: INSTRUCTIONS[(method, path)], now_ms)

    def verify(request: Received) -> str | None:
        if request.header("X-API-Key") != credentials["api_key"]:
            return "unknown key"
        return verifier.verify(request)

    return verify
