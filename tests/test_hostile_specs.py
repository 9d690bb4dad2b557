"""The hostile-spec corpus (tests/hostile_specs/, written by make_corpus.py): every odd or
malicious spec yields importable, mypy-clean Python or a located error, and no spec text
ever runs as code."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.pipeline import ROOT, build_tree, load_venues, write_tree
from generator.problems import SpecError

CORPUS = ROOT / "tests" / "hostile_specs"
OK_SPECS = sorted((CORPUS / "ok").glob("*.yaml"))
BAD_SPECS = sorted((CORPUS / "bad").glob("*.yaml"))
CANARY = Path("/tmp/venues-hostile-spec-canary")


def test_the_corpus_is_large_enough() -> None:
    assert len(OK_SPECS) + len(BAD_SPECS) >= 50


@pytest.mark.parametrize("path", BAD_SPECS, ids=lambda p: p.stem)
def test_bad_spec_gives_a_located_problem(path: Path, tmp_path: Path) -> None:
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    folder = tmp_path / "specs"
    folder.mkdir()
    shutil.copy(path, folder / path.name)
    with pytest.raises(SpecError) as caught:
        load_venues(folder)
    problems = caught.value.problems
    assert any(expected in p.message for p in problems), [str(p) for p in problems]
    for problem in problems:
        assert problem.file == folder / path.name and problem.line >= 1


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    specs = root / "specs"
    specs.mkdir()
    for path in OK_SPECS:
        shutil.copy(path, specs / path.name)
    CANARY.unlink(missing_ok=True)
    write_tree(build_tree(specs), root / "out")
    return root / "out"


def test_no_spec_text_becomes_code(generated: Path) -> None:
    for path in sorted(generated.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "__import__", f"{path}: spec text escaped into code"


def test_every_module_imports_without_warnings(generated: Path) -> None:
    names = sorted(p.name for p in (generated / "venues").iterdir() if p.is_dir() and p.name != "_runtime" and p.name != "__pycache__")
    assert len(names) == len(OK_SPECS)
    script = "import importlib\n" + "".join(
        f"importlib.import_module('venues.{name}')\nimportlib.import_module('venues.{name}.client')\n" for name in names
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        cwd=generated,
        env={"PYTHONPATH": str(generated), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert not CANARY.exists(), "spec text ran as code at import"


def test_generated_code_is_mypy_strict_clean(generated: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", str(ROOT / "pyproject.toml"), "venues"],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


# -- every problem in one run (specs/README.md) ----------------------------------------------


def _variant(tmp_path: Path, mutate: Any) -> list[str]:
    """The problems of the corpus' minimal unified spec after ``mutate``, from one run."""
    spec = yaml.safe_load((CORPUS / "ok" / "unified_minimal.yaml").read_text(encoding="utf-8"))
    spec["venue"]["id"] = "multi"
    mutate(spec)
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "multi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_venues(folder)
    return [f"{p.pointer}: {p.message}" for p in caught.value.problems]


def test_a_bad_type_a_bad_format_and_a_dangling_ref_are_reported_together(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        properties = spec["components"]["schemas"]["Thing"]["properties"]
        properties["size"] = {"type": "strnig", "format": "bogus"}
        properties["other"] = {"$ref": "#/components/schemas/Nope"}
        spec["operations"][0]["retry_safe"] = "maybe"

    problems = _variant(tmp_path, mutate)
    size = "/components/schemas/Thing/properties/size"
    expected = [
        f"{size}/type: not a valid JSON Schema",  # JSON Schema's own meta-schema (build)
        f"{size}/format: 'bogus' is not one of",  # the spec format's schema (load)
        "/components/schemas/Thing/properties/other/$ref: unresolved reference",  # build
        "/operations/0/retry_safe: 'maybe' is not of type 'boolean'",  # load
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), (text, problems)


def test_every_json_schema_violation_of_a_schema_is_reported(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        properties = spec["components"]["schemas"]["Thing"]["properties"]
        properties["a"] = {"type": "strnig"}
        properties["b"] = {"type": "integer", "minimum": "zero"}

    problems = _variant(tmp_path, mutate)
    assert any(p.startswith("/components/schemas/Thing/properties/a/type:") for p in problems), problems
    assert any(p.startswith("/components/schemas/Thing/properties/b/minimum:") for p in problems), problems


def test_unified_problems_come_with_the_others(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["Thing"]["properties"]["other"] = {"$ref": "#/components/schemas/Nope"}
        spec["unified"]["fields"]["price"] = {"field": "nope"}
        spec["unified"]["parameters"] = {"missing": 1}

    problems = _variant(tmp_path, mutate)
    for text in (
        "/components/schemas/Thing/properties/other/$ref: unresolved reference",
        "/unified/fields/price/field: Thing has no field 'nope'",
        "/unified/parameters/missing: list_things has no parameter 'missing'",
    ):
        assert any(p.startswith(text) for p in problems), (text, problems)
