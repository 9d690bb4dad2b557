"""The generator: specs validate, bad specs give located problems, output is deterministic
and matches what is committed, and the models parse the docs' own examples."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.load import load_spec
from generator.naming import safe_identifier, snake_case
from generator.pipeline import ROOT, build_tree, diff_tree, load_venues
from generator.problems import SpecError
from venues import VENUES as GENERATED_VENUES

SPECS = ROOT / "specs"
#: The generated package's venues (its registry), which must be exactly the specs' ones.
VENUES = list(GENERATED_VENUES)


@pytest.fixture(scope="module")
def tree() -> dict[str, str]:
    return build_tree(SPECS, ROOT / "tests" / "fixtures")


@pytest.mark.parametrize("venue", VENUES)
def test_every_spec_validates(venue: str) -> None:
    spec, problems = load_spec(SPECS / f"{venue}.yaml")
    assert spec is not None and problems == []


def test_every_venue_builds_and_is_generated() -> None:
    assert VENUES and [v.id for v in load_venues(SPECS)] == VENUES == sorted(p.stem for p in SPECS.glob("*.yaml"))


def _broken_specs(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    bitso = (SPECS / "bitso.yaml").read_text()
    bitso = bitso.replace("    retry_safe: true", "    retry_safe: maybe", 1)
    bitso = bitso.replace('items: {$ref: "#/components/schemas/OpenOrder"}', 'items: {$ref: "#/components/schemas/Missing"}')
    (folder / "bitso.yaml").write_text(bitso)
    backpack = (SPECS / "backpack.yaml").read_text().replace("  - id: get_open_orders", "  - id: get_open_orders\n    id_typo: 1", 1)
    (folder / "backpack.yaml").write_text(backpack)
    (folder / "derive.yaml").write_text("spec_version: 1\nvenue: [unclosed\n")
    return folder


def test_broken_specs_report_every_problem_with_location(tmp_path: Path) -> None:
    folder = _broken_specs(tmp_path)
    with pytest.raises(SpecError) as caught:
        load_venues(folder)
    problems = caught.value.problems
    by_file = {p.file.name for p in problems}
    assert by_file == {"bitso.yaml", "backpack.yaml", "derive.yaml"}, "it keeps going past the first file"
    text = (folder / "bitso.yaml").read_text().splitlines()
    retry = next(p for p in problems if p.pointer == "/operations/0/retry_safe")
    assert "maybe" in text[retry.line - 1] and "boolean" in retry.message
    backpack = next(p for p in problems if p.file.name == "backpack.yaml")
    assert backpack.pointer == "/operations/0" and "id_typo" in backpack.message
    derive = next(p for p in problems if p.file.name == "derive.yaml")
    assert derive.line in (2, 3) and "not valid YAML" in derive.message


def test_unresolved_reference_is_located(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    source = (SPECS / "bitso.yaml").read_text().replace('$ref: "#/components/schemas/Side"', '$ref: "#/components/schemas/Sides"')
    (folder / "bitso.yaml").write_text(source)
    with pytest.raises(SpecError) as caught:
        load_venues(folder)
    (problem,) = caught.value.problems
    assert problem.pointer == "/components/schemas/OpenOrder/properties/side/$ref"
    assert "unresolved reference" in problem.message
    assert "Sides" in source.splitlines()[problem.line - 1]


def test_colliding_names_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    data = yaml.safe_load((SPECS / "backpack.yaml").read_text())
    data["operations"][0]["parameters"].append(
        {"name": "market_type", "in": "query", "description": "clash", "schema": {"type": "string"}}
    )
    data["operations"].append(dict(data["operations"][0]))
    (folder / "backpack.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(SpecError) as caught:
        load_venues(folder)
    messages = [p.message for p in caught.value.problems]
    assert any("market_type" in m and "already uses" in m for m in messages)
    assert any("get_open_orders" in m and "already used" in m for m in messages)


def test_cli_prints_problems_not_a_traceback(tmp_path: Path) -> None:
    folder = _broken_specs(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--specs", str(folder), "--out", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bitso.yaml:" in result.stderr and "/operations/0/retry_safe" in result.stderr
    assert not (tmp_path / "out").exists(), "nothing is written when a spec is bad"


def test_two_generations_are_byte_identical(tree: dict[str, str]) -> None:
    assert build_tree(SPECS, ROOT / "tests" / "fixtures") == tree


def test_committed_tree_matches_the_specs(tree: dict[str, str]) -> None:
    assert diff_tree(tree, ROOT / "generated") == []


def test_check_fails_after_a_hand_edit(tmp_path: Path) -> None:
    copy = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "venues" / "bitso" / "client.py"
    target.write_text(target.read_text() + "\n# edited by hand\n")
    (copy / "venues" / "stray.py").write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--out", str(copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "differs: venues/bitso/client.py" in result.stderr
    assert "venues/stray.py" in result.stderr


def test_generated_package_is_vendorable(tree: dict[str, str]) -> None:
    """Nothing under venues/ imports the generator or anything outside the package."""
    for path, source in tree.items():
        if path.startswith("venues/"):
            assert "import generator" not in source and "from generator" not in source, path


def test_spec_text_cannot_inject_code(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    data = yaml.safe_load((SPECS / "bitso.yaml").read_text())
    evil = 'Ends here """ + __import__("os").system("echo pwned") + """ {{ 7*7 }} \\ done'
    data["operations"][0]["summary"] = evil
    data["operations"][0]["parameters"][0]["description"] = evil
    data["components"]["schemas"]["OpenOrder"]["description"] = evil
    data["components"]["schemas"]["Side"]["description"] = evil
    data["venue"]["description"] = evil
    (folder / "bitso.yaml").write_text(yaml.safe_dump(data))
    tree = build_tree(folder)
    for path, source in tree.items():
        if path.endswith(".py"):
            compiled = compile(source, path, "exec")  # still valid Python
            assert "system" not in compiled.co_names, path
    assert "49" not in tree["venues/bitso/client.py"].split("Docs:")[0].split('"""')[1]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("marketType", "market_type"), ("subAccountId", "sub_account_id"), ("X-API-Key", "x_api_key"), ("class", "class")],
)
def test_snake_case(name: str, expected: str) -> None:
    assert snake_case(name) == expected


def test_safe_identifier() -> None:
    assert safe_identifier("class") == "class_"
    assert safe_identifier("type") == "type_"
    assert safe_identifier("book") == "book"
    assert safe_identifier("1st") == "_1st"


@pytest.mark.parametrize("venue", VENUES)
def test_models_parse_the_docs_examples(venue: str) -> None:
    """Every venue's models parse its doc page's example (or, where the page has none, a
    payload synthesized from its field table), keeping every value exactly."""
    import importlib

    from contract_support import as_listed, assert_matches

    example = yaml.safe_load((ROOT / "tests" / "fixtures" / "docs_examples" / f"{venue}.yaml").read_text())
    assert example["source"]
    operations = importlib.import_module(f"venues.{venue}.operations")
    operation = getattr(operations, snake_case(example["operation"]).upper())
    parsed = operation.parse(example["payload"])
    raw_spec = yaml.safe_load((SPECS / f"{venue}.yaml").read_text())
    response = next(op for op in raw_spec["operations"] if op["id"] == example["operation"])["response"]
    assert_matches(parsed, as_listed(response, example["payload"]), path=venue)
