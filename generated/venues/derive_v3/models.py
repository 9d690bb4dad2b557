"""Payload models of DeriveV3, generated from specs/derive_v3.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from msgspec import Meta

from .._runtime.decoding.model import OpenEnum, VenueModel, bind_wire_values
from .._runtime.decoding.types import UnixMillis


class AlgoType(OpenEnum):
    """Algo order type."""

    TWAP = "twap"


class Direction(OpenEnum):
    """Order direction."""

    BUY = "buy"
    SELL = "sell"


class OrderStatus(OpenEnum):
    """Order status."""

    OPEN = "open"
    FILLED = "filled"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    UNTRIGGERED = "untriggered"
    ALGO_ACTIVE = "algo_active"


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
    """Reason behind an order's cancellation ("" when not cancelled)."""

    EMPTY = ""
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
    ALGO_COMPLETED = "algo_completed"


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
    extra_fee: Annotated[Decimal, Meta(description="Extra fee per unit of volume.")]
    """
    Extra fee per unit of volume.
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
        bool, Meta(description="Whether the order was generated through a position transfer.")
    ]
    """
    Whether the order was generated through a position transfer.
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
    nonce: Annotated[str, Meta(description="The order's signing nonce, as a decimal string.")]
    """
    The order's signing nonce, as a decimal string.
    """
    order_fee: Annotated[Decimal, Meta(description="Total order fee paid so far.")]
    """
    Total order fee paid so far.
    """
    order_id: Annotated[str, Meta(description="Order ID (UUID).")]
    """
    Order ID (UUID).
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
    replaced_order_id: (
        Annotated[str, Meta(description="If replaced, ID of the order that was replaced.")] | None
    )
    """
    If replaced, ID of the order that was replaced.
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
    signed_limit_price: (
        Annotated[
            Decimal, Meta(description="The limit price the signature commits to, when it differs.")
        ]
        | None
    )
    """
    The limit price the signature commits to, when it differs.
    """
    signer: Annotated[
        str,
        Meta(description="Owner wallet address or registered session key that signed the order."),
    ]
    """
    Owner wallet address or registered session key that signed the order.
    """
    subaccount_id: Annotated[int, Meta(description="Subaccount ID.")]
    """
    Subaccount ID.
    """
    time_in_force: Annotated[TimeInForce, Meta(description="Time in force.")]
    """
    Time in force.
    """
    trigger_price: (
        Annotated[
            Decimal,
            Meta(description="Index or Market price to trigger order at (null for other orders)."),
        ]
        | None
    )
    """
    Index or Market price to trigger order at (null for other orders).
    """
    algo_duration_sec: (
        Annotated[int, Meta(description="Duration of an algo order, in seconds.")] | None
    ) = None
    """
    Duration of an algo order, in seconds.
    """
    algo_num_slices: (
        Annotated[int, Meta(description="Number of slices of an algo order.")] | None
    ) = None
    """
    Number of slices of an algo order.
    """
    algo_slices_completed: (
        Annotated[int, Meta(description="Slices of an algo order executed so far.")] | None
    ) = None
    """
    Slices of an algo order executed so far.
    """
    algo_type: Annotated[AlgoType, Meta(description="Algo order type.")] | None = None
    """
    Algo order type.
    """
    cancel_reason: (
        Annotated[
            CancelReason,
            Meta(
                description='If cancelled, reason behind order cancellation ("" when not cancelled).'
            ),
        ]
        | None
    ) = None
    """
    If cancelled, reason behind order cancellation ("" when not cancelled).
    """
    label: (
        Annotated[
            str, Meta(description='Optional user-defined label for the order ("" when unset).')
        ]
        | None
    ) = None
    """
    Optional user-defined label for the order ("" when unset).
    """
    trigger_price_type: (
        Annotated[TriggerPriceType, Meta(description="Trigger with Index or Mark Price.")] | None
    ) = None
    """
    Trigger with Index or Mark Price.
    """
    trigger_reject_message: (
        Annotated[str, Meta(description="Error message if an error occurred during trigger.")]
        | None
    ) = None
    """
    Error message if an error occurred during trigger.
    """
    trigger_type: Annotated[TriggerType, Meta(description="Stop-loss or Take-profit.")] | None = (
        None
    )
    """
    Stop-loss or Take-profit.
    """


class AggregatedOrdersResult(VenueModel):
    """
    A subaccount's orders (no pagination in v3).
    """

    orders: list[Order]
    subaccount_id: Annotated[int, Meta(description="The subaccount.")]
    """
    The subaccount.
    """


bind_wire_values(globals())
