"""Every generated client (HTTP, WebSocket, SignalR; sync and async) takes ``timeout``,
``max_retries`` and ``deadline``, has ``with_options``, takes its operations' arguments by
keyword, and has its calls cut off by ``timeout`` and ``deadline``.

The clients are found by walking the generated ``venues`` package (each venue module's
exported ``...Client`` classes), so a new venue or transport is covered without editing this
file. The calls go to local servers on 127.0.0.1 that accept the connection (and, for
WebSockets, the upgrade) and then never answer.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from contract_support import FIXTURES
from websockets.asyncio.server import ServerConnection, serve

import venues
from venues._runtime.errors import APITimeoutError
from venues._runtime.protocols.http import AsyncHttpClient, SyncHttpClient

SETTINGS = ("timeout", "max_retries", "deadline")
#: Upper bound of a call that ``timeout`` or ``deadline`` should end well before it.
CUT_OFF = 2.0


def client_classes() -> list[tuple[str, type[Any]]]:
    found = []
    for venue in venues.VENUES:
        module = importlib.import_module(f"venues.{venue}")
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) and name.endswith("Client"):
                found.append((venue, value))
    return found


CLIENTS = client_classes()
IDS = [cls.__name__ for _, cls in CLIENTS]


def test_every_venue_and_transport_is_found() -> None:
    assert {venue for venue, _ in CLIENTS} == set(venues.VENUES)
    assert len(CLIENTS) >= 2 * len(venues.VENUES)  # sync and async, except B2Trader


@pytest.mark.parametrize(("venue", "cls"), CLIENTS, ids=IDS)
def test_constructor_and_with_options_take_the_call_settings(venue: str, cls: type[Any]) -> None:
    parameters = inspect.signature(cls.__init__).parameters
    for name in SETTINGS:
        assert name in parameters, f"{cls.__name__}() has no {name}"
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters[name].default is not inspect.Parameter.empty
    assert parameters["deadline"].default is None
    options = inspect.signature(cls.with_options).parameters
    for name in SETTINGS:
        assert options[name].kind is inspect.Parameter.KEYWORD_ONLY, f"with_options({name})"


@pytest.mark.parametrize(("venue", "cls"), CLIENTS, ids=IDS)
def test_operation_arguments_are_keyword_only(venue: str, cls: type[Any]) -> None:
    methods = [
        (name, member)
        for klass in cls.__mro__
        if klass.__module__.startswith(f"venues.{venue}.")
        for name, member in vars(klass).items()
        if inspect.isfunction(member) and not name.startswith("_")
    ]
    assert methods
    for name, method in methods:
        for parameter in list(inspect.signature(method).parameters.values())[1:]:
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (
                f"{cls.__name__}.{name}({parameter.name}) is not keyword-only"
            )


# -- calls cut off -------------------------------------------------------------------------


class SilentServers:
    """An HTTP port and a WebSocket port on 127.0.0.1 that accept and never answer, served
    from their own thread so that blocking clients can be tested too."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.http_port = 0
        self.ws_port = 0

    async def _start(self) -> None:
        async def read_forever(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while await reader.read(65536):
                pass
            writer.close()

        async def ws_silent(ws: ServerConnection) -> None:
            async for _ in ws:
                pass

        self._tcp = await asyncio.start_server(read_forever, "127.0.0.1", 0)
        self._ws = await serve(ws_silent, "127.0.0.1", 0)
        self.http_port = self._tcp.sockets[0].getsockname()[1]
        self.ws_port = next(iter(self._ws.sockets)).getsockname()[1]

    async def _stop(self) -> None:
        self._tcp.close()
        self._ws.close()
        await self._ws.wait_closed()

    def __enter__(self) -> SilentServers:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(5)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture(scope="module")
def silent() -> Iterator[SilentServers]:
    with SilentServers() as servers:
        yield servers


def make_client(venue: str, cls: type[Any], silent: SilentServers, **settings: Any) -> Any:
    fixture = yaml.safe_load((FIXTURES / venue / "_venue.yaml").read_text(encoding="utf-8"))
    http = issubclass(cls, (SyncHttpClient, AsyncHttpClient))
    base_url = (
        f"http://127.0.0.1:{silent.http_port}" if http else f"ws://127.0.0.1:{silent.ws_port}"
    )
    return cls(**fixture["credentials"], base_url=base_url, **settings)


def fetch_arguments(cls: type[Any]) -> dict[str, Any]:
    """Values for the required arguments of ``fetch_open_orders`` (never sent anywhere real)."""
    values = {"int": 1, "str": "1"}
    return {
        name: values[str(parameter.annotation)]
        for name, parameter in inspect.signature(cls.fetch_open_orders).parameters.items()
        if name != "self" and parameter.default is inspect.Parameter.empty
    }


def timed_fetch(
    venue: str, cls: type[Any], silent: SilentServers, derive: Any = None, **settings: Any
) -> tuple[BaseException | None, float, Any]:
    """Build a client with ``settings`` (then ``derive(client)`` if given), call
    ``fetch_open_orders``, and return (the error, seconds taken, the client used)."""
    arguments = fetch_arguments(cls)

    async def run_async() -> tuple[BaseException | None, float, Any]:
        client = make_client(venue, cls, silent, **settings)
        used = derive(client) if derive else client
        started = time.monotonic()
        try:
            async with asyncio.timeout(10 * CUT_OFF):  # the test's own bound
                await used.fetch_open_orders(**arguments)
        except Exception as exc:
            return exc, time.monotonic() - started, used
        finally:
            await client.aclose()
        return None, time.monotonic() - started, used

    if inspect.iscoroutinefunction(cls.fetch_open_orders):
        return asyncio.run(run_async())
    client = make_client(venue, cls, silent, **settings)
    used = derive(client) if derive else client
    started = time.monotonic()
    try:
        used.fetch_open_orders(**arguments)
    except Exception as exc:
        return exc, time.monotonic() - started, used
    finally:
        client.close()
    return None, time.monotonic() - started, used


@pytest.mark.parametrize(("venue", "cls"), CLIENTS, ids=IDS)
def test_timeout_cuts_a_call_off(venue: str, cls: type[Any], silent: SilentServers) -> None:
    error, elapsed, _ = timed_fetch(venue, cls, silent, timeout=0.2, max_retries=0)
    assert isinstance(error, APITimeoutError), repr(error)
    assert error.venue == venue and elapsed < CUT_OFF


@pytest.mark.parametrize(("venue", "cls"), CLIENTS, ids=IDS)
def test_deadline_cuts_a_call_off(venue: str, cls: type[Any], silent: SilentServers) -> None:
    error, elapsed, _ = timed_fetch(venue, cls, silent, timeout=30.0, max_retries=5, deadline=0.3)
    assert isinstance(error, APITimeoutError), repr(error)
    assert elapsed < CUT_OFF


@pytest.mark.parametrize(("venue", "cls"), CLIENTS, ids=IDS)
def test_with_options_applies_to_the_copy_only(
    venue: str, cls: type[Any], silent: SilentServers
) -> None:
    def quick(client: Any) -> Any:
        copy = client.with_options(timeout=0.2, max_retries=0, deadline=9.0)
        assert type(copy) is cls
        assert (client.timeout, client.retry_policy.max_retries) == (30.0, 5)
        assert client.retry_policy.deadline is None
        assert (copy.timeout, copy.retry_policy.max_retries, copy.retry_policy.deadline) == (
            0.2,
            0,
            9.0,
        )
        return copy

    error, elapsed, _ = timed_fetch(venue, cls, silent, derive=quick, timeout=30.0, max_retries=5)
    assert isinstance(error, APITimeoutError), repr(error)
    assert elapsed < CUT_OFF
