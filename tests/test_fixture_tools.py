"""`python -m generator fixture new` and `make record`: the fixtures they write replay in the
contract tests' venue double, and a recording keeps no credential or account identifier.
Recording runs against a local server on 127.0.0.1 only."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from contract_support import (
    Case,
    VerificationFailed,
    check,
    oracle_for,
    read_fixture,
    run,
    spec,
    venue_fixture,
)
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator import fixtures
from generator.__main__ import main
from generator.apidiff import build_spec
from generator.pipeline import ROOT

SPECS = ROOT / "specs"
HTTP_OPERATIONS = [
    (path.stem, op.id)
    for path in sorted(SPECS.glob("*.yaml"))
    for op in build_spec(path).operations
    if op.http_path is not None
]


def replay(fixture: dict[str, Any], venue: str, server: HTTPServer) -> None:
    """What a generated HTTP contract test does with the fixture."""
    raw = yaml.safe_load(fixtures.dump(fixture))
    ops = [op["id"] for op in spec(venue)["operations"]]
    path = Path(f"/nowhere/{venue}/new.yaml")
    case = Case(venue=venue, name="new", path=path, **raw)
    assert raw["operation"] in ops
    case.serve(server)
    ir_venue = build_spec(SPECS / f"{venue}.yaml")
    client_class = getattr(
        importlib.import_module(f"venues.{venue}"), ir_venue.client_name("client")
    )
    py_name = next(o.py_name for o in ir_venue.operations if o.id == case.operation)
    with client_class(
        **case.client_options(), base_url=server.url_for("/"), max_retries=0
    ) as client:
        outcome = run(lambda: getattr(client, py_name)(**case.arguments))
    check(case, outcome, server)


@pytest.mark.parametrize(("venue", "operation"), HTTP_OPERATIONS, ids=lambda v: str(v))
def test_a_scaffolded_fixture_replays(
    venue: str, operation: str, httpserver: HTTPServer, tmp_path: Path
) -> None:
    fixture = fixtures.scaffold(
        build_spec(SPECS / f"{venue}.yaml"), operation, ROOT / "tests" / "fixtures"
    )
    assert fixture["source"].startswith("synthesized by `python -m generator fixture new")
    written = tmp_path / "new.yaml"
    written.write_text(fixtures.dump(fixture), encoding="utf-8")
    read_fixture(written, [op["id"] for op in spec(venue)["operations"]])
    replay(fixture, venue, httpserver)


def test_the_command_writes_the_fixture_and_will_not_overwrite(tmp_path: Path, capsys: Any) -> None:
    argv = ["fixture", "new", "derive_v3", "get_trigger_orders", "--fixtures", str(tmp_path)]
    assert main(argv) == 0
    written = tmp_path / "derive_v3" / "get_trigger_orders_synthesized.yaml"
    assert yaml.safe_load(written.read_text(encoding="utf-8"))["operation"] == "get_trigger_orders"
    assert main(argv) == 1
    assert "exists; pass --force" in capsys.readouterr().err


def test_an_operation_not_sent_over_http_is_refused() -> None:
    with pytest.raises(fixtures.FixtureProblem, match="not sent over HTTP"):
        fixtures.scaffold(
            build_spec(SPECS / "synthetix.yaml"), "get_open_orders", ROOT / "tests" / "fixtures"
        )
    with pytest.raises(fixtures.FixtureProblem, match="has no operation 'get_orders'"):
        fixtures.scaffold(
            build_spec(SPECS / "derive_v3.yaml"), "get_orders", ROOT / "tests" / "fixtures"
        )


# -- recording ------------------------------------------------------------------------------------

WALLET = venue_fixture("derive_v3")["credentials"]["wallet"]
KEY = venue_fixture("derive_v3")["credentials"]["private_key"]
SIGNATURE = "0x" + "ab" * 65
SUBACCOUNT = 4242


def local(server: HTTPServer) -> str:
    """The server's base URL on 127.0.0.1, as a user recording against a local double sets it."""
    return f"http://127.0.0.1:{server.port}/"


def live_order() -> dict[str, Any]:
    order = yaml.safe_load(
        (ROOT / "tests" / "fixtures" / "docs_examples" / "derive_v3.yaml").read_text()
    )["payload"]["orders"][0]
    return {
        **order,
        "subaccount_id": SUBACCOUNT,
        "signer": WALLET,
        "signature": SIGNATURE,
        "builder_code": "x1",
    }


def serve_live(server: HTTPServer, seen: list[dict[str, Any]]) -> None:
    """A stand-in for the live venue on 127.0.0.1: checks the X-Derive* signature."""
    verify = oracle_for("derive_v3")

    def handler(request: Request) -> Response:
        try:
            verify(request)
        except VerificationFailed as exc:
            return Response(
                json.dumps({"id": 1, "error": {"code": 14014, "message": str(exc)}}), status=401
            )
        seen.append({k: v for k, v in request.headers.items() if k.lower().startswith("x-derive")})
        result = {"subaccount_id": SUBACCOUNT, "orders": [live_order()]}
        return Response(json.dumps({"id": 1, "result": result}), content_type="application/json")

    server.expect_request("/private/get_open_orders", method="POST").respond_with_handler(handler)


