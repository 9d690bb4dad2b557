"""Derive operations, servers and error rules, generated from specs/derive.yaml.

Plain data that the runtime acts on; the client modules import it. Do not edit: change the
spec and run `make generate`.
"""

from __future__ import annotations

from .._runtime import signing
from .._runtime.operation import Envelope, ErrorRules, Operation, Pagination, Param
from .._runtime.signing.auth import WebSocketLogin
from .models import GetOrdersResult

__all__ = [
    "SERVERS",
    "SERVER_HEADERS",
    "WEBSOCKET_SERVERS",
    "SIGNING",
    "WEBSOCKET_LOGIN",
    "ERRORS",
    "GET_ORDERS",
]

SERVERS: dict[str, str] = {
    "production": "https://api.lyra.finance",
    "testnet": "https://api-demo.lyra.finance",
}
"""HTTP base URLs by server name; the first is the default."""

SERVER_HEADERS: dict[str, dict[str, str]] = {}
"""Constant headers of every HTTP request, by server URL (a client whose ``base_url`` is that
server's sends them)."""

WEBSOCKET_SERVERS: dict[str, str] = {
    "production": "wss://api.lyra.finance/ws",
    "testnet": "wss://api-demo.lyra.finance/ws",
}
"""WebSocket base URLs by server name; the first is the default. ``{name}`` marks a variable."""

SIGNING: signing.SignatureRecipe = signing.SignatureRecipe(
    primitive="eip191",
    placements=(
        signing.Placement(location="header", name="X-LyraWallet", value="{api_key}"),
        signing.Placement(location="header", name="X-LyraTimestamp", value="{timestamp}"),
        signing.Placement(location="header", name="X-LyraSignature", value="0x{signature}"),
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

GET_ORDERS: Operation[GetOrdersResult] = Operation(
    venue="derive",
    name="get_orders",
    transport="jsonrpc",
    http_method="POST",
    http_path="/private/get_orders",
    websocket_path="",
    method="private/get_orders",
    params=(
        Param(
            "subaccount_id",
            "subaccount_id",
            "params",
            "integer",
            required=True,
        ),
        Param(
            "instrument_name",
            "instrument_name",
            "params",
            "string",
        ),
        Param(
            "label",
            "label",
            "params",
            "string",
        ),
        Param(
            "page",
            "page",
            "params",
            "integer",
            minimum=1,
        ),
        Param(
            "page_size",
            "page_size",
            "params",
            "integer",
            minimum=1,
            maximum=1000,
        ),
        Param(
            "status",
            "status",
            "params",
            "string",
        ),
    ),
    response_type=GetOrdersResult,
    envelope=Envelope(
        payload="/result",
    ),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(
        kind="page_number",
        page_param="page",
        page_size_param="page_size",
        items="/orders",
        total_pages="/pagination/num_pages",
    ),
)
"""Get orders for a subaccount."""
