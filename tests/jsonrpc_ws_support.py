"""What the generated JSON-RPC WebSocket contract tests run (and the HTTP page-iterator test):
a real local WebSocket server playing the venue (``websockets``, 127.0.0.1, random port) that
checks the login the way the venue would (the EIP-191 signer recovered from the login's
signature must be the test key, the timestamp fresh), then answers each
``{"id", "method", "params"}`` request, by id, from a fixture; plus the multi-page result
of ``tests/fixtures/<venue>/_pages.yaml``.

Written for Derive (the only JSON-RPC-over-WebSocket venue); what it needs of the venue
(login method, request methods, pointers) comes from the spec.
"""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import yaml
from contract_support import (
    FIXTURES,
    Case,
    VerificationFailed,
    assert_matches,
    load_cases,
    payload_of,
    spec,
    validate_against_spec,
    venue_fixture,
    verify_eip191_values,
)
from websockets.asyncio.server import ServerConnection, serve

from venues._runtime import errors as venue_errors

#: Answers one request message with a reply body (its id is set by the double), or None
#: for no reply at all.
Responder = Callable[[dict[str, Any]], dict[str, Any] | None]


def _operation(venue: str, operation_id: str) -> dict[str, Any]:
    return next(op for op in spec(venue)["operations"] if op["id"] == operation_id)


