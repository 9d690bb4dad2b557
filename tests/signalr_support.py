"""What the generated SignalR contract tests (generated/tests/test_b2trader_websocket_signalr_
contract.py) run: a local double of the venue's SignalR hub, and the checks of the outcome.

The double is a real WebSocket server on 127.0.0.1 (random port) that speaks the JSON hub
protocol the way ASP.NET Core does, written independently of the client's framing code:

* the upgrade is refused with HTTP 401 unless the query carries the fixture's token;
* the first record must be the handshake ``{"protocol":"json","version":N}`` of the spec;
* stream invocations (type 4) must target the spec's stream with the fixture's arguments,
  and their invocation ids must count up from "0" on each connection;
* the n-th stream invocation it receives (on whatever connection) plays the fixture's n-th
  script: messages sent one per frame, packed into one frame, or split across frames; pings;
  a dropped connection; a Close (type 7), after which it closes the socket; a WebSocket close
  with a given code (1011 ...); pings and nothing else until the client cancels; waiting for
  the client's cancel (type 5).

Fixtures live in tests/fixtures/<venue>/ (see _venue.yaml for the test token).
"""

from __future__ import annotations

import asyncio
import importlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from contract_support import FIXTURES, assert_matches, load_fixtures, spec, validate_against_spec
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from venues._runtime import errors as venue_errors
from venues._runtime.protocols.signalr import ReconnectPolicy

RS = "\x1e"
#: Upper bound of every wait in a test; nothing waits this long when things work.
WAIT = 5.0


@dataclass
class SignalRCase:
    """One fixture: what the double does and what the client must end up with."""

    venue: str
    name: str
    source: str
    operation: str
    arguments: dict[str, Any]
    invocations: list[list[dict[str, Any]]]
    expect: dict[str, Any]
    call: str = "stream"
    take: int | None = None
    repeat: int = 1
    credentials: str = "valid"
    handshake_error: str | None = None
    quirks: dict[str, str] = field(default_factory=dict)
    path: Path = field(default_factory=Path)

    def __str__(self) -> str:
        return self.name

    @property
    def venue_fixture(self) -> dict[str, Any]:
        return _venue_fixture(self.venue)

    @property
    def operation_spec(self) -> dict[str, Any]:
        return next(op for op in spec(self.venue)["operations"] if op["id"] == self.operation)

    def client_options(self, base_url: str) -> dict[str, Any]:
        """Credentials and quick timings for the client under test."""
        options: dict[str, Any] = dict(self.venue_fixture["credentials"])
        if self.credentials == "wrong":
            options.update(self.venue_fixture["wrong_credentials"])
        options.update(
            base_url=base_url,
            timeout=WAIT,
            ping_interval=0.05,
            server_timeout=WAIT,
            reconnect=ReconnectPolicy(max_attempts=3, initial_delay=0.01, max_delay=0.05),
        )
        return options

    def sent_items(self) -> list[Any]:
        """The payloads of every stream item the scripts send, in order."""
        pointer = self.operation_spec["response"]["envelope"]["payload"]
        items = []
        for script in self.invocations:
            for step in script:
                for message in step.get("send", []):
                    if message.get("type") == 2:
                        value = message
                        for token in filter(None, pointer.split("/")):
                            value = value[token]
                        items.append(value)
        return items


def _venue_fixture(venue: str) -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / venue / "_venue.yaml").read_text(encoding="utf-8"))


def load_cases(venue: str) -> dict[str, list[SignalRCase]]:
    """The fixtures of a venue, by operation id."""
    cases: dict[str, list[SignalRCase]] = {}
    for path, raw in load_fixtures(venue):
        case = SignalRCase(venue=venue, name=path.stem, path=path, **raw)
        cases.setdefault(case.operation, []).append(case)
    return cases


# -- the double ---------------------------------------------------------------------------


class _Connection:
    def __init__(self, index: int) -> None:
        self.index = index
        self.next_id = 0
        self.cancelled: set[str] = set()
        self.cancel_event = asyncio.Event()


