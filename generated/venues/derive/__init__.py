"""Derive: Derive's v2 JSON-RPC API (formerly Lyra), private methods authenticated with an EIP-191
signature of the current timestamp, callable over HTTP or WebSocket.

Generated from specs/derive.yaml. Do not edit: change the spec and run `make generate`.
"""

from .client import AsyncDeriveClient, DeriveClient
from .models import (
    CancelReason,
    Direction,
    GetOrdersResult,
    Order,
    OrderStatus,
    OrderType,
    Pagination,
    TimeInForce,
    TriggerPriceType,
    TriggerType,
)
from .websocket_jsonrpc import AsyncDeriveWebSocketClient, DeriveWebSocketClient

__all__ = [
    "DeriveClient",
    "AsyncDeriveClient",
    "AsyncDeriveWebSocketClient",
    "DeriveWebSocketClient",
    "Pagination",
    "Direction",
    "OrderStatus",
    "OrderType",
    "TimeInForce",
    "CancelReason",
    "TriggerPriceType",
    "TriggerType",
    "Order",
    "GetOrdersResult",
]
