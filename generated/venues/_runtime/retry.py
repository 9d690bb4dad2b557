"""When and how long to wait before trying a retry-safe operation again."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .errors import APIConnectionError, RateLimitError, ServerError, VenueError

__all__ = ["RetryPolicy"]

_RETRY_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, honouring the venue's own wait when it gives one."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0

    def should_retry(self, error: VenueError, attempt: int) -> bool:
        """Whether the failure of attempt number ``attempt`` (0-based) deserves another."""
        if attempt >= self.max_retries:
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
