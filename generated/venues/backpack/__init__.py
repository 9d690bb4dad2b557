"""Backpack: Backpack Exchange's REST API (private endpoints, ED25519 signed).

Generated from specs/backpack.yaml. Do not edit: change the spec and run `make generate`.
"""

from .client import AsyncBackpackClient, BackpackClient
from .models import (
    Order,
    OrderStatus,
    OrderType,
    SelfTradePrevention,
    Side,
    SlippageToleranceType,
    TimeInForce,
    TriggerBy,
)

__all__ = [
    "BackpackClient",
    "AsyncBackpackClient",
    "OrderType",
    "Side",
    "OrderStatus",
    "TimeInForce",
    "SelfTradePrevention",
    "TriggerBy",
    "SlippageToleranceType",
    "Order",
]
