"""Turning a venue's reply into a typed result or one of our typed errors."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from itertools import accumulate
from typing import Any, TypeVar

import msgspec
from pydantic import ValidationError

from .errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    DecodeError,
    RateLimitError,
    ServerError,
    body_preview,
)
from .operation import Operation
from .pointer import MISSING, resolve

T = TypeVar("T")

__all__ = ["decode_json", "decode_http_response", "decode_message", "api_error", "retry_after"]


#: Deeper than any venue reply. Python's C JSON decoder recurses once per level, and some
#: libraries raise the recursion limit at import (py_ecc, under eth-account, to 100000), so
#: a hostile reply nested that deep would overflow the C stack and kill the process.
MAX_JSON_DEPTH = 512
_BRACKET_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[{]}")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _depth_range(raw: bytes) -> tuple[int, int]:
    steps = memoryview(raw.translate(_BRACKET_STEPS, _NOT_BRACKETS)).cast("b")
    depths = list(accumulate(steps))
    return (min(depths), max(depths)) if depths else (0, 0)


def check_depth(raw: bytes) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH` before the decoder sees it.

    Brackets are counted at C speed; only when brackets inside strings could mislead the
    count (the running depth goes negative, or over the limit) are strings stripped first.
    """
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return  # too few brackets to nest that deep (two C-speed scans, no copy)
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
    recurse in C, hence the depth check first.
    """
    data = raw.encode() if isinstance(raw, str) else raw
    check_depth(data)
    try:
        return _DECODER.decode(data)
    except msgspec.DecodeError:
        pass
    return json.loads(raw, parse_float=Decimal)


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
    rules = op.errors
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
        venue=op.venue,
        operation=op.name,
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
        error = resolve(document, op.errors.error)
        return error is not MISSING and error is not None
    return False


def decode_message(
    op: Operation[T],
    document: Any,
    *,
    raw_body: bytes | str,
    status_code: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> T:
    """The typed payload of a decoded reply that arrived as a success at the transport level."""
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
        return op.adapter.validate_python(payload)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'/'.join(str(p) for p in err['loc']) or '<payload>'}: {err['msg']}"
            for err in exc.errors(include_url=False)[:5]
        )
        more = exc.error_count() - 5
        if more > 0:
            problems += f"; and {more} more"
        raise _decode_error(
            op,
            f"the payload does not match the spec: {problems}",
            status_code=status_code,
            raw_body=raw_body,
            headers=headers,
        ) from exc


def decode_http_response(
    op: Operation[T], status_code: int, headers: Mapping[str, str], body: bytes
) -> T:
    """The typed result of an HTTP reply, or the typed error it stands for."""
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
    return decode_message(op, document, raw_body=body, status_code=status_code, headers=headers)