def test_record_redacts_and_the_recording_replays(httpserver: HTTPServer) -> None:
    seen: list[dict[str, Any]] = []
    serve_live(httpserver, seen)
    env = {
        "VENUES_DERIVE_V3_WALLET": WALLET,
        "VENUES_DERIVE_V3_PRIVATE_KEY": KEY,
        "VENUES_DERIVE_V3_BASE_URL": local(httpserver),
    }
    venue = build_spec(SPECS / "derive_v3.yaml")
    fixture = fixtures.record(
        venue, "get_open_orders", {"subaccount_id": SUBACCOUNT}, env, today=dt.date(2026, 12, 2)
    )
    assert seen and {k.lower() for k in seen[0]} == {
        "x-derivewallet",
        "x-derivetimestamp",
        "x-derivesignature",
    }
    text = fixtures.dump(fixture)
    for secret in (WALLET, WALLET.lower(), KEY, KEY.removeprefix("0x"), SIGNATURE, str(SUBACCOUNT)):
        assert secret not in text, secret
    assert fixture["source"].startswith(
        "recorded from 127.0.0.1 on 2026-12-02 with specs/derive_v3.yaml version 1"
    )
    # The same stand-in everywhere, so the double's expected request matches the call.
    stand_in = fixture["arguments"]["subaccount_id"]
    assert fixture["request"]["json"] == {"subaccount_id": stand_in}
    assert fixture["response"]["body"]["result"]["subaccount_id"] == stand_in
    assert list(fixture["quirks"]) == ["builder_code"]
    httpserver.clear()
    replay(fixture, "derive_v3", httpserver)


def test_make_record_writes_the_file_and_names_missing_credentials(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.delenv("VENUES_DERIVE_V3_PRIVATE_KEY", raising=False)
    monkeypatch.setenv("VENUES_DERIVE_V3_WALLET", WALLET)
    argv = [
        "record",
        "derive_v3",
        "get_open_orders",
        "--arg",
        f"subaccount_id={SUBACCOUNT}",
        "--fixtures",
        str(tmp_path),
    ]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "VENUES_DERIVE_V3_PRIVATE_KEY" in err and KEY not in err
    serve_live(httpserver, [])
    monkeypatch.setenv("VENUES_DERIVE_V3_PRIVATE_KEY", KEY)
    monkeypatch.setenv("VENUES_DERIVE_V3_BASE_URL", local(httpserver))
    assert main(argv) == 0
    written = tmp_path / "derive_v3" / "recorded_get_open_orders.yaml"
    assert "recorded from 127.0.0.1" in written.read_text(encoding="utf-8")
    assert KEY not in capsys.readouterr().out


def test_an_error_reply_is_recorded_as_an_expected_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/private/get_open_orders").respond_with_json(
        {"id": 1, "error": {"code": -32602, "message": "Invalid params"}}
    )
    env = {
        "VENUES_DERIVE_V3_WALLET": WALLET,
        "VENUES_DERIVE_V3_PRIVATE_KEY": KEY,
        "VENUES_DERIVE_V3_BASE_URL": local(httpserver),
    }
    fixture = fixtures.record(
        build_spec(SPECS / "derive_v3.yaml"), "get_open_orders", {"subaccount_id": 1}, env
    )
    assert fixture["expect"] == {
        "error": "BadRequestError",
        "code": -32602,
        "error_message": "Invalid params",
    }


@pytest.mark.parametrize(
    ("venue", "path", "method", "arguments"),
    [
        # A query-signed venue: the recipe's timestamp and signature go last in the query.
        ("binance", "/api/v3/openOrders", "GET", {"symbol": "LTCBTC"}),
        # A form-body venue: the recipe's nonce goes first in the form.
        ("kraken", "/0/private/OpenOrders", "POST", {"trades": True}),
    ],
)
def test_a_recording_of_a_query_or_form_signed_venue_replays(
    httpserver: HTTPServer, venue: str, path: str, method: str, arguments: dict[str, Any]
) -> None:
    """The recipe's own placements (timestamp, nonce, signature) are left out of the recorded
    request, as in a hand-written fixture, and a form body is recorded as a form."""
    verify = oracle_for(venue)
    body = yaml.safe_load((ROOT / "tests" / "fixtures" / venue / "docs_example.yaml").read_text())[
        "response"
    ]["body"]

    def handler(request: Request) -> Response:
        try:
            verify(request)
        except VerificationFailed as exc:
            return Response(str(exc), status=401)
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request(path, method=method).respond_with_handler(handler)
    credentials = venue_fixture(venue)["credentials"]
    env = {f"VENUES_{venue.upper()}_{name.upper()}": value for name, value in credentials.items()}
    env[f"VENUES_{venue.upper()}_BASE_URL"] = local(httpserver)
    fixture = fixtures.record(build_spec(SPECS / f"{venue}.yaml"), "get_open_orders", arguments, env)
    text = fixtures.dump(fixture)
    for secret in credentials.values():
        assert str(secret) not in text
    request = fixture["request"]
    assert "signature" not in request.get("query", {}) and "timestamp" not in request.get("query", {})
    assert "nonce" not in request.get("form", {}) and "json" not in request
    httpserver.clear()
    replay(fixture, venue, httpserver)
