"""Synthetix orders as unified ``OpenOrder``s, generated from the ``unified:`` section of
specs/synthetix.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

import re

from .._runtime.unified import Mapper, MarketPattern, OpenOrder
from . import models

__all__ = ["to_unified"]

MARKET_PATTERNS = (
    MarketPattern(re.compile("(?P<base>[A-Z0-9]+)-(?P<quote>[A-Z0-9]+)"), "perp", None),
)
MARKET_TYPES: dict[str, str] = {}
_SIDE: dict[str, str] = {"buy": "buy", "sell": "sell"}
_TYPE: dict[str, str] = {"LIMIT": "limit", "MARKET": "market"}
_TIME_IN_FORCE: dict[str, str] = {"GTC": "gtc", "IOC": "ioc", "FOK": "fok"}


def to_unified(order: models.OpenOrder) -> OpenOrder:
    """One Synthetix order as a unified ``OpenOrder``; what cannot be mapped is listed in
    ``unmapped``."""
    m = Mapper("synthetix", order.order_id)
    market, market_type = m.market(order.symbol, MARKET_PATTERNS, MARKET_TYPES)
    return OpenOrder(
        venue="synthetix",
        market=market,
        market_type=market_type,
        symbol=m.text("symbol", order.symbol),
        order_id=m.text("order_id", order.order_id),
        client_order_id=None,
        side=m.lookup("side", order.side, _SIDE),
        type=m.lookup("type", order.type, _TYPE),
        status=m.when_nonzero("status", order.filled_quantity, "partially_filled", "open"),
        price=m.decimal("price", order.price),
        amount=m.decimal("amount", order.quantity),
        filled=m.decimal("filled", order.filled_quantity),
        remaining=m.difference("remaining", order.quantity, order.filled_quantity),
        average_price=None,
        time_in_force=m.lookup("time_in_force", order.time_in_force, _TIME_IN_FORCE),
        reduce_only=m.flag("reduce_only", order.reduce_only),
        post_only=m.flag("post_only", order.post_only),
        trigger_price=m.decimal("trigger_price", order.trigger_price),
        created_at=m.time("created_at", order.created_time),
        updated_at=m.time("updated_at", order.updated_time),
        unmapped=m.unmapped(),
        original=order,
    )
