"""Unit tests of venues.cli's pieces (settings, exit codes, output); the tool as a
whole runs as a subprocess in tests/test_cli.py."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from venues import cli
from venues._runtime import errors
from venues._runtime.secrets import Secret
from venues._runtime.unified import CredentialInfo, OpenOrder, ParameterInfo, VenueEntry

ENTRY = VenueEntry(
    id="acme",
    title="Acme",
    async_client=object,
    sync_client=None,
    credentials=(CredentialInfo("api_key", "key"), CredentialInfo("api_secret", "secret", secret=True)),
    server_variables=(ParameterInfo("host", "host", required=True),),
    fetch_parameters=(
        ParameterInfo("account_id", "account", required=True, type="integer"),
        ParameterInfo("market", "filter", type="string"),
    ),
    symbol_filter="market",
)


def order(**changes: Any) -> OpenOrder:
    values: dict[str, Any] = {name: None for name in OpenOrder.__dataclass_fields__}
    values.update(venue="acme", unmapped=(), original=object())
    values.update(changes)
    return OpenOrder(**values)


def test_env_names_follow_the_documented_scheme() -> None:
    assert cli.env_name("bitso", "api_secret") == "VENUES_BITSO_API_SECRET"
    assert cli.env_name("b2trader", "base_url") == "VENUES_B2TRADER_BASE_URL"
    names = [s.name for s in cli.settings_of(ENTRY)]
    assert names == ["api_key", "api_secret", "host", "account_id", "base_url"]  # not the filter


def test_environment_wins_over_the_config_file_and_secrets_are_wrapped() -> None:
    environ = {"VENUES_ACME_API_SECRET": "s3cret-value", "VENUES_ACME_ACCOUNT_ID": " 42 "}
    table = {"api_key": "k", "api_secret": "from-file", "host": "h.example", "account_id": 7}
    resolved = cli.resolve(ENTRY, environ, table)
    assert not resolved.missing and not resolved.problems and resolved.configured
    secret = resolved.values["api_secret"]
    assert isinstance(secret, Secret) and secret.reveal() == "s3cret-value"
    assert resolved.values["account_id"] == 42 and resolved.values["api_key"] == "k"
    assert "s3cret-value" not in repr(resolved)


def test_missing_and_invalid_settings_name_the_variable_never_the_value() -> None:
    resolved = cli.resolve(ENTRY, {"VENUES_ACME_ACCOUNT_ID": "forty-two"}, {"api_key": "k"})
    assert [s.name for s in resolved.missing] == ["api_secret", "host", "account_id"]
    assert resolved.problems == ["VENUES_ACME_ACCOUNT_ID must be an integer"]
    with_base = cli.resolve(ENTRY, {"VENUES_ACME_BASE_URL": "ws://127.0.0.1:1"}, {})
    assert "host" not in [s.name for s in with_base.missing]  # a base URL replaces the host
    assert not with_base.configured


def test_a_failure_maps_to_its_exit_code_with_credentials_masked() -> None:
    resolved = cli.resolve(ENTRY, {"VENUES_ACME_API_SECRET": "s3cret-value"}, {})
    cases: list[tuple[BaseException, int]] = [
        (errors.AuthenticationError("no", venue="acme", operation="o", status_code=401, raw_body=b""), cli.EXIT_AUTH),
        (errors.APITimeoutError("slow", venue="acme", operation="o"), cli.EXIT_NETWORK),
        (errors.ConnectionClosedError("gone", venue="acme", operation="o"), cli.EXIT_NETWORK),
        (TimeoutError(), cli.EXIT_NETWORK),
        (errors.ServerError("boom", venue="acme", operation="o", status_code=500, raw_body=b""), cli.EXIT_VENUE_ERROR),
        (cli.ConfigError("bad"), cli.EXIT_CONFIG),
        (RuntimeError("leaks s3cret-value"), cli.EXIT_VENUE_ERROR),
    ]
    for exc, code in cases:
        got, message = cli._describe(exc, resolved)
        assert got == code, exc
        assert "s3cret-value" not in message


@pytest.mark.parametrize(
    ("codes", "overall"),
    [
        ([0, 0], cli.EXIT_OK),
        ([0, 4], cli.EXIT_PARTIAL),
        ([5, 5], cli.EXIT_NETWORK),
        ([4, 5], cli.EXIT_VENUE_ERROR),
        ([3], cli.EXIT_CONFIG),
    ],
)
def test_the_overall_exit_code(codes: list[int], overall: int) -> None:
    assert cli._overall([cli.Outcome("v", code=c) for c in codes]) == overall


def test_json_and_csv_keep_decimals_exact_and_times_iso() -> None:
    created = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    orders = [
        order(price=Decimal("1E-8"), amount=Decimal("12.000000000000000001"), created_at=created,
              post_only=True, unmapped=("status: 'X' has no unified value",)),
        order(price=Decimal("100"), amount=Decimal("0.10")),
    ]
    out = io.StringIO()
    cli.write_json(orders, out)
    parsed = json.loads(out.getvalue())
    assert parsed[0]["price"] == "0.00000001" and Decimal(parsed[0]["amount"]) == orders[0].amount
    assert parsed[0]["created_at"] == "2026-01-02T03:04:05.678000+00:00"
    assert parsed[0]["unmapped"] == ["status: 'X' has no unified value"] and "original" not in parsed[0]
    assert parsed[1]["amount"] == "0.10" and parsed[1]["post_only"] is None
    out = io.StringIO()
    cli.write_csv(orders, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["price"] == "0.00000001" and rows[0]["post_only"] == "true"
    assert rows[1]["created_at"] == "" and rows[1]["amount"] == "0.10"


def test_the_table_columns_and_unmapped_notes() -> None:
    out = io.StringIO()
    cli.write_table(
        [order(market="BTC/USDC", market_type="perp", type="limit", side="sell", status="open",
               price=Decimal("5E+1"), created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
         order(symbol="odd", order_id="7", unmapped=("market: 'odd' matches nothing",))],
        out,
    )
    lines = out.getvalue().splitlines()
    assert lines[0].split() == list(cli.TABLE_COLUMNS)
    assert lines[2].split() == ["acme", "BTC/USDC", "perp", "limit(sell)", "open", "50", "2026-01-02", "03:04:05Z"]
    assert lines[3].split()[:4] == ["acme", "odd", "?", "?"]
    assert "acme 7: market: 'odd' matches nothing" in out.getvalue()
