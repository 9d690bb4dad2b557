"""One shape for every venue's open orders.

Each venue's spec declares, in its ``unified:`` section, where every field of
:class:`OpenOrder` comes from; the generator turns that into ``venues/<venue>/unified.py``,
whose ``to_unified`` builds the order with a :class:`Mapper`. A value the declaration
cannot map (a status the spec's table does not list, a symbol that does not parse) is
left ``None`` and described in ``OpenOrder.unmapped``: reported, never guessed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, InvalidOperation
from enum import Enum
from typing import Any, Final, NamedTuple

from .errors import TruncatedResultError

__all__ = [
    "OpenOrder",
    "CLOSED_STATUSES",
    "open_only",
    "each_once",
    "refuse_truncated",
    "Mapper",
    "MarketPattern",
    "UNIFIED_FIELDS",
    "CredentialInfo",
    "ParameterInfo",
    "VenueEntry",
]

logger = logging.getLogger("venues.unified")


@dataclass(frozen=True, slots=True)
class OpenOrder:
    """An open order on any venue, in one shape.

    ``symbol`` is the venue's own; ``market`` is ``BASE/QUOTE`` in upper case, with
    ``market_type`` (spot, perp, cfd, option ...) where the venue says. Sides are ``buy``
    or ``sell``; statuses ``open``, ``partially_filled``, ``pending`` (accepted, not yet
    working), ``untriggered`` (waiting for its trigger), ``triggered``, ``filled``,
    ``cancelled``, ``expired``, ``rejected``; time in force ``gtc``, ``ioc``, ``fok``, ``gtd``, ``day``.
    Times are timezone-aware. ``original`` is the typed venue order it came from.
    """

    venue: str
    symbol: str | None
    market: str | None
    market_type: str | None
    order_id: str | None
    client_order_id: str | None
    side: str | None
    type: str | None
    status: str | None
    price: Decimal | None
    amount: Decimal | None
    filled: Decimal | None
    remaining: Decimal | None
    average_price: Decimal | None
    time_in_force: str | None
    reduce_only: bool | None
    post_only: bool | None
    trigger_price: Decimal | None
    created_at: datetime | None
    updated_at: datetime | None
    unmapped: tuple[str, ...] = ()
    original: Any = field(default=None, repr=False, compare=False)


    @property
    def is_closed(self) -> bool:
        """True for a filled, cancelled, expired or rejected order (listings such as
        Derive's ``get_orders`` return those too); an unmapped status counts as open."""
        return self.status in CLOSED_STATUSES


#: Unified statuses of orders that are no longer working.
CLOSED_STATUSES: Final = frozenset({"filled", "cancelled", "expired", "rejected"})

def open_only(orders: list[OpenOrder], include_closed: bool) -> list[OpenOrder]:
    """``orders`` without the closed ones, unless ``include_closed`` (a tool that reports how
    many it left out asks for all of them)."""
    return orders if include_closed else [order for order in orders if not order.is_closed]


def each_once(orders: list[OpenOrder]) -> list[OpenOrder]:
    """``orders`` with each order id once, first listing first: when one listing per status
    is asked, an order that changed status in between (or a venue ignoring the filter) must
    not be listed twice."""
    seen: set[str] = set()
    result = []
    for order in orders:
        if order.order_id is not None:
            if order.order_id in seen:
                continue
            seen.add(order.order_id)
        result.append(order)
    return result


def refuse_truncated(
    orders: list[OpenOrder],
    listed: Sequence[object],
    *,
    venue: str,
    operation: str,
    parameter: str,
    limit: int,
    allow_truncated: bool,
) -> None:
    """Raise :class:`~.errors.TruncatedResultError` when an unpaged reply is full (it holds
    ``limit`` items or more), unless the caller accepted a truncated list."""
    if len(listed) < limit or allow_truncated:
        return
    raise TruncatedResultError(
        f"the reply holds {len(listed)} orders, the most one request asks for "
        f"({parameter}={limit}), and the listing has no paging: more open orders may exist. "
        "Narrow the listing (a symbol filter), or pass allow_truncated=True to accept these.",
        venue=venue,
        operation=operation,
        parameter=parameter,
        limit=limit,
        items=orders,
    )


#: The fields a spec's ``unified.fields`` may declare (venue, unmapped, original are set
#: by the generated code itself).
UNIFIED_FIELDS: Final = tuple(
    name for name in OpenOrder.__dataclass_fields__ if name not in ("venue", "unmapped", "original")
)


class MarketPattern(NamedTuple):
    """How one family of venue symbols reads (see :meth:`Mapper.market`)."""

    pattern: re.Pattern[str]
    market_type: str | None = None
    quote: str | None = None


#: Bounds on the amounts the unified view converts. A venue amount has a few dozen digits
#: at most; text such as ``1e1000000`` would overflow (or cost seconds in) Decimal
#: arithmetic, so it is reported as unmapped instead of converted.
MAX_DIGITS: Final = 100
MAX_EXPONENT: Final = 1000
MAX_NUMBER_TEXT: Final = 2 * MAX_DIGITS
#: Wide enough that the difference of two bounded amounts is exact (never rounded to the
#: default context's 28 digits) and never overflows.
_EXACT: Final = Context(prec=2 * MAX_EXPONENT + MAX_DIGITS + 2, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _sane(number: Decimal) -> bool:
    if not number.is_finite():
        return False
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite numbers have an integer exponent
    return len(number.as_tuple().digits) <= MAX_DIGITS and -MAX_EXPONENT <= exponent <= MAX_EXPONENT


def _preview(value: object) -> str:
    if isinstance(value, int) and value.bit_length() > 200:
        return f"an integer of {value.bit_length()} bits"  # repr() refuses > 4300 digits
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Mapper:
    """Converts one venue order's values, collecting what cannot be mapped."""

    __slots__ = ("order_id", "problems", "venue")

    def __init__(self, venue: str, order_id: object) -> None:
        self.venue = venue
        self.order_id = order_id
        self.problems: list[str] = []

    def _fail(self, name: str, reason: str) -> None:
        self.problems.append(f"{name}: {reason}")

    @staticmethod
    def _plain(value: object) -> object:
        return value.value if isinstance(value, Enum) else value

    def text(self, name: str, value: object) -> str | None:
        value = self._plain(value)
        if value is None or value == "":
            return None
        return str(value)

    def decimal(self, name: str, value: object) -> Decimal | None:
        value = self._plain(value)
        if value is None or value == "":
            return None
        number: Decimal | None = None
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, str) and len(value) <= MAX_NUMBER_TEXT:
            try:
                number = Decimal(value)
            except InvalidOperation:
                pass
        elif isinstance(value, int) and not isinstance(value, bool):
            if -(10**MAX_DIGITS) < value < 10**MAX_DIGITS:
                number = Decimal(value)
        if number is None:
            self._fail(name, f"{_preview(value)} is not a number")
            return None
        if not _sane(number):
            self._fail(name, f"{_preview(value)} is beyond the amounts this view converts")
            return None
        return number

    def flag(self, name: str, value: object) -> bool | None:
        value = self._plain(value)
        if value is None or isinstance(value, bool):
            return value
        self._fail(name, f"{value!r} is not a boolean")
        return None

    def time(self, name: str, value: object) -> datetime | None:
        if value is None or isinstance(value, datetime):
            return value
        self._fail(name, f"{value!r} is not a time")
        return None

    def lookup(self, name: str, value: object, table: dict[str, Any]) -> Any:
        """``table[value]``; a value the table lacks is reported, not guessed."""
        key = self._plain(value)
        if key is None or key == "":
            return None
        if isinstance(key, str) and key in table:
            return table[key]
        self._fail(name, f"{key!r} has no unified value (known: {', '.join(sorted(table))})")
        return None

    def difference(self, name: str, minuend: object, subtrahend: object) -> Decimal | None:
        left, right = self.decimal(name, minuend), self.decimal(name, subtrahend)
        if left is None or right is None:
            return None
        return _EXACT.subtract(left, right)

    def when_nonzero(self, name: str, value: object, then: str, otherwise: str) -> str | None:
        """``then`` when ``value`` is a non-zero amount, ``otherwise`` when it is zero."""
        amount = self.decimal(name, value)
        if amount is None:
            return None
        return then if amount else otherwise

    def market(
        self,
        value: object,
        patterns: tuple[MarketPattern, ...],
        market_types: dict[str, str],
    ) -> tuple[str | None, str | None]:
        """``BASE/QUOTE`` and the market type of a venue symbol, by the first pattern that
        matches it in full. A pattern's named groups are ``base``, ``quote`` (or the
        pattern's constant quote) and ``market_type`` (or its constant market type); a
        market type from the symbol is looked up in ``market_types``."""
        text = self._plain(value)
        if not isinstance(text, str) or not text:
            return None, None
        for candidate in patterns:
            found = candidate.pattern.fullmatch(text)
            if found is None:
                continue
            groups = found.groupdict()
            quote = groups.get("quote") or candidate.quote
            market = f"{groups['base'].upper()}/{quote.upper()}" if quote else None
            if candidate.market_type is not None:
                return market, candidate.market_type
            raw_type = groups.get("market_type") or ""
            if raw_type.lower() not in market_types:
                self._fail("market_type", f"{raw_type!r} has no unified value")
                return market, None
            return market, market_types[raw_type.lower()]
        self._fail("market", f"{text!r} matches none of the spec's symbol patterns")
        return None, None

    def unmapped(self) -> tuple[str, ...]:
        for problem in self.problems:
            _log_unmapped(self.venue, self.order_id, problem)
        return tuple(self.problems)


#: (venue, problem) pairs already logged at INFO. A problem names the field and the value, so
#: a venue sending the same unlisted status on every order is logged once, not on every call.
_LOGGED: set[tuple[str, str]] = set()
#: Past this many distinct problems, further ones go to DEBUG only (the set stays bounded).
_LOGGED_MAX: Final = 1024


def _log_unmapped(venue: str, order_id: object, problem: str) -> None:
    # An unmapped value is expected (venues add statuses) and already reported in
    # OpenOrder.unmapped: a library must not fill its users' stderr with it, hence INFO, once.
    key = (venue, problem)
    if key in _LOGGED or len(_LOGGED) >= _LOGGED_MAX:
        logger.debug("%s order %s: could not map %s", venue, order_id, problem)
        return
    _LOGGED.add(key)
    logger.info(
        "%s order %s: could not map %s (logged once per distinct value)", venue, order_id, problem
    )


# -- what tools need to know of each venue (filled by the generated venues.registry) -------


@dataclass(frozen=True)
class CredentialInfo:
    """A constructor credential of a venue's client."""

    name: str
    description: str
    secret: bool = False
    callable: bool = False


@dataclass(frozen=True)
class ParameterInfo:
    """A keyword a venue needs: a server variable (such as a host) or a listing parameter."""

    name: str
    description: str
    required: bool = False
    type: str = "str"


@dataclass(frozen=True)
class VenueEntry:
    """A venue whose clients offer ``fetch_open_orders``."""

    id: str
    title: str
    async_client: Any
    sync_client: Any | None
    credentials: tuple[CredentialInfo, ...]
    server_variables: tuple[ParameterInfo, ...]
    fetch_parameters: tuple[ParameterInfo, ...]
    symbol_filter: str | None