def _set(document: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """``document`` with ``value`` at ``pointer`` (objects created on the way)."""
    tokens = [t for t in pointer.split("/") if t]
    if not tokens:
        return value  # type: ignore[no-any-return]
    target = document
    for token in tokens[:-1]:
        target = target.setdefault(token, {})
    target[tokens[-1]] = value
    return document


# -- the venue double ---------------------------------------------------------------------


class WsVenueDouble:
    """A local WebSocket venue: login first, then id-matched JSON-RPC replies.

    Args:
        venue: The venue id (spec, test credentials and auth-failure reply come from it).
        respond: Answers each request after login.
        batch: Hold this many requests, then answer them in reverse order (out of order).
        drop_after: Close the connection (code 1011) on receiving this many requests.
        noise: Before each reply, send a frame that is not JSON and a reply with an id
            nobody asked for.
    """

    def __init__(
        self,
        venue: str,
        respond: Responder,
        *,
        batch: int = 1,
        drop_after: int | None = None,
        noise: bool = False,
    ) -> None:
        self.venue = venue
        self.respond = respond
        self.batch = batch
        self.drop_after = drop_after
        self.noise = noise
        venue_spec = spec(venue)
        # From the venue's oracle (its docs), not from our spec.
        self.login_method = importlib.import_module(f"oracles.{venue}").LOGIN_METHOD
        self.methods = {
            op["jsonrpc"]["method"]
            for op in venue_spec["operations"]
            if "websocket" in op.get("jsonrpc", {}).get("over", [])
        }
        self.credentials = venue_fixture(venue)["credentials"]
        self.auth_failure = venue_fixture(venue)["auth_failure"]["body"]
        self.logins: list[dict[str, Any]] = []
        self.refused_logins: list[str] = []
        self.received: list[dict[str, Any]] = []
        self.sent: list[str] = []
        self.problems: list[str] = []

    @asynccontextmanager
    async def serve(self) -> AsyncIterator[str]:
        """Run the server; yields its ``ws://127.0.0.1:<port>/ws`` URL."""
        async with serve(self._handler, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            yield f"ws://127.0.0.1:{port}/ws"

    async def _reply(self, ws: ServerConnection, request_id: Any, body: dict[str, Any]) -> None:
        text = json.dumps({"id": request_id, **{k: v for k, v in body.items() if k != "id"}})
        self.sent.append(text)
        await ws.send(text)

    async def _handler(self, ws: ServerConnection) -> None:
        logged_in = False
        held: list[dict[str, Any]] = []
        async for frame in ws:
            message = json.loads(frame)
            if not isinstance(message, dict) or set(message) != {"id", "method", "params"}:
                self.problems.append(f"not a JSON-RPC request: {frame!r}")
                continue
            if not logged_in:
                if message["method"] != self.login_method:
                    self.problems.append(f"{message['method']} before {self.login_method}")
                    await ws.close(code=1008, reason="log in first")
                    return
                self.logins.append(message)
                try:
                    verify_eip191_values(message["params"], self.credentials)
                except VerificationFailed as exc:
                    self.refused_logins.append(str(exc))
                    failure = json.loads(json.dumps(self.auth_failure).replace("{reason}", str(exc)))
                    await self._reply(ws, message["id"], failure)
                    continue
                logged_in = True
                await self._reply(ws, message["id"], {"result": {"subaccount_ids": [30769]}})
                continue
            if message["method"] not in self.methods:
                self.problems.append(f"unexpected method {message['method']!r}")
            self.received.append(message)
            if self.drop_after is not None and len(self.received) >= self.drop_after:
                await ws.close(code=1011, reason="going away")
                return
            held.append(message)
            if len(held) < self.batch:
                continue
            for request in reversed(held):
                body = self.respond(request)
                if body is None:
                    continue
                if self.noise:
                    await ws.send("<html>not json</html>")
                    await ws.send(json.dumps({"id": "nobody-asked", "result": {}}))
                await self._reply(ws, request["id"], body)
            held.clear()

    def check_assertions(self) -> None:
        assert not self.problems, self.problems


# -- fixtures -----------------------------------------------------------------------------


def ws_cases(venue: str) -> dict[str, list[Case]]:
    """The venue's contract fixtures that also make sense over WebSocket: JSON replies of a
    JSON-RPC server (no HTTP status, no non-JSON body)."""
    return {
        operation: [
            c for c in cases if c.response.get("status", 200) == 200 and "body" in c.response
        ]
        for operation, cases in load_cases(venue).items()
    }


def for_case(case: Case) -> WsVenueDouble:
    """A double answering with the case's recorded reply, after checking the request's params
    are the ones the case expects."""
    expected = case.request.get("json", {})
    double = WsVenueDouble(case.venue, lambda message: None)

    def respond(message: dict[str, Any]) -> dict[str, Any]:
        if message["params"] != expected:
            double.problems.append(f"params {message['params']!r} != {expected!r}")
        body: dict[str, Any] = case.response["body"]
        return body

    double.respond = respond
    return double


def check_ws(case: Case, outcome: Any, double: WsVenueDouble) -> None:
    """The WebSocket twin of contract_support.check."""
    double.check_assertions()
    at_login = case.credentials != "valid" or bool(case.clock_offset_ms)
    if "error" in case.expect:
        expected_type = getattr(venue_errors, case.expect["error"])
        assert isinstance(outcome, expected_type), f"{case.name}: expected {expected_type.__name__}, got {outcome!r}"
        assert outcome.venue == case.venue
        assert outcome.operation == ("connect" if at_login else case.operation), outcome.operation
        if at_login:
            assert double.refused_logins and not double.received, "the login should have been refused"
        elif isinstance(outcome, venue_errors.ResponseError):
            assert outcome.raw_body == double.sent[-1], "the raw frame must be kept as sent"
            assert outcome.status_code is None
        for attribute in ("code", "error_message", "data"):
            if attribute in case.expect:
                assert getattr(outcome, attribute) == case.expect[attribute]
        return
    assert not isinstance(outcome, Exception), f"{case.name}: unexpected {outcome!r}"
    assert len(double.logins) == 1 and len(double.received) == 1
    payload = payload_of(case)
    validate_against_spec(case, payload)
    assert_matches(
        outcome, payload, path=case.name, unlisted=frozenset(case.expect.get("unlisted_enum_values", []))
    )


@dataclass
class Pages:
    """A multi-page result (tests/fixtures/<venue>/_pages.yaml) served the way the venue
    pages: 1-based, ``page_size`` items per page, a page past the end is the last page."""

    venue: str
    operation: str
    arguments: dict[str, Any]
    page_size: int
    payload: dict[str, Any]
    count_pointer: str
    items: list[dict[str, Any]]
    source: str = ""

    @property
    def rules(self) -> dict[str, Any]:
        return _operation(self.venue, self.operation)["pagination"]  # type: ignore[no-any-return]

    @property
    def num_pages(self) -> int:
        return max(1, -(-len(self.items) // self.page_size))

    def body(self, params: dict[str, Any]) -> dict[str, Any]:
        """The reply body to a request for ``params[page_param]``."""
        rules = self.rules
        requested = int(params.get(rules["page_param"], 1))
        size = int(params.get(rules["page_size_param"], self.page_size))
        assert size == self.page_size, f"page size {size}, expected {self.page_size}"
        page = min(requested, self.num_pages)  # past the end: the last page again
        payload = copy.deepcopy(self.payload)
        _set(payload, rules["items"], self.items[(page - 1) * size : page * size])
        _set(payload, rules["total_pages"], self.num_pages)
        _set(payload, self.count_pointer, len(self.items))
        envelope = _operation(self.venue, self.operation)["response"]["envelope"]["payload"]
        return _set({}, envelope, payload)

    def respond(self, message: dict[str, Any]) -> dict[str, Any]:
        return self.body(message["params"])

    def shrinking(self, after: int) -> Responder:
        """A responder whose last item disappears after ``after`` replies (so a request
        for the then-last page gets the page before it again)."""
        replies = 0

        def respond(message: dict[str, Any]) -> dict[str, Any]:
            nonlocal replies
            replies += 1
            if replies == after + 1:
                self.items = self.items[:-1]
            return self.respond(message)

        return respond


def load_pages(venue: str) -> Pages:
    raw = yaml.safe_load((FIXTURES / venue / "_pages.yaml").read_text(encoding="utf-8"))
    return Pages(venue=venue, **raw)


def valid_credentials(venue: str) -> dict[str, Any]:
    """The valid test credentials of a venue (for tests that need no case)."""
    return dict(venue_fixture(venue)["credentials"])