class SignalRDouble:
    """A local SignalR hub playing a :class:`SignalRCase`."""

    def __init__(self, case: SignalRCase) -> None:
        self.case = case
        binding = case.operation_spec["signalr_stream"]
        self.path = binding["path"]
        self.target = binding["target"]
        self.handshake = {"protocol": binding["protocol"], "version": binding["version"]}
        # From the venue's oracle (its docs), not from our spec.
        self.oracle = importlib.import_module(f"oracles.{case.venue}")
        self.query_param = self.oracle.QUERY_PARAM
        self.token = case.venue_fixture["credentials"]["access_token"]
        self.expected_arguments = [
            case.arguments[p["name"]]
            for p in case.operation_spec["parameters"]
            if p["in"] == "argument"
        ]
        self.problems: list[str] = []
        self.connections = 0
        self.refused = 0
        self.invocations: list[tuple[int, str]] = []  # (connection, invocation id)
        self.cancels: list[tuple[int, str]] = []
        self.client_pings = 0
        self._server: Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = next(iter(self._server.sockets)).getsockname()[:2]
        return f"ws://{host}:{port}"

    async def __aenter__(self) -> SignalRDouble:
        self._server = await serve(
            self._session, "127.0.0.1", 0, process_request=self._check_request
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Wait (at most WAIT seconds) until ``condition()`` holds."""
        try:
            async with asyncio.timeout(WAIT):
                while not condition():
                    await asyncio.sleep(0.01)
        except TimeoutError:
            raise AssertionError(f"{self.case.name}: waited {WAIT} s for {what}") from None

    # The upgrade: the hub path and the token.

    def _check_request(self, connection: ServerConnection, request: Request) -> Response | None:
        url = urlsplit(request.path)
        if url.path != self.path:
            self.problems.append(f"connected to {url.path!r}, not {self.path!r}")
            return connection.respond(HTTPStatus.NOT_FOUND, "Not Found\n")
        if not self.oracle.token_accepted(url.query, self.token):
            self.refused += 1
            failure = self.case.venue_fixture["auth_failure"]
            return connection.respond(HTTPStatus(failure["status"]), failure["body"])
        return None

    # One connection.

    async def _session(self, ws: ServerConnection) -> None:
        state = _Connection(self.connections)
        self.connections += 1
        pending = ""
        handshaken = False
        try:
            async for frame in ws:
                assert isinstance(frame, str), "SignalR JSON frames are text"
                *records, pending = (pending + frame).split(RS)
                for record in records:
                    if not handshaken:
                        handshaken = True
                        if not await self._handshake(ws, record):
                            return
                    else:
                        self._receive(ws, state, json.loads(record))
        except ConnectionClosed:
            pass

    async def _handshake(self, ws: ServerConnection, record: str) -> bool:
        request = json.loads(record)
        error = None
        if request != self.handshake:
            self.problems.append(f"bad handshake {record!r}")
            error = "Protocol mismatch."
        elif self.case.handshake_error is not None:
            error = self.case.handshake_error
        if error is not None:
            await ws.send(json.dumps({"error": error}) + RS)
            await ws.close()
            return False
        await ws.send("{}" + RS)
        return True

    def _receive(self, ws: ServerConnection, state: _Connection, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == 4:
            invocation_id = message.get("invocationId")
            if invocation_id != str(state.next_id):
                self.problems.append(
                    f"connection {state.index}: invocation id {invocation_id!r}, "
                    f"expected {str(state.next_id)!r}"
                )
            state.next_id += 1
            if message.get("target") != self.target:
                self.problems.append(f"target {message.get('target')!r}, not {self.target!r}")
            if message.get("arguments") != self.expected_arguments:
                self.problems.append(f"arguments {message.get('arguments')!r}")
            number = len(self.invocations)
            self.invocations.append((state.index, str(invocation_id)))
            if number >= len(self.case.invocations):
                self.problems.append(f"unexpected stream invocation #{number + 1}")
                return
            script = self.case.invocations[number]
            task = asyncio.create_task(self._play(ws, state, str(invocation_id), script))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        elif kind == 5:
            invocation_id = str(message.get("invocationId"))
            self.cancels.append((state.index, invocation_id))
            state.cancelled.add(invocation_id)
            state.cancel_event.set()
        elif kind == 6:
            self.client_pings += 1
        else:
            self.problems.append(f"unexpected message from the client: {message!r}")

    async def _play(
        self, ws: ServerConnection, state: _Connection, invocation_id: str, script: list[dict[str, Any]]
    ) -> None:
        try:
            for step in script:
                if "send" in step:
                    records = []
                    for message in step["send"]:
                        if message.get("type") in (2, 3) and "invocationId" not in message:
                            message = {"invocationId": invocation_id, **message}
                        records.append(json.dumps(message, ensure_ascii=False) + RS)
                    for frame in _frames(records, step.get("framing", "separate")):
                        await ws.send(frame)
                    if any(m.get("type") == 7 for m in step["send"]):
                        await ws.close()  # the server closes the socket after a Close message
                        return
                if "send_raw" in step:  # text sent as it is, in one frame
                    await ws.send(step["send_raw"])
                if step.get("drop"):
                    ws.transport.abort()  # no closing handshake: the TCP connection just ends
                    return
                if "close_code" in step:  # a closing handshake with this code (1011 ...)
                    await ws.close(step["close_code"], step.get("close_reason", ""))
                    return
                if "ping_until_cancel" in step:  # alive, but never a snapshot
                    async with asyncio.timeout(WAIT):
                        while invocation_id not in state.cancelled:
                            await ws.send(json.dumps({"type": 6}) + RS)
                            await asyncio.sleep(step["ping_until_cancel"])
                if step.get("await_cancel"):
                    async with asyncio.timeout(WAIT):
                        while invocation_id not in state.cancelled:
                            state.cancel_event.clear()
                            await state.cancel_event.wait()
        except TimeoutError:
            self.problems.append(f"no cancel for invocation {invocation_id!r} within {WAIT} s")
        except ConnectionClosed:
            pass


def _frames(records: list[str], framing: str) -> list[str]:
    """``separate``: one frame per message; ``packed``: all in one frame; ``split``: the
    messages' text cut into three frames at points that fall inside messages."""
    if framing == "separate":
        return records
    text = "".join(records)
    if framing == "packed":
        return [text]
    if framing == "split":
        cut1, cut2 = len(text) // 3, (2 * len(text)) // 3
        return [text[:cut1], text[cut1:cut2], text[cut2:]]
    raise ValueError(f"unknown framing {framing!r}")


# -- running a case and checking the outcome ----------------------------------------------


@dataclass
class Outcome:
    snapshots: list[Any]
    error: venue_errors.VenueError | None


async def consume(
    case: SignalRCase,
    stream: Callable[..., AsyncIterator[Any]],
    first: Callable[..., Awaitable[Any]],
) -> Outcome:
    """Call the client the way the fixture says, with a bound on the time it may take."""
    snapshots: list[Any] = []
    try:
        async with asyncio.timeout(4 * WAIT):
            if case.call == "first":
                for _ in range(case.repeat):
                    snapshots.append(await first(**case.arguments))
            else:
                # A plain loop: leaving it must send the cancel (the generator is finalized).
                async for snapshot in stream(**case.arguments):
                    snapshots.append(snapshot)
                    if case.take is not None and len(snapshots) >= case.take:
                        break
    except venue_errors.VenueError as exc:
        return Outcome(snapshots, exc)
    return Outcome(snapshots, None)


async def check(case: SignalRCase, outcome: Outcome, double: SignalRDouble) -> None:
    expect = case.expect
    if "cancels" in expect:  # the cancel may still be on its way when the loop has ended
        await double.wait_for(lambda: len(double.cancels) >= expect["cancels"], "the cancels")
    assert not double.problems, f"{case.name}: the double saw: {double.problems}"
    if "error" in expect:
        expected_type = getattr(venue_errors, expect["error"])
        assert isinstance(outcome.error, expected_type), (
            f"{case.name}: expected {expected_type.__name__}, got {outcome.error!r}"
        )
        assert outcome.error.venue == case.venue and outcome.error.operation == case.operation
        for attribute in ("error_message", "status_code"):
            if attribute in expect:
                assert getattr(outcome.error, attribute) == expect[attribute], attribute
    else:
        assert outcome.error is None, f"{case.name}: unexpected {outcome.error!r}"
    assert [s.resumed for s in outcome.snapshots] == expect["resumed"], (
        f"{case.name}: resumed flags {[s.resumed for s in outcome.snapshots]}"
    )
    items = case.sent_items()
    unlisted = frozenset(expect.get("unlisted_enum_values", []))
    for item in items:  # every recorded item must itself follow the spec
        validate_against_spec(case, item)  # type: ignore[arg-type]
    # Later items may never be read (the consumer left the loop, or a one-shot call).
    assert len(outcome.snapshots) <= len(items), f"{case.name}: more snapshots than items"
    for index, (snapshot, item) in enumerate(zip(outcome.snapshots, items, strict=False)):
        assert_matches(list(snapshot), item, f"{case.name}[{index}]", unlisted)
    for key, seen in (
        ("connections", double.connections),
        ("invocations", len(double.invocations)),
        ("cancels", len(double.cancels)),
        ("refused", double.refused),
    ):
        if key in expect:
            assert seen == expect[key], f"{case.name}: {key} {seen} != {expect[key]}"
