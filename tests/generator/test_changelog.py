"""CHANGELOG.md entries, one per venue spec version, from the API change report."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from git_support import git

from generator import apidiff, changelog
from generator.__main__ import main
from generator.pipeline import ROOT

SPECS = ROOT / "specs"
TODAY = dt.date(2026, 12, 2)


def bitso(version: str, rename: bool = False) -> apidiff.VenueAPI:
    data = yaml.safe_load((SPECS / "bitso.yaml").read_text(encoding="utf-8"))
    data["venue"]["version"] = version
    if rename:
        props = data["components"]["schemas"]["OpenOrder"]["properties"]
        props["client_id"] = props.pop("origin_id")
        data["unified"]["fields"]["client_order_id"] = {"field": "client_id"}
    folder = Path(tempfile.mkdtemp())
    (folder / "bitso.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    try:
        return apidiff.venues_in(folder)["bitso"]
    finally:
        shutil.rmtree(folder)


def test_a_version_bump_gets_an_entry_listing_what_breaks() -> None:
    old, new = bitso("1"), bitso("2", rename=True)
    text, added, problems = changelog.update(
        "", [("bitso", old, new, apidiff.compare(old, new))], TODAY
    )
    assert (added, problems) == (["bitso 2"], [])
    assert text.startswith(changelog.HEADER)
    assert (
        "## bitso 2 (2026-12-02)\n\nFrom version 1.\n\nBreaking:\n\n- `OpenOrder.origin_id`: field removed"
        in text
    )
    # Run again: nothing is added twice.
    again, added, _ = changelog.update(
        text, [("bitso", old, new, apidiff.compare(old, new))], TODAY
    )
    assert again == text and added == []


def test_newest_entries_come_first() -> None:
    old, new = bitso("1"), bitso("2", rename=True)
    first, _, _ = changelog.update("", [("bitso", None, old, [])], TODAY)
    second, _, _ = changelog.update(first, [("bitso", old, new, apidiff.compare(old, new))], TODAY)
    assert second.index("## bitso 2") < second.index("## bitso 1")
    assert "New venue: 1 operation(s) (`list_open_orders()`)" in second


def test_an_api_change_without_a_version_bump_is_refused() -> None:
    old, new = bitso("1"), bitso("1", rename=True)
    _, added, problems = changelog.update(
        "", [("bitso", old, new, apidiff.compare(old, new))], TODAY
    )
    assert added == [] and "venue.version is still 1" in problems[0]


def test_the_command_against_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(SPECS / "bitso.yaml", specs / "bitso.yaml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "specs")
    text = (specs / "bitso.yaml").read_text(encoding="utf-8")
    (specs / "bitso.yaml").write_text(
        text.replace('version: "1"', 'version: "2"')
        .replace("\n        origin_id:", "\n        client_id:")
        .replace("{field: origin_id}", "{field: client_id}"),
        encoding="utf-8",
    )
    log = tmp_path / "CHANGELOG.md"
    assert main(["changelog", "--specs", str(specs), "--file", str(log)]) == 0
    assert "## bitso 2 (" in log.read_text(encoding="utf-8")
    assert "added bitso 2" in capsys.readouterr().out


def test_the_committed_changelog_has_an_entry_for_every_spec_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for venue, api in apidiff.venues_in(SPECS).items():
        assert f"{changelog.heading(venue, api.version)} (" in text, venue
