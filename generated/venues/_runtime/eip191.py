"""EIP-191 (personal_sign) signatures of a millisecond timestamp, as Derive (Lyra) uses.

The same three values authenticate both transports: the wallet address, the timestamp
(Unix milliseconds as a decimal string) and the signature of that string by the wallet's
owner key or a registered session key. Over HTTP they travel as headers on every request
(names from the spec's ``http_headers``); over WebSocket they are the params of the login
method the spec's ``websocket_login`` names.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from .ethereum import EthereumKey, personal_message_digest
from .operation import Operation
from .request import HttpRequest
from .secrets import Secret

__all__ = ["Eip191TimestampAuth", "personal_sign"]

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_HEADER_ROLES = ("wallet", "timestamp", "signature")


def _system_clock_ms() -> int:
    return time.time_ns() // 1_000_000


def personal_sign(message: str, private_key: str | Secret) -> str:
    """The EIP-191 personal_sign signature of ``message``: ``0x`` + 130 lowercase hex."""
    key = EthereumKey(private_key.reveal() if isinstance(private_key, Secret) else private_key)
    return "0x" + key.sign_digest(personal_message_digest(message)).hex()


class Eip191TimestampAuth:
    """Signs the current timestamp with an Ethereum key (EIP-191 personal_sign).

    Args:
        wallet: The address sent as the wallet (for Derive, the smart-contract wallet, which
            differs from the signing key's own address).
        private_key: The signing key, 0x + 64 hex (owner key or session key).
        http_headers: Header names for the roles ``wallet``, ``timestamp`` and ``signature``.
        websocket_login: ``{"method": ...}``: the JSON-RPC method that logs a WebSocket
            connection in with the same three values as params.
        clock: Milliseconds since the Unix epoch (injectable for tests).
    """

    def __init__(
        self,
        *,
        wallet: str,
        private_key: str | Secret,
        http_headers: Mapping[str, str],
        websocket_login: Mapping[str, str] | None = None,
        clock: Callable[[], int] = _system_clock_ms,
    ) -> None:
        if not isinstance(wallet, str) or _ADDRESS.fullmatch(wallet) is None:
            raise ValueError(f"wallet must be an address, 0x + 40 hex digits, not {wallet!r}")
        missing = [role for role in _HEADER_ROLES if role not in http_headers]
        if missing:
            raise ValueError(f"http_headers names no header for {', '.join(missing)}")
        self.wallet = wallet
        self._secret = Secret(private_key)
        try:
            # Kept for signing; its repr shows no key. The key itself lives in the Secret.
            self._key = EthereumKey(self._secret.reveal())
        except ValueError:
            raise ValueError("private_key is not a valid secp256k1 private key") from None
        self._headers = dict(http_headers)
        self._login = dict(websocket_login or {})
        self._clock = clock

    @property
    def signer(self) -> str:
        """The checksummed address of the signing key (not necessarily the wallet)."""
        return self._key.address

    @property
    def login_method(self) -> str | None:
        """The WebSocket login method, or None when the spec names none."""
        return self._login.get("method")

    def signature(self, timestamp: str) -> str:
        """The personal_sign signature of ``timestamp``: ``0x`` + 130 lowercase hex."""
        return "0x" + self._key.sign_digest(personal_message_digest(timestamp)).hex()

    def auth_values(self) -> dict[str, str]:
        """Fresh ``{wallet, timestamp, signature}`` for the clock's current time."""
        timestamp = str(self._clock())
        return {"wallet": self.wallet, "timestamp": timestamp, "signature": self.signature(timestamp)}

    def sign(self, request: HttpRequest, operation: Operation[Any]) -> None:
        """Add the wallet, timestamp and signature headers to an HTTP request."""
        for role, value in self.auth_values().items():
            request.headers[self._headers[role]] = value

    def websocket_login_params(self) -> dict[str, str]:
        """The params of the WebSocket login message (``wallet``, ``timestamp``, ``signature``)."""
        return self.auth_values()

    # -- what a WebSocket request client needs (ws_request.RequestSigner) ---------------------

    def sign_params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Requests over WebSocket carry no signature of their own: the login covers them."""
        return dict(params)

    def connection_message(self) -> dict[str, Any] | None:
        """The login message sent first on every connection (None without a login method)."""
        if self.login_method is None:
            return None
        return {"method": self.login_method, "params": self.websocket_login_params()}

    @property
    def connection_awaits_reply(self) -> bool:
        """The login is answered (its result lists the subaccounts), or refused."""
        return True

    def __repr__(self) -> str:
        return f"Eip191TimestampAuth(wallet={self.wallet!r}, private_key={self._secret!r})"
