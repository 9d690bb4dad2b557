"""Backpack orders as unified ``OpenOrder``s, generated from the ``unified:`` section of
specs/backpack.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

import re

from .._runtime.unified import Mapper, MarketPattern, OpenOrder
from . import models

__all__ = ["to_unified"]

MARKET_PATTERNS = (
    MarketPattern(re.compile("(?P<base>[A-Z0-9]+)_(?P<quote>[A-Z0-9]+)_PERP"), "perp", None),
    MarketPattern(re.compile("(?P<base>[A-Z0-9]+)_(?P<quote>[A-Z0-9]+)"), "spot", None),
)
MARKET_TYPES: dict[str, str] = {}
_SIDE: dict[str, str] = {"Bid": "buy", "Ask": "sell"}
_TYPE: dict[str, str] = {"Limit": "limit", "Market": "market"}
_STATUS: dict[str, str] = {
    "New": "open",
    "PartiallyFilled": "partially_filled",
    "Filled": "filled",
    "Cancelled": "cancelled",
    "Expired": "expired",
    "Triggered": "triggered",
    "TriggerPending": "untriggered",
    "TriggerFailed": "rejected",
}
_TIME_IN_FORCE: dict[str, str] = {"GTC": "gtc", "IOC": "ioc", "FOK": "fok"}


def to_unified(order: models.Order) -> OpenOrder:
    """One Backpack order as a unified ``OpenOrder``; what cannot be mapped is listed in
    ``unmapped``."""
    m = Mapper("backpack", order.id)
    market, market_type = m.market(order.symbol, MARKET_PATTERNS, MARKET_TYPES)
    return OpenOrder(
        venue="backpack",
        market=market,
        market_type=market_type,
        symbol=m.text("symbol", order.symbol),
        order_id=m.text("order_id", order.id),
        client_order_id=m.text("client_order_id", order.client_id),
        side=m.lookup("side", order.side, _SIDE),
        type=m.lookup("type", order.order_type, _TYPE),
        status=m.lookup("status", order.status, _STATUS),
        price=m.decimal("price", order.price),
        amount=m.decimal("amount", order.quantity),
        filled=m.decimal("filled", order.executed_quantity),
        remaining=m.difference("remaining", order.quantity, order.executed_quantity),
        average_price=None,
        time_in_force=m.lookup("time_in_force", order.time_in_force, _TIME_IN_FORCE),
        reduce_only=m.flag("reduce_only", order.reduce_only),
        post_only=m.flag("post_only", order.post_only),
        trigger_price=m.decimal("trigger_price", order.trigger_price),
        created_at=m.time("created_at", order.created_at),
        updated_at=None,
        unmapped=m.unmapped(),
        original=order,
    )
