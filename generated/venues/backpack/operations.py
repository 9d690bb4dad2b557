"""Backpack operations, servers and error rules, generated from specs/backpack.yaml.

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

SERVERS: dict[str, str] = {"production": "https://api.backpack.exchange"}
"""HTTP base URLs by server name; the first is the default."""

SERVER_HEADERS: dict[str, dict[str, str]] = {}
"""Constant headers of every HTTP request, by server URL (a client whose ``base_url`` is that
server's sends them)."""

WEBSOCKET_SERVERS: dict[str, str] = {}
"""WebSocket base URLs by server name; the first is the default. ``{name}`` marks a variable."""

SIGNING: signing.SignatureRecipe = signing.SignatureRecipe(
    primitive="ed25519",
    placements=(
        signing.Placement(location="header", name="X-API-Key", value="{api_key}"),
        signing.Placement(location="header", name="X-Timestamp", value="{timestamp}"),
        signing.Placement(location="header", name="X-Window", value="{window}"),
        signing.Placement(location="header", name="X-Signature", value="{signature}"),
    ),
    message=(
        signing.Text(value="instruction="),
        signing.Param(name="instruction"),
        signing.SortedParams(leading="&"),
        signing.Text(value="&timestamp="),
        signing.Timestamp(),
        signing.Text(value="&window="),
        signing.Param(name="window"),
    ),
    key_encoding="base64",
    signature_encoding="base64",
    constants=(("window", "5000"),),
    operation_params=("instruction",),
)
"""How requests are signed (the spec's ``auth.signing``; ``RecipeAuth`` carries it out)."""

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
