"""DeriveV3: Derive's v3 JSON-RPC API, private methods authenticated with an EIP-191 signature of the current
timestamp (X-Derive* headers over HTTP, public/login over WebSocket).

Generated from specs/derive_v3.yaml. Do not edit: change the spec and run `make generate`.
"""

from .client import AsyncDeriveV3Client, DeriveV3Client
from .models import (
    AggregatedOrdersResult,
    AlgoType,
    CancelReason,
    Direction,
    Order,
    OrderStatus,
    OrderType,
    TimeInForce,
    TriggerPriceType,
    TriggerType,
)
from .websocket_jsonrpc import AsyncDeriveV3WebSocketClient, DeriveV3WebSocketClient

__all__ = [
    "DeriveV3Client",
    "AsyncDeriveV3Client",
    "AsyncDeriveV3WebSocketClient",
    "DeriveV3WebSocketClient",
    "AlgoType",
    "Direction",
    "OrderStatus",
    "OrderType",
    "TimeInForce",
    "CancelReason",
    "TriggerPriceType",
    "TriggerType",
    "Order",
    "AggregatedOrdersResult",
]
