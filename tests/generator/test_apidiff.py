"""The API change report: spec edits classed as breaking, deprecated or compatible."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from git_support import git

from generator import apidiff
from generator.__main__ import main, print_api_summary
from generator.pipeline import ROOT
from venues import VENUES as GENERATED_VENUES

SPECS = ROOT / "specs"


def edited(
    tmp_path: Path, venue: str, edit: Callable[[dict[str, Any]], None]
) -> list[apidiff.Change]:
    """The changes an edit of ``specs/<venue>.yaml`` makes to its public API."""
    data = yaml.safe_load((SPECS / f"{venue}.yaml").read_text(encoding="utf-8"))
    edit(data)
    (tmp_path / f"{venue}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    old = apidiff.venues_in(SPECS, [venue])[venue]
    new = apidiff.venues_in(tmp_path, [venue])[venue]
    return apidiff.compare(old, new)


def summary(changes: list[apidiff.Change]) -> set[tuple[str, str, str]]:
    return {(c.kind, c.where, c.what) for c in changes}


def rename_origin_id(alias: bool) -> Callable[[dict[str, Any]], None]:
    def edit(spec: dict[str, Any]) -> None:
        props = spec["components"]["schemas"]["OpenOrder"]["properties"]
        props["client_id"] = props.pop("origin_id") | (
            {"renamed_from": "origin_id"} if alias else {}
        )
        spec["unified"]["fields"]["client_order_id"] = {"field": "client_id"}

    return edit


def test_an_unchanged_spec_has_no_changes() -> None:
    api = apidiff.venues_in(SPECS)
    assert set(api) == set(GENERATED_VENUES)
    for venue in api.values():
        assert apidiff.compare(venue, venue) == []


def test_a_field_renamed_without_alias_is_a_breaking_removal(tmp_path: Path) -> None:
    changes = summary(edited(tmp_path, "bitso", rename_origin_id(alias=False)))
    assert (apidiff.BREAKING, "OpenOrder.origin_id", "field removed") in changes
    assert (apidiff.COMPATIBLE, "OpenOrder.client_id", "new field (str, optional)") in changes


def test_a_declared_rename_is_one_deprecation(tmp_path: Path) -> None:
    changes = edited(tmp_path, "bitso", rename_origin_id(alias=True))
    kinds = {(c.kind, c.where) for c in changes}
    assert (apidiff.DEPRECATED, "OpenOrder.client_id") in kinds
    assert not any(c.kind == apidiff.BREAKING for c in changes)
    assert not any("origin_id" == c.where.rsplit(".", 1)[-1] for c in changes)


def test_parameters(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        params = spec["operations"][0]["parameters"]
        page_size = next(p for p in params if p["name"] == "page_size")
        page_size["schema"]["maximum"] = 500
        spec["unified"]["parameters"]["page_size"] = 500  # what fetch_open_orders asks for must fit
        status = next(p for p in params if p["name"] == "status")
        status["schema"]["enum"] = [
            "open",
            "filled",
            "cancelled",
            "untriggered",
            "insufficient_margin",
        ]
        label = next(p for p in params if p["name"] == "label")
        label["name"], label["renamed_from"] = "order_label", "label"
        params.append(
            {
                "name": "currency",
                "in": "params",
                "required": True,
                "description": "x",
                "schema": {"type": "string"},
            }
        )
        params.append(
            {
                "name": "wallet_filter",
                "in": "params",
                "description": "x",
                "schema": {"type": "string"},
            }
        )
        params.remove(next(p for p in params if p["name"] == "instrument_name"))
        del spec["unified"]["symbol_filter"]

    changes = summary(edited(tmp_path, "derive", edit))
    assert changes >= {
        (apidiff.BREAKING, "get_orders(page_size=)", "maximum 1000 -> 500 (narrowed)"),
        (apidiff.BREAKING, "get_orders(status=)", "no longer accepts 'expired'"),
        (apidiff.COMPATIBLE, "get_orders(status=)", "also accepts 'insufficient_margin'"),
        (
            apidiff.DEPRECATED,
            "get_orders(order_label=)",
            "renamed from label=; the old keyword still works, deprecated",
        ),
        (apidiff.BREAKING, "get_orders(currency=)", "new required parameter (str)"),
        (apidiff.COMPATIBLE, "get_orders(wallet_filter=)", "new optional parameter (str)"),
        (apidiff.BREAKING, "get_orders(instrument_name=)", "parameter removed"),
    }


def test_models_enums_operations_and_the_unified_mapping(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        schemas = spec["components"]["schemas"]
        schemas["OrderStatus"]["enum"] = ["open", "filled", "cancelled", "untriggered", "rejected"]
        schemas["Order"]["properties"]["nonce"] = {"type": "string", "description": "now a string"}
        schemas["Order"]["properties"]["replaced_order_id"]["type"] = "string"
        schemas["Order"]["required"].remove("label")
        del spec["unified"]["fields"]["trigger_price"]
        spec["operations"][0]["id"] = "get_open_orders"
        spec["unified"]["operation"] = "get_open_orders"

    changes = summary(edited(tmp_path, "derive", edit))
    assert changes >= {
        (apidiff.BREAKING, "OrderStatus", "values removed: 'expired'"),
        (apidiff.COMPATIBLE, "OrderStatus", "new values: 'rejected'"),
        (apidiff.BREAKING, "Order.nonce", "type int -> str"),
        (apidiff.COMPATIBLE, "Order.replaced_order_id", "no longer None"),
        (apidiff.BREAKING, "Order.label", "may now be absent (None)"),
        (apidiff.BREAKING, "OpenOrder.trigger_price", "no longer mapped (now always None)"),
        (apidiff.BREAKING, "get_orders()", "operation removed (and iter_orders())"),
    }
    assert any(c[0] == apidiff.COMPATIBLE and c[1] == "get_open_orders()" for c in changes)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of specs/bitso.yaml, committed."""
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(SPECS / "bitso.yaml", specs / "bitso.yaml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "specs")
    return specs


def test_diff_against_git_head_exits_1_on_a_breaking_change(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "--specs", str(repo)]) == 0
    assert "no change to the public API" in capsys.readouterr().out
    text = (repo / "bitso.yaml").read_text(encoding="utf-8")
    (repo / "bitso.yaml").write_text(
        text.replace("\n        origin_id:", "\n        client_id:").replace(
            "{field: origin_id}", "{field: client_id}"
        ),
        encoding="utf-8",
    )
    assert main(["diff", "--specs", str(repo), "--against", "HEAD", "bitso"]) == 1
    out = capsys.readouterr().out
    assert "BREAKING    OpenOrder.origin_id" in out and "field removed" in out
    # The summary `generate` prints shows the same.
    print_api_summary(repo)
    assert "The public API changed" in capsys.readouterr().out


