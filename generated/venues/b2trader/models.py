"""Payload models of B2Trader, generated from specs/b2trader.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from msgspec import Meta, field

from .._runtime.decoding.model import OpenEnum, VenueModel, bind_wire_values
from .._runtime.decoding.types import Timestamp


class MarketType(OpenEnum):
    """The market type."""

    SPOT = "Spot"
    CFD = "Cfd"
    PERP = "Perp"


class TimeInForce(OpenEnum):
    """The time-in-force policy of an order."""

    GTC = "Gtc"
    IOC = "Ioc"
    FOK = "Fok"
    GTD = "Gtd"
    DAY = "Day"


class OrderStatus(OpenEnum):
    """The status of an open order."""

    STARTED = "Started"
    PENDING = "Pending"
    WORKING = "Working"


class OrderSource(OpenEnum):
    """The source of an order (Manual - the order was created manually via UI or API)."""

    MANUAL = "Manual"


class OrderReason(OpenEnum):
    """The reason an order was placed."""

    TRADER = "Trader"
    STOP_OUT = "StopOut"
    MARKET_HALTED = "MarketHalted"
    MARKET_DISABLED = "MarketDisabled"
    TAKE_PROFIT = "TakeProfit"
    STOP_LOSS = "StopLoss"
    ADMIN = "Admin"


class Side(OpenEnum):
    """The order side."""

    BUY = "Buy"
    SELL = "Sell"


class OrderType(OpenEnum):
    """The order type."""

    MARKET = "Market"
    LIMIT = "Limit"


class OpenOrder(VenueModel):
    """
    One of the account's open orders.
    """

    market_id: Annotated[
        str,
        Meta(
            description="The market identifier, in the format {marketType}.{baseAssetId}_{quoteAssetId}, for example cfd.eth_eur."
        ),
    ] = field(name="marketId")
    """
    The market identifier, in the format {marketType}.{baseAssetId}_{quoteAssetId}, for example cfd.eth_eur.
    """
    market_type: Annotated[MarketType, Meta(description="The market type.")] = field(
        name="marketType"
    )
    """
    The market type.
    """
    market_display_name: Annotated[str, Meta(description="The market ticker.")] = field(
        name="marketDisplayName"
    )
    """
    The market ticker.
    """
    order_id: Annotated[
        str, Meta(description="The unique identifier of the order assigned by the system.")
    ] = field(name="orderId")
    """
    The unique identifier of the order assigned by the system.
    """
    time_in_force: Annotated[
        TimeInForce,
        Meta(description="The time-in-force policy for the order, controlling its lifetime."),
    ] = field(name="timeInForce")
    """
    The time-in-force policy for the order, controlling its lifetime.
    """
    status: Annotated[OrderStatus, Meta(description="The current order status.")]
    """
    The current order status.
    """
    source: Annotated[OrderSource, Meta(description="The source of the order.")]
    """
    The source of the order.
    """
    reason: Annotated[OrderReason, Meta(description="The reason for placing the order.")]
    """
    The reason for placing the order.
    """
    side: Annotated[
        Side, Meta(description="The order side, indicating the direction of the trade.")
    ]
    """
    The order side, indicating the direction of the trade.
    """
    order_type: Annotated[OrderType, Meta(description="The order type.")] = field(name="orderType")
    """
    The order type.
    """
    requested_amount: Annotated[
        Decimal,
        Meta(
            description="The quantity of the base asset to buy or sell. For market orders, this represents the total base amount to fill; the executed amount may be lower if liquidity is insufficient."
        ),
    ] = field(name="requestedAmount")
    """
    The quantity of the base asset to buy or sell. For market orders, this represents the total base amount to fill; the executed amount may be lower if liquidity is insufficient.
    """
    remaining_amount: Annotated[
        Decimal,
        Meta(description="The order amount that hasn't yet been filled, in the base asset."),
    ] = field(name="remainingAmount")
    """
    The order amount that hasn't yet been filled, in the base asset.
    """
    execution_price: Annotated[
        Decimal, Meta(description="The volume-weighted average price of the order executions.")
    ] = field(name="executionPrice")
    """
    The volume-weighted average price of the order executions.
    """
    created_at: Annotated[
        Timestamp, Meta(description="The timestamp when the order was created, in ISO 8601 format.")
    ] = field(name="createdAt")
    """
    The timestamp when the order was created, in ISO 8601 format.
    """
    updated_at: Annotated[
        Timestamp,
        Meta(
            description="The timestamp of the most recent update to the order, in ISO 8601 format."
        ),
    ] = field(name="updatedAt")
    """
    The timestamp of the most recent update to the order, in ISO 8601 format.
    """
    commission_asset_id: Annotated[
        str, Meta(description="The currency in which the commission was held.")
    ] = field(name="commissionAssetId")
    """
    The currency in which the commission was held.
    """
    commission_amount: Annotated[
        Decimal, Meta(description="The total commissions put on hold for executing the order.")
    ] = field(name="commissionAmount")
    """
    The total commissions put on hold for executing the order.
    """
    fill_factor: Annotated[
        Decimal,
        Meta(
            description="The proportion of the order amount filled so far, where 1 represents 100% fulfillment."
        ),
    ] = field(name="fillFactor")
    """
    The proportion of the order amount filled so far, where 1 represents 100% fulfillment.
    """
    market_full_name: (
        Annotated[str, Meta(description="The market full name or description (optional).")] | None
    ) = field(name="marketFullName", default=None)
    """
    The market full name or description (optional).
    """
    requested_price: (
        Annotated[
            Decimal, Meta(description="The limit price for Limit orders; null for Market orders.")
        ]
        | None
    ) = field(name="requestedPrice", default=None)
    """
    The limit price for Limit orders; null for Market orders.
    """
    cancellation_date: (
        Annotated[
            Timestamp,
            Meta(
                description="The timestamp when the order was cancelled or expired, in ISO 8601 format; null if not cancelled."
            ),
        ]
        | None
    ) = field(name="cancellationDate", default=None)
    """
    The timestamp when the order was cancelled or expired, in ISO 8601 format; null if not cancelled.
    """
    leverage: (
        Annotated[
            int,
            Meta(
                description="The leverage ratio used when placing the order. Applicable only to CFD markets."
            ),
        ]
        | None
    ) = None
    """
    The leverage ratio used when placing the order. Applicable only to CFD markets.
    """
    take_profit: (
        Annotated[Decimal, Meta(description="The Take Profit price, if set (null otherwise).")]
        | None
    ) = field(name="takeProfit", default=None)
    """
    The Take Profit price, if set (null otherwise).
    """
    stop_loss: (
        Annotated[Decimal, Meta(description="The Stop Loss price, if set (null otherwise).")] | None
    ) = field(name="stopLoss", default=None)
    """
    The Stop Loss price, if set (null otherwise).
    """


bind_wire_values(globals())
