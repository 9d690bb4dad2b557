"""Backpack operations, servers and error rules, generated from specs/backpack.yaml.

Plain data that the runtime acts on; the client modules import it. Do not edit: change the
spec and run `make generate`.
"""

from __future__ import annotations

from typing import Any

from .._runtime.operation import Envelope, ErrorRules, Operation, Pagination, Param
from .models import Order

__all__ = [
    "SERVERS",
    "WEBSOCKET_SERVERS",
    "AUTH_SETTINGS",
    "ERRORS",
    "GET_OPEN_ORDERS",
]

SERVERS: dict[str, str] = {"production": "https://api.backpack.exchange"}
"""HTTP base URLs by server name; the first is the default."""

WEBSOCKET_SERVERS: dict[str, str] = {}
"""WebSocket base URLs by server name; the first is the default. ``{name}`` marks a variable."""

AUTH_SETTINGS: dict[str, Any] = {
    "headers": {
        "api_key": "X-API-Key",
        "timestamp": "X-Timestamp",
        "window": "X-Window",
        "signature": "X-Signature",
    },
    "window_ms": {"default": 5000, "maximum": 60000},
}

ERRORS = ErrorRules(
    error="",
    code="/code",
    message="/message",
    data=None,
    authentication_codes=frozenset(("INVALID_SIGNATURE", "INVALID_API_KEY")),
    authentication_statuses=frozenset((401, 403)),
    rate_limit_codes=frozenset(()),
    rate_limit_statuses=frozenset((429,)),
)

GET_OPEN_ORDERS: Operation[list[Order]] = Operation(
    venue="backpack",
    name="get_open_orders",
    transport="http",
    http_method="GET",
    http_path="/api/v1/orders",
    auth_options={"instruction": "orderQueryAll"},
    params=(
        Param(
            "market_type",
            "marketType",
            "query",
            "string",
        ),
        Param(
            "symbol",
            "symbol",
            "query",
            "string",
        ),
    ),
    response_type=list[Order],
    envelope=Envelope(),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(),
)
"""Get open orders."""
