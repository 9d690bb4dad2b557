"""What the generated WebSocket request/response contract tests run for Synthetix: a local
double of the venue (a real ``websockets`` server on 127.0.0.1, random port) and the checks.

The double follows the spec (specs/synthetix.yaml) and the venue's documented behaviour, not
the client's code: it verifies the connection's ``auth`` message (typed data, freshness,
signer recovered from the signature), then every request's EIP-712 signature by rebuilding the
signed type from the request's params and recovering the signer, refuses an ``expiresAfter``
in the past, expects the fixture's exact params, and answers with the fixture's reply (its id
replaced by the request's), a window of synthesized pages, nothing, or a dropped connection.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml
from contract_support import assert_matches, load_fixtures, validate_against_spec
from eth_account import Account
from eth_account.messages import encode_typed_data
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from venues._runtime import errors as venue_errors

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SPECS = ROOT / "specs"
_HEX32 = re.compile(r"^0x[0-9a-f]{64}$")
_SIGNATURE = re.compile(r"^0x[0-9a-f]{130}$")


@cache
def spec(venue: str) -> dict[str, Any]:
    return dict(yaml.safe_load((SPECS / f"{venue}.yaml").read_text(encoding="utf-8")))


@cache
def venue_fixture(venue: str) -> dict[str, Any]:
    """tests/fixtures/<venue>/_venue.yaml: test credentials and the double's refusals."""
    return dict(yaml.safe_load((FIXTURES / venue / "_venue.yaml").read_text(encoding="utf-8")))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


# -- cases ------------------------------------------------------------------------------------


@dataclass
class WsCase:
    venue: str
    name: str
    source: str
    operation: str
    arguments: dict[str, Any]
    expect: dict[str, Any]
    request: dict[str, Any] | None = None
    requests: list[dict[str, Any]] | None = None
    reply: dict[str, Any] | None = None
    pages: dict[str, Any] | None = None
    behaviour: str = "reply"  # reply | no_reply | drop
    call: str = "call"  # call | iterate
    credentials: str = "valid"
    client: dict[str, Any] = field(default_factory=dict)
    quirks: dict[str, str] = field(default_factory=dict)
    path: Path = field(default_factory=Path)

    def __str__(self) -> str:
        return self.name

    @property
    def expected_requests(self) -> list[dict[str, Any]]:
        if self.requests is not None:
            return self.requests
        return [self.request] if self.request is not None else []

    def client_options(self) -> dict[str, Any]:
        """Credentials, the real clock (the auth message must be fresh) and client options."""
        fixture = venue_fixture(self.venue)
        options: dict[str, Any] = dict(fixture["credentials"])
        if self.credentials == "wrong":
            options.update(fixture["wrong_credentials"])
        options["clock"] = now_ms
        options["max_retries"] = 0
        options.update(self.client)
        return options

    def page_orders(self) -> list[dict[str, Any]]:
        """The synthesized items the double serves in windows (``pages``)."""
        assert self.pages is not None
        template = self.pages["template"]
        items = []
        for index in range(self.pages["total"]):
            item = dict(template)
            item["orderId"] = str(int(template["orderId"]) + index)
            item["createdTime"] = template["createdTime"] + index
            item["updatedTime"] = template["updatedTime"] + index
            items.append(item)
        return items

    def expected_payload(self) -> Any:
        if self.pages is not None:
            return self.page_orders()
        assert self.reply is not None
        operation = next(op for op in spec(self.venue)["operations"] if op["id"] == self.operation)
        value: Any = self.reply
        for token in filter(None, operation["response"]["envelope"]["payload"].split("/")):
            value = value[token]
        return value


def load_cases(venue: str) -> dict[str, list[WsCase]]:
    """The fixtures of a venue, by operation id."""
    cases: dict[str, list[WsCase]] = {}
    for path, raw in load_fixtures(venue):
        case = WsCase(venue=venue, name=path.stem, path=path, **raw)
        cases.setdefault(case.operation, []).append(case)
    return cases


