"""Fixtures cannot go stale or missing: every spec operation has one, every fixture names a
real operation, reads as YAML (or names its file and line), and carries no field the
response schema does not declare unless it names it as a quirk."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from contract_support import (
    FIXTURES,
    SPECS,
    Case,
    FixtureError,
    cases_for,
    check_quirks,
    fixture_files,
    load_cases,
    load_fixtures,
    load_yaml,
    read_fixture,
    spec,
    undeclared_keys,
    validate_against_spec,
)

VENUES = sorted(p.stem for p in SPECS.glob("*.yaml"))
#: Folders of tests/fixtures/ that are not a venue's.
SHARED_FOLDERS = {"docs_examples"}


@pytest.mark.parametrize("venue", VENUES)
def test_every_operation_of_every_spec_has_a_fixture(venue: str) -> None:
    # Without a folder no contract test is even generated, so this is checked here too.
    assert (
        FIXTURES / venue / "_venue.yaml"
    ).is_file(), f"tests/fixtures/{venue}/_venue.yaml is missing"
    covered = {raw["operation"] for _, raw in load_fixtures(venue)}
    missing = [op["id"] for op in spec(venue)["operations"] if op["id"] not in covered]
    assert not missing, f"{venue}: operations without a fixture: {missing}"


def test_no_fixture_folder_without_a_spec() -> None:
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - SHARED_FOLDERS
    assert folders <= set(VENUES), f"fixture folders with no spec: {sorted(folders - set(VENUES))}"


def test_a_yaml_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("source: x\noperation: get_orders\nexpect: {count: 1\n", encoding="utf-8")
    with pytest.raises(FixtureError, match=rf"{path}:\d+: not valid YAML"):
        read_fixture(path, ["get_orders"])


def test_a_yaml_error_in_a_venue_file_names_it(tmp_path: Path) -> None:
    path = tmp_path / "_venue.yaml"
    path.write_text("credentials:\n  api_key: [unclosed\n", encoding="utf-8")
    with pytest.raises(FixtureError, match=rf"{path}:\d+: not valid YAML"):
        load_yaml(path)


def test_a_fixture_naming_an_unknown_operation_fails(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("source: recorded\noperation: get_orders\n", encoding="utf-8")
    with pytest.raises(
        FixtureError, match=r"old\.yaml: names the operation 'get_orders'.*get_open_orders"
    ):
        read_fixture(path, ["get_open_orders"])


def test_a_fixture_without_source_fails(tmp_path: Path) -> None:
    path = tmp_path / "anon.yaml"
    path.write_text("operation: get_orders\n", encoding="utf-8")
    with pytest.raises(FixtureError, match="source"):
        read_fixture(path, ["get_orders"])


def test_quirks_need_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text("source: x\noperation: op\nquirks: [algo_type]\n", encoding="utf-8")
    with pytest.raises(FixtureError, match="reason"):
        read_fixture(path, ["op"])


def test_an_operation_without_fixtures_is_an_error_not_a_skip() -> None:
    cases = load_cases("derive")
    assert cases_for("derive", cases, "get_orders") == cases["get_orders"]
    with pytest.raises(
        FixtureError,
        match=r"tests/fixtures/derive/ has no fixture for the operation 'get_open_orders'",
    ):
        cases_for("derive", cases, "get_open_orders")


def test_fixture_files_skip_the_venue_files() -> None:
    names = {p.name for p in fixture_files(FIXTURES / "derive")}
    assert "_venue.yaml" not in names and "_pages.yaml" not in names and "quirks.yaml" in names


def test_a_renamed_field_makes_the_old_fixture_fail() -> None:
    # The issue's case: Bitso's origin_id renamed in the spec; the fixture still sends it.
    bitso = spec("bitso")
    schemas = copy.deepcopy(bitso["components"]["schemas"])
    order = schemas["OpenOrder"]["properties"]
    order["client_id"] = order.pop("origin_id")
    (case,) = [c for c in load_cases("bitso")["list_open_orders"] if c.name == "quirks"]
    payload = case.response["body"]["payload"]
    response_schema = bitso["operations"][0]["response"]["schema"]
    assert undeclared_keys(response_schema, payload, bitso["components"]["schemas"]) == {"[0].stop"}
    found = undeclared_keys(response_schema, payload, schemas)
    assert found == {"[0].stop", "[1].origin_id"}
    with pytest.raises(AssertionError, match=r"\[1\]\.origin_id"):
        check_quirks(case.name, found, case.quirks)


def test_a_quirk_the_schema_now_declares_is_stale() -> None:
    with pytest.raises(AssertionError, match=r"no longer.*\['stop'\]"):
        check_quirks("quirks", set(), {"stop": "once undeclared"})
    check_quirks("quirks", {"orders[2].algo_type"}, {"algo_type": "seen in traffic"})
    check_quirks("quirks", {"orders[2].algo_type"}, {"orders[2].algo_type": "one order only"})


def test_undeclared_keys_follow_refs_arrays_and_the_best_anyof_branch() -> None:
    schemas = {
        "A": {
            "type": "object",
            "properties": {
                "x": {"type": "integer"},
                "b": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
            },
        },
        "B": {"type": "object", "properties": {"y": {"type": "integer"}}},
        "Open": {"type": "object", "properties": {}, "additionalProperties": {"type": "string"}},
    }
    schema = {"type": "array", "items": {"$ref": "#/components/schemas/A"}}
    value = [{"x": 1, "b": {"y": 2, "z": 3}}, {"x": 1, "b": None, "w": 0}]
    assert undeclared_keys(schema, value, schemas) == {"[0].b.z", "[1].w"}
    assert (
        undeclared_keys({"$ref": "#/components/schemas/Open"}, {"any": "thing"}, schemas) == set()
    )


def test_validate_against_spec_flags_an_undeclared_key() -> None:
    (case,) = [c for c in load_cases("derive")["get_orders"] if c.name == "quirks"]
    stale = Case(**{**case.__dict__, "quirks": {}})
    payload = yaml.safe_load(case.path.read_text(encoding="utf-8"))["response"]["body"]["result"]
    validate_against_spec(case, payload)
    with pytest.raises(AssertionError, match="algo_type"):
        validate_against_spec(stale, payload)
