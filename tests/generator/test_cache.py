"""The generator's content-addressed cache (generator/cache.py): a hit returns exactly what
was produced for the same key; any change of the key misses; it can be turned off."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cache, models, render
from generator.pipeline import ROOT
from generator.render import format_python


def test_hits_only_for_the_same_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUES_GENERATOR_CACHE", str(tmp_path))
    calls: list[str] = []

    def produce(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert cache.cached("k", ("black",), "abc", lambda: produce("abc")) == "ABC"
    assert cache.cached("k", ("black",), "abc", lambda: produce("abc")) == "ABC"
    assert calls == ["abc"], "the second call was served from the cache"
    assert cache.cached("k", ("black",), "abd", lambda: produce("abd")) == "ABD"
    assert cache.cached("other", ("black",), "abc", lambda: produce("abc")) == "ABC"
    assert calls == ["abc", "abd", "abc"], "a different input or kind misses"


def test_off_disables_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUES_GENERATOR_CACHE", "off")
    calls: list[int] = []
    for _ in range(2):
        cache.cached("k", (), "x", lambda: str(calls.append(1)))
    assert len(calls) == 2 and cache.cache_dir() is None


def test_cached_formatting_is_the_formatting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUES_GENERATOR_CACHE", str(tmp_path))
    source = "import sys\nimport os\nx = {  'a':1 }\n"
    first = format_python(source)
    assert first == 'import os\nimport sys\n\nx = {"a": 1}\n'
    assert format_python(source) == first
    assert list(tmp_path.rglob("*.txt")), "the result was stored"


def test_every_setting_that_shapes_the_output_is_in_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    base = cache.cache_key("format", ("black",), "x = 1\n", {"black": {"line_length": 100}})
    assert base == cache.cache_key("format", ("black",), "x = 1\n", {"black": {"line_length": 100}})
    assert base != cache.cache_key("format", ("black",), "x = 1\n", {"black": {"line_length": 80}})
    assert base != cache.cache_key("format", ("black",), "x = 1\n", None)
    monkeypatch.setattr(cache, "_python", lambda: "CPython 3.99.0")
    assert base != cache.cache_key("format", ("black",), "x = 1\n", {"black": {"line_length": 100}})


def test_a_changed_black_setting_in_pyproject_misses_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[tool.black] of pyproject.toml sets the formatting, and a change there is never
    answered from the cache with output formatted the old way."""
    monkeypatch.setenv("VENUES_GENERATOR_CACHE", str(tmp_path / "cache"))
    source = "def f(argument_one, argument_two, argument_three, argument_four): return 1\n"
    wide, narrow = tmp_path / "wide.toml", tmp_path / "narrow.toml"
    wide.write_text("[tool.black]\nline-length = 100\n", encoding="utf-8")
    narrow.write_text("[tool.black]\nline-length = 40\n", encoding="utf-8")
    read = render.formatter_settings
    for pyproject in (wide, narrow):
        settings = read(pyproject)
        monkeypatch.setattr(render, "formatter_settings", lambda s=settings: s)
        result = render.format_python(source)
        if pyproject is wide:
            assert result.count("\n") == 2  # one line of signature, one of body
        else:
            assert all(len(line) <= 40 for line in result.splitlines()), result
    assert read(ROOT / "pyproject.toml")["black"]["line_length"] == 100


def test_a_changed_dcg_option_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUES_GENERATOR_CACHE", str(tmp_path))
    runs: list[dict[str, object]] = []

    def fake_dcg(document: object, header: str, options: dict[str, object]) -> str:
        runs.append(options)
        return f"# models {len(runs)}\n"

    monkeypatch.setattr(models, "_run_dcg", fake_dcg)
    document = {"openapi": "3.1.0", "components": {"schemas": {}}}
    assert models._generate(document, "h") == "# models 1\n"
    assert models._generate(document, "h") == "# models 1\n", "a hit for the same options"
    monkeypatch.setitem(models.DCG_OPTIONS, "capitalise_enum_members", False)
    assert models._generate(document, "h") == "# models 2\n", "a changed option misses"
    assert runs[1]["capitalise_enum_members"] is False


def test_the_working_directory_does_not_change_the_formatting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """isort classes imports by the modules it finds in its source roots; with the working
    directory as a root, a folder named like a library would change the output (and the
    cache key would not know). Its roots are fixed instead."""
    monkeypatch.setenv("VENUES_GENERATOR_CACHE", "off")
    source = "import httpx\n\nfrom venues import x\n"
    expected = render.format_python(source)
    (tmp_path / "httpx").mkdir()
    (tmp_path / "httpx" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert render.format_python(source) == expected


def test_prune_keeps_the_newest_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv("VENUES_GENERATOR_CACHE", str(tmp_path))
    for age, digest in enumerate(["aa1", "bb2", "cc3", "dd4"]):
        cache.write_entry("run", digest, digest)
        entry = next((tmp_path / "run").rglob(f"{digest}.txt"))
        os.utime(entry, (1000 + age, 1000 + age))
    cache.prune("run", keep=2)
    assert sorted(p.stem for p in (tmp_path / "run").rglob("*.txt")) == ["cc3", "dd4"]
    assert cache.read_entry("run", "dd4") == "dd4" and cache.read_entry("run", "aa1") is None
