"""The unified view, per venue, against the docs' examples and recorded fixtures: every
value written out by hand from the example it comes from."""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from contract_support import SPECS, Case, load_cases
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from venues._runtime import errors
from venues._runtime.unified import OpenOrder
from venues.registry import VENUES

ROOT = Path(__file__).resolve().parent.parent
D = Decimal


def unified_orders(venue: str, payload: Any) -> list[OpenOrder]:
    """Parse a payload with the venue's listing operation and map every order."""
    operations = importlib.import_module(f"venues.{venue}.operations")
    unified = importlib.import_module(f"venues.{venue}.unified")
    spec = yaml.safe_load((ROOT / "specs" / f"{venue}.yaml").read_text())
    op = getattr(operations, spec["unified"]["operation"].upper())
    result = op.adapter.validate_python(payload)
    items = op.pagination.items
    for token in filter(None, items.split("/")):
        result = getattr(result, token)
    return [unified.to_unified(order) for order in result]


def docs_example(venue: str) -> Any:
    return yaml.safe_load((ROOT / "tests" / "fixtures" / "docs_examples" / f"{venue}.yaml").read_text())["payload"]


def fields(order: OpenOrder, **expected: Any) -> None:
    for name, value in expected.items():
        assert getattr(order, name) == value, f"{order.venue} {name}: {getattr(order, name)!r} != {value!r}"


