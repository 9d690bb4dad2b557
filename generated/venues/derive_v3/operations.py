"""DeriveV3 operations, servers and error rules, generated from specs/derive_v3.yaml.

Plain data that the runtime acts on; the client modules import it. Do not edit: change the
spec and run `make generate`.
"""

from __future__ import annotations

from .._runtime import signing
from .._runtime.operation import Envelope, ErrorRules, Operation, Pagination, Param
from .._runtime.signing.auth import WebSocketLogin
from .models import AggregatedOrdersResult, Order

__all__ = [
    "SERVERS",
    "SERVER_HEADERS",
    "WEBSOCKET_SERVERS",
    "SIGNING",
    "WEBSOCKET_LOGIN",
    "ERRORS",
    "GET_OPEN_ORDERS",
    "GET_TRIGGER_ORDERS",
    "GET_ALGO_ORDERS",
]

SERVERS: dict[str, str] = {
    "production": "https://api.derive.xyz/v3",
    "testnet": "https://testnet.api.derive.xyz/v3",
}
"""HTTP base URLs by server name; the first is the default."""

SERVER_HEADERS: dict[str, dict[str, str]] = {}
"""Constant headers of every HTTP request, by server URL (a client whose ``base_url`` is that
server's sends them)."""

WEBSOCKET_SERVERS: dict[str, str] = {
    "production": "wss://api.derive.xyz/v3/ws",
    "testnet": "wss://testnet.api.derive.xyz/v3/ws",
}
"""WebSocket base URLs by server name; the first is the default. ``{name}`` marks a variable."""

SIGNING: signing.SignatureRecipe = signing.SignatureRecipe(
    primitive="eip191",
    placements=(
        signing.Placement(location="header", name="X-DeriveWallet", value="{api_key}"),
        signing.Placement(location="header", name="X-DeriveTimestamp", value="{timestamp}"),
        signing.Placement(location="header", name="X-DeriveSignature", value="0x{signature}"),
    ),
    message=(signing.Timestamp(),),
    key_encoding="hex",
)
"""How requests are signed (the spec's ``auth.signing``; ``RecipeAuth`` carries it out)."""

WEBSOCKET_LOGIN = WebSocketLogin(
    method="public/login",
    params=(("wallet", "{api_key}"), ("timestamp", "{timestamp}"), ("signature", "0x{signature}")),
)
"""The message that logs each WebSocket connection in (the spec's ``auth.websocket_login``)."""

ERRORS = ErrorRules(
    error="/error",
    code="/code",
    message="/message",
    data="/data",
    authentication_codes=frozenset(("14014", "14001")),
    authentication_statuses=frozenset((401, 403)),
    rate_limit_codes=frozenset(("-32000",)),
    rate_limit_statuses=frozenset((429,)),
    retry_after_pattern="Retry after (\\d+) ?ms",
    retry_after_unit=0.001,
)

GET_OPEN_ORDERS: Operation[AggregatedOrdersResult] = Operation(
    venue="derive_v3",
    name="get_open_orders",
    transport="jsonrpc",
    http_method="POST",
    http_path="/private/get_open_orders",
    websocket_path="",
    method="private/get_open_orders",
    params=(
        Param(
            "subaccount_id",
            "subaccount_id",
            "params",
            "integer",
            required=True,
        ),
    ),
    response_type=AggregatedOrdersResult,
    envelope=Envelope(
        payload="/result",
    ),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(
        items="/orders",
    ),
)
"""Get the open orders of a subaccount."""

GET_TRIGGER_ORDERS: Operation[AggregatedOrdersResult] = Operation(
    venue="derive_v3",
    name="get_trigger_orders",
    transport="jsonrpc",
    http_method="POST",
    http_path="/private/get_trigger_orders",
    websocket_path="",
    method="private/get_trigger_orders",
    params=(
        Param(
            "subaccount_id",
            "subaccount_id",
            "params",
            "integer",
            required=True,
        ),
    ),
    response_type=AggregatedOrdersResult,
    envelope=Envelope(
        payload="/result",
    ),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(),
)
"""Get the pending trigger orders of a subaccount."""

GET_ALGO_ORDERS: Operation[list[Order]] = Operation(
    venue="derive_v3",
    name="get_algo_orders",
    transport="jsonrpc",
    http_method="POST",
    http_path="/private/get_algo_orders",
    websocket_path="",
    method="private/get_algo_orders",
    params=(
        Param(
            "subaccount_id",
            "subaccount_id",
            "params",
            "integer",
            required=True,
        ),
    ),
    response_type=list[Order],
    envelope=Envelope(
        payload="/result",
    ),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(),
)
"""Get the active algo orders of a subaccount."""
