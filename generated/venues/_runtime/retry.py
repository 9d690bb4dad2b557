"""When and how long to wait before trying a retry-safe operation again, and the loop that
does it for every transport (sync and async)."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    ReconnectLimitError,
    ServerError,
    VenueError,
)
from .operation import Operation

__all__ = ["RetryPolicy"]

T = TypeVar("T")
logger = logging.getLogger("venues.retry")
_RETRY_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, honouring the venue's own wait when it gives one.

    ``deadline`` bounds a whole call (every attempt and every wait) in seconds.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    deadline: float | None = None

    def should_retry(self, error: VenueError, attempt: int) -> bool:
        """Whether the failure of attempt number ``attempt`` (0-based) deserves another."""
        if attempt >= self.max_retries:
            return False
        if isinstance(error, ReconnectLimitError):  # already the end of several connections
            return False
        if isinstance(error, (APIConnectionError, RateLimitError)):
            return True
        return isinstance(error, ServerError) and error.status_code in _RETRY_STATUSES

    def delay(self, error: VenueError, attempt: int) -> float:
        """Seconds to wait before the next attempt."""
        asked: float | None = error.retry_after if isinstance(error, RateLimitError) else None
        if asked is not None:
            return min(asked, self.max_delay)
        backoff = min(self.max_delay, self.initial_delay * (2.0**attempt))
        return backoff * (0.5 + random.random() / 2)

    # -- the loop --------------------------------------------------------------------------

    def _next_wait(
        self, op: Operation[Any], error: VenueError, attempt: int, failures: list[VenueError], left: float | None
    ) -> float | None:
        """Seconds to wait before retrying, or None when ``error`` is final (then annotated)."""
        wait = self.delay(error, attempt)
        retry = op.retry_safe and self.should_retry(error, attempt) and (left is None or wait < left)
        if not retry:
            _annotate(error, failures)
            return None
        failures.append(error)
        logger.info(
            "%s.%s attempt %d failed (%s); retrying in %.2fs",
            op.venue,
            op.name,
            attempt + 1,
            type(error).__name__,
            wait,
        )
        return wait

    def _deadline_error(self, op: Operation[Any], failures: list[VenueError]) -> APITimeoutError:
        error = APITimeoutError(
            f"the {self.deadline:g}s deadline passed after {len(failures) + 1} attempt(s)",
            venue=op.venue,
            operation=op.name,
        )
        _annotate(error, failures)
        return error

    def call(self, op: Operation[Any], attempt: Callable[[float | None], T]) -> T:
        """Run ``attempt(seconds_left)`` until it succeeds or its failure is final."""
        started = time.monotonic() if self.deadline is not None else 0.0  # read only then
        failures: list[VenueError] = []
        number = 0
        while True:
            left = None if self.deadline is None else self.deadline - (time.monotonic() - started)
            if left is not None and left <= 0:
                raise self._deadline_error(op, failures)
            try:
                return attempt(left)
            except VenueError as error:
                left = None if self.deadline is None else self.deadline - (time.monotonic() - started)
                wait = self._next_wait(op, error, number, failures, left)
                if wait is None:
                    raise
                time.sleep(wait)
                number += 1

    async def acall(self, op: Operation[Any], attempt: Callable[[float | None], Awaitable[T]]) -> T:
        """The async twin of :meth:`call`; each attempt is also cut off at the deadline."""
        started = time.monotonic() if self.deadline is not None else 0.0  # read only then
        failures: list[VenueError] = []
        number = 0
        while True:
            left = None if self.deadline is None else self.deadline - (time.monotonic() - started)
            if left is not None and left <= 0:
                raise self._deadline_error(op, failures)
            try:
                if left is None:  # no deadline: no timeout context to build per call
                    return await attempt(None)
                try:
                    async with asyncio.timeout(left):
                        return await attempt(left)
                except TimeoutError:
                    raise self._deadline_error(op, failures) from None
            except VenueError as error:
                left = None if self.deadline is None else self.deadline - (time.monotonic() - started)
                wait = self._next_wait(op, error, number, failures, left)
                if wait is None:
                    raise
                await asyncio.sleep(wait)
                number += 1


def _annotate(error: VenueError, failures: list[VenueError]) -> None:
    if not failures or error.previous_attempts:
        return
    error.previous_attempts = list(failures)
    error.add_note(
        f"failed after {len(failures) + 1} attempts: "
        + "; ".join(f"#{i + 1} {type(e).__name__}: {e.detail}" for i, e in enumerate(failures))
        + f"; #{len(failures) + 1} {type(error).__name__}: {error.detail}"
    )

