"""B2Trader orders as unified ``OpenOrder``s, generated from the ``unified:`` section of
specs/b2trader.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

import re

from .._runtime.unified import Mapper, MarketPattern, OpenOrder
from . import models

__all__ = ["to_unified"]

MARKET_PATTERNS = (
    MarketPattern(
        re.compile("(?P<market_type>[a-z]+)\\.(?P<base>[a-z0-9]+)_(?P<quote>[a-z0-9]+)"), None, None
    ),
)
MARKET_TYPES: dict[str, str] = {"spot": "spot", "cfd": "cfd", "perp": "perp"}
_SIDE: dict[str, str] = {"Buy": "buy", "Sell": "sell"}
_TYPE: dict[str, str] = {"Market": "market", "Limit": "limit"}
_STATUS: dict[str, str] = {"Started": "pending", "Pending": "pending", "Working": "open"}
_TIME_IN_FORCE: dict[str, str] = {
    "Gtc": "gtc",
    "Ioc": "ioc",
    "Fok": "fok",
    "Gtd": "gtd",
    "Day": "day",
}


def to_unified(order: models.OpenOrder) -> OpenOrder:
    """One B2Trader order as a unified ``OpenOrder``; what cannot be mapped is listed in
    ``unmapped``."""
    m = Mapper("b2trader", order.order_id)
    market, market_type = m.market(order.market_id, MARKET_PATTERNS, MARKET_TYPES)
    return OpenOrder(
        venue="b2trader",
        market=market,
        market_type=market_type,
        symbol=m.text("symbol", order.market_id),
        order_id=m.text("order_id", order.order_id),
        client_order_id=None,
        side=m.lookup("side", order.side, _SIDE),
        type=m.lookup("type", order.order_type, _TYPE),
        status=m.lookup("status", order.status, _STATUS),
        price=m.decimal("price", order.requested_price),
        amount=m.decimal("amount", order.requested_amount),
        filled=m.difference("filled", order.requested_amount, order.remaining_amount),
        remaining=m.decimal("remaining", order.remaining_amount),
        average_price=m.decimal("average_price", order.execution_price),
        time_in_force=m.lookup("time_in_force", order.time_in_force, _TIME_IN_FORCE),
        reduce_only=None,
        post_only=None,
        trigger_price=None,
        created_at=m.time("created_at", order.created_at),
        updated_at=m.time("updated_at", order.updated_at),
        unmapped=m.unmapped(),
        original=order,
    )
