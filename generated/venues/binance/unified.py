"""Binance orders as unified ``OpenOrder``s, generated from the ``unified:`` section of
specs/binance.yaml.

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
            "(?P<base>[A-Z0-9]+?)(?P<quote>FDUSD|USDT|USDC|TUSD|BUSD|DAI|BTC|ETH|BNB|EUR|TRY|BRL|JPY|MXN|PLN|RON|ZAR|UAH|ARS|COP|CZK|IDR|XRP|DOGE|TRX|SOL)"
        ),
        "spot",
        None,
    ),
)
MARKET_TYPES: dict[str, str] = {}
_SIDE: dict[str, str] = {"BUY": "buy", "SELL": "sell"}
_TYPE: dict[str, str] = {
    "LIMIT": "limit",
    "LIMIT_MAKER": "limit",
    "MARKET": "market",
    "STOP_LOSS": "stop_market",
    "STOP_LOSS_LIMIT": "stop_limit",
}
_STATUS: dict[str, str] = {
    "NEW": "open",
    "PENDING_NEW": "pending",
    "PARTIALLY_FILLED": "partially_filled",
    "FILLED": "filled",
    "CANCELED": "cancelled",
    "REJECTED": "rejected",
    "EXPIRED": "expired",
    "EXPIRED_IN_MATCH": "expired",
}
_TIME_IN_FORCE: dict[str, str] = {"GTC": "gtc", "IOC": "ioc", "FOK": "fok"}
_POST_ONLY: dict[str, bool] = {
    "LIMIT_MAKER": True,
    "LIMIT": False,
    "MARKET": False,
    "STOP_LOSS": False,
    "STOP_LOSS_LIMIT": False,
    "TAKE_PROFIT": False,
    "TAKE_PROFIT_LIMIT": False,
}


def to_unified(order: models.Order) -> OpenOrder:
    """One Binance order as a unified ``OpenOrder``; what cannot be mapped is listed in
    ``unmapped``."""
    m = Mapper("binance", order.order_id)
    market, market_type = m.market(order.symbol, MARKET_PATTERNS, MARKET_TYPES)
    return OpenOrder(
        venue="binance",
        market=market,
        market_type=market_type,
        symbol=m.text("symbol", order.symbol),
        order_id=m.text("order_id", order.order_id),
        client_order_id=m.text("client_order_id", order.client_order_id),
        side=m.lookup("side", order.side, _SIDE),
        type=m.lookup("type", order.type, _TYPE),
        status=m.lookup("status", order.status, _STATUS),
        price=m.decimal("price", order.price),
        amount=m.decimal("amount", order.orig_qty),
        filled=m.decimal("filled", order.executed_qty),
        remaining=m.difference("remaining", order.orig_qty, order.executed_qty),
        average_price=None,
        time_in_force=m.lookup("time_in_force", order.time_in_force, _TIME_IN_FORCE),
        reduce_only=None,
        post_only=m.lookup("post_only", order.type, _POST_ONLY),
        trigger_price=None,
        created_at=m.time("created_at", order.time),
        updated_at=m.time("updated_at", order.update_time),
        unmapped=m.unmapped(),
        original=order,
    )
