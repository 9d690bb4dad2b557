"""Turning a venue's reply into a typed result or one of our typed errors."""

from __future__ import annotations

import json
import re
import sys
import types
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from enum import Enum
from functools import cache
from itertools import accumulate
from operator import attrgetter
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

import msgspec

from ..errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    DecodeError,
    RateLimitError,
    ServerError,
    body_preview,
)
from ..operation import Envelope, ErrorRules, Operation
from . import model as _model
from .model import EXTRA_ATTRIBUTE, LEARNED_ATTRIBUTE
from .pointer import MISSING, resolve
from .types import dec_hook

T = TypeVar("T")

__all__ = [
    "PayloadCodec",
    "api_error",
    "convert_lenient",
    "decode_http_response",
    "decode_json",
    "decode_message",
    "decode_raw_message",
    "refusal",
    "retry_after",
    "route_json",
]


#: Deeper than any venue reply. Python's C JSON decoder recurses once per level, and some
#: libraries raise the recursion limit at import (py_ecc, under eth-account, to 100000), so
#: a hostile reply nested that deep would overflow the C stack and kill the process.
MAX_JSON_DEPTH = 512
#: Under this recursion limit msgspec's own recursion check (it counts levels against the
#: limit, raising RecursionError) stops a deep reply long before the C stack could
#: overflow, so the typed fast path skips the bracket scan, which costs about a third of
#: a decode. Above it (a library raised the limit), the scan runs first.
SAFE_RECURSION_LIMIT = 5000
_BRACKET_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[{]}")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _depth_range(raw: bytes) -> tuple[int, int]:
    steps = memoryview(raw.translate(_BRACKET_STEPS, _NOT_BRACKETS)).cast("b")
    depths = list(accumulate(steps))
    return (min(depths), max(depths)) if depths else (0, 0)


_PARENS = bytes.maketrans(b"[{]}", b"(())")
#: Past this many brackets the peeling below could cost more than the running sum.
_PEEL_LIMIT = 1 << 16


def _within_depth(brackets: bytes) -> bool | None:
    """True when the bracket sequence nests no deeper than the limit, False when deeper,
    None when it is unbalanced (brackets inside strings, or not JSON)."""
    # Each pass deletes every innermost pair, at C speed: a reply nested d levels deep
    # is empty after d passes (an order listing after a handful).
    for _ in range(MAX_JSON_DEPTH):
        peeled = brackets.replace(b"()", b"")
        if not peeled:
            return True
        if len(peeled) == len(brackets):
            return None
        brackets = peeled
    return False


