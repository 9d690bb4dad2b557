"""The generator's content-addressed cache (generator/cache.py): a hit returns exactly what
was produced for the same key; any change of the key misses; it can be turned off."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cache
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
