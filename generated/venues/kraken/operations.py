"""Kraken operations, servers and error rules, generated from specs/kraken.yaml.

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

SERVERS: dict[str, str] = {"production": "https://api.kraken.com"}
"""HTTP base URLs by server name; the first is the default."""

SERVER_HEADERS: dict[str, dict[str, str]] = {}
"""Constant headers of every HTTP request, by server URL (a client whose ``base_url`` is that
server's sends them)."""

WEBSOCKET_SERVERS: dict[str, str] = {}
"""WebSocket base URLs by server name; the first is the default. ``{name}`` marks a variable."""

SIGNING: signing.SignatureRecipe = signing.SignatureRecipe(
    primitive="hmac_sha512",
    placements=(
        signing.Placement(location="form", name="nonce", value="{nonce}", first=True),
        signing.Placement(location="header", name="API-Key", value="{api_key}"),
        signing.Placement(location="header", name="API-Sign", value="{signature}"),
    ),
    message=(signing.Path(), signing.Hash(parts=(signing.Nonce(), signing.Body()))),
    key_encoding="base64",
    signature_encoding="base64",
    nonce=signing.NonceSpec(),
)
"""How requests are signed (the spec's ``auth.signing``; ``RecipeAuth`` carries it out)."""

ERRORS = ErrorRules(
    error="/error",
    code="/code",
    message="/message",
    data=None,
    authentication_codes=frozenset(
        (
            "EAPI:Invalid key",
            "EAPI:Invalid signature",
            "EAPI:Invalid nonce",
            "EGeneral:Permission denied",
        )
    ),
    authentication_statuses=frozenset(()),
    rate_limit_codes=frozenset(("EAPI:Rate limit exceeded",)),
    rate_limit_statuses=frozenset(()),
)

GET_OPEN_ORDERS: Operation[list[Order]] = Operation(
    venue="kraken",
    name="get_open_orders",
    transport="http",
    http_method="POST",
    http_path="/0/private/OpenOrders",
    body_encoding="form",
    params=(
        Param(
            "trades",
            "trades",
            "form",
            "boolean",
        ),
        Param(
            "userref",
            "userref",
            "form",
            "integer",
        ),
        Param(
            "cl_ord_id",
            "cl_ord_id",
            "form",
            "string",
        ),
        Param(
            "rebase_multiplier",
            "rebase_multiplier",
            "form",
            "string",
        ),
    ),
    response_type=list[Order],
    envelope=Envelope(
        payload="/result/open",
        keyed_by="txid",
    ),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(),
)
"""Get open orders."""
