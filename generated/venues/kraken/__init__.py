"""Kraken: Kraken's spot REST API (private endpoints, HMAC-SHA512 signed).

Generated from specs/kraken.yaml. Do not edit: change the spec and run `make generate`.
"""

from .client import AsyncKrakenClient, KrakenClient
from .models import Order, OrderDescription, OrderStatus, OrderType, Side, Trigger

__all__ = [
    "KrakenClient",
    "AsyncKrakenClient",
    "OrderStatus",
    "Side",
    "OrderType",
    "Trigger",
    "OrderDescription",
    "Order",
]