def check_depth(raw: bytes) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH` before a decoder sees it.

    Brackets are counted at C speed; only when brackets inside strings could mislead the
    count (it does not balance, or exceeds the limit) are strings stripped first.
    """
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return  # too few brackets to nest that deep (two C-speed scans, no copy)
    brackets = raw.translate(_PARENS, _NOT_BRACKETS)
    if len(brackets) <= _PEEL_LIMIT and _within_depth(brackets):
        return
    if len(brackets) > _PEEL_LIMIT:
        lowest, highest = _depth_range(raw)
        if lowest >= 0 and highest <= MAX_JSON_DEPTH:
            return
    if _depth_range(_JSON_STRING.sub(b'""', raw))[1] > MAX_JSON_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")


#: About 2.5x faster than ``json.loads(parse_float=Decimal)`` (bench/), and as exact.
_DECODER = msgspec.json.Decoder(float_hook=Decimal)


def decode_json(raw: bytes | str) -> Any:
    """Decode JSON keeping every number exact (fractions become ``Decimal``).

    msgspec hands every number with a fraction or exponent to ``Decimal`` as its original
    text (never through a binary float) and keeps big integers as ``int``, exactly as
    ``json.loads(parse_float=Decimal)`` does. Text it refuses (``NaN``, lone surrogates,
    UTF-16) goes to the stdlib decoder, so what is accepted is unchanged. Both decoders
    recurse in C: under a safe recursion limit their own recursion checks stop a deep
    document; above it (a library raised the limit) the bracket scan runs first. Either
    way a document nested too deep is a ``ValueError``.
    """
    data = raw.encode() if isinstance(raw, str) else raw
    if sys.getrecursionlimit() > SAFE_RECURSION_LIMIT:
        check_depth(data)
    try:
        return _DECODER.decode(data)
    except msgspec.DecodeError:
        pass
    except RecursionError:
        raise ValueError("JSON nested deeper than the recursion limit allows") from None
    check_depth(data)  # rare text only the stdlib takes: the scan is cheap next to it
    try:
        return json.loads(raw, parse_float=Decimal)
    except RecursionError:
        raise ValueError("JSON nested deeper than the recursion limit allows") from None


def route_json(decoder: msgspec.json.Decoder[Any], raw: str | bytes) -> Any:
    """``raw`` read by ``decoder``, a decoder of a small struct naming only the fields that
    route a message (its id, its type): msgspec skips everything else without building it,
    so the message is decoded once, typed, by whoever it is for.

    Raises ``ValueError`` for whatever :func:`decode_json` must decide instead: text msgspec
    refuses (not JSON, ``NaN``, not an object) and text nested too deep (under a raised
    recursion limit the bracket scan runs first, as in :func:`decode_json`).
    """
    if sys.getrecursionlimit() > SAFE_RECURSION_LIMIT:
        check_depth(raw.encode() if isinstance(raw, str) else raw)
    try:
        return decoder.decode(raw)
    except (msgspec.DecodeError, RecursionError) as exc:
        raise ValueError(str(exc)) from None


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    value = headers.get("retry-after") or headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _code_key(code: Any) -> str | None:
    if code is None or code is MISSING:
        return None
    return str(code)


def api_error(
    op: Operation[Any],
    *,
    status_code: int | None,
    raw_body: bytes | str | None,
    headers: Mapping[str, str] | None,
    document: Any = MISSING,
) -> APIError:
    """The typed error for a refused request, decoding the venue's error envelope if present."""
    return refusal(
        op.venue,
        op.name,
        op.errors,
        status_code=status_code,
        raw_body=raw_body,
        headers=headers,
        document=document,
    )


def refusal(
    venue: str,
    operation: str,
    rules: ErrorRules,
    *,
    status_code: int | None,
    raw_body: bytes | str | None,
    headers: Mapping[str, str] | None,
    document: Any = MISSING,
) -> APIError:
    """:func:`api_error` where there is no operation yet (a refused WebSocket upgrade):
    the typed error by status and code under ``rules``."""
    code: Any = None
    message: str | None = None
    data: Any = None
    if document is not MISSING:
        error = resolve(document, rules.error)
        if isinstance(error, dict):
            found_code = resolve(error, rules.code)
            found_message = resolve(error, rules.message)
            code = None if found_code is MISSING else found_code
            message = None if found_message is MISSING else str(found_message)
            if rules.data is not None:
                found_data = resolve(error, rules.data)
                data = None if found_data is MISSING else found_data
        elif isinstance(error, str) and error:
            message = error
        elif isinstance(error, list) and error and all(isinstance(e, str) for e in error):
            # Kraken: {"error": ["EAPI:Invalid key"]}; the first text is the code that
            # authentication_codes and rate_limit_codes name.
            code, message = error[0], "; ".join(error)
    key = _code_key(code)
    cls: type[APIError]
    if status_code in rules.rate_limit_statuses or key in rules.rate_limit_codes:
        cls = RateLimitError
    elif status_code in rules.authentication_statuses or key in rules.authentication_codes:
        cls = AuthenticationError
    elif status_code is not None and status_code >= 500:
        cls = ServerError
    else:
        cls = BadRequestError
    parts = []
    if status_code is not None:
        parts.append(f"HTTP {status_code}")
    if code is not None:
        parts.append(f"code {code!r}")
    parts.append(message if message is not None else body_preview(raw_body))
    error_obj = cls(
        ", ".join(parts),
        venue=venue,
        operation=operation,
        status_code=status_code,
        raw_body=raw_body,
        headers=headers,
        code=code if isinstance(code, (str, int)) else _code_key(code),
        error_message=message,
        data=data,
    )
    if isinstance(error_obj, RateLimitError):
        error_obj.retry_after = retry_after(headers or {})
        if error_obj.retry_after is None and rules.retry_after_pattern and message:
            found = re.search(rules.retry_after_pattern, message)
            if found:
                error_obj.retry_after = float(found.group(1)) * rules.retry_after_unit
    return error_obj


def _decode_error(
    op: Operation[Any],
    reason: str,
    *,
    status_code: int | None,
    raw_body: bytes | str | None,
    headers: Mapping[str, str] | None,
) -> DecodeError:
    return DecodeError(
        reason,
        venue=op.venue,
        operation=op.name,
        status_code=status_code,
        raw_body=raw_body,
        headers=headers,
    )


def _is_error_reply(op: Operation[Any], document: Any) -> bool:
    envelope = op.envelope
    if envelope.success_pointer is not None:
        if resolve(document, envelope.success_pointer) != envelope.success_equals:
            return True
    if op.errors.error:
        return _is_error(resolve(document, op.errors.error))
    return False


def _is_error(value: Any) -> bool:
    """Whether the value at the error pointer reports an error: absent, null, ``""`` and
    ``[]`` (Kraken's ``{"error": [], "result": ...}``) say there is none."""
    return value is not MISSING and value is not None and value != "" and value != []


def decode_message(
    op: Operation[T],
    document: Any,
    *,
    raw_body: bytes | str,
    status_code: int | None = None,
    headers: Mapping[str, str] | None = None,
    one_pass_tried: bool = False,
) -> T:
    """The typed payload of a decoded reply that arrived as a success at the transport level
    (``one_pass_tried``: the one-pass read of ``raw_body`` already declined it)."""
    if _is_error_reply(op, document):
        raise api_error(
            op, status_code=status_code, raw_body=raw_body, headers=headers, document=document
        )
    payload = resolve(document, op.envelope.payload)
    if payload is MISSING:
        raise _decode_error(
            op,
            f"the reply has no payload at {op.envelope.payload!r}: {body_preview(raw_body)}",
            status_code=status_code,
            raw_body=raw_body,
            headers=headers,
        )
    try:
        # The transport decoded the document (to route it): converting its payload is the
        # cheapest typed step. When that meets fields the spec does not name, the one-pass
        # read of the raw message learns list items' ones; anything else is lenient.
        typed: T = op.codec.convert_strict(payload)
    except msgspec.ValidationError:
        pass
    else:
        return typed
    if raw_body and not one_pass_tried:
        try:
            fast: T = op.codec.decode_body(raw_body)
        except (_NotFast, ValueError, RecursionError):
            pass
        else:
            return fast
    try:
        result: T = op.codec.convert_lenient(payload)
    except msgspec.ValidationError as exc:
        where = f" (the payload is at {op.envelope.payload})" if op.envelope.payload else ""
        raise _decode_error(
            op,
            f"the payload does not match the spec: {exc}{where}",
            status_code=status_code,
            raw_body=raw_body,
            headers=headers,
        ) from exc
    return result


def decode_http_response(
    op: Operation[T], status_code: int, headers: Mapping[str, str], body: bytes
) -> T:
    """The typed result of an HTTP reply, or the typed error it stands for."""
    if 200 <= status_code < 300:
        try:
            # One typed pass over the body: the common case (a success the models
            # describe exactly); anything else takes the general path below.
            fast: T = op.codec.decode_body(body)
        except (_NotFast, ValueError, RecursionError):
            pass
        else:
            return fast
    try:
        document = decode_json(body)
    except (ValueError, RecursionError):
        document = MISSING
    if not 200 <= status_code < 300:
        raise api_error(
            op, status_code=status_code, raw_body=body, headers=headers, document=document
        )
    if document is MISSING:
        raise _decode_error(
            op,
            f"the body is not JSON: {body_preview(body)}",
            status_code=status_code,
            raw_body=body,
            headers=headers,
        )
    return decode_message(
        op, document, raw_body=body, status_code=status_code, headers=headers, one_pass_tried=True
    )


def decode_raw_message(
    op: Operation[T],
    raw: str | bytes,
    *,
    status_of: Callable[[Any], int | None] | None = None,
) -> T:
    """The typed payload of a message that arrived as a success at the transport level and
    is still text (a WebSocket reply, a SignalR stream item): one typed pass over ``raw``
    when it is a success the models describe, else the general path of
    :func:`decode_message` (``status_of`` gives the status the decoded message carries)."""
    try:
        fast: T = op.codec.decode_body(raw)
    except (_NotFast, ValueError, RecursionError):
        pass
    else:
        return fast
    try:
        document = decode_json(raw)
    except (ValueError, RecursionError):
        raise _decode_error(
            op, f"the message is not JSON: {body_preview(raw)}", status_code=None, raw_body=raw, headers=None
        ) from None
    status = status_of(document) if status_of is not None else None
    return decode_message(op, document, raw_body=raw, status_code=status, one_pass_tried=True)



# -- one-pass decoding into models --------------------------------------------------------


class _NotFast(Exception):
    """The one-pass decoder declined a body: the general path decides."""


_ENVELOPE_DEFAULT: Any = msgspec.UNSET
#: What the error marker may hold in a success: nothing (null, "", or Kraken's []).
_NO_ERROR: Any = None | Literal[""] | Annotated[list[Any], msgspec.Meta(max_length=0)] | msgspec.UnsetType


def _envelope_type(
    response_type: Any, envelope: Envelope, errors: ErrorRules
) -> tuple[Any, tuple[str, ...], dict[str, tuple[str, ...]]] | None:
    """A msgspec type that reads, in one pass, the payload and the fields that tell a
    success from an error; with where each sits in it. None when the pointers cannot be
    read that way (the payload is the document and something else is looked up in it, one
    pointer inside another, or a list index)."""
    leaves = {"payload": envelope.payload}
    if envelope.success_pointer is not None:
        leaves["success"] = envelope.success_pointer
    if errors.error:
        leaves["error"] = errors.error
    paths: dict[str, tuple[str, ...]] = {}
    for role, pointer in leaves.items():
        if pointer and not pointer.startswith("/"):
            return None
        tokens = tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")) if pointer else ()
        if any(t.isdigit() for t in tokens):
            return None
        paths[role] = tokens
    if paths["payload"] == ():
        return (response_type, (), {}) if len(paths) == 1 else None
    values = list(paths.values())
    for one in values:
        for other in values:
            if one is not other and other[: len(one)] == one:
                return None  # one pointer leads into another's value

    counter = iter(range(1 << 30))
    # The markers the decoder itself checks (a reply failing them is no success the models
    # describe: the decode fails and the general path decides), so no Python reads them:
    # the error marker anywhere (absent, null, "" and [] say "no error", as _is_error), the
    # success marker when it is a top-level field (required there: absent is no success).
    typed = {"error"} if "error" in paths else set()
    if "success" in paths and len(paths["success"]) == 1 and isinstance(envelope.success_equals, str | int):
        typed.add("success")

    def build(prefix: tuple[str, ...]) -> Any:
        here = {path[len(prefix)] for path in values if path[: len(prefix)] == prefix}
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        rename: dict[str, str] = {}
        for token in sorted(here):
            path = (*prefix, token)
            role = next((r for r, p in paths.items() if p == path), None)
            name = f"f{len(fields)}"
            rename[name] = token
            if role == "success" and role in typed:
                fields.append((name, Literal[envelope.success_equals]))
                continue
            if role == "payload":
                kind: Any = response_type | msgspec.UnsetType
            elif role == "error":
                kind = _NO_ERROR
            elif role is not None:
                kind = Any
            else:
                kind = build(path) | msgspec.UnsetType
            fields.append((name, kind, _ENVELOPE_DEFAULT))
        return msgspec.defstruct(f"Envelope{next(counter)}", fields, rename=rename, kw_only=True)

    checks = {r: p for r, p in paths.items() if r != "payload" and r not in typed}
    return build(()), paths["payload"], checks


#: How many unknown fields of a list item the one-pass decoder learns per model (a venue
#: adds a few over the years; one sending random keys must not grow types without limit).
MAX_LEARNED_FIELDS = 32
#: How many times a codec rebuilds its types for unlisted enum values it was told of (each
#: rebuild compiles the models again; a venue sending random values must not make it pay
#: that on every reply: past this they go through ``_missing_``, still correct).
MAX_ENUM_REFRESHES = 8
_UNKNOWN_FIELD = re.compile(r"^Object contains unknown field `(?P<key>.*)` - at `(?P<path>.*)\[\d+\]`$", re.S)


class PayloadCodec:
    """Turns an operation's replies into its typed result.

    :meth:`decode_body` reads the raw body in one pass with msgspec, straight into the
    models, refusing fields the spec does not name. When the items of the payload's list
    of models carry such a field, the codec learns it: it derives a subclass of the item
    model that has the field too (kept by :func:`~venues._runtime.model.extra_fields`, not
    among the declared fields) and decodes again, still in one pass; the next reply with
    the same field decodes at once. Anything else (an error reply, a wrong type, unknown
    fields elsewhere) goes to the general path, where :func:`convert_lenient` keeps unknown
    fields anywhere and coerces numbers sent as text and the like.
    """

    def __init__(self, response_type: Any, envelope: Envelope, errors: ErrorRules) -> None:
        self.response_type = response_type
        self.envelope = envelope
        self._errors = errors
        self._plans: dict[frozenset[str], _Plan] = {}
        self._learned: frozenset[str] = frozenset()
        self._keyed = _keyed_items(response_type, envelope.keyed_by)
        # Learning unknown fields follows list items; keyed items take the lenient path.
        self._items = None if self._keyed is not None else _item_list(response_type)
        self._item_enums = _open_enums(self._items[0]) if self._items is not None else ()
        self._enums_at_start = self._enum_values()
        self._refreshes = 0
        pointers = _envelope_type(response_type, envelope, errors)
        if pointers is not None:
            self._plans[self._learned] = self._plan(self._learned)
            if self._items is not None:
                # Where msgspec's errors place the items: "$.result.orders[3]" and the like.
                self._item_path = "$" + "".join(f".{token}" for token in pointers[1]) + self._items[1]
        #: The plan for what has been learned so far (None: the pointers need the general path).
        self._current = self._plans.get(self._learned)

    def _plan(self, learned: frozenset[str]) -> _Plan:
        kind, assemble = self.response_type, None
        generation = _model.remembered
        enums = self._enum_values()
        if self._keyed is not None:
            kind, assemble = self._keyed.wire_type, self._keyed.assemble
        elif (learned or enums != self._enums_at_start) and self._items is not None:
            # A new class compiles afresh: its enums' tables include the remembered values.
            item = _learned_class(self._items[0], learned, enums)
            kind, assemble = _with_item_class(self.response_type, self._items[0], item)
        pointers = _envelope_type(kind, self.envelope, self._errors)
        assert pointers is not None  # the same pointers as the plain type's
        decode_type, payload_path, checks = pointers
        decoder = msgspec.json.Decoder(decode_type, dec_hook=dec_hook, float_hook=Decimal)
        names = _attribute_names(decode_type, ())
        plan = _Plan(decoder, names, payload_path, checks, assemble, self.envelope.success_equals)
        plan.generation, plan.enums = generation, enums
        return plan

    def _enum_values(self) -> tuple[int, ...]:
        """How many values (listed and remembered) each open enum of the list items has."""
        return tuple(len(enum._value2member_map_) for enum in self._item_enums)

    def _refresh(self, plan: _Plan) -> None:
        """Rebuild the current plan when the item model's enums remembered new values (the
        old plan hands each of them to Python); at most a few times per codec."""
        plan.generation = _model.remembered
        if self._refreshes >= MAX_ENUM_REFRESHES or self._enum_values() == plan.enums:
            return
        self._refreshes += 1
        fresh = self._plans[self._learned] = self._plan(self._learned)
        self._current = fresh

    def decode_body(self, body: bytes | str) -> Any:
        """The typed payload of a success body; :class:`_NotFast` when the body is anything
        but a success the models describe (an error reply, a value of the wrong type ...)."""
        plan = self._current
        if plan is None:
            raise _NotFast
        if sys.getrecursionlimit() > SAFE_RECURSION_LIMIT:
            check_depth(body.encode() if isinstance(body, str) else body)
        try:
            document = plan.decoder.decode(body)
        except msgspec.ValidationError as exc:
            plan, document = self._decode_learning(body, str(exc))
        except msgspec.DecodeError:
            raise _NotFast from None
        payload = plan.payload(document)
        if plan.generation != _model.remembered:
            self._refresh(plan)
        return payload if plan.assemble is None else plan.assemble(payload)

    def _decode_learning(self, body: bytes | str, message: str) -> tuple[_Plan, Any]:
        """Learn what ``message`` (the last decode's error) names and decode again, learning at
        most a few new fields per reply."""
        for _ in range(3):
            plan = self._learn(message)
            try:
                return plan, plan.decoder.decode(body)
            except msgspec.ValidationError as exc:
                message = str(exc)
            except msgspec.DecodeError:
                break
        raise _NotFast

    def _learn(self, message: str) -> _Plan:
        found = _UNKNOWN_FIELD.match(message)
        if found is None or self._items is None or found["path"] != self._item_path:
            raise _NotFast
        learned = self._learned | {found["key"]}
        if len(learned) > MAX_LEARNED_FIELDS:
            raise _NotFast
        plan = self._plans.get(learned)
        if plan is None:
            plan = self._plans[learned] = self._plan(learned)
        self._learned, self._current = learned, plan
        return plan

    def convert_strict(self, payload: Any) -> Any:
        """The typed form of a decoded payload that fits the models exactly (no unknown
        fields, no coercion); :class:`msgspec.ValidationError` otherwise."""
        if self._keyed is not None:
            return self._keyed.assemble(msgspec.convert(payload, self._keyed.wire_type, dec_hook=dec_hook))
        return msgspec.convert(payload, self.response_type, dec_hook=dec_hook)

    def convert_lenient(self, payload: Any) -> Any:
        """:func:`convert_lenient` of a decoded payload into the result type (a keyed
        payload becomes its list of items first, each given its key)."""
        if self._keyed is not None:
            payload = self._keyed.as_list(payload)
        return convert_lenient(payload, self.response_type)

    def convert(self, payload: Any) -> Any:
        """The typed form of a decoded payload; :class:`msgspec.ValidationError` (naming the
        path) when it does not fit the spec even leniently."""
        try:
            return self.convert_strict(payload)
        except msgspec.ValidationError:
            return self.convert_lenient(payload)


class _Plan:
    """One compiled way to read a body: the decoder, where the payload and the success and
    error markers sit in what it returns, and what turns a variant payload into the result."""

    __slots__ = ("assemble", "decoder", "enums", "error", "generation", "payload_of", "success", "success_equals")

    def __init__(
        self,
        decoder: msgspec.json.Decoder[Any],
        names: dict[tuple[str, ...], str],
        payload_path: tuple[str, ...],
        checks: dict[str, tuple[str, ...]],
        assemble: Any,
        success_equals: Any,
    ) -> None:
        self.decoder = decoder
        self.assemble = assemble
        # Each pointer as one C-level attribute chain (``f0.f1``): a few attribute reads per
        # reply instead of a walk in Python, which was most of the fixed cost at N = 1.
        self.payload_of = _getter(names, payload_path)
        self.error = _getter(names, checks["error"]) if "error" in checks else None
        self.success = _getter(names, checks["success"]) if "success" in checks else None
        self.success_equals = success_equals
        #: ``_model.remembered`` when last checked, and the item enums' sizes compiled in.
        self.generation = 0
        self.enums: tuple[int, ...] = ()

    def payload(self, document: Any) -> Any:
        payload_of = self.payload_of
        if payload_of is None:
            return document
        if self.error is not None and _is_error(_follow(self.error, document)):
            raise _NotFast
        if self.success is not None:
            success = _follow(self.success, document)
            if success is MISSING or success != self.success_equals:
                raise _NotFast
        try:
            payload = payload_of(document)
        except AttributeError:  # a level above it was left out (UNSET)
            raise _NotFast from None
        if payload is msgspec.UNSET:
            raise _NotFast
        return payload


def _getter(names: dict[tuple[str, ...], str], path: tuple[str, ...]) -> Callable[[Any], Any] | None:
    if not path:
        return None
    return attrgetter(".".join(names[path[:depth]] for depth in range(1, len(path) + 1)))


def _follow(getter: Callable[[Any], Any], document: Any) -> Any:
    """The value ``getter`` reads, or MISSING where the reply left it (or a level above it)
    out: ``UNSET`` has none of the attributes that follow it."""
    try:
        value = getter(document)
    except AttributeError:
        return MISSING
    return MISSING if value is msgspec.UNSET else value


class _Keyed:
    """A payload of items keyed by id (``Envelope.keyed_by``): read as ``dict[str, Item]``
    in the one pass, then each item gets its key in the declared field."""

    __slots__ = ("attribute", "wire", "wire_type")

    def __init__(self, item: Any, wire: str) -> None:
        found = [info.name for info in msgspec.structs.fields(item) if info.encode_name == wire]
        if not found:
            raise TypeError(f"{item.__name__} has no field {wire!r} to keep the keys in")
        self.attribute = found[0]
        self.wire = wire
        self.wire_type: Any = dict[str, item]

    def assemble(self, mapping: dict[str, Any]) -> list[Any]:
        attribute = self.attribute
        for key, item in mapping.items():
            setattr(item, attribute, key)
        return list(mapping.values())

    def as_list(self, payload: Any) -> Any:
        if not isinstance(payload, dict):
            raise msgspec.ValidationError(f"Expected `object` of items keyed by {self.wire}, got `{type(payload).__name__}`")
        return [{**item, self.wire: key} if isinstance(item, dict) else item for key, item in payload.items()]


def _keyed_items(response_type: Any, keyed_by: str | None) -> _Keyed | None:
    if keyed_by is None:
        return None
    item = _list_item(response_type)
    if item is None:
        raise TypeError("keyed_by needs a list of models as the response type")
    return _Keyed(item, keyed_by)


def _unwrap(kind: Any) -> Any:
    while get_origin(kind) is Annotated:
        kind = get_args(kind)[0]
    return kind


def _is_struct(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, msgspec.Struct)


def _list_item(kind: Any) -> Any:
    """S for ``list[S]`` (S a model), else None."""
    kind = _unwrap(kind)
    if get_origin(kind) is list and _is_struct(_unwrap(get_args(kind)[0])):
        return _unwrap(get_args(kind)[0])
    return None


def _item_list(kind: Any) -> tuple[Any, str] | None:
    """The payload's list of models: its item model and the path msgspec names its items by
    (relative to the payload), when there is exactly one, directly or as a model's field."""
    item = _list_item(kind)
    if item is not None:
        return item, ""
    cls = _unwrap(kind)
    if not _is_struct(cls):
        return None
    found = [(_list_item(info.type), info.encode_name) for info in msgspec.structs.fields(cls)]
    found = [(item, name) for item, name in found if item is not None]
    if len(found) != 1:
        return None
    return found[0][0], f".{found[0][1]}"


def _open_enums(cls: Any) -> tuple[type[Enum], ...]:
    """The open enums among the fields of model ``cls`` (directly, or in a union or list)."""
    found: dict[type[Enum], None] = {}

    def visit(kind: Any) -> None:
        kind = _unwrap(kind)
        if isinstance(kind, type) and issubclass(kind, _model.OpenEnum | _model.OpenIntEnum):
            found[kind] = None
        elif get_origin(kind) in (Union, UnionType, list):
            for member in get_args(kind):
                visit(member)

    for info in msgspec.structs.fields(cls):
        visit(info.type)
    return tuple(found)


@cache
def _learned_class(cls: Any, learned: frozenset[str], enums: tuple[int, ...] = ()) -> Any:
    """A subclass of model ``cls`` that also reads the wire fields ``learned`` (as JSON).
    ``enums`` (the sizes of its enums' value tables) only tells the cache to build a new class,
    so that msgspec compiles it with the values its enums remembered since. Pickled, an
    instance becomes the declared model (with the same values and unknown fields)."""
    names = {f"venues_extra_{i}_": key for i, key in enumerate(sorted(learned))}

    def body(namespace: dict[str, Any]) -> None:
        annotations: dict[str, Any] = dict.fromkeys(names, Any)
        namespace["__module__"] = cls.__module__
        namespace["__qualname__"] = cls.__qualname__
        namespace[LEARNED_ATTRIBUTE] = names
        namespace["__reduce__"] = _model.reduce_as_declared
        namespace[_model.DECLARED_ATTRIBUTE] = cls
        for attribute, key in names.items():
            namespace[attribute] = msgspec.field(name=key, default=msgspec.UNSET)
        namespace["__annotations__"] = annotations

    return types.new_class(cls.__name__, (cls,), {}, body)


def _with_item_class(kind: Any, item: Any, learned: Any) -> tuple[Any, Any]:
    """``kind`` reading its list of ``item`` as ``learned`` items, and what builds a ``kind``
    value from that (None when the value is already one)."""
    if _list_item(kind) is item:
        return list[learned], None
    cls = _unwrap(kind)
    fields = msgspec.structs.fields(cls)
    spec: list[tuple[str, Any, Any]] = []
    for info in fields:
        here = list[learned] if _list_item(info.type) is item else info.type
        if info.default is not msgspec.NODEFAULT:
            default: Any = msgspec.field(name=info.encode_name, default=info.default)
        elif info.default_factory is not msgspec.NODEFAULT:
            default = msgspec.field(name=info.encode_name, default_factory=info.default_factory)
        else:
            default = msgspec.field(name=info.encode_name)
        spec.append((info.name, here, default))
    variant = msgspec.defstruct(f"{cls.__name__}Variant", spec, kw_only=True, forbid_unknown_fields=True)
    names = [info.name for info in fields]

    def assemble(value: Any) -> Any:
        return cls(**{name: getattr(value, name) for name in names})

    return variant, assemble


def _attribute_names(kind: Any, prefix: tuple[str, ...]) -> dict[tuple[str, ...], str]:
    """Wire path -> attribute name in a generated envelope struct."""
    names: dict[tuple[str, ...], str] = {}
    if not (isinstance(kind, type) and issubclass(kind, msgspec.Struct)):
        return names
    for info in msgspec.structs.fields(kind):
        path = (*prefix, info.encode_name)
        names[path] = info.name
        for member in get_args(info.type) or (info.type,):
            if isinstance(member, type) and issubclass(member, msgspec.Struct) and member.__name__.startswith("Envelope"):
                names.update(_attribute_names(member, path))
    return names


# -- the lenient path -----------------------------------------------------------------------


def convert_lenient(data: Any, kind: Any) -> Any:
    """``data`` (decoded JSON) as ``kind``, keeping the fields models do not name (see
    :func:`venues._runtime.model.extra_fields`) and coercing as a venue's loose typing
    needs: a number where text is expected becomes its text, a whole decimal an ``int``,
    and msgspec's lax conversions (``"3"`` to 3) apply. Raises
    :class:`msgspec.ValidationError` naming the JSON path of what does not fit."""
    return _lenient(data, kind, "$")


def _retyped(exc: msgspec.ValidationError, path: str) -> msgspec.ValidationError:
    message = str(exc)
    if " - at `$" in message:
        return msgspec.ValidationError(message.replace(" - at `$", f" - at `{path}", 1))
    return msgspec.ValidationError(f"{message} - at `{path}`")


