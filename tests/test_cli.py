"""The ``venues open-orders`` tool, run as a subprocess (the installed console script) against
local doubles of every venue of the registry (demo/doubles.py: 127.0.0.1, random ports, recorded
fixtures, signatures verified)."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from contract_support import FIXTURES, venue_fixture
from jsonrpc_ws_support import load_pages
from secrets_support import known_secrets, leaked

from demo.doubles import ALL, Doubles, dead_url
from venues import cli

SCRIPT = Path(sys.executable).with_name("venues")
#: Bound on one run of the tool.
RUN_TIMEOUT = 30.0


@pytest.fixture(scope="module")
def doubles() -> Iterator[Doubles]:
    with Doubles() as started:
        yield started
    assert not started.problems(), started.problems()


def run(
    *args: str, env: dict[str, str], home: Path, stderr: Any = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), **env}
    result = subprocess.run(
        [str(SCRIPT), "open-orders", *args],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    found = leaked((result.stdout or "") + (result.stderr or ""))
    assert not found, f"a secret was printed: {found}"
    return result


def body(venue: str, name: str) -> Any:
    return yaml.safe_load((FIXTURES / venue / f"{name}.yaml").read_text(encoding="utf-8"))


def rows(stdout: str) -> list[list[str]]:
    """The table's data rows, split on runs of two or more spaces."""
    import re

    lines = stdout.splitlines()
    assert lines[0].split() == list(cli.TABLE_COLUMNS)
    data = []
    for line in lines[2:]:
        if not line.strip():
            break
        data.append(re.split(r"\s{2,}", line.strip()))
    return data


# -- the script and the command line -------------------------------------------------------


def test_the_console_script_is_installed_and_documents_settings_and_exit_codes(
    tmp_path: Path,
) -> None:
    assert SCRIPT.is_file(), "pip install -e '.[dev]' installs the `venues` script"
    result = run("--help", env={}, home=tmp_path)
    assert result.returncode == 0
    for name in (
        "VENUES_BITSO_API_SECRET",
        "VENUES_DERIVE_SUBACCOUNT_ID",
        "VENUES_B2TRADER_HOST",
        "VENUES_SYNTHETIX_BASE_URL",
    ):
        assert name in result.stdout
    assert f"{cli.EXIT_PARTIAL}  several venues" in result.stdout


@pytest.mark.parametrize("args", [[], ["--venue", "nowhere"], ["--all", "--timeout", "0"]])
def test_usage_errors_exit_2(tmp_path: Path, doubles: Doubles, args: list[str]) -> None:
    result = run(*args, env=doubles.env(), home=tmp_path)
    assert result.returncode == cli.EXIT_USAGE, result.stderr
    assert result.stdout == ""


# -- orders ----------------------------------------------------------------------------------


def test_one_venue_as_a_table(tmp_path: Path, doubles: Doubles) -> None:
    result = run("--venue", "bitso", "--no-progress", env=doubles.env(["bitso"]), home=tmp_path)
    assert result.returncode == cli.EXIT_OK, result.stderr
    payload = body("bitso", "docs_example")["response"]["body"]["payload"]
    assert rows(result.stdout) == [
        [
            "bitso",
            "BTC/MXN",
            f"limit({o['side']})",
            status,
            o["price"],
            o["original_amount"],
            format(Decimal(o["original_amount"]) - Decimal(o["unfilled_amount"]), "f"),
            o["unfilled_amount"],
            "2016-04-08 17:52:31Z",
        ]
        for o, status in zip(payload, ["partially_filled", "open", "open"], strict=True)
    ]


@pytest.fixture(scope="module")
def all_as_json(
    doubles: Doubles, tmp_path_factory: pytest.TempPathFactory
) -> subprocess.CompletedProcess[str]:
    """One ``--all --format json`` run (stderr not a terminal), shared by several tests."""
    return run("--all", "--format", "json", env=doubles.env(), home=tmp_path_factory.mktemp("home"))


def _json(stdout: str) -> list[dict[str, Any]]:
    orders = json.loads(stdout)
    assert isinstance(orders, list)
    for order in orders:
        assert set(order) == set(cli.RECORD_FIELDS) and "original" not in order
    return orders


