"""The whole-run cache (generator/pipeline.py ``generate``): a run whose inputs are all as
before is answered from one entry, and any change of an input (a spec, a template, the
runtime, pyproject.toml, a fixture folder, a tool's version, the Python) builds again.
And the API report after `generate`: only specs whose text differs from HEAD are built."""

from __future__ import annotations

import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from git_support import git

from generator import apidiff, cache, gitspecs, pipeline
from generator.__main__ import print_api_summary
from generator.pipeline import ROOT, Generated

SPECS = ROOT / "specs"


@pytest.fixture
def counted_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A run cache in tmp_path; the spec folder of every real build, in order."""
    monkeypatch.setenv("VENUES_GENERATOR_CACHE", str(tmp_path / "cache"))
    builds: list[Path] = []
    real = pipeline.build

    def build(spec_dir: Path, fixtures_dir: Path | None = None, workers: int = 1) -> Generated:
        builds.append(spec_dir)
        return real(spec_dir, fixtures_dir, workers)

    monkeypatch.setattr(pipeline, "build", build)
    return builds


def bitso_specs(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    shutil.copy(SPECS / "bitso.yaml", folder / "bitso.yaml")
    return folder


def test_a_no_change_run_is_the_stored_run(tmp_path: Path, counted_builds: list[Path]) -> None:
    specs = bitso_specs(tmp_path)
    first = pipeline.generate(specs)
    assert pipeline.generate(specs) == first
    assert counted_builds == [specs], "the second run was read from the cache"
    assert first.tree == pipeline.build_tree(specs), "and it is what a build gives"


def test_an_edited_spec_builds_again(tmp_path: Path, counted_builds: list[Path]) -> None:
    specs = bitso_specs(tmp_path)
    before = pipeline.generate(specs)
    data = yaml.safe_load((specs / "bitso.yaml").read_text(encoding="utf-8"))
    data["venue"]["title"] = "Bitso Edited"
    (specs / "bitso.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    after = pipeline.generate(specs)
    assert len(counted_builds) == 2
    assert "Bitso Edited" in after.tree["venues/bitso/models.py"]
    assert after.tree != before.tree


def test_warnings_come_back_from_the_cache(tmp_path: Path, counted_builds: list[Path]) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    data = yaml.safe_load((SPECS / "derive.yaml").read_text(encoding="utf-8"))
    del data["unified"]["fields"]["average_price"]
    (specs / "derive.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    built = pipeline.generate(specs)
    assert [w.pointer for w in built.warnings] == ["/unified/fields"]
    assert pipeline.generate(specs).warnings == built.warnings
    assert len(counted_builds) == 1


def test_a_new_fixture_folder_builds_again(tmp_path: Path, counted_builds: list[Path]) -> None:
    specs, fixtures = bitso_specs(tmp_path), tmp_path / "fixtures"
    fixtures.mkdir()
    without = pipeline.generate(specs, fixtures)
    (fixtures / "bitso").mkdir()
    with_tests = pipeline.generate(specs, fixtures)
    assert len(counted_builds) == 2
    assert "tests/test_bitso_contract.py" in with_tests.tree.keys() - without.tree.keys()


def test_the_inputs_cover_everything_a_run_reads(tmp_path: Path) -> None:
    from generator.load import META_SCHEMA_PATH

    specs = bitso_specs(tmp_path)
    inputs = {path.resolve() for _, path in pipeline.run_inputs(specs)}
    generator_dir = ROOT / "generator"
    for needed in (
        specs / "bitso.yaml",
        META_SCHEMA_PATH,
        ROOT / "pyproject.toml",
        generator_dir / "templates" / "client.py.jinja",
        generator_dir / "templates" / "dcg",  # a folder: its files below
        generator_dir / "runtime" / "transport" / "__init__.py",
        generator_dir / "runtime" / "signing" / "engine.py",
        generator_dir / "pipeline.py",
        generator_dir / "app",
    ):
        needed = needed.resolve()
        if needed.is_dir():
            files = [p.resolve() for p in needed.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
            assert files and set(files) <= inputs, needed
        else:
            assert needed in inputs, needed


def test_any_changed_input_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template, runtime = tmp_path / "client.py.jinja", tmp_path / "engine.py"
    template.write_text("{{ venue.id }}\n", encoding="utf-8")
    runtime.write_text("x = 1\n", encoding="utf-8")
    inputs = [("generator:templates/client.py.jinja", template), ("generator:runtime/engine.py", runtime)]
    base = cache.run_key(inputs, {"specs": "s"})
    assert base == cache.run_key(inputs, {"specs": "s"})
    template.write_text("{{ venue.id }} \n", encoding="utf-8")
    edited_template = cache.run_key(inputs, {"specs": "s"})
    runtime.write_text("x = 2\n", encoding="utf-8")
    edited_runtime = cache.run_key(inputs, {"specs": "s"})
    runtime.unlink()
    removed = cache.run_key(inputs, {"specs": "s"})
    assert len({base, edited_template, edited_runtime, removed}) == 4
    assert base != cache.run_key(inputs, {"specs": "other"})
    # Labels are part of it: the same bytes under another name are another input.
    assert cache.run_key([("a", template)]) != cache.run_key([("b", template)])


def test_a_tool_upgrade_or_another_python_changes_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = cache.installed_distributions()
    black = f"black-{version('black')}.dist-info"
    assert any(name.endswith("/" + black) for name in installed), "black is listed with its version"
    assert any("/datamodel_code_generator-" in name for name in installed)
    base = cache.run_key([], None)
    upgraded = [name.replace(black, "black-99.0.0.dist-info") for name in installed]
    monkeypatch.setattr(cache, "installed_distributions", lambda: upgraded)
    assert cache.run_key([], None) != base
    monkeypatch.setattr(cache, "installed_distributions", lambda: installed)
    assert cache.run_key([], None) == base
    monkeypatch.setattr(cache, "_python", lambda: "CPython 3.99.0")
    assert cache.run_key([], None) != base


def test_a_changed_generator_file_builds_again(
    tmp_path: Path, counted_builds: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Standing in for an edited template or runtime module: a run with one generator file
    changed is not answered with the output of the old one."""
    specs = bitso_specs(tmp_path)
    real_inputs = pipeline.run_inputs(specs)
    pipeline.generate(specs)
    label, path = next(i for i in real_inputs if i[0] == "generator:templates/client.py.jinja")
    edited = tmp_path / "client.py.jinja"
    edited.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    swapped = [(lab, edited if lab == label else p) for lab, p in real_inputs]
    monkeypatch.setattr(pipeline, "run_inputs", lambda spec_dir: swapped)
    pipeline.generate(specs)
    assert len(counted_builds) == 2


