"""B2Trader: B2BROKER's B2TRADER platform, run white-label by brokers under their own host. Private data
streams over ASP.NET Core SignalR (JSON hub protocol on a WebSocket), authenticated with the
trader's access token in the query string.

Generated from specs/b2trader.yaml. Do not edit: change the spec and run `make generate`.
"""

from .models import (
    MarketType,
    OpenOrder,
    OrderReason,
    OrderSource,
    OrderStatus,
    OrderType,
    Side,
    TimeInForce,
)
from .websocket_signalr import AsyncB2TraderClient, ReconnectPolicy, Snapshot

__all__ = [
    "AsyncB2TraderClient",
    "Snapshot",
    "ReconnectPolicy",
    "MarketType",
    "TimeInForce",
    "OrderStatus",
    "OrderSource",
    "OrderReason",
    "Side",
    "OrderType",
    "OpenOrder",
]