def test_every_venue_as_json_carries_the_recorded_values_exactly(
    all_as_json: subprocess.CompletedProcess[str],
) -> None:
    result = all_as_json
    assert result.returncode == cli.EXIT_OK, result.stderr
    orders = _json(result.stdout)
    by_venue: dict[str, dict[str, dict[str, Any]]] = {}
    for order in orders:
        by_venue.setdefault(order["venue"], {})[order["order_id"]] = order
    assert sorted(by_venue) == sorted(ALL)
    # Decimals are the venue's exact strings; times ISO 8601 with a zone.
    for o in body("bitso", "docs_example")["response"]["body"]["payload"]:
        got = by_venue["bitso"][o["oid"]]
        assert (got["price"], got["amount"], got["remaining"]) == (
            o["price"],
            o["original_amount"],
            o["unfilled_amount"],
        )
        assert datetime.fromisoformat(got["created_at"]) == datetime.fromisoformat(o["created_at"])
    pages = load_pages("derive")
    still_open = [i for i in pages.items if i["order_status"] in ("open", "untriggered")]
    assert sorted(by_venue["derive"]) == sorted(i["order_id"] for i in still_open)  # 3 pages walked
    for i in still_open:
        assert by_venue["derive"][i["order_id"]]["amount"] == i["amount"]
    closed = [i["order_id"] for i in pages.items if i["order_status"] not in ("open", "untriggered")]
    assert len(closed) == 2 and not set(closed) & set(by_venue["derive"]), "fetch_open_orders drops closed orders"
    for o in body("synthetix", "docs_example")["reply"]["result"]["response"]:
        got = by_venue["synthetix"][o["orderId"]]
        assert (got["price"], got["amount"], got["filled"]) == (
            o["price"],
            o["quantity"],
            o["filledQuantity"],
        )
        assert got["market"] == o["symbol"].replace("-", "/")
    [b2] = by_venue["b2trader"].values()
    assert (b2["market"], b2["market_type"], b2["price"]) == ("EUR/CHF", "cfd", "0.9")
    unmapped = [o for o in by_venue["backpack"].values() if o["unmapped"]]
    assert unmapped and unmapped[0]["status"] is None and "PendingNew" in unmapped[0]["unmapped"][0]
    assert all(datetime.fromisoformat(o["created_at"]).tzinfo is not None for o in orders)


def test_csv_has_a_header_and_the_same_values_as_json(
    tmp_path: Path, doubles: Doubles, all_as_json: subprocess.CompletedProcess[str]
) -> None:
    as_json = _json(all_as_json.stdout)
    result = run("--all", "--format", "csv", env=doubles.env(), home=tmp_path)
    assert result.returncode == cli.EXIT_OK, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert tuple(reader.fieldnames or ()) == cli.RECORD_FIELDS

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return "; ".join(value) if isinstance(value, list) else str(value)

    def key(row: dict[str, str]) -> tuple[str, str]:
        return row["venue"], row["order_id"]

    expected = sorted(({k: cell(v) for k, v in o.items()} for o in as_json), key=key)
    assert sorted(reader, key=key) == expected
    assert {row["venue"] for row in expected} == set(ALL)  # every venue of the registry


# -- --symbol ----------------------------------------------------------------------------------


def test_symbol_is_sent_to_venues_that_filter_and_matched_locally_elsewhere(
    tmp_path: Path, doubles: Doubles
) -> None:
    from venues.registry import VENUES

    before = {venue: len(doubles.received[venue]) for venue in ALL}
    streams_before = len(doubles.stream_invocations())
    result = run(
        "--all", "--symbol", "ETH-PERP", "--format", "json", env=doubles.env(), home=tmp_path
    )
    assert result.returncode == cli.EXIT_OK, result.stderr
    orders = _json(result.stdout)
    assert len(orders) == 4 and {(o["venue"], o["symbol"]) for o in orders} == {
        ("derive", "ETH-PERP"),
        ("derive_v3", "ETH-PERP"),
    }
    for venue, entry in VENUES.items():
        sent = doubles.received[venue][before[venue] :]
        if entry.symbol_filter is None:  # the venue cannot filter: the symbol is never sent
            assert all("ETH-PERP" not in params.values() for params in sent), venue
        else:
            assert sent and all(params[entry.symbol_filter] == "ETH-PERP" for params in sent), venue
    # B2Trader served its order (it cannot filter); the tool left it out.
    assert len(doubles.stream_invocations()) == streams_before + 1
    found = run(
        "--venue",
        "b2trader",
        "--symbol",
        "cfd.eur_chf",
        "--format",
        "json",
        env=doubles.env(["b2trader"]),
        home=tmp_path,
    )
    assert found.returncode == cli.EXIT_OK, found.stderr
    assert [o["symbol"] for o in _json(found.stdout)] == ["cfd.eur_chf"]