def test_diff_of_a_spec_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = yaml.safe_load((SPECS / "bitso.yaml").read_text(encoding="utf-8"))
    data["components"]["schemas"]["OpenOrder"]["properties"]["fee"] = {
        "type": "string",
        "format": "decimal",
    }
    (tmp_path / "bitso.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert (
        main(["diff", "--spec-pair", str(SPECS / "bitso.yaml"), str(tmp_path / "bitso.yaml")]) == 0
    )
    out = capsys.readouterr().out
    assert "compatible  OpenOrder.fee  new field (Decimal, optional)" in out
    assert "1 compatible" in out


def test_the_derive_v2_to_v3_migration_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["diff", "--spec-pair", str(SPECS / "derive.yaml"), str(SPECS / "derive_v3.yaml")])
        == 1
    )
    out = capsys.readouterr().out
    lines = {" ".join(line.split()) for line in out.splitlines()}
    assert "BREAKING Order.nonce type int -> str" in lines
    assert "BREAKING get_orders() operation removed (and iter_orders())" in lines
    assert "compatible OrderStatus new values: 'rejected', 'algo_active'" in lines
    assert (
        "compatible auth signing.header[0] X-LyraWallet: {api_key} -> X-DeriveWallet: {api_key} "
        "(the client signs accordingly)"
        in lines
    )
    assert "compatible OpenOrder.status maps 'algo_active' -> 'open'" in lines
    assert any(line.startswith("compatible get_open_orders() new operation") for line in lines)


def test_an_alias_kept_past_a_version_bump_is_reported_as_due(tmp_path: Path) -> None:
    def renamed(version: str) -> apidiff.VenueAPI:
        data = yaml.safe_load((SPECS / "bitso.yaml").read_text(encoding="utf-8"))
        rename_origin_id(alias=True)(data)
        data["venue"]["version"] = version
        folder = tmp_path / version
        folder.mkdir()
        (folder / "bitso.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return apidiff.venues_in(folder)["bitso"]

    one, two = renamed("2"), renamed("3")
    assert apidiff.compare(one, one) == []
    (change,) = apidiff.compare(one, two)
    assert (change.kind, change.where) == (apidiff.DEPRECATED, "OpenOrder.client_id")
    assert "OpenOrder.origin_id has had its spec version: drop renamed_from" in change.what
