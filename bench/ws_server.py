"""The benchmark's WebSocket double (its own process, 127.0.0.1, random port; prints the port,
serves until stdin closes). Replies are prebuilt; nothing is verified.

* ``/n<N>/v1/ws/trade`` (Synthetix): every message with an id gets a reply with that id:
  ``getOpenOrders`` the N orders, anything else (the auth message) a bare success.
* ``/n<N>/k<K>/frontoffice/ws/v4/account`` (B2Trader's SignalR JSON hub): answers the
  handshake, then every stream invocation with K stream items of N orders each.
"""

from __future__ import annotations

import asyncio
import sys

import orjson
from websockets.asyncio.server import ServerConnection, serve

from bench.data import b2trader_orders, synthetix_orders

RS = b"\x1e"
_SYNTHETIX: dict[int, bytes] = {}
_B2: dict[int, bytes] = {}


def synthetix_reply(n: int) -> bytes:
    if n not in _SYNTHETIX:
        body = {"id": "ID", "status": 200, "result": {"status": "success", "response": synthetix_orders(n)}}
        _SYNTHETIX[n] = orjson.dumps(body)
    return _SYNTHETIX[n]


def b2trader_item(n: int) -> bytes:
    if n not in _B2:
        _B2[n] = orjson.dumps({"type": 2, "invocationId": "INV", "item": b2trader_orders(n)}) + RS
    return _B2[n]


async def _synthetix(ws: ServerConnection, n: int) -> None:
    reply = synthetix_reply(n)
    head, tail = reply.split(b'"ID"', 1)
    ok = b'{"id":%s,"status":200,"result":{"status":"success"}}'
    async for message in ws:
        doc = orjson.loads(message)
        rid = orjson.dumps(doc.get("id"))
        if b"getOpenOrders" in (message if isinstance(message, bytes) else message.encode()):
            await ws.send((head + rid + tail).decode())
        else:
            await ws.send((ok % rid).decode())


async def _b2trader(ws: ServerConnection, n: int, k: int) -> None:
    item = b2trader_item(n)
    head, tail = item.split(b'"INV"', 1)
    buffer = b""
    async for message in ws:
        buffer += message if isinstance(message, bytes) else message.encode()
        *records, buffer = buffer.split(RS)
        for record in records:
            doc = orjson.loads(record)
            if "protocol" in doc:
                await ws.send("{}\x1e")
            elif doc.get("type") == 4:
                frame = (head + orjson.dumps(doc["invocationId"]) + tail).decode()
                for _ in range(k):
                    await ws.send(frame)


async def _handler(ws: ServerConnection) -> None:
    assert ws.request is not None
    parts = ws.request.path.split("?", 1)[0].split("/")
    n = int(parts[1][1:])
    if parts[2].startswith("k"):
        await _b2trader(ws, n, int(parts[2][1:]))
    else:
        await _synthetix(ws, n)


async def _serve() -> None:
    for n in (1, 100, 1000):
        synthetix_reply(n)
        b2trader_item(n)
    async with serve(_handler, "127.0.0.1", 0, max_size=None, compression=None) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(port, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(_serve())