def test_a_unified_market_symbol_filters_every_venue(tmp_path: Path, doubles: Doubles) -> None:
    result = run(
        "--all", "--symbol", "eth/usdc", "--format", "json", env=doubles.env(), home=tmp_path
    )
    assert result.returncode == cli.EXIT_OK, result.stderr
    orders = _json(result.stdout)
    assert {o["venue"] for o in orders} == {"backpack", "derive", "derive_v3"}  # the fixtures' ETH/USDC
    assert all(o["market"] == "ETH/USDC" for o in orders)


# -- failures --------------------------------------------------------------------------------


def test_one_failing_venue_does_not_hide_the_others(tmp_path: Path, doubles: Doubles) -> None:
    env = doubles.env(wrong=["backpack"])
    env["VENUES_SYNTHETIX_BASE_URL"] = dead_url("ws")
    result = run("--all", "--retries", "0", env=env, home=tmp_path)
    assert result.returncode == cli.EXIT_PARTIAL, result.stderr
    venues = {row[0] for row in rows(result.stdout)}
    assert venues == set(ALL) - {"backpack", "synthetix"}
    assert "backpack: authentication failed" in result.stderr
    assert "VENUES_BACKPACK_API_SECRET" in result.stderr
    assert "synthetix: network failure" in result.stderr
    listed = len(rows(result.stdout))
    assert f"{listed} open orders from {len(ALL) - 2} of {len(ALL)} venues" in result.stderr


def test_wrong_credentials_exit_with_the_auth_code(tmp_path: Path, doubles: Doubles) -> None:
    single = run("--venue", "bitso", env=doubles.env(["bitso"], wrong=["bitso"]), home=tmp_path)
    assert single.returncode == cli.EXIT_AUTH, single.stderr
    assert "bitso: authentication failed" in single.stderr and single.stdout == ""
    every = run("--all", "--retries", "0", env=doubles.env(wrong=ALL), home=tmp_path)
    assert every.returncode == cli.EXIT_AUTH, every.stderr  # all refused the same way
    assert every.stdout == ""
    for venue in ALL:
        assert f"{venue}: authentication failed" in every.stderr


def test_nothing_listening_exits_with_the_network_code(tmp_path: Path, doubles: Doubles) -> None:
    env = doubles.env(["bitso", "b2trader", "synthetix"])
    env["VENUES_BITSO_BASE_URL"] = dead_url("http")
    env["VENUES_B2TRADER_BASE_URL"] = dead_url("ws")
    env["VENUES_SYNTHETIX_BASE_URL"] = dead_url("ws")
    single = run("--venue", "bitso", "--retries", "0", env=env, home=tmp_path)
    assert single.returncode == cli.EXIT_NETWORK, single.stderr
    assert "bitso: network failure" in single.stderr
    every = run("--all", "--retries", "0", env=env, home=tmp_path)
    assert every.returncode == cli.EXIT_NETWORK, every.stderr  # all failed the same way
    assert every.stdout == ""
    assert all(f"{v}: network failure" in every.stderr for v in ("bitso", "b2trader", "synthetix"))


def test_missing_credentials_name_the_variables_and_print_no_value(
    tmp_path: Path, doubles: Doubles
) -> None:
    key = venue_fixture("bitso")["credentials"]["api_key"]
    result = run("--venue", "bitso", env={"VENUES_BITSO_API_KEY": key}, home=tmp_path)
    assert result.returncode == cli.EXIT_CONFIG
    assert "VENUES_BITSO_API_SECRET" in result.stderr and key not in result.stderr + result.stdout
    nothing = run("--all", env={}, home=tmp_path)
    assert nothing.returncode == cli.EXIT_CONFIG
    assert (
        "VENUES_DERIVE_PRIVATE_KEY" in nothing.stderr and "VENUES_BITSO_API_KEY" in nothing.stderr
    )


def test_a_missing_required_parameter_is_a_configuration_error(
    tmp_path: Path, doubles: Doubles
) -> None:
    env = doubles.env(["derive"])
    del env["VENUES_DERIVE_SUBACCOUNT_ID"]
    result = run("--venue", "derive", env=env, home=tmp_path)
    assert result.returncode == cli.EXIT_CONFIG
    assert "VENUES_DERIVE_SUBACCOUNT_ID" in result.stderr
    env["VENUES_DERIVE_SUBACCOUNT_ID"] = "thirty"
    result = run("--venue", "derive", env=env, home=tmp_path)
    assert result.returncode == cli.EXIT_CONFIG
    assert (
        "VENUES_DERIVE_SUBACCOUNT_ID must be an integer" in result.stderr
        and "thirty" not in result.stderr
    )


# -- config file -------------------------------------------------------------------------------


