"""Payload models of DeriveV3, generated from specs/derive_v3.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal

from .._runtime.model import OpenEnum, VenueModel
from .._runtime.types import UnixMillis


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

    FIELD_ = ""
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

    algo_duration_sec: int | None = None
    """
    Duration of an algo order, in seconds.
    """
    algo_num_slices: int | None = None
    """
    Number of slices of an algo order.
    """
    algo_slices_completed: int | None = None
    """
    Slices of an algo order executed so far.
    """
    algo_type: AlgoType | None = None
    """
    Algo order type.
    """
    amount: Decimal
    """
    Order amount in units of the base.
    """
    average_price: Decimal
    """
    Average fill price.
    """
    cancel_reason: CancelReason | None = None
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
    extra_fee: Decimal
    """
    Extra fee per unit of volume.
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
    Whether the order was generated through a position transfer.
    """
    label: str | None = None
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
    nonce: str
    """
    The order's signing nonce, as a decimal string.
    """
    order_fee: Decimal
    """
    Total order fee paid so far.
    """
    order_id: str
    """
    Order ID (UUID).
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
    replaced_order_id: str | None
    """
    If replaced, ID of the order that was replaced.
    """
    signature: str
    """
    Ethereum signature of the order.
    """
    signature_expiry_sec: int
    """
    Signature expiry timestamp (Unix seconds).
    """
    signed_limit_price: Decimal | None
    """
    The limit price the signature commits to, when it differs.
    """
    signer: str
    """
    Owner wallet address or registered session key that signed the order.
    """
    subaccount_id: int
    """
    Subaccount ID.
    """
    time_in_force: TimeInForce
    """
    Time in force.
    """
    trigger_price: Decimal | None
    """
    Index or Market price to trigger order at (null for other orders).
    """
    trigger_price_type: TriggerPriceType | None = None
    """
    Trigger with Index or Mark Price.
    """
    trigger_reject_message: str | None = None
    """
    Error message if an error occurred during trigger.
    """
    trigger_type: TriggerType | None = None
    """
    Stop-loss or Take-profit.
    """


class AggregatedOrdersResult(VenueModel):
    """
    A subaccount's orders (no pagination in v3).
    """

    orders: list[Order]
    subaccount_id: int
    """
    The subaccount.
    """
