"""The base of every client, whatever its transport (HTTP, WebSocket request/response,
SignalR; sync and async): the call settings and the lifecycle.

The settings (``timeout``, ``max_retries``, ``deadline``) are taken by the constructor and
read at each call, so ``with_options`` gives a copy for calls with other settings that
shares the original's connections. Closing (``close()``, ``aclose()``, leaving a ``with`` or
``async with`` block) closes them only from the original: a copy leaves them open.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any, Self

from .lifecycle import AsyncClosable, Closable
from .retry import RetryPolicy

__all__ = ["Configurable", "CallSettings", "SyncClient", "AsyncClient"]


class Configurable:
    """``with_options``: a copy of a client with other call settings, sharing its connections."""

    #: True for a ``with_options`` copy: the connections are the original's to close.
    _borrowed = False

    def with_options(
        self,
        *,
        max_retries: int | None = None,
        deadline: float | None = None,
        timeout: float | None = None,
    ) -> Self:
        """A copy of this client for calls with other settings; the connections are shared
        (close the original: closing the copy leaves them open).

        Args:
            max_retries: Retries of retry-safe operations after a transient failure.
            deadline: Seconds a whole call may take, every attempt and wait included.
            timeout: Seconds to wait for a connection or a reply.
        """
        clone = copy.copy(self)
        clone._borrowed = True
        clone._apply_options(max_retries=max_retries, deadline=deadline, timeout=timeout)
        return clone

    def _apply_options(
        self, *, max_retries: int | None, deadline: float | None, timeout: float | None
    ) -> None:
        """Change this copy's settings (the arguments given, not None)."""
        raise NotImplementedError


class CallSettings(Configurable):
    """The settings a client holds itself (a wrapper of another client delegates them)."""

    timeout: float
    retry_policy: RetryPolicy

    def _init_settings(self, *, timeout: float, max_retries: int, deadline: float | None) -> None:
        self.timeout = timeout
        self.retry_policy = RetryPolicy(max_retries=max_retries, deadline=deadline)

    def _apply_options(
        self, *, max_retries: int | None, deadline: float | None, timeout: float | None
    ) -> None:
        changes: dict[str, Any] = {}
        if max_retries is not None:
            changes["max_retries"] = max_retries
        if deadline is not None:
            changes["deadline"] = deadline
        if changes:
            self.retry_policy = replace(self.retry_policy, **changes)
        if timeout is not None:
            self.timeout = timeout


class SyncClient(Closable, Configurable):
    """A blocking client: ``with`` support, and ``close()`` that a copy leaves to the original."""

    def close(self) -> None:
        """Close the client's connections (nothing for a ``with_options`` copy)."""
        if not self._borrowed:
            self._close()

    def _close(self) -> None:
        raise NotImplementedError


class AsyncClient(AsyncClosable, Configurable):
    """An asyncio client: ``async with`` support, and ``aclose()`` that a copy leaves to the
    original."""

    async def aclose(self) -> None:
        """Close the client's connections (nothing for a ``with_options`` copy)."""
        if not self._borrowed:
            await self._aclose()

    async def _aclose(self) -> None:
        raise NotImplementedError