def test_settings_from_a_config_file_and_the_environment_wins(
    tmp_path: Path, doubles: Doubles
) -> None:
    settings = doubles.settings("bitso")
    config = tmp_path / "venues.toml"
    # No secret in the file (the suite forbids test secrets in files it writes): the key and a
    # server where nothing listens; the environment gives the secret and the right server.
    config.write_text(
        f'[bitso]\napi_key = "{settings["api_key"]}"\nbase_url = "{dead_url()}"\n', encoding="utf-8"
    )
    config.chmod(0o600)
    incomplete = run("--venue", "bitso", "--config", str(config), env={}, home=tmp_path)
    assert incomplete.returncode == cli.EXIT_CONFIG
    assert (
        "VENUES_BITSO_API_SECRET" in incomplete.stderr
        and "VENUES_BITSO_API_KEY" not in incomplete.stderr
    )
    env = {
        "VENUES_BITSO_API_SECRET": settings["api_secret"],
        "VENUES_BITSO_BASE_URL": settings["base_url"],
    }
    result = run(
        "--venue", "bitso", "--config", str(config), "--format", "json", env=env, home=tmp_path
    )
    assert result.returncode == cli.EXIT_OK, result.stderr
    assert len(_json(result.stdout)) == 3
    assert "can be read by other users" not in result.stderr
    config.chmod(0o644)
    default = tmp_path / ".config" / "venues" / "config.toml"  # found without --config
    default.parent.mkdir(parents=True)
    config.rename(default)
    warned = run("--venue", "bitso", "--format", "json", env=env, home=tmp_path)
    assert warned.returncode == cli.EXIT_OK and "can be read by other users" in warned.stderr


def test_a_broken_or_missing_config_file_is_a_configuration_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[bitso]\napi_secret = "unterminated\n', encoding="utf-8")
    result = run("--all", "--config", str(broken), env={}, home=tmp_path)
    assert result.returncode == cli.EXIT_CONFIG and "not valid TOML" in result.stderr
    assert "unterminated" not in result.stderr
    missing = run("--all", "--config", str(tmp_path / "absent.toml"), env={}, home=tmp_path)
    assert missing.returncode == cli.EXIT_CONFIG and "does not exist" in missing.stderr


# -- progress ----------------------------------------------------------------------------------


def test_progress_goes_to_a_terminal_stderr_only(tmp_path: Path, doubles: Doubles) -> None:
    leader, follower = pty.openpty()
    try:
        result = run("--all", "--format", "json", env=doubles.env(), home=tmp_path, stderr=follower)
        os.close(follower)
        follower = -1
        seen = b""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    assert result.returncode == cli.EXIT_OK
    assert b"waiting for" in seen and b"b2trader" in seen
    assert {o["venue"] for o in _json(result.stdout)} == set(ALL)  # stdout is pure data
    assert known_secrets() and not leaked(seen.decode(errors="replace"))


def test_no_progress_when_stderr_is_not_a_terminal(
    all_as_json: subprocess.CompletedProcess[str],
) -> None:
    result = all_as_json
    assert result.returncode == cli.EXIT_OK
    count = len(_json(result.stdout))
    assert f"{count} open orders from {len(ALL)} of {len(ALL)} venues" in result.stderr
    assert "waiting for" not in result.stderr and "\r" not in result.stderr


# -- what is asked of the venues, closed and truncated listings ------------------------------


def test_the_venues_are_asked_for_open_orders_in_the_largest_pages(
    tmp_path: Path, doubles: Doubles
) -> None:
    """The spec's ``unified.parameters`` reach the venue (the doubles record every request)."""
    before = {venue: len(doubles.received[venue]) for venue in ALL}
    result = run("--all", "--format", "json", env=doubles.env(), home=tmp_path)
    assert result.returncode == cli.EXIT_OK, result.stderr
    sent = {venue: doubles.received[venue][before[venue] :] for venue in ALL}
    assert {p["status"] for p in sent["derive"]} == {"open", "untriggered"}
    assert all(p["page_size"] == 1000 for p in sent["derive"])
    assert [p["limit"] for p in sent["bitso"]] == ["500"]
    assert sent["synthetix"] and all(p["limit"] == 100 for p in sent["synthetix"])
    assert "closed" not in result.stderr  # the venues filtered: nothing to leave out


