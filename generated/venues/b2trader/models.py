"""Payload models of B2Trader, generated from specs/b2trader.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from .._runtime.model import OpenEnum, VenueModel
from .._runtime.types import Timestamp


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

    market_id: Annotated[str, Field(alias="marketId")]
    """
    The market identifier, in the format {marketType}.{baseAssetId}_{quoteAssetId}, for example cfd.eth_eur.
    """
    market_type: Annotated[MarketType, Field(alias="marketType")]
    """
    The market type.
    """
    market_display_name: Annotated[str, Field(alias="marketDisplayName")]
    """
    The market ticker.
    """
    market_full_name: Annotated[str | None, Field(alias="marketFullName")] = None
    """
    The market full name or description (optional).
    """
    order_id: Annotated[str, Field(alias="orderId")]
    """
    The unique identifier of the order assigned by the system.
    """
    time_in_force: Annotated[TimeInForce, Field(alias="timeInForce")]
    """
    The time-in-force policy for the order, controlling its lifetime.
    """
    status: OrderStatus
    """
    The current order status.
    """
    source: OrderSource
    """
    The source of the order.
    """
    reason: OrderReason
    """
    The reason for placing the order.
    """
    side: Side
    """
    The order side, indicating the direction of the trade.
    """
    order_type: Annotated[OrderType, Field(alias="orderType")]
    """
    The order type.
    """
    requested_amount: Annotated[Decimal, Field(alias="requestedAmount")]
    """
    The quantity of the base asset to buy or sell. For market orders, this represents the total base amount to fill; the executed amount may be lower if liquidity is insufficient.
    """
    remaining_amount: Annotated[Decimal, Field(alias="remainingAmount")]
    """
    The order amount that hasn't yet been filled, in the base asset.
    """
    requested_price: Annotated[Decimal | None, Field(alias="requestedPrice")] = None
    """
    The limit price for Limit orders; null for Market orders.
    """
    execution_price: Annotated[Decimal, Field(alias="executionPrice")]
    """
    The volume-weighted average price of the order executions.
    """
    created_at: Annotated[Timestamp, Field(alias="createdAt")]
    """
    The timestamp when the order was created, in ISO 8601 format.
    """
    updated_at: Annotated[Timestamp, Field(alias="updatedAt")]
    """
    The timestamp of the most recent update to the order, in ISO 8601 format.
    """
    cancellation_date: Annotated[Timestamp | None, Field(alias="cancellationDate")] = None
    """
    The timestamp when the order was cancelled or expired, in ISO 8601 format; null if not cancelled.
    """
    commission_asset_id: Annotated[str, Field(alias="commissionAssetId")]
    """
    The currency in which the commission was held.
    """
    commission_amount: Annotated[Decimal, Field(alias="commissionAmount")]
    """
    The total commissions put on hold for executing the order.
    """
    leverage: int | None = None
    """
    The leverage ratio used when placing the order. Applicable only to CFD markets.
    """
    fill_factor: Annotated[Decimal, Field(alias="fillFactor")]
    """
    The proportion of the order amount filled so far, where 1 represents 100% fulfillment.
    """
    take_profit: Annotated[Decimal | None, Field(alias="takeProfit")] = None
    """
    The Take Profit price, if set (null otherwise).
    """
    stop_loss: Annotated[Decimal | None, Field(alias="stopLoss")] = None
    """
    The Stop Loss price, if set (null otherwise).
    """
