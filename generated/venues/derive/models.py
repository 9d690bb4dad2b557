"""Payload models of Derive, generated from specs/derive.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from .._runtime.model import OpenEnum, VenueModel
from .._runtime.types import UnixMillis


class Pagination(VenueModel):
    """
    Pagination info.
    """

    count: int
    """
    Total number of items, across all pages.
    """
    num_pages: int
    """
    Number of pages.
    """


class Direction(OpenEnum):
    """Order direction."""

    BUY = "buy"
    SELL = "sell"


class OrderStatus(OpenEnum):
    """Order status."""

    OPEN = "open"
    FILLED = "filled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    UNTRIGGERED = "untriggered"


class OrderType(OpenEnum):
    """Order type."""

    LIMIT = "limit"
    MARKET = "market"


class TimeInForce(OpenEnum):
    """Time in force."""

    GTC = "gtc"
    POST_ONLY = "post_only"
    FOK = "fok"
    IOC = "ioc"


class CancelReason(OpenEnum):
    """Reason behind an order's cancellation."""

    USER_REQUEST = "user_request"
    MMP_TRIGGER = "mmp_trigger"
    INSUFFICIENT_MARGIN = "insufficient_margin"
    SIGNED_MAX_FEE_TOO_LOW = "signed_max_fee_too_low"
    CANCEL_ON_DISCONNECT = "cancel_on_disconnect"
    IOC_OR_MARKET_PARTIAL_FILL = "ioc_or_market_partial_fill"
    SESSION_KEY_DEREGISTERED = "session_key_deregistered"
    SUBACCOUNT_WITHDRAWN = "subaccount_withdrawn"
    COMPLIANCE = "compliance"
    TRIGGER_FAILED = "trigger_failed"
    VALIDATION_FAILED = "validation_failed"


class TriggerPriceType(OpenEnum):
    """Whether a trigger order triggers on the mark or the index price."""

    MARK = "mark"
    INDEX = "index"


class TriggerType(OpenEnum):
    """Whether a trigger order is a stop-loss or a take-profit."""

    STOPLOSS = "stoploss"
    TAKEPROFIT = "takeprofit"


class Order(VenueModel):
    """
    One of the subaccount's orders.
    """

    amount: Decimal
    """
    Order amount in units of the base.
    """
    average_price: Decimal
    """
    Average fill price.
    """
    cancel_reason: CancelReason | Literal[""]
    """
    If cancelled, reason behind order cancellation ("" when not cancelled).
    """
    creation_timestamp: UnixMillis
    """
    Creation timestamp (in ms since Unix epoch).
    """
    direction: Direction
    """
    Order direction.
    """
    filled_amount: Decimal
    """
    Total filled amount for the order.
    """
    instrument_name: str
    """
    Instrument name.
    """
    is_transfer: bool
    """
    Whether the order was generated through private/transfer_position.
    """
    label: str
    """
    Optional user-defined label for the order ("" when unset).
    """
    last_update_timestamp: UnixMillis
    """
    Last update timestamp (in ms since Unix epoch).
    """
    limit_price: Decimal
    """
    Limit price in quote currency.
    """
    max_fee: Decimal
    """
    Max fee in units of the quote currency.
    """
    mmp: bool
    """
    Whether the order is tagged for market maker protections.
    """
    nonce: int
    """
    Unique nonce defined as (UTC_timestamp in ms)(random_number_up_to_3_digits) (e.g. 1695836058725001, where 001 is the random number).
    """
    order_fee: Decimal
    """
    Total order fee paid so far.
    """
    order_id: str
    """
    Order ID.
    """
    order_status: OrderStatus
    """
    Order status.
    """
    order_type: OrderType
    """
    Order type.
    """
    quote_id: str | None
    """
    Quote ID if the trade was executed via RFQ.
    """
    signature: str
    """
    Ethereum signature of the order.
    """
    signature_expiry_sec: int
    """
    Signature expiry timestamp (Unix seconds).
    """
    signer: str
    """
    Owner wallet address or registered session key that signed order.
    """
    subaccount_id: int
    """
    Subaccount ID.
    """
    time_in_force: TimeInForce
    """
    Time in force.
    """
    replaced_order_id: str | None = None
    """
    If replaced, ID of the order that was replaced.
    """
    trigger_price: Decimal | None = None
    """
    (Required for trigger orders) Index or Market price to trigger order at.
    """
    trigger_price_type: TriggerPriceType | None = None
    """
    (Required for trigger orders) Trigger with Index or Mark Price.
    """
    trigger_reject_message: str | None = None
    """
    (Required for trigger orders) Error message if error occured during trigger.
    """
    trigger_type: TriggerType | None = None
    """
    (Required for trigger orders) Stop-loss or Take-profit.
    """


class GetOrdersResult(VenueModel):
    """
    One page of a subaccount's orders.
    """

    subaccount_id: int
    """
    Subaccount_id for which to get open orders.
    """
    orders: list[Order]
    """
    List of open orders.
    """
    pagination: Pagination
    """
    Pagination info.
    """
