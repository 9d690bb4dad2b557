"""Binance: Binance's spot REST API (SIGNED endpoints, HMAC-SHA256 keys).

Generated from specs/binance.yaml. Do not edit: change the spec and run `make generate`.
"""

from .client import AsyncBinanceClient, BinanceClient
from .models import (
    Order,
    OrderSide,
    OrderStatus,
    OrderType,
    PegOffsetType,
    PegPriceType,
    SelfTradePreventionMode,
    TimeInForce,
    WorkingFloor,
)

__all__ = [
    "BinanceClient",
    "AsyncBinanceClient",
    "OrderStatus",
    "TimeInForce",
    "OrderType",
    "OrderSide",
    "SelfTradePreventionMode",
    "WorkingFloor",
    "PegPriceType",
    "PegOffsetType",
    "Order",
]
