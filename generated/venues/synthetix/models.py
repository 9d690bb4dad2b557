"""Payload models of Synthetix, generated from specs/synthetix.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from msgspec import Meta, field

from .._runtime.decoding.model import OpenEnum, VenueModel, bind_wire_values
from .._runtime.decoding.types import DecimalOrEmpty, Uint64String, Uint64StringOrEmpty, UnixMillis


class Side(OpenEnum):
    """Order side."""

    BUY = "buy"
    SELL = "sell"


class OrderType(OpenEnum):
    """Order type."""

    LIMIT = "LIMIT"
    MARKET = "MARKET"


class TimeInForce(OpenEnum):
    """Time in force."""

    GTC = "GTC"
    IOC = "IOC"
    FOK = "FOK"


class TriggerPriceType(OpenEnum):
    """The price a conditional order triggers on."""

    MARK = "mark"
    LAST = "last"
    INDEX = "index"
    EMPTY = ""


class OpenOrder(VenueModel):
    """
    One of the subaccount's active (placed or partially filled) orders.
    """

    order_id: Annotated[
        Uint64String, Meta(description="Unique order identifier (uint64 as string).")
    ] = field(name="orderId")
    """
    Unique order identifier (uint64 as string).
    """
    symbol: Annotated[str, Meta(description='Trading pair symbol (e.g., "BTC-USDT").')]
    """
    Trading pair symbol (e.g., "BTC-USDT").
    """
    side: Annotated[Side, Meta(description='Order side: "buy" or "sell".')]
    """
    Order side: "buy" or "sell".
    """
    type: Annotated[OrderType, Meta(description='Order type (e.g., "LIMIT", "MARKET").')]
    """
    Order type (e.g., "LIMIT", "MARKET").
    """
    quantity: Annotated[Decimal, Meta(description="Total order quantity.")]
    """
    Total order quantity.
    """
    time_in_force: Annotated[
        TimeInForce, Meta(description='Time in force: "GTC", "IOC", or "FOK".')
    ] = field(name="timeInForce")
    """
    Time in force: "GTC", "IOC", or "FOK".
    """
    reduce_only: Annotated[bool, Meta(description="Whether order can only reduce position.")] = (
        field(name="reduceOnly")
    )
    """
    Whether order can only reduce position.
    """
    post_only: Annotated[
        bool, Meta(description="Whether order must be maker (no immediate match).")
    ] = field(name="postOnly")
    """
    Whether order must be maker (no immediate match).
    """
    close_position: Annotated[bool, Meta(description="Whether order closes entire position.")] = (
        field(name="closePosition")
    )
    """
    Whether order closes entire position.
    """
    created_time: Annotated[
        UnixMillis, Meta(description="Order creation timestamp (Unix milliseconds).")
    ] = field(name="createdTime")
    """
    Order creation timestamp (Unix milliseconds).
    """
    updated_time: Annotated[
        UnixMillis, Meta(description="Last update timestamp (Unix milliseconds).")
    ] = field(name="updatedTime")
    """
    Last update timestamp (Unix milliseconds).
    """
    filled_quantity: Annotated[Decimal, Meta(description="Quantity that has been filled.")] = field(
        name="filledQuantity"
    )
    """
    Quantity that has been filled.
    """
    price: (
        Annotated[DecimalOrEmpty, Meta(description="Order price (empty for market orders).")] | None
    ) = None
    """
    Order price (empty for market orders).
    """
    trigger_price: (
        Annotated[
            DecimalOrEmpty,
            Meta(description='Trigger price for conditional orders ("" when unset).'),
        ]
        | None
    ) = field(name="triggerPrice", default=None)
    """
    Trigger price for conditional orders ("" when unset).
    """
    trigger_price_type: (
        Annotated[
            TriggerPriceType,
            Meta(description='Trigger price type: "mark", "last", or "index" ("" when unset).'),
        ]
        | None
    ) = field(name="triggerPriceType", default=None)
    """
    Trigger price type: "mark", "last", or "index" ("" when unset).
    """
    take_profit_order_id: (
        Annotated[
            Uint64StringOrEmpty,
            Meta(description="ID of linked take-profit order (empty string if none)."),
        ]
        | None
    ) = field(name="takeProfitOrderId", default=None)
    """
    ID of linked take-profit order (empty string if none).
    """
    stop_loss_order_id: (
        Annotated[
            Uint64StringOrEmpty,
            Meta(description="ID of linked stop-loss order (empty string if none)."),
        ]
        | None
    ) = field(name="stopLossOrderId", default=None)
    """
    ID of linked stop-loss order (empty string if none).
    """


bind_wire_values(globals())
