"""Synthetix: Synthetix's trade WebSocket API: JSON request/response frames on one connection, authenticated
once per connection and signed per request with EIP-712 typed data.

Generated from specs/synthetix.yaml. Do not edit: change the spec and run `make generate`.
"""

from .models import OpenOrder, OrderType, Side, TimeInForce, TriggerPriceType
from .websocket_request import AsyncSynthetixClient, SynthetixClient

__all__ = [
    "AsyncSynthetixClient",
    "SynthetixClient",
    "Side",
    "OrderType",
    "TimeInForce",
    "TriggerPriceType",
    "OpenOrder",
]
