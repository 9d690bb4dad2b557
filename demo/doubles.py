"""Local doubles of every venue of the registry (venues.registry), for ``make demo``
(demo/run.py) and tests/test_cli.py.

Each double listens on 127.0.0.1 (a random port), verifies every request's signature or
token the way the contract tests' doubles do (HTTP venues through their oracle,
tests/oracles/<venue>.py; tests/ws_request_support.py for WebSocket request/response
venues, tests/signalr_support.py for SignalR streams), and answers with a recorded fixture
of tests/fixtures/<venue>/: the one its _venue.yaml names as ``demo_fixture``, else
docs_example.yaml (Derive's JSON-RPC pages: _pages.yaml). Which double a venue gets
follows the transport of its spec's listing operation, so a new venue needs no edit here.

Unlike the contract doubles, these accept any listing parameters: a venue's symbol filter
(the registry's ``symbol_filter``) filters the recorded orders, as the venue would, and
every request's parameters are kept in ``received[venue]`` so tests can see what was sent.

Use as a context manager; ``env()`` gives the ``VENUES_*`` environment variables (test
credentials from tests/fixtures/<venue>/_venue.yaml, public test vectors) that point the
``venues`` tool at the doubles.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import json
import logging
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generated"))  # the package
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the test doubles

from contract_support import (
    VerificationFailed,
    load_cases,
    oracle_for,
    spec,
    venue_fixture,
)
from jsonrpc_ws_support import load_pages
from pytest_httpserver import HTTPServer
from signalr_support import SignalRDouble
from signalr_support import load_cases as load_signalr_cases
from werkzeug import Request, Response
from ws_request_support import VenueDouble, WsCase
from ws_request_support import load_cases as load_ws_cases

from venues.cli import env_name
from venues.registry import VENUES

__all__ = ["ALL", "Doubles", "dead_url"]

ALL = tuple(VENUES)


def demo_fixture(venue: str) -> str:
    """The recorded reply the venue's double serves: ``demo_fixture`` in its _venue.yaml,
    else its docs example."""
    return str(venue_fixture(venue).get("demo_fixture", "docs_example"))

#: Bound on every start and stop.
WAIT = 10.0


def _operation(venue: str) -> dict[str, Any]:
    operation_id = spec(venue)["unified"]["operation"]
    return next(op for op in spec(venue)["operations"] if op["id"] == operation_id)


def _set(document: Any, pointer: str, value: Any) -> Any:
    tokens = [t for t in pointer.split("/") if t]
    if not tokens:
        return value
    target = document
    for token in tokens[:-1]:
        target = target[token]
    target[tokens[-1]] = value
    return document


def _get(document: Any, pointer: str) -> Any:
    for token in filter(None, pointer.split("/")):
        document = document[token]
    return document


def status_filter(venue: str) -> tuple[str, str] | None:
    """A listing parameter that filters on an order field of another name (Derive's
    ``status`` on ``order_status``): ``demo_status_filter`` in the venue's _venue.yaml."""
    declared = venue_fixture(venue).get("demo_status_filter")
    return None if declared is None else (str(declared["parameter"]), str(declared["field"]))


def _filtered(venue: str, items: Any, params: dict[str, Any], statuses: bool = True) -> Any:
    """The items the venue would list for ``params``: its symbol filter applied (the filter
    parameter and the orders' field share their wire name at every venue), and its status
    filter unless ``statuses`` is False. Items keyed by id (Kraken's) stay keyed."""
    if isinstance(items, dict):
        kept = _filtered(venue, list(items.values()), params, statuses)
        return {key: item for key, item in items.items() if any(item is k for k in kept)}
    name = VENUES[venue].symbol_filter
    if name is not None and params.get(name) not in (None, ""):
        items = [item for item in items if item.get(name) == params[name]]
    declared = status_filter(venue) if statuses else None
    if declared is not None:
        parameter, field = declared
        if params.get(parameter) not in (None, ""):
            items = [item for item in items if item.get(field) == params[parameter]]
    return items


