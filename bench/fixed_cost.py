"""The fixed cost of one call without any I/O: each HTTP venue's sync client over an
in-memory transport that hands back the N = 1 reply at once, against the signature primitive
alone (the client's own prepared key, signing a message of the same size).

What is left between the two rows is ours per call: building the request, the signing
recipe around the primitive, the retry wrapper, the decode of one order, the typed result.
CPU time (``time.process_time``), median of batches, in process: no server, no socket."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping
from typing import Any

from bench.data import reply_body
from bench.http_bench import _ours

__all__ = ["run_fixed_cost"]

BATCHES = 15


class _InMemory:
    """A transport (the ``transport=`` interface) that answers every request at once."""

    def __init__(self, body: bytes) -> None:
        from venues._runtime.transport.http import HttpReply

        self.reply = HttpReply(200, {"content-type": "application/json"}, body)

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
        retry_safe: bool,
    ) -> Any:
        return self.reply

    def close(self) -> None:
        pass


def _per_call_us(call: Callable[[], Any], per_batch: int) -> float:
    for _ in range(per_batch // 5):
        call()
    samples = []
    for _ in range(BATCHES):
        started = time.process_time()
        for _ in range(per_batch):
            call()
        samples.append((time.process_time() - started) / per_batch)
    return statistics.median(samples) * 1e6


def run_fixed_cost(venues: list[str], per_batch: int = 400) -> dict[str, dict[str, float]]:
    """{venue: {"whole call": us, "signature primitive": us, "primitive": name}}."""
    results: dict[str, dict[str, Any]] = {}
    for venue in venues:
        client, _async, call, _ = _ours(venue, "http://127.0.0.1:9")
        client.close()
        client._http = _InMemory(reply_body(venue, 1))
        signer = client._auth._signer
        message = b"x" * 64
        sign = signer._sign
        results[venue] = {
            "primitive": signer.recipe.primitive,
            "whole call": _per_call_us(call, per_batch),
            "signature primitive": _per_call_us(lambda sign=sign, message=message: sign(message), per_batch),
        }
    return results
