"""Binance operations, servers and error rules, generated from specs/binance.yaml.

Plain data that the runtime acts on; the client modules import it. Do not edit: change the
spec and run `make generate`.
"""

from __future__ import annotations

from .._runtime import signing
from .._runtime.operation import Envelope, ErrorRules, Operation, Pagination, Param
from .models import Order

__all__ = [
    "SERVERS",
    "SERVER_HEADERS",
    "WEBSOCKET_SERVERS",
    "SIGNING",
    "ERRORS",
    "GET_OPEN_ORDERS",
]

SERVERS: dict[str, str] = {
    "production": "https://api.binance.com",
    "gcp": "https://api-gcp.binance.com",
    "testnet": "https://testnet.binance.vision",
}
"""HTTP base URLs by server name; the first is the default."""

SERVER_HEADERS: dict[str, dict[str, str]] = {}
"""Constant headers of every HTTP request, by server URL (a client whose ``base_url`` is that
server's sends them)."""

WEBSOCKET_SERVERS: dict[str, str] = {}
"""WebSocket base URLs by server name; the first is the default. ``{name}`` marks a variable."""

SIGNING: signing.SignatureRecipe = signing.SignatureRecipe(
    primitive="hmac_sha256",
    placements=(
        signing.Placement(location="header", name="X-MBX-APIKEY", value="{api_key}"),
        signing.Placement(location="query", name="timestamp", value="{timestamp}"),
        signing.Placement(location="query", name="signature", value="{signature}"),
    ),
    message=(signing.Query(), signing.Body()),
)
"""How requests are signed (the spec's ``auth.signing``; ``RecipeAuth`` carries it out)."""

ERRORS = ErrorRules(
    error="",
    code="/code",
    message="/msg",
    data=None,
    authentication_codes=frozenset(("-2014", "-2015", "-1022", "-1021")),
    authentication_statuses=frozenset((401, 403)),
    rate_limit_codes=frozenset(("-1003",)),
    rate_limit_statuses=frozenset((429, 418)),
)

GET_OPEN_ORDERS: Operation[list[Order]] = Operation(
    venue="binance",
    name="get_open_orders",
    transport="http",
    http_method="GET",
    http_path="/api/v3/openOrders",
    params=(
        Param(
            "symbol",
            "symbol",
            "query",
            "string",
        ),
        Param(
            "recv_window",
            "recvWindow",
            "query",
            "number",
            maximum=60000,
        ),
    ),
    response_type=list[Order],
    envelope=Envelope(),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(),
)
"""Current open orders."""
