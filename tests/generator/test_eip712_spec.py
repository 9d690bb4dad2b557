"""The eip712_action settings' value sources: the format accepts them, and the builder
rejects a source naming a credential the spec does not declare (with its location)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import ROOT, load_venues
from generator.problems import SpecError

SPEC = ROOT / "specs" / "synthetix.yaml"


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "synthetix.yaml").write_text(text, encoding="utf-8")
    return folder


def test_the_synthetix_spec_builds_with_its_sources(tmp_path: Path) -> None:
    (venue,) = load_venues(write(tmp_path, SPEC.read_text(encoding="utf-8")))
    settings = venue.auth.settings
    assert settings["request_params"]["subAccountId"] == {"credential": "sub_account_id"}
    assert [f["source"] for f in settings["action_type"]["fields"]][2] == {
        "param": "expiresAfter",
        "default": 0,
    }


def test_an_unknown_credential_is_a_located_problem(tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8").replace(
        "subAccountId: {credential: sub_account_id}", "subAccountId: {credential: sub_acct}"
    )
    with pytest.raises(SpecError) as caught:
        load_venues(write(tmp_path, text))
    (problem,) = caught.value.problems
    assert problem.pointer == "/auth/settings/request_params/subAccountId/credential"
    assert "sub_acct" in problem.message and problem.line > 1


def test_a_source_needs_exactly_one_kind(tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8").replace(
        "{name: timestamp, type: uint256, source: {clock: milliseconds}}",
        "{name: timestamp, type: uint256, source: {clock: milliseconds, param: timestamp}}",
    )
    with pytest.raises(SpecError):
        load_venues(write(tmp_path, text))
