"""Synthetix trade WebSocket authentication, from its docs (never from our spec): the
EIP-712 domain and the two signed types, as the WebSocket double checks them.

- Connection: within 30 s of connecting, ``{"method": "auth", "params": {"message": <typed
  data as JSON text>, "signature": <0x + 130 hex>}}``, typed data ``AuthMessage(uint256
  subAccountId, uint256 timestamp, string action)``, action ``websocket_auth``, timestamp
  in Unix ms (https://developers.synthetix.io/developer-resources/api/ws-api/trade-websocket/authentication).
- Requests: ``params.signature = {v, r, s}`` over ``SubAccountAction(uint256 subAccountId,
  string action, uint256 expiresAfter)``; domain ``{name: Synthetix, version: "1",
  chainId: 1, verifyingContract: 0x0...0}``
  (https://developers.synthetix.io/developer-resources/api/ws-api/trade-websocket/getOpenOrders,
  request signing).

``AUTH`` has the shape the WebSocket double (tests/ws_request_support.py) reads.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AUTH"]

AUTH: dict[str, Any] = {
    "domain": {
        "name": "Synthetix",
        "version": "1",
        "chainId": 1,
        "verifyingContract": "0x0000000000000000000000000000000000000000",
    },
    "signature_param": "signature",
    "action_type": {
        "name": "SubAccountAction",
        "fields": [
            {"name": "subAccountId", "type": "uint256"},
            {"name": "action", "type": "string"},
            {"name": "expiresAfter", "type": "uint256"},
        ],
    },
    "connection_auth": {
        "method": "auth",
        "action": "websocket_auth",
        "within_seconds": 30,
        "type": {
            "name": "AuthMessage",
            "fields": [
                {"name": "subAccountId", "type": "uint256"},
                {"name": "timestamp", "type": "uint256", "source": {"clock": "milliseconds"}},
                {"name": "action", "type": "string"},
            ],
        },
    },
}