def first_success_case(cases: list[WsCase]) -> WsCase:
    """A plain call answered with a recorded success (for the behaviour tests)."""
    return next(
        c for c in cases if c.call == "call" and "error" not in c.expect and c.reply is not None
    )


# -- the venue double -------------------------------------------------------------------------


class VerificationFailed(Exception):
    pass


class Expired(Exception):
    pass


def _typed_data(settings: dict[str, Any], type_spec: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    domain_order = ("name", "version", "chainId", "verifyingContract", "salt")
    domain_types = {"name": "string", "version": "string", "chainId": "uint256", "verifyingContract": "address", "salt": "bytes32"}
    return {
        "types": {
            "EIP712Domain": [{"name": n, "type": domain_types[n]} for n in domain_order if n in settings["domain"]],
            type_spec["name"]: [{"name": f["name"], "type": f["type"]} for f in type_spec["fields"]],
        },
        "primaryType": type_spec["name"],
        "domain": settings["domain"],
        "message": message,
    }


class VenueDouble:
    """A local Synthetix trade WebSocket for one case (or none: only auth and the pages).

    Attributes the tests read: ``url``, ``requests`` (every request frame after the auth
    message), ``auth_messages``, ``user_agents`` (one per connection), ``problems`` (what the
    double found wrong in a request it did not expect to refuse), ``pongs``.
    Knobs the behaviour tests set: ``hold`` (collect that many requests, then answer them in
    reverse order), ``drop_first`` (drop the connection at the first request only),
    ``ping_after_auth`` (ping the client after the auth reply and wait for its pong).
    """

    def __init__(self, case: WsCase) -> None:
        self.case = case
        self.venue = case.venue
        # The venue's auth as its docs state it (tests/oracles/<venue>.py), not our spec's.
        self.settings: dict[str, Any] = importlib.import_module(f"oracles.{case.venue}").AUTH
        fixture = venue_fixture(case.venue)
        self.credentials: dict[str, str] = fixture["credentials"]
        self.address: str = fixture["address"]
        self.fixture = fixture
        operation = next(op for op in spec(case.venue)["operations"] if op["id"] == case.operation)
        self.method: str = operation["websocket_request"]["method"]
        self.path: str = operation["websocket_request"]["path"]
        self.requests: list[dict[str, Any]] = []
        self.auth_messages: list[dict[str, Any]] = []
        self.user_agents: list[str | None] = []
        self.paths: list[str] = []
        self.problems: list[str] = []
        self.pongs = 0
        self.hold = 0
        self.drop_first = False
        self.ping_after_auth = False
        self._held: list[tuple[ServerConnection, dict[str, Any]]] = []
        self._server: Server | None = None
        self.url = ""

    async def __aenter__(self) -> VenueDouble:
        self._server = await serve(self._handler, "127.0.0.1", 0)
        port = next(iter(self._server.sockets)).getsockname()[1]
        self.url = f"ws://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        await asyncio.wait_for(self._server.wait_closed(), 5)

    # -- verification ----------------------------------------------------------------------

    def verify_auth(self, frame: dict[str, Any]) -> None:
        connection = self.settings["connection_auth"]
        if frame.get("method") != connection["method"]:
            raise VerificationFailed(f"expected the {connection['method']!r} message first")
        params = frame.get("params") or {}
        raw = params.get("message")
        typed = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(typed, dict):
            raise VerificationFailed("params.message is not typed data")
        expected = _typed_data(self.settings, connection["type"], typed.get("message", {}))
        for key in ("types", "primaryType", "domain"):
            if typed.get(key) != expected[key]:
                raise VerificationFailed(f"unexpected {key}")
        message = typed["message"]
        if message.get("subAccountId") != self.credentials["sub_account_id"]:
            raise VerificationFailed("unknown subaccount")
        if message.get("action") != connection["action"]:
            raise VerificationFailed("wrong action")
        unit = next(f["source"]["clock"] for f in connection["type"]["fields"] if "clock" in f.get("source", {}))
        now = now_ms() if unit == "milliseconds" else now_ms() // 1000
        scale = 1000 if unit == "milliseconds" else 1
        if abs(now - int(message.get("timestamp", 0))) > connection["within_seconds"] * scale:
            raise VerificationFailed("stale timestamp")
        signature = params.get("signature", "")
        if not isinstance(signature, str) or not _SIGNATURE.match(signature):
            raise VerificationFailed("malformed signature")
        signer = Account.recover_message(encode_typed_data(full_message=typed), signature=signature)
        if signer != self.address:
            raise VerificationFailed("signer is not the subaccount's key")

    def verify_request(self, frame: dict[str, Any]) -> None:
        """Check the signature the way the venue would; raise Expired for a past expiry."""
        params = frame.get("params") or {}
        if frame.get("method") != self.method:
            raise VerificationFailed(f"method must be {self.method!r}")
        if not isinstance(params.get("subAccountId"), str):
            raise VerificationFailed("subAccountId must be a string")
        if params["subAccountId"] != self.credentials["sub_account_id"]:
            raise VerificationFailed("unknown subaccount")
        action_type = self.settings["action_type"]
        message = {
            f["name"]: params.get(f["name"], 0 if f["type"].startswith("uint") else "")
            for f in action_type["fields"]
        }
        signature = params.get(self.settings["signature_param"])
        if not isinstance(signature, dict) or signature.get("v") not in (27, 28):
            raise VerificationFailed("signature must be {v: 27|28, r, s}")
        if not all(isinstance(signature.get(k), str) and _HEX32.match(signature[k]) for k in ("r", "s")):
            raise VerificationFailed("r and s must be 0x + 64 lowercase hex digits")
        typed = _typed_data(self.settings, action_type, message)
        signer = Account.recover_message(
            encode_typed_data(full_message=typed),
            vrs=(signature["v"], int(signature["r"], 16), int(signature["s"], 16)),
        )
        if signer != self.address:
            raise VerificationFailed("signer is not the subaccount's key")
        expires = params.get("expiresAfter", 0)
        if expires and expires < now_ms():
            raise Expired()

    def check_expected(self, frame: dict[str, Any]) -> None:
        """Record a problem when the request is not the next one the fixture expects."""
        expected = self.case.expected_requests
        index = len(self.requests) - 1
        if len(expected) == 1:  # behaviour tests repeat a case's one request (check() counts)
            index = 0
        if index >= len(expected):
            self.problems.append(f"unexpected extra request {frame!r}")
            return
        want = expected[index]
        params = {k: v for k, v in (frame.get("params") or {}).items() if k != self.settings["signature_param"]}
        if frame.get("method") != want["method"] or params != want["params"]:
            self.problems.append(f"request {index}: expected {want!r}, got {frame!r}")
        elif any(type(params[k]) is not type(v) for k, v in want["params"].items()):
            self.problems.append(f"request {index}: a param has the wrong JSON type: {params!r}")

    # -- replies ---------------------------------------------------------------------------

    def refusal(self, kind: str, request_id: Any, reason: str = "") -> str:
        body = dict(self.fixture[kind])
        body["error"] = {**body["error"], "message": body["error"]["message"].replace("{reason}", reason)}
        return json.dumps({"id": request_id, **body})

    def reply_for(self, frame: dict[str, Any]) -> str:
        case = self.case
        if case.pages is not None:
            params = frame["params"]
            offset, limit = params.get("offset", 0), params.get("limit", 50)
            window = case.page_orders()[offset : offset + limit]
            return json.dumps(
                {"id": frame["id"], "status": 200, "result": {"status": "success", "response": window}}
            )
        assert case.reply is not None
        return json.dumps({**case.reply, "id": frame["id"]})

    async def _handler(self, ws: ServerConnection) -> None:
        self.user_agents.append(ws.request.headers.get("User-Agent") if ws.request else None)
        self.paths.append(ws.request.path if ws.request else "")
        try:
            first = json.loads(await asyncio.wait_for(ws.recv(), 5))
            self.auth_messages.append(first)
            try:
                self.verify_auth(first)
            except VerificationFailed as exc:
                await ws.send(self.refusal("auth_failure", first.get("id"), str(exc)))
                await ws.close()
                return
            await ws.send(json.dumps({"id": first.get("id"), **self.fixture["auth_success"]}))
            if self.ping_after_auth:
                pong = await ws.ping()
                await asyncio.wait_for(pong, 5)
                self.pongs += 1
            async for raw in ws:
                frame = json.loads(raw)
                self.requests.append(frame)
                self.check_expected(frame)
                try:
                    self.verify_request(frame)
                except Expired:
                    await ws.send(self.refusal("expired_failure", frame.get("id")))
                    continue
                except VerificationFailed as exc:
                    self.problems.append(f"signature: {exc}")
                    await ws.send(self.refusal("signature_failure", frame.get("id"), str(exc)))
                    continue
                if self.drop_first:
                    self.drop_first = False
                    await ws.close()
                    return
                if self.case.behaviour == "no_reply":
                    continue
                if self.case.behaviour == "drop":
                    await ws.close()
                    return
                if self.hold:
                    self._held.append((ws, frame))
                    if len(self._held) >= self.hold:
                        for held_ws, held in reversed(self._held):
                            await held_ws.send(self.reply_for(held))
                        self._held.clear()
                    continue
                await ws.send(self.reply_for(frame))
        except ConnectionClosed:
            return


# -- outcomes ---------------------------------------------------------------------------------


async def run_async(call: Callable[[], Awaitable[Any]]) -> Any:
    try:
        return await call()
    except venue_errors.VenueError as exc:
        return exc


def run(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except venue_errors.VenueError as exc:
        return exc


def check(case: WsCase, outcome: Any, double: VenueDouble) -> None:
    assert not double.problems, f"{case.name}: the double found {double.problems}"
    assert double.paths and all(p == double.path for p in double.paths)
    assert all((ua or "").startswith("venues-python/") for ua in double.user_agents), double.user_agents
    if case.credentials == "wrong":
        assert not double.requests, "no request may follow a refused auth message"
    else:
        assert len(double.requests) == len(case.expected_requests), (
            f"{case.name}: {len(double.requests)} requests, expected {len(case.expected_requests)}"
        )
    if "error" in case.expect:
        expected_type = getattr(venue_errors, case.expect["error"])
        assert isinstance(outcome, expected_type), f"{case.name}: expected {expected_type.__name__}, got {outcome!r}"
        assert outcome.venue == case.venue
        for attribute in ("code", "error_message", "status_code"):
            if attribute in case.expect:
                assert getattr(outcome, attribute) == case.expect[attribute], (
                    f"{case.name}: {attribute} {getattr(outcome, attribute)!r}"
                )
        if case.reply is not None and isinstance(outcome, venue_errors.ResponseError):
            assert isinstance(outcome.raw_body, str)
            sent = json.loads(outcome.raw_body)
            assert sent == {**case.reply, "id": sent["id"]}, "the raw reply must be kept as sent"
        return
    check_result(case, outcome)


def check_result(case: WsCase, outcome: Any) -> None:
    """``outcome`` is the typed form of exactly what the case's reply (or pages) said."""
    assert not isinstance(outcome, Exception), f"{case.name}: unexpected {outcome!r}"
    payload = case.expected_payload()
    validate_against_spec(case, payload)  # type: ignore[arg-type]
    assert_matches(
        outcome, payload, path=case.name, unlisted=frozenset(case.expect.get("unlisted_enum_values", []))
    )
    if "count" in case.expect:
        assert len(outcome) == case.expect["count"]
