"""Derive v3 private HTTP request verification: v2's EIP-191 signed timestamp under the
``X-Derive*`` header names, from derive-py's ``sign_rest_auth_header``
(https://github.com/derivexyz/derive-py, derive_client/_clients/utils.py) and the v3
AsyncAPI document's LoginRequest ("typically supplied via headers (`X-Derive*`) for REST").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from oracles import Received
from oracles.derive import LOGIN_METHOD as LOGIN_METHOD
from oracles.derive import double_verifier as _derive

__all__ = ["double_verifier", "HEADERS", "LOGIN_METHOD"]

HEADERS = {"wallet": "X-DeriveWallet", "timestamp": "X-DeriveTimestamp", "signature": "X-DeriveSignature"}


def double_verifier(
    credentials: Mapping[str, Any], now_ms: Callable[[], int]
) -> Callable[[Received], str | None]:
    return _derive(credentials, now_ms, HEADERS)
