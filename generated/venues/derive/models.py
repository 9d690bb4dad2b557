"""Payload models of Derive, generated from specs/derive.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from msgspec import Meta

from .._runtime.decoding.model import OpenEnum, VenueModel, bind_wire_values
from .._runtime.decoding.types import UnixMillis


class Pagination(VenueModel):
    """
    Pagination info.
    """

    count: Annotated[int, Meta(description="Total number of items, across all pages.")]
    """
    Total number of items, across all pages.
    """
    num_pages: Annotated[int, Meta(description="Number of pages.")]
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
    EMPTY = ""


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

    amount: Annotated[Decimal, Meta(description="Order amount in units of the base.")]
    """
    Order amount in units of the base.
    """
    average_price: Annotated[Decimal, Meta(description="Average fill price.")]
    """
    Average fill price.
    """
    cancel_reason: Annotated[
        CancelReason,
        Meta(description='If cancelled, reason behind order cancellation ("" when not cancelled).'),
    ]
    """
    If cancelled, reason behind order cancellation ("" when not cancelled).
    """
    creation_timestamp: Annotated[
        UnixMillis, Meta(description="Creation timestamp (in ms since Unix epoch).")
    ]
    """
    Creation timestamp (in ms since Unix epoch).
    """
    direction: Annotated[Direction, Meta(description="Order direction.")]
    """
    Order direction.
    """
    filled_amount: Annotated[Decimal, Meta(description="Total filled amount for the order.")]
    """
    Total filled amount for the order.
    """
    instrument_name: Annotated[str, Meta(description="Instrument name.")]
    """
    Instrument name.
    """
    is_transfer: Annotated[
        bool, Meta(description="Whether the order was generated through private/transfer_position.")
    ]
    """
    Whether the order was generated through private/transfer_position.
    """
    label: Annotated[
        str, Meta(description='Optional user-defined label for the order ("" when unset).')
    ]
    """
    Optional user-defined label for the order ("" when unset).
    """
    last_update_timestamp: Annotated[
        UnixMillis, Meta(description="Last update timestamp (in ms since Unix epoch).")
    ]
    """
    Last update timestamp (in ms since Unix epoch).
    """
    limit_price: Annotated[Decimal, Meta(description="Limit price in quote currency.")]
    """
    Limit price in quote currency.
    """
    max_fee: Annotated[Decimal, Meta(description="Max fee in units of the quote currency.")]
    """
    Max fee in units of the quote currency.
    """
    mmp: Annotated[
        bool, Meta(description="Whether the order is tagged for market maker protections.")
    ]
    """
    Whether the order is tagged for market maker protections.
    """
    nonce: Annotated[
        int,
        Meta(
            description="Unique nonce defined as (UTC_timestamp in ms)(random_number_up_to_3_digits) (e.g. 1695836058725001, where 001 is the random number)."
        ),
    ]
    """
    Unique nonce defined as (UTC_timestamp in ms)(random_number_up_to_3_digits) (e.g. 1695836058725001, where 001 is the random number).
    """
    order_fee: Annotated[Decimal, Meta(description="Total order fee paid so far.")]
    """
    Total order fee paid so far.
    """
    order_id: Annotated[str, Meta(description="Order ID.")]
    """
    Order ID.
    """
    order_status: Annotated[OrderStatus, Meta(description="Order status.")]
    """
    Order status.
    """
    order_type: Annotated[OrderType, Meta(description="Order type.")]
    """
    Order type.
    """
    quote_id: Annotated[str, Meta(description="Quote ID if the trade was executed via RFQ.")] | None
    """
    Quote ID if the trade was executed via RFQ.
    """
    signature: Annotated[str, Meta(description="Ethereum signature of the order.")]
    """
    Ethereum signature of the order.
    """
    signature_expiry_sec: Annotated[
        int, Meta(description="Signature expiry timestamp (Unix seconds).")
    ]
    """
    Signature expiry timestamp (Unix seconds).
    """
    signer: Annotated[
        str, Meta(description="Owner wallet address or registered session key that signed order.")
    ]
    """
    Owner wallet address or registered session key that signed order.
    """
    subaccount_id: Annotated[int, Meta(description="Subaccount ID.")]
    """
    Subaccount ID.
    """
    time_in_force: Annotated[TimeInForce, Meta(description="Time in force.")]
    """
    Time in force.
    """
    replaced_order_id: (
        Annotated[str, Meta(description="If replaced, ID of the order that was replaced.")] | None
    ) = None
    """
    If replaced, ID of the order that was replaced.
    """
    trigger_price: (
        Annotated[
            Decimal,
            Meta(
                description="(Required for trigger orders) Index or Market price to trigger order at."
            ),
        ]
        | None
    ) = None
    """
    (Required for trigger orders) Index or Market price to trigger order at.
    """
    trigger_price_type: (
        Annotated[
            TriggerPriceType,
            Meta(description="(Required for trigger orders) Trigger with Index or Mark Price."),
        ]
        | None
    ) = None
    """
    (Required for trigger orders) Trigger with Index or Mark Price.
    """
    trigger_reject_message: (
        Annotated[
            str,
            Meta(
                description="(Required for trigger orders) Error message if error occured during trigger."
            ),
        ]
        | None
    ) = None
    """
    (Required for trigger orders) Error message if error occured during trigger.
    """
    trigger_type: (
        Annotated[
            TriggerType, Meta(description="(Required for trigger orders) Stop-loss or Take-profit.")
        ]
        | None
    ) = None
    """
    (Required for trigger orders) Stop-loss or Take-profit.
    """


class GetOrdersResult(VenueModel):
    """
    One page of a subaccount's orders.
    """

    subaccount_id: Annotated[int, Meta(description="Subaccount_id for which to get open orders.")]
    """
    Subaccount_id for which to get open orders.
    """
    orders: Annotated[list[Order], Meta(description="List of open orders.")]
    """
    List of open orders.
    """
    pagination: Annotated[Pagination, Meta(description="Pagination info.")]
    """
    Pagination info.
    """


bind_wire_values(globals())
