"""Bitso orders as unified ``OpenOrder``s, generated from the ``unified:`` section of
specs/bitso.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

import re

from .._runtime.unified import Mapper, MarketPattern, OpenOrder
from . import models

__all__ = ["to_unified"]

MARKET_PATTERNS = (
    MarketPattern(re.compile("(?P<base>[a-z0-9]+)_(?P<quote>[a-z0-9]+)"), "spot", None),
)
MARKET_TYPES: dict[str, str] = {}
_SIDE: dict[str, str] = {"buy": "buy", "sell": "sell"}
_TYPE: dict[str, str] = {"limit": "limit"}
_STATUS: dict[str, str] = {
    "queued": "pending",
    "open": "open",
    "partially filled": "partially_filled",
}
_TIME_IN_FORCE: dict[str, str] = {"goodtillcancelled": "gtc", "postonly": "gtc"}
_POST_ONLY: dict[str, bool] = {"goodtillcancelled": False, "postonly": True}


def to_unified(order: models.OpenOrder) -> OpenOrder:
    """One Bitso order as a unified ``OpenOrder``; what cannot be mapped is listed in
    ``unmapped``."""
    m = Mapper("bitso", order.oid)
    market, market_type = m.market(order.book, MARKET_PATTERNS, MARKET_TYPES)
    return OpenOrder(
        venue="bitso",
        market=market,
        market_type=market_type,
        symbol=m.text("symbol", order.book),
        order_id=m.text("order_id", order.oid),
        client_order_id=m.text("client_order_id", order.origin_id),
        side=m.lookup("side", order.side, _SIDE),
        type=m.lookup("type", order.type, _TYPE),
        status=m.lookup("status", order.status, _STATUS),
        price=m.decimal("price", order.price),
        amount=m.decimal("amount", order.original_amount),
        filled=m.difference("filled", order.original_amount, order.unfilled_amount),
        remaining=m.decimal("remaining", order.unfilled_amount),
        average_price=None,
        time_in_force=m.lookup("time_in_force", order.time_in_force, _TIME_IN_FORCE),
        reduce_only=None,
        post_only=m.lookup("post_only", order.time_in_force, _POST_ONLY),
        trigger_price=None,
        created_at=m.time("created_at", order.created_at),
        updated_at=m.time("updated_at", order.updated_at),
        unmapped=m.unmapped(),
        original=order,
    )
