"""Bitso: Bitso's REST API v3 (private endpoints, HMAC-SHA256 signed).

Generated from specs/bitso.yaml. Do not edit: change the spec and run `make generate`.
"""

from .client import AsyncBitsoClient, BitsoClient
from .models import OpenOrder, OrderStatus, OrderType, Side, TimeInForce

__all__ = [
    "BitsoClient",
    "AsyncBitsoClient",
    "Side",
    "OrderStatus",
    "TimeInForce",
    "OrderType",
    "OpenOrder",
]