def test_closed_orders_left_out_are_counted_on_stderr(tmp_path: Path) -> None:
    # A Derive that ignores the status filter and lists filled and cancelled orders too.
    with Doubles(["derive"], status_filters=False) as ignoring:
        result = run(
            "--venue", "derive", "--format", "json", env=ignoring.env(), home=tmp_path
        )
    assert result.returncode == cli.EXIT_OK, result.stderr
    pages = load_pages("derive")
    closed = [i for i in pages.items if i["order_status"] in ("filled", "cancelled")]
    assert len(closed) == 2
    assert {o["order_id"] for o in _json(result.stdout)}.isdisjoint(i["order_id"] for i in closed)
    assert "derive: 2 closed orders (filled, cancelled, expired or rejected) left out" in result.stderr
    assert "; 2 closed left out" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_formats_stay_valid_when_every_venue_fails(tmp_path: Path, fmt: str) -> None:
    env = {
        "VENUES_BITSO_API_KEY": "k" * 8,
        "VENUES_BITSO_API_SECRET": "s" * 8,
        "VENUES_BITSO_BASE_URL": dead_url("http"),
    }
    result = run("--venue", "bitso", "--retries", "0", "--format", fmt, env=env, home=tmp_path)
    assert result.returncode == cli.EXIT_NETWORK, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout) == []
    else:
        assert list(csv.reader(io.StringIO(result.stdout))) == [list(cli.RECORD_FIELDS)]
    assert "bitso: network failure" in result.stderr


def _full_bitso(httpserver: Any) -> dict[str, str]:
    """A Bitso double whose reply always fills the limit asked for (more orders exist)."""
    from werkzeug import Request, Response

    template = body("bitso", "docs_example")["response"]["body"]["payload"][0]

    def handler(request: Request) -> Response:
        count = int(request.args.get("limit", "500"))
        payload = [{**template, "oid": f"o{i}"} for i in range(count)]
        return Response(json.dumps({"success": True, "payload": payload}), content_type="application/json")

    httpserver.expect_request("/api/v3/open_orders").respond_with_handler(handler)
    return {
        "VENUES_BITSO_API_KEY": "k" * 8,
        "VENUES_BITSO_API_SECRET": "s" * 8,
        "VENUES_BITSO_BASE_URL": httpserver.url_for("/"),
    }


def test_a_truncated_listing_is_reported_not_silently_shortened(tmp_path: Path, httpserver: Any) -> None:
    env = _full_bitso(httpserver)
    refused = run("--venue", "bitso", "--format", "json", env=env, home=tmp_path)
    assert refused.returncode == cli.EXIT_VENUE_ERROR, refused.stderr
    assert json.loads(refused.stdout) == []
    assert "bitso: the reply holds 500 orders" in refused.stderr
    assert "limit=500" in refused.stderr and "--allow-truncated" in refused.stderr
    accepted = run("--venue", "bitso", "--format", "json", "--allow-truncated", env=env, home=tmp_path)
    assert accepted.returncode == cli.EXIT_OK, accepted.stderr
    assert len(json.loads(accepted.stdout)) == 500
    assert "bitso: the reply was full (limit=500, no paging)" in accepted.stderr


# -- version and `python -m venues` ----------------------------------------------------------


def _project_version() -> str:
    import tomllib

    root = Path(__file__).resolve().parent.parent
    return str(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


@pytest.mark.parametrize("command", [[str(SCRIPT)], [sys.executable, "-m", "venues"]])
def test_version(command: list[str]) -> None:
    result = subprocess.run(
        [*command, "--version"], capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"venues {_project_version()}"


def test_python_m_works_vendored_under_another_package_path(tmp_path: Path, doubles: Doubles) -> None:
    """The tool is an application of the package (venues/cli.py, venues/__main__.py), not of
    its runtime, and imports the package relatively: a vendored copy runs as
    ``python -m <anywhere>.venues``."""
    import shutil

    generated = Path(__file__).resolve().parent.parent / "generated" / "venues"
    assert not (generated / "_runtime" / "cli.py").exists()
    vendor = tmp_path / "site" / "thirdparty"
    shutil.copytree(generated, vendor / "vendored_venues", ignore=shutil.ignore_patterns("__pycache__"))
    (vendor / "__init__.py").write_text("", encoding="utf-8")
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(tmp_path / "site"),
        **doubles.env(["bitso"]),
    }
    result = subprocess.run(
        [sys.executable, "-I", "-c",
         # An installed `venues` must not be what runs: importing it by that name fails.
         "import sys, runpy; sys.modules['venues'] = None; sys.path.insert(0, sys.argv[1]);"
         "sys.argv = ['venues', *sys.argv[2:]];"
         "runpy.run_module('thirdparty.vendored_venues', run_name='__main__', alter_sys=True)",
         str(tmp_path / "site"), "open-orders", "--venue", "bitso", "--format", "json"],
        env=environ, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False, cwd=tmp_path,
    )
    assert result.returncode == cli.EXIT_OK, result.stderr
    assert len(json.loads(result.stdout)) == 3
