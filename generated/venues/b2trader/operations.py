"""B2Trader operations, servers and error rules, generated from specs/b2trader.yaml.

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
    "STREAM_OPEN_ORDERS",
]

SERVERS: dict[str, str] = {}
"""HTTP base URLs by server name; the first is the default."""

SERVER_HEADERS: dict[str, dict[str, str]] = {}
"""Constant headers of every HTTP request, by server URL (a client whose ``base_url`` is that
server's sends them)."""

WEBSOCKET_SERVERS: dict[str, str] = {"broker": "wss://{host}"}
"""WebSocket base URLs by server name; the first is the default. ``{name}`` marks a variable."""

AUTH_SETTINGS: dict[str, Any] = {"query_param": "access_token"}
"""The settings of the ``access_token_query`` scheme (the spec's ``auth.settings``)."""

ERRORS = ErrorRules(
    error="/error",
    code="",
    message="",
    data=None,
    authentication_codes=frozenset(()),
    authentication_statuses=frozenset((401,)),
    rate_limit_codes=frozenset(()),
    rate_limit_statuses=frozenset(()),
)

STREAM_OPEN_ORDERS: Operation[list[OpenOrder]] = Operation(
    venue="b2trader",
    name="stream_open_orders",
    transport="signalr_stream",
    websocket_path="/frontoffice/ws/v4/account",
    method="OpenOrders",
    params=(
        Param(
            "account_id",
            "account_id",
            "argument",
            "string",
            required=True,
        ),
    ),
    response_type=list[OpenOrder],
    envelope=Envelope(
        payload="/item",
    ),
    errors=ERRORS,
    retry_safe=True,
    pagination=Pagination(
        kind="snapshots",
    ),
)
"""Stream open orders."""
