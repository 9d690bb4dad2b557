"""WebSocket venues: our Synthetix request/response client and our B2Trader stream against a
raw ``websockets`` + orjson loop on the same local server (bench/ws_server.py)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from contextlib import aclosing
from pathlib import Path
from typing import Any

import orjson
from websockets.asyncio.client import connect

from bench.http_bench import DERIVE_KEY
from bench.timing import Contender, Stats, interleaved

ROOT = Path(__file__).resolve().parent.parent
#: Stream items per round: under the client's 16-snapshot backlog, so none is dropped unread
#: (a dropped snapshot is never validated, which would flatter us).
ITEMS_PER_ROUND = 10
SUB_ACCOUNT = "1867542890123456789"

__all__ = ["LocalWsServer", "run_ws", "ITEMS_PER_ROUND"]


class LocalWsServer:
    def __enter__(self) -> LocalWsServer:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.ws_server"], cwd=ROOT, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _expect(n: int, count: Any) -> Any:
    def check(result: Any) -> None:
        got = count(result)
        if got != n:
            raise AssertionError(f"expected {n}, got {got}")

    return check


def run_ws(port: int, sizes: tuple[int, ...], rounds: dict[int, int]) -> dict[tuple[str, int], dict[str, Stats]]:
    """{("synthetix" | "b2trader", N): {contender: Stats}}; B2Trader stats are per round of
    ITEMS_PER_ROUND items (divide by it for per item)."""
    from venues.b2trader import AsyncB2TraderClient
    from venues.synthetix import AsyncSynthetixClient

    loop = asyncio.new_event_loop()
    results: dict[tuple[str, int], dict[str, Stats]] = {}
    k = ITEMS_PER_ROUND
    try:
        for n in sizes:
            base = f"ws://127.0.0.1:{port}/n{n}"
            # -- Synthetix: one request, one reply ------------------------------------------
            ours = AsyncSynthetixClient(sub_account_id=SUB_ACCOUNT, private_key=DERIVE_KEY, base_url=base)
            loop.run_until_complete(ours.connect())
            raw = loop.run_until_complete(connect(base + "/v1/ws/trade", max_size=None, compression=None))
            counter = iter(range(1, 10**9))

            async def raw_call(raw: Any = raw, counter: Any = counter) -> Any:
                message = {"id": str(next(counter)), "method": "post",
                           "params": {"action": "getOpenOrders", "subAccountId": SUB_ACCOUNT, "expiresAfter": 0}}
                await raw.send(orjson.dumps(message).decode())
                return orjson.loads(await raw.recv())

            print(f"  synthetix N={n}", file=sys.stderr, flush=True)
            results[("synthetix", n)] = interleaved(
                [
                    Contender("raw websockets+orjson", raw_call, is_async=True,
                              check=_expect(n, lambda d: len(d["result"]["response"]))),
                    Contender("ours async", ours.get_open_orders, is_async=True, check=_expect(n, len)),
                ],
                rounds[n],
                loop,
            )
            loop.run_until_complete(ours.close())
            loop.run_until_complete(raw.close())

            # -- B2Trader: a SignalR stream of snapshots --------------------------------------
            stream_base = f"{base}/k{k}"
            b2 = AsyncB2TraderClient(access_token="bench-token", base_url=stream_base)
            hub = loop.run_until_complete(
                connect(stream_base + "/frontoffice/ws/v4/account?access_token=bench-token",
                        max_size=None, compression=None)
            )
            loop.run_until_complete(hub.send('{"protocol":"json","version":1}\x1e'))
            loop.run_until_complete(hub.recv())
            ids = iter(range(10**9))

            async def raw_stream(hub: Any = hub, ids: Any = ids) -> list[Any]:
                invocation = str(next(ids))
                await hub.send(orjson.dumps({"type": 4, "invocationId": invocation,
                                             "target": "OpenOrders", "arguments": ["acc"]}).decode() + "\x1e")
                items = []
                while len(items) < k:
                    frame = await hub.recv()
                    for record in frame.split("\x1e"):
                        if record:
                            items.append(orjson.loads(record)["item"])
                await hub.send(orjson.dumps({"type": 5, "invocationId": invocation}).decode() + "\x1e")
                return items

            async def ours_stream(b2: Any = b2) -> list[Any]:
                items = []
                async with aclosing(b2.stream_open_orders(account_id="acc")) as stream:
                    async for snapshot in stream:
                        if snapshot.skipped:
                            raise AssertionError("a snapshot was dropped unread")
                        items.append(snapshot)
                        if len(items) == k:
                            break
                return items

            print(f"  b2trader N={n}", file=sys.stderr, flush=True)
            results[("b2trader", n)] = interleaved(
                [
                    Contender("raw websockets+orjson", raw_stream, is_async=True,
                              check=_expect(k * n, lambda items: sum(len(i) for i in items))),
                    Contender("ours async", ours_stream, is_async=True,
                              check=_expect(k * n, lambda items: sum(len(i) for i in items))),
                ],
                max(5, rounds[n] // 2),
                loop,
            )
            loop.run_until_complete(b2.aclose())
            loop.run_until_complete(hub.close())
    finally:
        loop.close()
    return results