@cache
def _plan(kind: Any) -> tuple[Any, ...]:
    """How :func:`_lenient` walks a type (computed once per type)."""
    origin = get_origin(kind)
    if origin is Annotated:
        return _plan(get_args(kind)[0])
    if origin in (Union, UnionType):
        members = tuple(m for m in get_args(kind) if m is not type(None))
        return ("union", members, type(None) in get_args(kind))
    if origin in (list, tuple) and get_args(kind):
        return ("list", get_args(kind)[0])
    if origin is dict and len(get_args(kind)) == 2:
        return ("dict", get_args(kind)[1])
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        fields = {info.encode_name: info.type for info in msgspec.structs.fields(kind)}
        return ("struct", kind, fields)
    if kind is str:
        return ("str",)
    if kind is int:
        return ("int",)
    return ("other",)


def _coerce_scalar(value: Any, kinds: tuple[tuple[Any, ...], ...]) -> Any:
    tags = {plan[0] for plan in kinds}
    if isinstance(value, bool):
        return value
    if "int" in tags and isinstance(value, Decimal) and value.is_finite() and value.adjusted() < 40:
        if value == value.to_integral_value():
            return int(value)
    if "str" in tags and "int" not in tags and isinstance(value, int | Decimal):
        if not isinstance(value, int) or value.bit_length() < 14000:
            return str(value)  # the decimal text, as sent
    return value


