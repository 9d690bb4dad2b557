"""``with`` / ``async with`` for every client and connection: open on entry (if the class
has something to open), close on exit, whatever happened inside."""

from __future__ import annotations

from types import TracebackType
from typing import Self

__all__ = ["Closable", "AsyncClosable"]


class Closable:
    """``with`` support for a blocking resource with ``close()`` (and optionally ``_on_enter()``)."""

    def _on_enter(self) -> None:
        """Connect on entry; nothing by default (connections open on first use)."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self._on_enter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClosable:
    """``async with`` support for a resource with ``aclose()`` (and optionally ``_on_enter()``)."""

    async def _on_enter(self) -> None:
        """Connect on entry; nothing by default (connections open on first use)."""

    async def aclose(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        await self._on_enter()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
