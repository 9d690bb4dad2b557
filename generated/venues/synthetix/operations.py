"""Synthetix operations, servers and error rules, generated from specs/synthetix.yaml.

Plain data that the runtime acts on; the client modules import it. Do not edit: change the
spec and run `make generate`.
"""

from __future__ import annotations

from typing import Any

from .._runtime.operation import Envelope, ErrorRules, Operation, Pagination, Param
from .models import OpenOrder

__all__ = [
    "SERVERS",
    "SERVER_HEADERS",
    "WEBSOCKET_SERVERS",
    "AUTH_SETTINGS",
    "ERRORS",
    "GET_OPEN_ORDERS",
]

SERVERS: dict[str, str] = {}
"""HTTP base URLs by server name; the first is the default."""

SERVER_HEADERS: dict[str, dict[str, str]] = {}
"""Constant headers of every HTTP request, by server URL (a client whose ``base_url`` is that
server's sends them)."""

WEBSOCKET_SERVERS: dict[str, str] = {
    "production": "wss://papi.synthetix.io",
    "api": "wss://api.synthetix.io",
}
"""WebSocket base URLs by server name; the first is the default. ``{name}`` marks a variable."""

AUTH_SETTINGS: dict[str, Any] = {
    "domain": {
        "name": "Synthetix",
        "version": "1",
        "chainId": 1,
        "verifyingContract": "0x0000000000000000000000000000000000000000",
    },
    "signer_credential": "private_key",
    "request_params": {
        "subAccountId": {"credential": "sub_account_id"},
        "expiresAfter": {"param": "expiresAfter", "default": 0},
    },
    "action_type": {
        "name": "SubAccountAction",
        "fields": [
            {"name": "subAccountId", "type": "uint256", "source": {"credential": "sub_account_id"}},
            {"name": "action", "type": "string", "source": {"param": "action"}},
            {
                "name": "expiresAfter",
                "type": "uint256",
                "source": {"param": "expiresAfter", "default": 0},
            },
        ],
    },
    "signature_param": "signature",
    "connection_auth": {
        "method": "auth",
        "action": "websocket_auth",
        "within_seconds": 30,
        "message_encoding": "json_text",
        "await_reply": True,
        "type": {
            "name": "AuthMessage",
            "fields": [
                {
                    "name": "subAccountId",
                    "type": "uint256",
                    "source": {"credential": "sub_account_id"},
                },
                {"name": "timestamp", "type": "uint256", "source": {"clock": "milliseconds"}},
                {"name": "action", "type": "string", "source": {"param": "action"}},
            ],
        },
    },
}
"""The settings of the ``eip712_action`` scheme (the spec's ``auth.settings``)."""

ERRORS = ErrorRules(
    error="/error",
    code="/code",
    message="/message",
    data=None,
    authentication_codes=frozenset(()),
    authentication_statuses=frozenset(()),
    rate_limit_codes=frozenset(("429",)),
    rate_limit_statuses=frozenset((429,)),
)

GET_OPEN_ORDERS: Operation[list[OpenOrder]] = Operation(
    venue="synthetix",
    name="get_open_orders",
    transport="websocket_request",
    websocket_path="/v1/ws/trade",
    method="post",
    fixed_params={"action": "getOpenOrders"},
    params=(
        Param(
            "symbol",
            "symbol",
            "params",
            "string",
        ),
        Param(
            "limit",
            "limit",
            "params",
            "integer",
            minimum=1,
            maximum=100,
        ),
        Param(
            "offset",
            "offset",
            "params",
            "integer",
            minimum=0,
        ),
        Param(
            "expires_after",
            "expiresAfter",
            "params",
            "integer",
            minimum=0,
        ),
    ),
    response_type=list[OpenOrder],
    envelope=Envelope(
        payload="/result/response",
        success_pointer="/status",
        success_equals=200,
    ),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(
        kind="limit_offset",
        limit_param="limit",
        offset_param="offset",
    ),
)
"""Get open orders."""
