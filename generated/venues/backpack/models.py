"""Payload models of Backpack, generated from specs/backpack.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from msgspec import Meta, field

from .._runtime.decoding.model import OpenEnum, VenueModel, bind_wire_values
from .._runtime.decoding.types import UnixMillis


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

    order_type: Annotated[OrderType, Meta(description="The order type.")] = field(name="orderType")
    """
    The order type.
    """
    id: Annotated[str, Meta(description="Unique ID of this order (a numeric string).")]
    """
    Unique ID of this order (a numeric string).
    """
    created_at: Annotated[UnixMillis, Meta(description="Time the order was created.")] = field(
        name="createdAt"
    )
    """
    Time the order was created.
    """
    executed_quantity: Annotated[Decimal, Meta(description="Quantity that has been filled.")] = (
        field(name="executedQuantity")
    )
    """
    Quantity that has been filled.
    """
    executed_quote_quantity: Annotated[
        Decimal, Meta(description="Quantity of the quote asset that has been filled.")
    ] = field(name="executedQuoteQuantity")
    """
    Quantity of the quote asset that has been filled.
    """
    time_in_force: Annotated[TimeInForce, Meta(description="How long the order is good for.")] = (
        field(name="timeInForce")
    )
    """
    How long the order is good for.
    """
    self_trade_prevention: Annotated[
        SelfTradePrevention,
        Meta(
            description="Action to take in the event the user crosses themselves in the order book. Default is RejectTaker."
        ),
    ] = field(name="selfTradePrevention")
    """
    Action to take in the event the user crosses themselves in the order book. Default is RejectTaker.
    """
    side: Annotated[
        Side,
        Meta(
            description="The order side. It will be matched against the resting orders on the other side of the order book."
        ),
    ]
    """
    The order side. It will be matched against the resting orders on the other side of the order book.
    """
    status: Annotated[OrderStatus, Meta(description="Status of the order.")]
    """
    Status of the order.
    """
    symbol: Annotated[str, Meta(description="Market symbol.")]
    """
    Market symbol.
    """
    client_id: Annotated[int, Meta(description="Custom order ID.", ge=0, le=4294967295)] | None = (
        field(name="clientId", default=None)
    )
    """
    Custom order ID.
    """
    quantity: Annotated[Decimal, Meta(description="Quantity to fill.")] | None = None
    """
    Quantity to fill.
    """
    quote_quantity: (
        Annotated[Decimal, Meta(description="Quantity of the quote asset to fill.")] | None
    ) = field(name="quoteQuantity", default=None)
    """
    Quantity of the quote asset to fill.
    """
    price: (
        Annotated[
            Decimal,
            Meta(description="The limit price (limit orders only; not listed on the doc page)."),
        ]
        | None
    ) = None
    """
    The limit price (limit orders only; not listed on the doc page).
    """
    post_only: (
        Annotated[
            bool,
            Meta(
                description="True if the order may only rest on the book (limit orders only; not listed on the doc page)."
            ),
        ]
        | None
    ) = field(name="postOnly", default=None)
    """
    True if the order may only rest on the book (limit orders only; not listed on the doc page).
    """
    reduce_only: (
        Annotated[bool, Meta(description="True if reducing a futures position.")] | None
    ) = field(name="reduceOnly", default=None)
    """
    True if reducing a futures position.
    """
    stop_loss_trigger_price: (
        Annotated[
            Decimal,
            Meta(description="Stop loss price (price the stop loss order will be triggered at)."),
        ]
        | None
    ) = field(name="stopLossTriggerPrice", default=None)
    """
    Stop loss price (price the stop loss order will be triggered at).
    """
    stop_loss_limit_price: (
        Annotated[
            Decimal,
            Meta(
                description="Stop loss limit price. If set the stop loss will be a limit order, otherwise it will be a market order."
            ),
        ]
        | None
    ) = field(name="stopLossLimitPrice", default=None)
    """
    Stop loss limit price. If set the stop loss will be a limit order, otherwise it will be a market order.
    """
    stop_loss_trigger_by: (
        Annotated[
            TriggerBy, Meta(description="Reference price that should trigger the stop loss order.")
        ]
        | None
    ) = field(name="stopLossTriggerBy", default=None)
    """
    Reference price that should trigger the stop loss order.
    """
    take_profit_trigger_price: (
        Annotated[
            Decimal,
            Meta(
                description="Take profit price (price the take profit order will be triggered at)."
            ),
        ]
        | None
    ) = field(name="takeProfitTriggerPrice", default=None)
    """
    Take profit price (price the take profit order will be triggered at).
    """
    take_profit_limit_price: (
        Annotated[
            Decimal,
            Meta(
                description="Take profit limit price. If set the take profit will be a limit order, otherwise it will be a market order."
            ),
        ]
        | None
    ) = field(name="takeProfitLimitPrice", default=None)
    """
    Take profit limit price. If set the take profit will be a limit order, otherwise it will be a market order.
    """
    take_profit_trigger_by: (
        Annotated[
            TriggerBy,
            Meta(description="Reference price that should trigger the take profit order."),
        ]
        | None
    ) = field(name="takeProfitTriggerBy", default=None)
    """
    Reference price that should trigger the take profit order.
    """
    trigger_by: (
        Annotated[TriggerBy, Meta(description="Reference price that should trigger the order.")]
        | None
    ) = field(name="triggerBy", default=None)
    """
    Reference price that should trigger the order.
    """
    trigger_price: (
        Annotated[Decimal, Meta(description="Price the order should trigger at, if any.")] | None
    ) = field(name="triggerPrice", default=None)
    """
    Price the order should trigger at, if any.
    """
    trigger_quantity: (
        Annotated[Decimal, Meta(description="Quantity for trigger orders.")] | None
    ) = field(name="triggerQuantity", default=None)
    """
    Quantity for trigger orders.
    """
    triggered_at: (
        Annotated[UnixMillis, Meta(description="Time the order was triggered.")] | None
    ) = field(name="triggeredAt", default=None)
    """
    Time the order was triggered.
    """
    related_order_id: (
        Annotated[
            str,
            Meta(
                description="The ID of the related order. This may refer to a parent order or, for a trigger order, the order this trigger is for."
            ),
        ]
        | None
    ) = field(name="relatedOrderId", default=None)
    """
    The ID of the related order. This may refer to a parent order or, for a trigger order, the order this trigger is for.
    """
    strategy_id: Annotated[str, Meta(description="Strategy ID of the order, if any.")] | None = (
        field(name="strategyId", default=None)
    )
    """
    Strategy ID of the order, if any.
    """
    slippage_tolerance: (
        Annotated[Decimal, Meta(description="Slippage tolerance allowed for the order.")] | None
    ) = field(name="slippageTolerance", default=None)
    """
    Slippage tolerance allowed for the order.
    """
    slippage_tolerance_type: (
        Annotated[SlippageToleranceType, Meta(description="Slippage tolerance type.")] | None
    ) = field(name="slippageToleranceType", default=None)
    """
    Slippage tolerance type.
    """


bind_wire_values(globals())
