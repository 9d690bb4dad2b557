"""Payload models of Kraken, generated from specs/kraken.yaml.

Do not edit: change the spec and run `make generate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from msgspec import Meta

from .._runtime.decoding.model import OpenEnum, VenueModel, bind_wire_values
from .._runtime.decoding.types import DecimalNumber, UnixSeconds


class OrderStatus(OpenEnum):
    """Status of order."""

    PENDING = "pending"
    OPEN = "open"
    CLOSED = "closed"
    CANCELED = "canceled"
    EXPIRED = "expired"


class Side(OpenEnum):
    """Type of order (buy/sell)."""

    BUY = "buy"
    SELL = "sell"


class OrderType(OpenEnum):
    """The order type."""

    MARKET = "market"
    LIMIT = "limit"
    ICEBERG = "iceberg"
    STOP_LOSS = "stop-loss"
    TAKE_PROFIT = "take-profit"
    STOP_LOSS_LIMIT = "stop-loss-limit"
    TAKE_PROFIT_LIMIT = "take-profit-limit"
    TRAILING_STOP = "trailing-stop"
    TRAILING_STOP_LIMIT = "trailing-stop-limit"
    SETTLE_POSITION = "settle-position"


class Trigger(OpenEnum):
    """Price signal used to trigger stop-loss and take-profit orders."""

    LAST = "last"
    INDEX = "index"


class OrderDescription(VenueModel):
    """
    Order description info.
    """

    pair: Annotated[str, Meta(description="Asset pair.")]
    """
    Asset pair.
    """
    type: Side
    ordertype: OrderType
    price: Annotated[Decimal, Meta(description="Primary price.")]
    """
    Primary price.
    """
    price2: Annotated[Decimal, Meta(description="Secondary price.")]
    """
    Secondary price.
    """
    leverage: Annotated[
        str, Meta(description='Amount of leverage ("none" or, for example, "5:1").')
    ]
    """
    Amount of leverage ("none" or, for example, "5:1").
    """
    order: Annotated[str, Meta(description="Order description.")]
    """
    Order description.
    """
    close: Annotated[
        str,
        Meta(
            description='Conditional close order description, if conditional close set ("" when none).'
        ),
    ]
    """
    Conditional close order description, if conditional close set ("" when none).
    """


class Order(VenueModel):
    """
    An open order (the reference's OrderInfo), keyed by its transaction id.
    """

    refid: (
        Annotated[str, Meta(description="Referral order transaction ID that created this order.")]
        | None
    )
    """
    Referral order transaction ID that created this order.
    """
    userref: (
        Annotated[
            int,
            Meta(
                description="Optional numeric, client identifier associated with one or more orders."
            ),
        ]
        | None
    )
    """
    Optional numeric, client identifier associated with one or more orders.
    """
    status: OrderStatus
    opentm: Annotated[UnixSeconds, Meta(description="Unix timestamp of when order was placed.")]
    """
    Unix timestamp of when order was placed.
    """
    starttm: Annotated[
        DecimalNumber, Meta(description="Unix timestamp of order start time (or 0 if not set).")
    ]
    """
    Unix timestamp of order start time (or 0 if not set).
    """
    expiretm: Annotated[
        DecimalNumber, Meta(description="Unix timestamp of order end time (or 0 if not set).")
    ]
    """
    Unix timestamp of order end time (or 0 if not set).
    """
    descr: OrderDescription
    vol: Annotated[Decimal, Meta(description="Volume of order (base currency).")]
    """
    Volume of order (base currency).
    """
    vol_exec: Annotated[Decimal, Meta(description="Volume executed (base currency).")]
    """
    Volume executed (base currency).
    """
    cost: Annotated[Decimal, Meta(description="Total cost (quote currency).")]
    """
    Total cost (quote currency).
    """
    fee: Annotated[Decimal, Meta(description="Total fee (quote currency).")]
    """
    Total fee (quote currency).
    """
    price: Annotated[Decimal, Meta(description="Average price (quote currency).")]
    """
    Average price (quote currency).
    """
    stopprice: Annotated[Decimal, Meta(description="Stop price (quote currency).")]
    """
    Stop price (quote currency).
    """
    limitprice: Annotated[
        Decimal,
        Meta(
            description="Triggered limit price (quote currency, when limit based order type triggered)."
        ),
    ]
    """
    Triggered limit price (quote currency, when limit based order type triggered).
    """
    misc: Annotated[
        str,
        Meta(
            description="Comma delimited list of miscellaneous info: stopped, touched, liquidated, partial (empty when none)."
        ),
    ]
    """
    Comma delimited list of miscellaneous info: stopped, touched, liquidated, partial (empty when none).
    """
    oflags: Annotated[
        str,
        Meta(
            description='Comma delimited list of order flags: post, fcib, fciq, nompp, viqc (the example writes them without commas, "fciq").'
        ),
    ]
    """
    Comma delimited list of order flags: post, fcib, fciq, nompp, viqc (the example writes them without commas, "fciq").
    """
    txid: (
        Annotated[
            str, Meta(description="The order's transaction id (the key it was listed under).")
        ]
        | None
    ) = None
    """
    The order's transaction id (the key it was listed under).
    """
    cl_ord_id: (
        Annotated[
            str,
            Meta(description="Optional alphanumeric, client identifier associated with the order."),
        ]
        | None
    ) = None
    """
    Optional alphanumeric, client identifier associated with the order.
    """
    trigger: (
        Annotated[
            Trigger,
            Meta(description="Price signal used to trigger stop-loss and take-profit orders."),
        ]
        | None
    ) = None
    """
    Price signal used to trigger stop-loss and take-profit orders.
    """
    trades: (
        Annotated[
            list[str],
            Meta(
                description="List of trade IDs related to order (if trades info requested and data available)."
            ),
        ]
        | None
    ) = None
    """
    List of trade IDs related to order (if trades info requested and data available).
    """


bind_wire_values(globals())
