"""Derive (v2) private HTTP request verification, from
https://docs.derive.xyz/docs/authentication (and the WebSocket ``public/login`` method)

``X-LyraWallet`` is the smart-contract wallet, ``X-LyraTimestamp`` the Unix time in ms,
``X-LyraSignature`` the EIP-191 ``personal_sign`` of that timestamp's decimal text by the
wallet's owner key or a registered session key (0x + 130 hex).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from oracles import Received

__all__ = ["check_signed_timestamp", "double_verifier", "HEADERS", "LOGIN_METHOD"]

#: The WebSocket method that logs a connection in, with the same three values as params
#: (https://docs.derive.xyz/reference/public-login).
LOGIN_METHOD = "public/login"
HEADERS = {"wallet": "X-LyraWallet", "timestamp": "X-LyraTimestamp", "signature": "X-LyraSignature"}
#: How far a timestamp may be from the double's clock (the docs state no window).
MAX_SKEW_MS = 30_000


def check_signed_timestamp(
    values: Mapping[str, str | None], credentials: Mapping[str, Any], now_ms: int
) -> str | None:
    """None when ``wallet``, ``timestamp`` and ``signature`` are the test wallet's, signed by
    the test key; else why not."""
    from eth_account import Account
    from eth_account.messages import encode_defunct

    wallet, timestamp, signature = (values.get(k) for k in ("wallet", "timestamp", "signature"))
    if not (wallet and timestamp and signature):
        return "missing wallet, timestamp or signature"
    if wallet != credentials["wallet"]:
        return "unknown wallet"
    if re.fullmatch(r"0x[0-9a-f]{130}", signature) is None:
        return "malformed signature"
    if re.fullmatch(r"[0-9]{13}", timestamp) is None:
        return "malformed timestamp"
    if abs(now_ms - int(timestamp)) > MAX_SKEW_MS:
        return "stale timestamp"
    try:
        signer = Account.recover_message(encode_defunct(text=timestamp), signature=signature)
    except Exception:
        return "unrecoverable signature"
    if signer != Account.from_key(credentials["private_key"]).address:
        return "signer mismatch"
    return None


def double_verifier(
    credentials: Mapping[str, Any],
    now_ms: Callable[[], int],
    headers: Mapping[str, str] = HEADERS,
) -> Callable[[Received], str | None]:
    def verify(request: Received) -> str | None:
        values = {role: request.header(name) for role, name in headers.items()}
        return check_signed_timestamp(values, credentials, now_ms())

    return verify
