"""DeriveV3 orders as unified ``OpenOrder``s, generated from the ``unified:`` section of
specs/derive_v3.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

import re

from .._runtime.unified import Mapper, MarketPattern, OpenOrder
from . import models

__all__ = ["to_unified"]

MARKET_PATTERNS = (
    MarketPattern(re.compile("(?P<base>[A-Z0-9]+)-PERP"), "perp", "USDC"),
    MarketPattern(
        re.compile("(?P<base>[A-Z0-9]+)-[0-9]{8}-[0-9]+(?:_[0-9]+)?-[CP]"), "option", "USDC"
    ),
    MarketPattern(re.compile("(?P<base>[A-Z0-9]+)-(?P<quote>[A-Z0-9]+)"), "spot", None),
)
MARKET_TYPES: dict[str, str] = {}
_SIDE: dict[str, str] = {"buy": "buy", "sell": "sell"}
_TYPE: dict[str, str] = {"limit": "limit", "market": "market"}
_STATUS: dict[str, str] = {
    "open": "open",
    "filled": "filled",
    "rejected": "rejected",
    "cancelled": "cancelled",
    "expired": "expired",
    "untriggered": "untriggered",
    "algo_active": "open",
}
_TIME_IN_FORCE: dict[str, str] = {"gtc": "gtc", "post_only": "gtc", "fok": "fok", "ioc": "ioc"}
_POST_ONLY: dict[str, bool] = {"gtc": False, "post_only": True, "fok": False, "ioc": False}


def to_unified(order: models.Order) -> OpenOrder:
    """One DeriveV3 order as a unified ``OpenOrder``; what cannot be mapped is listed in
    ``unmapped``."""
    m = Mapper("derive_v3", order.order_id)
    market, market_type = m.market(order.instrument_name, MARKET_PATTERNS, MARKET_TYPES)
    return OpenOrder(
        venue="derive_v3",
        market=market,
        market_type=market_type,
        symbol=m.text("symbol", order.instrument_name),
        order_id=m.text("order_id", order.order_id),
        client_order_id=m.text("client_order_id", order.label),
        side=m.lookup("side", order.direction, _SIDE),
        type=m.lookup("type", order.order_type, _TYPE),
        status=m.lookup("status", order.order_status, _STATUS),
        price=m.decimal("price", order.limit_price),
        amount=m.decimal("amount", order.amount),
        filled=m.decimal("filled", order.filled_amount),
        remaining=m.difference("remaining", order.amount, order.filled_amount),
        average_price=m.decimal("average_price", order.average_price),
        time_in_force=m.lookup("time_in_force", order.time_in_force, _TIME_IN_FORCE),
        reduce_only=None,
        post_only=m.lookup("post_only", order.time_in_force, _POST_ONLY),
        trigger_price=m.decimal("trigger_price", order.trigger_price),
        created_at=m.time("created_at", order.creation_timestamp),
        updated_at=m.time("updated_at", order.last_update_timestamp),
        unmapped=m.unmapped(),
        original=order,
    )
