"""The runtime is copied into the generated package with its subpackages (signing/)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "generator" / "runtime"
COPY = ROOT / "generated" / "venues" / "_runtime"


def test_every_runtime_module_is_copied_verbatim_including_subpackages() -> None:
    sources = sorted(path.relative_to(SOURCE) for path in SOURCE.rglob("*.py"))
    assert any(len(path.parts) > 2 for path in sources)  # signing/primitives/*.py
    for relative in sources:
        copied = COPY / relative
        assert copied.read_bytes() == (SOURCE / relative).read_bytes(), relative
