"""Payload models of Backpack, generated from specs/backpack.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from .._runtime.model import OpenEnum, VenueModel
from .._runtime.types import UnixMillis


class OrderType(OpenEnum):
    """The order type."""

    LIMIT = "Limit"
    MARKET = "Market"


class Side(OpenEnum):
    """The order side."""

    BID = "Bid"
    ASK = "Ask"


class OrderStatus(OpenEnum):
    """Status of the order."""

    NEW = "New"
    PARTIALLY_FILLED = "PartiallyFilled"
    FILLED = "Filled"
    CANCELLED = "Cancelled"
    EXPIRED = "Expired"
    TRIGGERED = "Triggered"
    TRIGGER_PENDING = "TriggerPending"
    TRIGGER_FAILED = "TriggerFailed"


class TimeInForce(OpenEnum):
    """How long the order is good for."""

    GTC = "GTC"
    IOC = "IOC"
    FOK = "FOK"


class SelfTradePrevention(OpenEnum):
    """Action to take when the user crosses themselves in the order book."""

    REJECT_TAKER = "RejectTaker"
    REJECT_MAKER = "RejectMaker"
    REJECT_BOTH = "RejectBoth"
    ALLOW = "Allow"


class TriggerBy(OpenEnum):
    """Reference price that triggers an order."""

    LAST_PRICE = "LastPrice"
    MARK_PRICE = "MarkPrice"
    INDEX_PRICE = "IndexPrice"


class SlippageToleranceType(OpenEnum):
    """How the slippage tolerance is expressed."""

    TICK_SIZE = "TickSize"
    PERCENT = "Percent"


class Order(VenueModel):
    """
    An open order.
    """

    order_type: Annotated[OrderType, Field(alias="orderType")]
    """
    The order type.
    """
    id: str
    """
    Unique ID of this order (a numeric string).
    """
    client_id: Annotated[int | None, Field(alias="clientId", ge=0, le=4294967295)] = None
    """
    Custom order ID.
    """
    created_at: Annotated[UnixMillis, Field(alias="createdAt")]
    """
    Time the order was created.
    """
    executed_quantity: Annotated[Decimal, Field(alias="executedQuantity")]
    """
    Quantity that has been filled.
    """
    executed_quote_quantity: Annotated[Decimal, Field(alias="executedQuoteQuantity")]
    """
    Quantity of the quote asset that has been filled.
    """
    quantity: Decimal | None = None
    """
    Quantity to fill.
    """
    quote_quantity: Annotated[Decimal | None, Field(alias="quoteQuantity")] = None
    """
    Quantity of the quote asset to fill.
    """
    price: Decimal | None = None
    """
    The limit price (limit orders only; not listed on the doc page).
    """
    post_only: Annotated[bool | None, Field(alias="postOnly")] = None
    """
    True if the order may only rest on the book (limit orders only; not listed on the doc page).
    """
    reduce_only: Annotated[bool | None, Field(alias="reduceOnly")] = None
    """
    True if reducing a futures position.
    """
    time_in_force: Annotated[TimeInForce, Field(alias="timeInForce")]
    """
    How long the order is good for.
    """
    self_trade_prevention: Annotated[SelfTradePrevention, Field(alias="selfTradePrevention")]
    """
    Action to take in the event the user crosses themselves in the order book. Default is RejectTaker.
    """
    side: Side
    """
    The order side. It will be matched against the resting orders on the other side of the order book.
    """
    status: OrderStatus
    """
    Status of the order.
    """
    stop_loss_trigger_price: Annotated[Decimal | None, Field(alias="stopLossTriggerPrice")] = None
    """
    Stop loss price (price the stop loss order will be triggered at).
    """
    stop_loss_limit_price: Annotated[Decimal | None, Field(alias="stopLossLimitPrice")] = None
    """
    Stop loss limit price. If set the stop loss will be a limit order, otherwise it will be a market order.
    """
    stop_loss_trigger_by: Annotated[TriggerBy | None, Field(alias="stopLossTriggerBy")] = None
    """
    Reference price that should trigger the stop loss order.
    """
    symbol: str
    """
    Market symbol.
    """
    take_profit_trigger_price: Annotated[Decimal | None, Field(alias="takeProfitTriggerPrice")] = (
        None
    )
    """
    Take profit price (price the take profit order will be triggered at).
    """
    take_profit_limit_price: Annotated[Decimal | None, Field(alias="takeProfitLimitPrice")] = None
    """
    Take profit limit price. If set the take profit will be a limit order, otherwise it will be a market order.
    """
    take_profit_trigger_by: Annotated[TriggerBy | None, Field(alias="takeProfitTriggerBy")] = None
    """
    Reference price that should trigger the take profit order.
    """
    trigger_by: Annotated[TriggerBy | None, Field(alias="triggerBy")] = None
    """
    Reference price that should trigger the order.
    """
    trigger_price: Annotated[Decimal | None, Field(alias="triggerPrice")] = None
    """
    Price the order should trigger at, if any.
    """
    trigger_quantity: Annotated[Decimal | None, Field(alias="triggerQuantity")] = None
    """
    Quantity for trigger orders.
    """
    triggered_at: Annotated[UnixMillis | None, Field(alias="triggeredAt")] = None
    """
    Time the order was triggered.
    """
    related_order_id: Annotated[str | None, Field(alias="relatedOrderId")] = None
    """
    The ID of the related order. This may refer to a parent order or, for a trigger order, the order this trigger is for.
    """
    strategy_id: Annotated[str | None, Field(alias="strategyId")] = None
    """
    Strategy ID of the order, if any.
    """
    slippage_tolerance: Annotated[Decimal | None, Field(alias="slippageTolerance")] = None
    """
    Slippage tolerance allowed for the order.
    """
    slippage_tolerance_type: Annotated[
        SlippageToleranceType | None, Field(alias="slippageToleranceType")
    ] = None
    """
    Slippage tolerance type.
    """
