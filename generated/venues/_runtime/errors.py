"""The typed errors every generated client raises.

Each error names the venue and the operation it came from. Errors about a response keep
the raw body (``raw_body``) so that nothing the venue sent is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "VenueError",
    "RequestValidationError",
    "APIConnectionError",
    "APITimeoutError",
    "ConnectionClosedError",
    "ResponseError",
    "APIError",
    "BadRequestError",
    "AuthenticationError",
    "RateLimitError",
    "ServerError",
    "DecodeError",
    "ServerClosedError",
    "TruncatedResultError",
    "MessageTooLargeError",
    "ReconnectLimitError",
    "ResponseTooLargeError",
]

_BODY_PREVIEW = 200


class VenueError(Exception):
    """Base class of every error raised by a generated client."""

    def __init__(self, message: str, *, venue: str, operation: str) -> None:
        super().__init__(f"{venue}.{operation}: {message}")
        self.venue = venue
        self.operation = operation
        self.detail = message
        #: The failures of earlier attempts, oldest first, when the call was retried.
        self.previous_attempts: list[VenueError] = []


class RequestValidationError(VenueError, ValueError):
    """An argument breaks a rule of the spec; nothing was sent."""

    def __init__(self, message: str, *, venue: str, operation: str, parameter: str) -> None:
        super().__init__(message, venue=venue, operation=operation)
        self.parameter = parameter


class APIConnectionError(VenueError):
    """The request could not be sent or no reply arrived (connect failure, reset ...)."""


class APITimeoutError(APIConnectionError):
    """A connect, read or reply wait ran past its limit."""


class ConnectionClosedError(APIConnectionError):
    """A WebSocket connection closed while a reply or stream item was awaited."""


class ResponseError(VenueError):
    """A reply arrived but is not a successful result."""

    def __init__(
        self,
        message: str,
        *,
        venue: str,
        operation: str,
        status_code: int | None,
        raw_body: bytes | str | None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message, venue=venue, operation=operation)
        self.status_code = status_code
        self.raw_body = raw_body
        self.headers: Mapping[str, str] = dict(headers or {})

    @property
    def body_text(self) -> str:
        """The raw body as text (undecodable bytes replaced)."""
        if self.raw_body is None:
            return ""
        if isinstance(self.raw_body, bytes):
            return self.raw_body.decode("utf-8", errors="replace")
        return self.raw_body


class APIError(ResponseError):
    """The venue refused the request: an HTTP error status, or its error envelope.

    ``code``, ``error_message`` and ``data`` come from the venue's error envelope when the
    body carried one; they are ``None`` when it did not (an HTML error page, say).
    """

    def __init__(
        self,
        message: str,
        *,
        venue: str,
        operation: str,
        status_code: int | None,
        raw_body: bytes | str | None,
        headers: Mapping[str, str] | None = None,
        code: str | int | None = None,
        error_message: str | None = None,
        data: Any = None,
    ) -> None:
        super().__init__(
            message,
            venue=venue,
            operation=operation,
            status_code=status_code,
            raw_body=raw_body,
            headers=headers,
        )
        self.code = code
        self.error_message = error_message
        self.data = data


class BadRequestError(APIError):
    """The venue rejected the request (a 4xx status, or an error envelope)."""


class AuthenticationError(APIError):
    """The venue rejected the credentials or the signature."""


class RateLimitError(APIError):
    """The venue is rate limiting this client.

    ``retry_after`` is the wait in seconds the venue asked for, when it said one.
    """

    retry_after: float | None = None


class ServerError(APIError):
    """The venue failed (a 5xx status)."""


class DecodeError(ResponseError):
    """The body is not what the spec says: not JSON, or not matching the schema."""


class ServerClosedError(APIError):
    """The server closed the connection and did not allow a reconnect (a SignalR Close).

    ``error_message`` is the server's reason, or ``None`` when it gave none.
    """


def body_preview(raw: bytes | str | None) -> str:
    """A short, single-line preview of a body for error messages."""
    if raw is None:
        return "<no body>"
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    text = " ".join(text.split())
    if len(text) > _BODY_PREVIEW:
        return text[:_BODY_PREVIEW] + "..."
    return text or "<empty body>"


class MessageTooLargeError(DecodeError):
    """A WebSocket message was larger than the client accepts; the client closed the
    connection itself (close code 1009). Not retried: the venue would send it again.

    ``raw_body`` is ``None``: the message was not read.
    """


class ReconnectLimitError(ConnectionClosedError):
    """A stream's connections kept failing: ``ReconnectPolicy.max_attempts`` connections in
    a row could not be opened or ended before delivering a snapshot. Not retried.

    ``failures`` lists why each connection failed, oldest first.
    """

    def __init__(self, message: str, *, venue: str, operation: str, failures: list[str]) -> None:
        super().__init__(message, venue=venue, operation=operation)
        self.failures = list(failures)


class TruncatedResultError(VenueError):
    """An unpaged listing came back full: it holds as many items as the request's limit
    allowed, so the venue may have left some out, and it offers no page to ask for them.

    ``parameter`` and ``limit`` name the cap that was sent; ``items`` holds what did arrive
    (the unified orders, for ``fetch_open_orders``), so nothing received is lost. Narrow the
    listing (a symbol filter) or, to accept the first ``limit`` items, pass
    ``allow_truncated=True``.
    """

    def __init__(
        self,
        message: str,
        *,
        venue: str,
        operation: str,
        parameter: str,
        limit: int,
        items: list[Any],
    ) -> None:
        super().__init__(message, venue=venue, operation=operation)
        self.parameter = parameter
        self.limit = limit
        self.items = items


class ResponseTooLargeError(ResponseError):
    """The reply body (as sent, or once inflated) is larger than the client's
    ``max_response_bytes`` (``limit``); it was not read whole, so ``raw_body`` is ``None``.
    """

    def __init__(
        self,
        message: str,
        *,
        venue: str,
        operation: str,
        status_code: int | None,
        headers: Mapping[str, str] | None = None,
        limit: int,
    ) -> None:
        super().__init__(
            message,
            venue=venue,
            operation=operation,
            status_code=status_code,
            raw_body=None,
            headers=headers,
        )
        self.limit = limit
