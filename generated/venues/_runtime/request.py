"""Turning a call's arguments into a request, the same way for every transport."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import msgspec

from .errors import RequestValidationError
from .operation import Operation, Param
from .signing.engine import encode_query

__all__ = ["HttpRequest", "checked_arguments", "build_http_request", "wire_value", "json_dumps"]


@dataclass
class HttpRequest:
    """An HTTP request before it is signed and sent."""

    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    json_params: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def target(self) -> str:
        """The path with its query string, exactly as sent (and as signed)."""
        if not self.query:
            return self.path
        return f"{self.path}?{encode_query(self.query)}"


def checked_arguments(op: Operation[Any], args: Mapping[str, Any]) -> list[tuple[Param, Any]]:
    """The arguments that were given, in spec order, each checked against its limits."""
    present: list[tuple[Param, Any]] = []
    for param in op.params:
        value = args.get(param.name)
        if value is None:
            if param.required:
                raise RequestValidationError(
                    f"{param.name} is required",
                    venue=op.venue,
                    operation=op.name,
                    parameter=param.name,
                )
            continue
        reason = param._problem(value, venue=op.venue, operation=op.name)
        if reason is not None:
            raise param._refusal(value, reason, venue=op.venue, operation=op.name)
        present.append((param, value))
    return present


def wire_value(value: Any) -> str:
    """A parameter as query-string text: booleans lower case, decimals as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


_ENCODER = msgspec.json.Encoder()


#: Values msgspec writes as they are (the exact types: a subclass takes the general path).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _exact(value: Any) -> Any:
    """``value`` with every Decimal as a raw JSON number in positional notation: exactly the
    digits given (no float on the way), as ``wire_value`` writes them in a query."""
    if isinstance(value, Decimal):
        return msgspec.Raw(format(value, "f").encode())
    if isinstance(value, dict):
        for item in value.values():
            if type(item) not in _PLAIN:
                return {key: _exact(item) for key, item in value.items()}
        return value  # nothing in it to rewrite (most request bodies): no copy
    if isinstance(value, (list, tuple)):
        return [_exact(item) for item in value]
    return value


def json_dumps(value: Any) -> str:
    """Compact JSON, the form every venue accepts; Decimals are exact JSON numbers."""
    return _ENCODER.encode(_exact(value)).decode()


def _json_bytes(value: Any) -> bytes:
    """:func:`json_dumps` as the bytes sent."""
    return _ENCODER.encode(_exact(value))


def _pairs(param: Param, value: Any) -> list[tuple[str, str]]:
    """A query or form parameter as (key, text) pairs; a list is comma-joined or repeated."""
    if not isinstance(value, (list, tuple)):
        return [(param.wire, wire_value(value))]
    if param.style == "repeated":
        return [(param.wire, wire_value(item)) for item in value]
    return [(param.wire, ",".join(wire_value(item) for item in value))]


def build_http_request(
    op: Operation[Any], args: Mapping[str, Any], *, prefix: str = ""
) -> HttpRequest:
    """An unsigned HTTP request for ``op`` (REST, or JSON-RPC over HTTP).

    ``prefix`` is the path of the client's base URL: part of the request path from the
    start, so that every auth scheme signs exactly the target that is sent. Path
    parameters are percent-encoded whole (a ``/`` in a value stays inside its segment).
    """
    if op.http_method is None or op.http_path is None:
        raise TypeError(f"{op.venue}.{op.name} has no HTTP binding")
    path = op.http_path
    query: list[tuple[str, str]] = []
    form: list[tuple[str, str]] = []
    body: dict[str, Any] = dict(op.fixed_params)
    for param, value in checked_arguments(op, args):
        location = param.location
        if location == "query":
            if isinstance(value, (list, tuple)):
                query.extend(_pairs(param, value))
            else:
                query.append((param.wire, wire_value(value)))
        elif location == "path":
            path = path.replace("{" + param.wire + "}", quote(wire_value(value), safe=""))
        elif location == "form" or op.body_encoding == "form":
            form.extend(_pairs(param, value))
        else:
            body[param.wire] = value
    if op.fixed_query:
        query.extend(op.fixed_query)
    request = HttpRequest(op.http_method, prefix + path, query, b"", None, dict(op.headers))
    if form:
        request.body = encode_query(form).encode()
        request.headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body or op.transport == "jsonrpc":
        request.json_params = body
        request.body = _json_bytes(body)
        request.headers["Content-Type"] = "application/json"
    return request
