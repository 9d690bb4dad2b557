"""Payload models of Bitso, generated from specs/bitso.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from msgspec import Meta

from .._runtime.decoding.model import OpenEnum, VenueModel, bind_wire_values
from .._runtime.decoding.types import Timestamp


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

    book: Annotated[str, Meta(description="The order book symbol (Major_Minor).")]
    """
    The order book symbol (Major_Minor).
    """
    created_at: Annotated[
        Timestamp,
        Meta(description="The date and time when the service executed the trade (ISO 8601)."),
    ]
    """
    The date and time when the service executed the trade (ISO 8601).
    """
    oid: Annotated[str, Meta(description="The order's ID.")]
    """
    The order's ID.
    """
    original_amount: Annotated[
        Decimal, Meta(description="The order's initial major currency amount.")
    ]
    """
    The order's initial major currency amount.
    """
    original_value: Annotated[
        Decimal, Meta(description="The order's initial minor currency amount.")
    ]
    """
    The order's initial minor currency amount.
    """
    price: Annotated[Decimal, Meta(description="The order's price (minor currency).")]
    """
    The order's price (minor currency).
    """
    side: Side
    status: OrderStatus
    type: Annotated[
        OrderType,
        Meta(description="The order's type. It always has the value limit for open orders."),
    ]
    """
    The order's type. It always has the value limit for open orders.
    """
    unfilled_amount: Annotated[
        Decimal, Meta(description="The order's unfilled major currency amount.")
    ]
    """
    The order's unfilled major currency amount.
    """
    origin_id: (
        Annotated[
            str,
            Meta(
                description="The order's client-supplied ID. The service returns it when supplied, replacing the user ID."
            ),
        ]
        | None
    ) = None
    """
    The order's client-supplied ID. The service returns it when supplied, replacing the user ID.
    """
    time_in_force: (
        Annotated[
            TimeInForce,
            Meta(
                description="The period a limit order remains active before it is executed or expires."
            ),
        ]
        | None
    ) = None
    """
    The period a limit order remains active before it is executed or expires.
    """
    updated_at: (
        Annotated[
            Timestamp,
            Meta(
                description="The date and time when the service updated the trade. It might be null."
            ),
        ]
        | None
    ) = None
    """
    The date and time when the service updated the trade. It might be null.
    """


bind_wire_values(globals())
