"""Payload models of Bitso, generated from specs/bitso.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal

from .._runtime.model import OpenEnum, VenueModel
from .._runtime.types import Timestamp


class Side(OpenEnum):
    """The order's side."""

    BUY = "buy"
    SELL = "sell"


class OrderStatus(OpenEnum):
    """The order's status (note the space in "partially filled")."""

    QUEUED = "queued"
    OPEN = "open"
    PARTIALLY_FILLED = "partially filled"


class TimeInForce(OpenEnum):
    """The period a limit order remains active."""

    GOODTILLCANCELLED = "goodtillcancelled"
    POSTONLY = "postonly"


class OrderType(OpenEnum):
    """The order's type."""

    LIMIT = "limit"


class OpenOrder(VenueModel):
    """
    One of your open orders.
    """

    book: str
    """
    The order book symbol (Major_Minor).
    """
    created_at: Timestamp
    """
    The date and time when the service executed the trade (ISO 8601).
    """
    oid: str
    """
    The order's ID.
    """
    origin_id: str | None = None
    """
    The order's client-supplied ID. The service returns it when supplied, replacing the user ID.
    """
    original_amount: Decimal
    """
    The order's initial major currency amount.
    """
    original_value: Decimal
    """
    The order's initial minor currency amount.
    """
    price: Decimal
    """
    The order's price (minor currency).
    """
    side: Side
    status: OrderStatus
    time_in_force: TimeInForce | None = None
    """
    The period a limit order remains active before it is executed or expires.
    """
    type: OrderType
    """
    The order's type. It always has the value limit for open orders.
    """
    unfilled_amount: Decimal
    """
    The order's unfilled major currency amount.
    """
    updated_at: Timestamp | None = None
    """
    The date and time when the service updated the trade. It might be null.
    """
