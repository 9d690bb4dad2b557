"""Generation warnings: unified maps that miss enum values, unified fields left unmapped
although the order has a candidate field; each located file:line, none a failure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.__main__ import main
from generator.lints import lint_specs
from generator.pipeline import ROOT

SPECS = ROOT / "specs"


def derive_spec(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    data = yaml.safe_load((SPECS / "derive.yaml").read_text(encoding="utf-8"))
    edit(data)
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "derive.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def test_the_committed_specs_have_no_warnings() -> None:
    assert [str(p) for p in lint_specs(SPECS)] == []


def test_a_status_the_map_misses_is_reported_at_the_map(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["OrderStatus"]["enum"].append("insufficient_margin")

    folder = derive_spec(tmp_path, edit)
    (warning,) = lint_specs(folder)
    assert warning.pointer == "/unified/fields/status/map"
    lines = (folder / "derive.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[warning.line - 1].strip() == "map:"
    assert "'insufficient_margin'" in warning.message and "status=None" in warning.message


def test_an_acknowledged_value_is_quiet(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["OrderStatus"]["enum"].append("replaced")
        spec["unified"]["acknowledged"] = {
            "status.replaced": "a replaced order is closed; None is right"
        }

    assert lint_specs(derive_spec(tmp_path, edit)) == []


def test_a_candidate_field_left_unmapped(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        order = spec["components"]["schemas"]["Order"]["properties"]
        order["stop_price"] = order.pop("trigger_price")
        del spec["unified"]["fields"]["trigger_price"]

    folder = derive_spec(tmp_path, edit)
    (warning,) = lint_specs(folder)
    assert warning.pointer == "/unified/fields"
    assert "unified trigger_price is not mapped, but Order has stop_price" in warning.message
    assert f"{folder / 'derive.yaml'}:{warning.line}: /unified/fields: warning:" in str(warning)


def test_generate_prints_warnings_and_still_succeeds(tmp_path: Path, capsys: Any) -> None:
    def edit(spec: dict[str, Any]) -> None:
        del spec["unified"]["fields"]["average_price"]

    folder = derive_spec(tmp_path, edit)
    assert (
        main(
            [
                "generate",
                "--specs",
                str(folder),
                "--out",
                str(tmp_path / "out"),
                "--fixtures",
                str(tmp_path),
            ]
        )
        == 0
    )
    out = capsys.readouterr()
    assert "unified average_price is not mapped, but Order has average_price" in out.out + out.err