def _arguments(request: Request) -> dict[str, Any]:
    """What the client asked for: a JSON body, a form body (Kraken's), or the query."""
    data = request.get_data()
    if not data:
        return dict(request.args)
    if request.mimetype == "application/x-www-form-urlencoded":
        return dict(parse_qsl(data.decode(), keep_blank_values=True))
    loaded: dict[str, Any] = json.loads(data)
    return loaded


def dead_url(scheme: str = "http") -> str:
    """A URL on 127.0.0.1 where nothing listens (a port just released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"{scheme}://127.0.0.1:{port}"


class _SynthetixReplay(VenueDouble):
    """The Synthetix double answering any listing: recorded orders, symbol-filtered, in
    ``offset``/``limit`` windows."""

    def __init__(self, case: WsCase, received: list[dict[str, Any]]) -> None:
        super().__init__(case)
        self.received = received

    def check_expected(self, frame: dict[str, Any]) -> None:
        params = dict(frame.get("params") or {})
        params.pop(self.settings["signature_param"], None)
        self.received.append(params)

    def reply_for(self, frame: dict[str, Any]) -> str:
        assert self.case.reply is not None
        params = frame["params"]
        pointer = _operation(self.venue)["response"]["envelope"]["payload"]
        items = _filtered(self.venue, _get(self.case.reply, pointer), params)
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 50))
        body = _set(copy.deepcopy(self.case.reply), pointer, items[offset : offset + limit])
        return json.dumps({**body, "id": frame["id"]})


class Doubles:
    """The doubles of ``venues`` (default: all five), started on entry, stopped on exit."""

    def __init__(self, venues: Iterable[str] = ALL, *, status_filters: bool = True) -> None:
        self.venues = list(venues)
        #: False: the doubles ignore status filters and list closed orders too.
        self.status_filters = status_filters
        self.received: dict[str, list[dict[str, Any]]] = {v: [] for v in self.venues}
        self.urls: dict[str, str] = {}
        self._http: list[HTTPServer] = []
        self._ws: list[Any] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    # -- environment for the tool ---------------------------------------------------------

    def settings(self, venue: str, *, wrong: bool = False) -> dict[str, str]:
        """The venue's settings by keyword: test credentials, required listing parameters
        and the double's base URL."""
        fixture = venue_fixture(venue)
        names = {c.name for c in VENUES[venue].credentials}
        values = {k: str(v) for k, v in fixture["credentials"].items() if k in names}
        if wrong:
            values.update({k: str(v) for k, v in fixture["wrong_credentials"].items()})
        for parameter in VENUES[venue].fetch_parameters:
            if parameter.required:
                values[parameter.name] = str(self._parameter(venue, parameter.name))
        values["base_url"] = self.urls[venue]
        return values

    @staticmethod
    def _parameter(venue: str, name: str) -> Any:
        fixture = venue_fixture(venue)
        if name in fixture:  # B2Trader's account_id
            return fixture[name]
        return load_pages(venue).arguments[name]  # Derive's subaccount_id

    def env(
        self, venues: Iterable[str] | None = None, *, wrong: Iterable[str] = ()
    ) -> dict[str, str]:
        """``VENUES_<VENUE>_<NAME>`` variables for ``venues`` (default: every double);
        venues in ``wrong`` get their wrong test credentials."""
        wrong = set(wrong)
        result = {}
        for venue in self.venues if venues is None else venues:
            for name, value in self.settings(venue, wrong=venue in wrong).items():
                result[env_name(venue, name)] = value
        return result

    # -- HTTP venues ---------------------------------------------------------------------

    def _start_http(self, venue: str) -> None:
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        verify = oracle_for(venue)
        operation = _operation(venue)
        failure = venue_fixture(venue)["auth_failure"]
        received = self.received[venue]
        if operation["pagination"]["kind"] == "page_number":  # Derive: the recorded pages
            pages = load_pages(venue)
            path, method = "/" + operation["jsonrpc"]["method"], "POST"

            def answer(params: dict[str, Any]) -> Any:
                size = int(params.get(operation["pagination"]["page_size_param"], pages.page_size))
                served = dataclasses.replace(
                    pages,
                    items=_filtered(venue, pages.items, params, self.status_filters),
                    page_size=size,
                )
                return {"id": "demo", **served.body(params)}

        else:  # the recorded reply, its orders filtered
            case = next(c for c in load_cases(venue)[operation["id"]] if c.name == demo_fixture(venue))
            path, method = case.request["path"], case.request["method"]
            pointer = operation["response"]["envelope"]["payload"]

            def answer(params: dict[str, Any]) -> Any:
                body = copy.deepcopy(case.response["body"])
                return _set(body, pointer, _filtered(venue, _get(body, pointer), params))

        def handler(request: Request) -> Response:
            try:
                verify(request)
            except VerificationFailed as exc:
                body = json.dumps(failure["body"]).replace("{reason}", str(exc))
                return Response(body, status=failure["status"], content_type="application/json")
            params = _arguments(request)
            received.append(params)
            return Response(json.dumps(answer(params)), content_type="application/json")

        server.expect_request(path, method=method).respond_with_handler(handler)
        server.start()
        self._http.append(server)
        self.urls[venue] = server.url_for("/")

    # -- WebSocket venues ----------------------------------------------------------------

    async def _start_websocket_request(self, venue: str) -> None:
        cases = load_ws_cases(venue)[_operation(venue)["id"]]
        case = next(c for c in cases if c.name == demo_fixture(venue))
        double = _SynthetixReplay(case, self.received[venue])
        await double.__aenter__()
        self._ws.append(double)
        self.urls[venue] = double.url

    async def _start_signalr(self, venue: str) -> None:
        operation_id = next(op["id"] for op in spec(venue)["operations"] if "signalr_stream" in op)
        case = next(c for c in load_signalr_cases(venue)[operation_id] if c.name == demo_fixture(venue))
        # Every subscription (one per run of the tool) plays the recorded script.
        case = dataclasses.replace(case, invocations=[case.invocations[0]] * 1000)
        double = SignalRDouble(case)
        await double.__aenter__()
        self._ws.append(double)
        self.urls[venue] = double.url

    # -- start and stop ------------------------------------------------------------------

    def __enter__(self) -> Doubles:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log lines
        try:
            # WebSocket doubles, by the transport of the venue's listing operation.
            by_transport: dict[str, Callable[[str], Any]] = {
                "websocket_request": self._start_websocket_request,
                "signalr_stream": self._start_signalr,
            }
            starters = {
                venue: by_transport[_operation(venue)["transport"]]
                for venue in self.venues
                if _operation(venue)["transport"] in by_transport
            }
            for venue in self.venues:
                if venue not in starters:
                    self._start_http(venue)
            if starters:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=self._loop.run_forever, name="venue-doubles", daemon=True
                )
                self._thread.start()
                for venue in self.venues:
                    if venue in starters:
                        asyncio.run_coroutine_threadsafe(starters[venue](venue), self._loop).result(WAIT)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        for server in self._http:
            if server.is_running():
                server.stop()
        self._http.clear()
        if self._loop is not None:
            loop = self._loop

            async def close_all() -> None:
                for double in self._ws:
                    await double.__aexit__(None, None, None)

            try:
                asyncio.run_coroutine_threadsafe(close_all(), loop).result(WAIT)
            finally:
                loop.call_soon_threadsafe(loop.stop)
                if self._thread is not None:
                    self._thread.join(WAIT)
                loop.close()
            self._ws.clear()
            self._loop = None

    def stream_invocations(self) -> list[tuple[int, str]]:
        """The stream subscriptions the SignalR double received (connection, invocation id)."""
        return [
            i
            for double in self._ws
            if isinstance(double, SignalRDouble)
            for i in double.invocations
        ]

    def problems(self) -> list[str]:
        """What the WebSocket doubles found wrong (a bad signature, a wrong argument)."""
        return [p for double in self._ws for p in double.problems]