def test_off_builds_every_time(tmp_path: Path, counted_builds: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUES_GENERATOR_CACHE", "off")
    specs = bitso_specs(tmp_path)
    pipeline.generate(specs)
    pipeline.generate(specs)
    assert len(counted_builds) == 2


def test_an_unreadable_entry_is_a_miss(tmp_path: Path, counted_builds: list[Path]) -> None:
    specs = bitso_specs(tmp_path)
    first = pipeline.generate(specs)
    for entry in (tmp_path / "cache" / "run").rglob("*.txt"):
        entry.write_text("{not json", encoding="utf-8")
    assert pipeline.generate(specs) == first
    assert len(counted_builds) == 2


# -- the API report after generate ---------------------------------------------------------


@pytest.fixture
def repo_specs(tmp_path: Path) -> Path:
    """specs/ (bitso, kraken) in a subfolder of a git repository, committed."""
    specs = tmp_path / "repo" / "specs"
    specs.mkdir(parents=True)
    for name in ("bitso", "kraken"):
        shutil.copy(SPECS / f"{name}.yaml", specs / f"{name}.yaml")
    (specs / "README.md").write_text("not a spec\n", encoding="utf-8")
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", ".")
    git(tmp_path / "repo", "commit", "-qm", "specs")
    return specs


def test_changed_since_names_added_removed_and_edited_specs(repo_specs: Path) -> None:
    assert gitspecs.changed_since(repo_specs, "HEAD") == []
    (repo_specs / "README.md").write_text("edited\n", encoding="utf-8")
    assert gitspecs.changed_since(repo_specs, "HEAD") == [], "only specs count"
    with (repo_specs / "kraken.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    shutil.copy(SPECS / "binance.yaml", repo_specs / "binance.yaml")
    (repo_specs / "bitso.yaml").unlink()
    assert gitspecs.changed_since(repo_specs, "HEAD") == ["binance", "bitso", "kraken"]


def test_changed_since_outside_git_raises(tmp_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError):
        gitspecs.changed_since(bitso_specs(tmp_path), "HEAD")


def test_the_blob_id_is_gits(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"hello\n")
    expected = subprocess.run(
        ["git", "hash-object", str(tmp_path / "f")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert gitspecs.blob_id(b"hello\n") == expected


def test_the_summary_builds_nothing_when_the_specs_are_heads(
    repo_specs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    built: list[str] = []
    real = apidiff.build_spec

    def build_spec(path: Path) -> object:
        built.append(path.stem)
        return real(path)

    monkeypatch.setattr(apidiff, "build_spec", build_spec)
    print_api_summary(repo_specs)
    assert built == [] and capsys.readouterr().out == ""
    text = (repo_specs / "bitso.yaml").read_text(encoding="utf-8")
    (repo_specs / "bitso.yaml").write_text(
        text.replace("\n        origin_id:", "\n        client_id:").replace(
            "{field: origin_id}", "{field: client_id}"
        ),
        encoding="utf-8",
    )
    print_api_summary(repo_specs)
    assert sorted(built) == ["bitso", "bitso"], "old and new of the edited spec only"
    out = capsys.readouterr().out
    assert "The public API changed" in out and "OpenOrder.origin_id" in out and "kraken" not in out


def test_a_spec_edited_during_the_run_is_not_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key is read before the build: an edit while the build runs would store the new
    output under the old text's key, so nothing is stored."""
    monkeypatch.setenv("VENUES_GENERATOR_CACHE", str(tmp_path / "cache"))
    specs = bitso_specs(tmp_path)
    real = pipeline.build

    def build_then_edit(spec_dir: Path, fixtures_dir: Path | None = None, workers: int = 1) -> Generated:
        result = real(spec_dir, fixtures_dir, workers)
        with (specs / "bitso.yaml").open("a", encoding="utf-8") as handle:
            handle.write("\n# edited while generating\n")
        return result

    monkeypatch.setattr(pipeline, "build", build_then_edit)
    pipeline.generate(specs)
    assert not list((tmp_path / "cache" / "run").rglob("*.txt"))
