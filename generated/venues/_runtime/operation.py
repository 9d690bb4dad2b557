"""Descriptions of operations, as generated from a spec: plain data the runtime acts on."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from .errors import RequestValidationError

if TYPE_CHECKING:
    from .decoding.response import PayloadCodec

__all__ = ["Param", "Envelope", "ErrorRules", "Operation", "Pagination"]

T = TypeVar("T")
ParamLocation = Literal["path", "query", "body", "form", "params", "argument"]
ParamKind = Literal["string", "integer", "number", "boolean"]


@dataclass(frozen=True)
class Param:
    """One request parameter and the rules the spec states for it."""

    name: str
    wire: str
    location: ParamLocation
    kind: ParamKind | Literal["array"]
    required: bool = False
    #: The kind of each item of an ``array`` parameter (whose limits apply to each item).
    items: ParamKind | None = None
    #: How a list goes into a query or form: ``a=1,2`` (comma) or ``a=1&a=2`` (repeated).
    style: Literal["comma", "repeated"] = "comma"
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None

    def check(self, value: Any, *, venue: str, operation: str) -> None:
        """Raise :class:`RequestValidationError` when ``value`` breaks a stated limit."""
        reason = self._problem(value, venue=venue, operation=operation)
        if reason is not None:
            raise self._refusal(value, reason, venue=venue, operation=operation)

    def _refusal(self, value: Any, reason: str, *, venue: str, operation: str) -> RequestValidationError:
        """The error :meth:`check` raises for ``value`` and what :meth:`_problem` found."""
        return RequestValidationError(
            f"{self.name}={value!r} {reason}",
            venue=venue,
            operation=operation,
            parameter=self.name,
        )

    def _problem(self, value: Any, *, venue: str, operation: str) -> str | None:
        """What is wrong with ``value`` (None: nothing); :meth:`check` raises it. The items
        of an array are checked (and refused) one by one."""
        kind = self.kind
        if kind == "string":  # the common case first, in line
            if type(value) is str and self.min_length is None and self.max_length is None and self.pattern is None:
                return None
            return self._text_problem(value)
        if kind == "array":
            if not isinstance(value, (list, tuple)):
                return "must be a list"
            item = replace(self, kind=self.items or "string", items=None)
            for each in value:
                item.check(each, venue=venue, operation=operation)
            return None
        if kind == "boolean":
            return None if isinstance(value, bool) else "must be a bool"
        if kind not in ("integer", "number"):
            return self._text_problem(value)
        if isinstance(value, bool) or not isinstance(
            value, (int, float, Decimal) if kind == "number" else int
        ):
            return f"must be an {'int' if kind == 'integer' else 'int, float or Decimal'}"
        # NaN and the infinities have no JSON or venue form (and NaN fails every comparison).
        if isinstance(value, Decimal) and not value.is_finite():
            return "must be finite"
        if isinstance(value, float) and not math.isfinite(value):
            return "must be finite"
        if self.minimum is not None and value < self.minimum:
            return f"is below the minimum {self.minimum:g}"
        if self.maximum is not None and value > self.maximum:
            return f"is above the maximum {self.maximum:g}"
        return None

    def _text_problem(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return "must be a str"
        if self.min_length is not None and len(value) < self.min_length:
            return f"is shorter than {self.min_length} characters"
        if self.max_length is not None and len(value) > self.max_length:
            return f"is longer than {self.max_length} characters"
        if self.pattern is not None and re.search(self.pattern, value) is None:
            return f"does not match {self.pattern!r}"
        return None


@dataclass(frozen=True)
class Envelope:
    """Where the payload sits in a successful reply and how success is recognised."""

    payload: str = ""
    success_pointer: str | None = None
    success_equals: Any = None
    #: The payload is an object of items keyed by their id (Kraken's ``{"OQCL...": {...}}``):
    #: the result is the list of items, each with its key in this field (a wire name).
    keyed_by: str | None = None


@dataclass(frozen=True)
class ErrorRules:
    """How a venue reports failures, and which of them mean auth or rate-limit trouble."""

    error: str = ""
    code: str = "/code"
    message: str = "/message"
    data: str | None = None
    authentication_codes: frozenset[str] = frozenset()
    authentication_statuses: frozenset[int] = frozenset({401, 403})
    rate_limit_codes: frozenset[str] = frozenset()
    rate_limit_statuses: frozenset[int] = frozenset({429})
    #: A regular expression finding the wait in a rate-limit message, and its unit in seconds.
    retry_after_pattern: str | None = None
    retry_after_unit: float = 1.0


@dataclass(frozen=True)
class Pagination:
    """How an operation's results are split into pages."""

    kind: Literal["none", "page_number", "limit_offset", "cursor", "snapshots"] = "none"
    page_param: str | None = None
    page_size_param: str | None = None
    limit_param: str | None = None
    offset_param: str | None = None
    items: str = ""
    total_pages: str | None = None
    #: ``cursor``: the parameter sending the cursor back, and where the next one is: a
    #: pointer into the reply (``next_cursor``) or a field of the page's last item
    #: (``cursor_item_field``, a wire name).
    cursor_param: str | None = None
    next_cursor: str | None = None
    cursor_item_field: str | None = None
    #: ``cursor``: a pointer to a flag whose ``false`` says there is no next page.
    has_more: str | None = None
    #: ``cursor``: the venue hands the cursor out percent-encoded (it is sent back as is).
    cursor_encoded: bool = False


@dataclass(frozen=True)
class Operation(Generic[T]):
    """Everything the runtime needs to perform one operation of one venue.

    ``T`` is the typed result (``response_type``) a successful call returns.
    """

    venue: str
    name: str
    transport: Literal["http", "jsonrpc", "websocket_request", "signalr_stream"]
    params: tuple[Param, ...]
    response_type: Any
    envelope: Envelope
    errors: ErrorRules
    retry_safe: bool
    http_method: str | None = None
    http_path: str | None = None
    websocket_path: str | None = None
    method: str | None = None
    fixed_params: Mapping[str, Any] = field(default_factory=dict)
    #: Constant query parameters and headers of every call (``http.query``/``http.headers``).
    fixed_query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    #: How ``body`` parameters are sent: a JSON object or a form-encoded body.
    body_encoding: Literal["json", "form"] = "json"
    auth_options: Mapping[str, str] = field(default_factory=dict)
    pagination: Pagination = Pagination()

    @cached_property
    def codec(self) -> PayloadCodec:
        """Decodes replies into the operation's typed result (built on first use)."""
        from .decoding.response import PayloadCodec  # response imports this module

        return PayloadCodec(self.response_type, self.envelope, self.errors)

    def parse(self, payload: Any) -> T:
        """The typed result for an already decoded payload (the part of the reply at
        ``envelope.payload``); :class:`msgspec.ValidationError` names what does not fit."""
        result: T = self.codec.convert(payload)
        return result

    @cached_property
    def params_by_name(self) -> Mapping[str, Param]:
        return {param.name: param for param in self.params}
