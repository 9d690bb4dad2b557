"""Kraken orders as unified ``OpenOrder``s, generated from the ``unified:`` section of
specs/kraken.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

import re

from .._runtime.unified import Mapper, MarketPattern, OpenOrder
from . import models

__all__ = ["to_unified"]

MARKET_PATTERNS = (
    MarketPattern(
        re.compile(
            "(?P<base>[A-Z0-9]+?)(?P<quote>USDT|USDC|USD|EUR|GBP|CAD|JPY|CHF|AUD|XBT|ETH|DAI)"
        ),
        "spot",
        None,
    ),
)
MARKET_TYPES: dict[str, str] = {}
_SIDE: dict[str, str] = {"buy": "buy", "sell": "sell"}
_TYPE: dict[str, str] = {
    "market": "market",
    "limit": "limit",
    "iceberg": "limit",
    "stop-loss": "stop_market",
    "stop-loss-limit": "stop_limit",
    "take-profit": "stop_market",
    "take-profit-limit": "stop_limit",
    "trailing-stop": "stop_market",
    "trailing-stop-limit": "stop_limit",
    "settle-position": "market",
}
_STATUS: dict[str, str] = {
    "pending": "pending",
    "open": "open",
    "closed": "filled",
    "canceled": "cancelled",
    "expired": "expired",
}


def to_unified(order: models.Order) -> OpenOrder:
    """One Kraken order as a unified ``OpenOrder``; what cannot be mapped is listed in
    ``unmapped``."""
    m = Mapper("kraken", order.txid)
    market, market_type = m.market(order.descr.pair, MARKET_PATTERNS, MARKET_TYPES)
    return OpenOrder(
        venue="kraken",
        market=market,
        market_type=market_type,
        symbol=m.text("symbol", order.descr.pair),
        order_id=m.text("order_id", order.txid),
        client_order_id=m.text("client_order_id", order.cl_ord_id),
        side=m.lookup("side", order.descr.type, _SIDE),
        type=m.lookup("type", order.descr.ordertype, _TYPE),
        status=m.lookup("status", order.status, _STATUS),
        price=m.decimal("price", order.descr.price),
        amount=m.decimal("amount", order.vol),
        filled=m.decimal("filled", order.vol_exec),
        remaining=m.difference("remaining", order.vol, order.vol_exec),
        average_price=m.decimal("average_price", order.price),
        time_in_force=None,
        reduce_only=None,
        post_only=None,
        trigger_price=None,
        created_at=m.time("created_at", order.opentm),
        updated_at=None,
        unmapped=m.unmapped(),
        original=order,
    )
