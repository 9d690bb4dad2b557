"""Payload models of Synthetix, generated from specs/synthetix.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from .._runtime.model import OpenEnum, VenueModel
from .._runtime.types import Uint64String, UnixMillis


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


class OpenOrder(VenueModel):
    """
    One of the subaccount's active (placed or partially filled) orders.
    """

    order_id: Annotated[Uint64String, Field(alias="orderId")]
    """
    Unique order identifier (uint64 as string).
    """
    symbol: str
    """
    Trading pair symbol (e.g., "BTC-USDT").
    """
    side: Side
    """
    Order side: "buy" or "sell".
    """
    type: OrderType
    """
    Order type (e.g., "LIMIT", "MARKET").
    """
    quantity: Decimal
    """
    Total order quantity.
    """
    price: Decimal | Literal[""] | None = None
    """
    Order price (empty for market orders).
    """
    trigger_price: Annotated[Decimal | Literal[""] | None, Field(alias="triggerPrice")] = None
    """
    Trigger price for conditional orders ("" when unset).
    """
    trigger_price_type: Annotated[
        TriggerPriceType | Literal[""] | None, Field(alias="triggerPriceType")
    ] = None
    """
    Trigger price type: "mark", "last", or "index" ("" when unset).
    """
    time_in_force: Annotated[TimeInForce, Field(alias="timeInForce")]
    """
    Time in force: "GTC", "IOC", or "FOK".
    """
    reduce_only: Annotated[bool, Field(alias="reduceOnly")]
    """
    Whether order can only reduce position.
    """
    post_only: Annotated[bool, Field(alias="postOnly")]
    """
    Whether order must be maker (no immediate match).
    """
    close_position: Annotated[bool, Field(alias="closePosition")]
    """
    Whether order closes entire position.
    """
    created_time: Annotated[UnixMillis, Field(alias="createdTime")]
    """
    Order creation timestamp (Unix milliseconds).
    """
    updated_time: Annotated[UnixMillis, Field(alias="updatedTime")]
    """
    Last update timestamp (Unix milliseconds).
    """
    filled_quantity: Annotated[Decimal, Field(alias="filledQuantity")]
    """
    Quantity that has been filled.
    """
    take_profit_order_id: Annotated[
        Uint64String | Literal[""] | None, Field(alias="takeProfitOrderId")
    ] = None
    """
    ID of linked take-profit order (empty string if none).
    """
    stop_loss_order_id: Annotated[
        Uint64String | Literal[""] | None, Field(alias="stopLossOrderId")
    ] = None
    """
    ID of linked stop-loss order (empty string if none).
    """