def test_registry_lists_every_spec_with_a_unified_view() -> None:
    with_unified = [
        path.stem
        for path in sorted(SPECS.glob("*.yaml"))
        if "unified" in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
    assert sorted(VENUES) == with_unified and len(VENUES) >= 6
    for entry in VENUES.values():
        assert hasattr(entry.async_client, "fetch_open_orders")
        assert entry.sync_client is None or hasattr(entry.sync_client, "fetch_open_orders")


def test_bitso_docs_example() -> None:
    (order,) = unified_orders("bitso", docs_example("bitso"))
    fields(
        order,
        venue="bitso", symbol="btc_mxn", market="BTC/MXN", market_type="spot",
        order_id="543cr2v32a1h68443", client_order_id="origin_id1", side="buy", type="limit",
        status="partially_filled", price=D("5600.00"), amount=D("0.01000000"),
        remaining=D("0.00500000"), filled=D("0.00500000"), average_price=None,
        time_in_force="gtc", post_only=False, reduce_only=None, trigger_price=None,
        created_at=datetime(2016, 4, 8, 17, 52, 31, tzinfo=UTC),
        updated_at=datetime(2016, 4, 8, 17, 52, 51, tzinfo=UTC), unmapped=(),
    )
    assert order.original.oid == "543cr2v32a1h68443"


def test_bitso_quirks_fixture_reports_the_unlisted_time_in_force() -> None:
    (case,) = [c for c in load_cases("bitso")["list_open_orders"] if c.name == "quirks"]
    first, second = unified_orders("bitso", case.response["body"]["payload"])
    fields(first, market="ETH/MXN", status="pending", time_in_force=None, post_only=None, updated_at=None)
    assert first.unmapped == (
        "time_in_force: 'immediateorcancel' has no unified value (known: goodtillcancelled, postonly)",
        "post_only: 'immediateorcancel' has no unified value (known: goodtillcancelled, postonly)",
    )
    fields(second, status="partially_filled", post_only=True, filled=D("0.00006000"), client_order_id="bot-7f3a")


def test_backpack_orders() -> None:
    (order,) = unified_orders("backpack", docs_example("backpack"))
    fields(
        order, market="SOL/USDC", market_type="spot", side="buy", type="limit", status="open",
        price=D("142.37"), amount=D("1.25"), filled=D("0"), remaining=D("1.25"),
        time_in_force="gtc", post_only=True, created_at=datetime(2024, 11, 7, 17, 20, 0, 123000, tzinfo=UTC),
        unmapped=(),
    )
    (case,) = [c for c in load_cases("backpack")["get_open_orders"] if c.name == "limit_and_trigger_orders"]
    limit, perp, trigger, unlisted = unified_orders("backpack", case.response["body"])
    fields(limit, client_order_id="42", reduce_only=None)
    fields(
        perp, market="BTC/USDC", market_type="perp", side="sell", status="partially_filled",
        filled=D("0.004"), remaining=D("0.006"), time_in_force="ioc", reduce_only=True,
    )
    fields(trigger, type="market", status="untriggered", trigger_price=D("3100.55"), amount=None, remaining=None)
    fields(unlisted, status=None, market="JUP/USDC")
    assert unlisted.unmapped[0].startswith("status: 'PendingNew' has no unified value")


def test_derive_docs_example() -> None:
    (order,) = unified_orders("derive", docs_example("derive"))
    fields(
        order, symbol="ETH-PERP", market="ETH/USDC", market_type="perp", side="buy", type="limit",
        status="open", price=D("3012.5"), amount=D("1.5"), filled=D("0"), remaining=D("1.5"),
        average_price=D("0"), client_order_id=None, time_in_force="gtc", post_only=False,
        trigger_price=None, created_at=datetime(2024, 11, 7, 17, 20, tzinfo=UTC), unmapped=(),
    )


@pytest.mark.parametrize(
    ("symbol", "market", "market_type"),
    [("ETH-PERP", "ETH/USDC", "perp"), ("BTC-20250328-100000-C", "BTC/USDC", "option"), ("LBTC-USDC", "LBTC/USDC", "spot")],
)
def test_derive_instrument_names(symbol: str, market: str, market_type: str) -> None:
    payload = docs_example("derive")
    payload["orders"][0]["instrument_name"] = symbol
    (order,) = unified_orders("derive", payload)
    assert (order.market, order.market_type) == (market, market_type)


def test_synthetix_docs_example() -> None:
    first, second = unified_orders("synthetix", docs_example("synthetix"))
    fields(
        first, market="BTC/USDT", market_type="perp", order_id="1958787130134106112", side="buy",
        type="limit", status="open", price=D("45000.00"), amount=D("0.1"), filled=D("0.0"),
        remaining=D("0.1"), trigger_price=None, time_in_force="gtc", reduce_only=False,
        post_only=False, created_at=datetime(2025, 8, 22, 7, 3, 54, tzinfo=UTC), unmapped=(),
    )
    fields(second, side="sell", status="partially_filled", filled=D("0.5"), remaining=D("1.5"), post_only=True)


def test_b2trader_docs_example() -> None:
    (order,) = unified_orders("b2trader", docs_example("b2trader"))
    fields(
        order, symbol="cfd.eur_chf", market="EUR/CHF", market_type="cfd", side="buy", type="limit",
        status="pending", price=D("0.9"), amount=D("10000"), remaining=D("10000"), filled=D("0"),
        average_price=D("0"), time_in_force="gtc", unmapped=(),
    )
    assert order.updated_at is not None and order.updated_at.raw == "2025-05-20T17:22:31.9001213Z"


def test_a_symbol_no_pattern_reads_is_reported() -> None:
    payload = docs_example("bitso")
    payload[0]["book"] = "BTC-MXN"
    (order,) = unified_orders("bitso", payload)
    assert order.market is None and order.market_type is None
    assert order.unmapped == ("market: 'BTC-MXN' matches none of the spec's symbol patterns",)


def with_unified_parameters(case: Case) -> Case:
    """The case as fetch_open_orders sends it: its query plus the spec's constant
    ``unified.parameters`` (the double expects exactly this query)."""
    fixed = yaml.safe_load((ROOT / "specs" / f"{case.venue}.yaml").read_text())["unified"].get("parameters", {})
    query = {**case.request.get("query", {}), **fixed}
    return dataclasses.replace(case, request={**case.request, "query": query})


@pytest.mark.parametrize("venue", ["bitso", "backpack"])
def test_fetch_open_orders_over_http(venue: str, httpserver: HTTPServer) -> None:
    operation = {"bitso": "list_open_orders", "backpack": "get_open_orders"}[venue]
    case = next(c for c in load_cases(venue)[operation] if c.expect.get("count", 0) > 0)
    with_unified_parameters(case).serve(httpserver)
    entry = VENUES[venue]
    with entry.sync_client(**case.client_options(), base_url=httpserver.url_for("/")) as client:
        orders = client.fetch_open_orders(**case.arguments)
    assert len(orders) == case.expect["count"]
    assert all(isinstance(o, OpenOrder) and o.venue == venue and o.market for o in orders)
    httpserver.check_assertions()


async def test_async_fetch_open_orders_over_http(httpserver: HTTPServer) -> None:
    (case,) = [c for c in load_cases("bitso")["list_open_orders"] if c.name == "docs_example"]
    with_unified_parameters(case).serve(httpserver)
    async with VENUES["bitso"].async_client(**case.client_options(), base_url=httpserver.url_for("/")) as client:
        orders = await client.fetch_open_orders(book="btc_mxn")
    assert [o.order_id for o in orders] == ["543cr2v32a1h68443", "qlbga6b600n3xta7", "d71e3xy2lowndkfm"]


def serve_bitso_orders(httpserver: HTTPServer, count: int) -> list[dict[str, str]]:
    """A Bitso double answering any open-orders query with ``count`` copies of the docs'
    order (distinct oids), capped at the ``limit`` sent as Bitso would; records each query."""
    (case,) = [c for c in load_cases("bitso")["list_open_orders"] if c.name == "docs_example"]
    template = case.response["body"]["payload"][0]
    queries: list[dict[str, str]] = []

    def handler(request: Request) -> Response:
        queries.append(dict(request.args))
        limit = int(request.args.get("limit", "500"))
        payload = [{**template, "oid": f"oid{i}"} for i in range(min(count, limit))]
        return Response(json.dumps({"success": True, "payload": payload}), content_type="application/json")

    httpserver.expect_request("/api/v3/open_orders", method="GET").respond_with_handler(handler)
    return queries


def bitso_client(httpserver: HTTPServer) -> Any:
    (case,) = [c for c in load_cases("bitso")["list_open_orders"] if c.name == "docs_example"]
    return VENUES["bitso"].sync_client(**case.client_options(), base_url=httpserver.url_for("/"), max_retries=0)


def test_bitso_asks_for_the_documented_limit_and_a_full_reply_is_a_truncation_error(
    httpserver: HTTPServer,
) -> None:
    queries = serve_bitso_orders(httpserver, count=600)  # more open orders than one reply holds
    with bitso_client(httpserver) as client:
        with pytest.raises(errors.TruncatedResultError) as caught:
            client.fetch_open_orders(book="btc_mxn")
        accepted = client.fetch_open_orders(book="btc_mxn", allow_truncated=True)
    assert [q["limit"] for q in queries] == ["500", "500"], "the spec's unified.parameters are sent"
    error = caught.value
    assert (error.venue, error.operation, error.parameter, error.limit) == ("bitso", "list_open_orders", "limit", 500)
    assert len(error.items) == 500 and all(isinstance(o, OpenOrder) for o in error.items)
    assert "allow_truncated=True" in str(error) and "no paging" in str(error)
    assert len(accepted) == 500


def test_bitso_a_reply_below_the_limit_is_complete(httpserver: HTTPServer) -> None:
    serve_bitso_orders(httpserver, count=499)
    with bitso_client(httpserver) as client:
        assert len(client.fetch_open_orders()) == 499


async def test_bitso_async_truncation(httpserver: HTTPServer) -> None:
    serve_bitso_orders(httpserver, count=500)  # exactly the limit: as ambiguous as more
    (case,) = [c for c in load_cases("bitso")["list_open_orders"] if c.name == "docs_example"]
    async with VENUES["bitso"].async_client(**case.client_options(), base_url=httpserver.url_for("/")) as client:
        with pytest.raises(errors.TruncatedResultError):
            await client.fetch_open_orders()


def test_an_unmapped_value_is_logged_once_at_info_never_as_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from venues._runtime import unified as runtime_unified

    getattr(runtime_unified, "_LOGGED", set()).clear()  # earlier tests may have logged them
    (case,) = [c for c in load_cases("bitso")["list_open_orders"] if c.name == "quirks"]
    payload = case.response["body"]["payload"]
    with caplog.at_level(logging.DEBUG, logger="venues"):
        for _ in range(3):  # three calls listing the same unlisted time in force
            first, _second = unified_orders("bitso", payload)
            assert len(first.unmapped) == 2, "every order still reports what it could not map"
    records = [r for r in caplog.records if r.name == "venues.unified"]
    assert not [r for r in records if r.levelno >= logging.WARNING]
    info = [r.getMessage() for r in records if r.levelno == logging.INFO]
    assert len(info) == 2, info  # time_in_force and post_only, each once
    assert all("'immediateorcancel'" in m for m in info)
    assert len([r for r in records if r.levelno == logging.DEBUG]) == 4, "the repeats go to DEBUG"


def test_the_package_is_silent_on_stderr_without_logging_configured() -> None:
    """A consumer that configures no logging sees nothing from the package (NullHandler)."""
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("venues").handlers)
    (case,) = [c for c in load_cases("bitso")["list_open_orders"] if c.name == "quirks"]
    script = (
        "import json, sys, logging\n"
        "from venues.bitso import operations, unified\n"
        "orders = operations.LIST_OPEN_ORDERS.adapter.validate_python(json.loads(sys.argv[1]))\n"
        "# a warning through the venues loggers must not reach stderr either\n"
        "logging.getLogger('venues.unified').warning('must stay silent')\n"
        "print(sum(len(unified.to_unified(o).unmapped) for o in orders))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(case.response["body"]["payload"])],
        capture_output=True, text=True, timeout=60, check=False,
        env={"PYTHONPATH": str(ROOT / "generated"), "PATH": os.environ.get("PATH", "")},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2" and result.stderr == ""
