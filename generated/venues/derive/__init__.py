"""Derive: Derive's v2 JSON-RPC API (formerly Lyra), private methods authenticated with an EIP-191
signature of the current timestamp, callable over HTTP or WebSocket.

Generated from specs/derive.yaml. Do not edit: change the spec and run `make generate`.
"""

from .client import DeriveClient, AsyncDeriveClient
from .models import (
    Pagination,
    Direction,
    OrderStatus,
    OrderType,
    TimeInForce,
    CancelReason,
    TriggerPriceType,
    TriggerType,
    Order,
    GetOrdersResult,
)

__all__ = [
    "DeriveClient",
    "AsyncDeriveClient",
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