def _lenient(value: Any, kind: Any, path: str) -> Any:
    plan = _plan(kind)
    tag = plan[0]
    if tag == "struct":
        cls, fields = plan[1], plan[2]
        if not isinstance(value, dict):
            raise msgspec.ValidationError(f"Expected `object`, got `{type(value).__name__}` - at `{path}`")
        known: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, item in value.items():
            if key in fields:
                known[key] = _lenient(item, fields[key], f"{path}.{key}")
            else:
                extra[key] = item
        try:
            result = msgspec.convert(known, cls, strict=False, dec_hook=dec_hook)
        except msgspec.ValidationError as exc:
            raise _retyped(exc, path) from None
        if extra:
            result.__dict__[EXTRA_ATTRIBUTE] = extra
        return result
    if tag == "list":
        if not isinstance(value, list):
            return _final(value, kind, path)
        return _final([_lenient(item, plan[1], f"{path}[{i}]") for i, item in enumerate(value)], kind, path)
    if tag == "dict":
        if not isinstance(value, dict):
            return _final(value, kind, path)
        return _final({k: _lenient(v, plan[1], f"{path}.{k}") for k, v in value.items()}, kind, path)
    if tag == "union":
        if value is None:
            return _final(value, kind, path)
        plans = tuple(_plan(member) for member in plan[1])
        if isinstance(value, dict):
            for member, member_plan in zip(plan[1], plans, strict=True):
                if member_plan[0] in ("struct", "dict"):
                    return _lenient(value, member, path)
        if isinstance(value, list):
            for member, member_plan in zip(plan[1], plans, strict=True):
                if member_plan[0] == "list":
                    return _lenient(value, member, path)
        return _final(_coerce_scalar(value, plans), kind, path)
    return _final(_coerce_scalar(value, (plan,)), kind, path)


def _final(value: Any, kind: Any, path: str) -> Any:
    try:
        return msgspec.convert(value, kind, strict=False, dec_hook=dec_hook)
    except msgspec.ValidationError as exc:
        raise _retyped(exc, path) from None
