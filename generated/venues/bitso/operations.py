"""Bitso operations, servers and error rules, generated from specs/bitso.yaml.

Plain data that the runtime acts on; the client modules import it. Do not edit: change the
spec and run `make generate`.
"""

from __future__ import annotations

from .._runtime import signing
from .._runtime.operation import Envelope, ErrorRules, Operation, Pagination, Param
from .models import OpenOrder

__all__ = [
    "SERVERS",
    "SERVER_HEADERS",
    "WEBSOCKET_SERVERS",
    "SIGNING",
    "ERRORS",
    "LIST_OPEN_ORDERS",
]

SERVERS: dict[str, str] = {
    "production": "https://api.bitso.com",
    "staging": "https://api-stage.bitso.com",
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
        signing.Placement(
            location="header", name="Authorization", value="Bitso {api_key}:{nonce}:{signature}"
        ),
    ),
    message=(
        signing.Nonce(),
        signing.Method(),
        signing.Path(),
        signing.Query(leading="?"),
        signing.Body(),
    ),
    nonce=signing.NonceSpec(kind="ms_salt"),
)
"""How requests are signed (the spec's ``auth.signing``; ``RecipeAuth`` carries it out)."""

ERRORS = ErrorRules(
    error="/error",
    code="/code",
    message="/message",
    data=None,
    authentication_codes=frozenset(("0201", "0215", "104")),
    authentication_statuses=frozenset((401, 403)),
    rate_limit_codes=frozenset(()),
    rate_limit_statuses=frozenset((429,)),
)

LIST_OPEN_ORDERS: Operation[list[OpenOrder]] = Operation(
    venue="bitso",
    name="list_open_orders",
    transport="http",
    http_method="GET",
    http_path="/api/v3/open_orders",
    params=(
        Param(
            "book",
            "book",
            "query",
            "string",
        ),
        Param(
            "currency",
            "currency",
            "query",
            "string",
        ),
        Param(
            "limit",
            "limit",
            "query",
            "integer",
            minimum=1,
        ),
        Param(
            "source",
            "source",
            "query",
            "string",
        ),
    ),
    response_type=list[OpenOrder],
    envelope=Envelope(
        payload="/payload",
        success_pointer="/success",
        success_equals=True,
    ),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(),
)
"""List open orders."""
