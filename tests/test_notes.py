"""The repository carries its own venue notes (notes/<venue>.md): no tracked file may point
to reference material outside the repository, and every notes file a file cites exists."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Pointers to the reading material outside the repository (built so that this file does not
#: match itself).
OUTSIDE = re.compile("|".join([r"\.\./" + "shared", r"\bshared/" + "venue", "venue" + r"-notes\b"]))
CITED_NOTE = re.compile(r"\bnotes/([A-Za-z0-9_.<>-]+\.md)\b")


def tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.split("\0") if name]


def texts() -> list[tuple[Path, str]]:
    result = []
    for path in tracked_files():
        try:
            result.append((path, path.read_text(encoding="utf-8")))
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary files, or deleted in the working tree
    return result


def test_no_tracked_file_points_outside_the_repository() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
        for path, text in texts()
        for match in OUTSIDE.finditer(text)
    ]
    assert not found, "cite notes/<venue>.md or the public source instead:\n" + "\n".join(found)


def test_every_cited_notes_file_exists() -> None:
    missing = []
    for path, text in texts():
        for match in CITED_NOTE.finditer(text):
            name = match.group(1)
            if "<" in name:  # a pattern such as notes/<venue>.md
                continue
            if not (ROOT / "notes" / name).is_file():
                missing.append(f"{path.relative_to(ROOT)}: notes/{name}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("spec", sorted((ROOT / "specs").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_venue_has_notes_its_spec_cites(spec: Path) -> None:
    notes = ROOT / "notes" / f"{spec.stem}.md"
    assert notes.is_file(), f"add {notes.relative_to(ROOT)}"
    assert f"notes/{spec.stem}.md" in spec.read_text(encoding="utf-8").split("\nspec_version")[0]
    assert re.search(r"https://", notes.read_text(encoding="utf-8")), "notes cite public sources"
