"""Interleaved timing: every contender runs once per round, the first one rotating, so that
machine noise (another process, a frequency change, a GC pause) falls on all alike."""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Contender", "Stats", "interleaved", "peak_memory"]


@dataclass
class Contender:
    name: str
    call: Callable[[], Any] | Callable[[], Awaitable[Any]]
    is_async: bool = False
    check: Callable[[Any], None] | None = None
    note: str = ""


@dataclass
class Stats:
    samples: list[float] = field(default_factory=list)
    peak_bytes: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def quantile(self, q: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _timed(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


def _once(c: Contender, loop: asyncio.AbstractEventLoop) -> Any:
    if c.is_async:
        return loop.run_until_complete(c.call())  # type: ignore[arg-type]
    return c.call()


def interleaved(
    contenders: list[Contender], rounds: int, loop: asyncio.AbstractEventLoop, warmup: int = 3
) -> dict[str, Stats]:
    """Per-call wall times (seconds) of every contender, measured A B C, B C A, C A B ..."""
    for c in contenders:
        for _ in range(warmup):
            result = _once(c, loop)
        if c.check is not None:
            try:
                c.check(result)
            except AssertionError as exc:
                raise AssertionError(f"{c.name}: {exc}") from None
    stats = {c.name: Stats() for c in contenders}
    k = len(contenders)
    gc.collect()
    for r in range(rounds):
        shift = r % k
        for c in contenders[shift:] + contenders[:shift]:
            if c.is_async:
                # Timed inside the coroutine: the loop's own start-up is not the client's cost.
                dt = loop.run_until_complete(_timed(c.call))  # type: ignore[arg-type]
            else:
                started = time.perf_counter()
                c.call()
                dt = time.perf_counter() - started
            stats[c.name].samples.append(dt)
    for c in contenders:
        stats[c.name].peak_bytes = peak_memory(c, loop)
    return stats


def peak_memory(c: Contender, loop: asyncio.AbstractEventLoop) -> int:
    """Peak bytes allocated (tracemalloc) during one call, above what was live before it."""
    gc.collect()
    tracemalloc.start()
    try:
        base, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = _once(c, loop)
        _, peak = tracemalloc.get_traced_memory()
        del result
    finally:
        tracemalloc.stop()
    return max(0, peak - base)
