"""The test credentials that must never leak, gathered from the specs and fixtures."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


@cache
def known_secrets() -> frozenset[str]:
    """Every value of a credential the specs mark ``secret: true``, in every venue's
    tests/fixtures/<venue>/_venue.yaml (valid and wrong credentials alike)."""
    found: set[str] = set()
    for venue_file in sorted((ROOT / "tests" / "fixtures").glob("*/_venue.yaml")):
        spec_path = ROOT / "specs" / f"{venue_file.parent.name}.yaml"
        if not spec_path.is_file():
            continue
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        secret_names = {c["name"] for c in spec["auth"]["credentials"] if c.get("secret")}
        fixture = yaml.safe_load(venue_file.read_text(encoding="utf-8"))
        for section in ("credentials", "wrong_credentials"):
            for name, value in (fixture.get(section) or {}).items():
                if name in secret_names and isinstance(value, str) and value:
                    found.add(value)
    return frozenset(found)


def leaked(text: str) -> list[str]:
    """The secrets (masked) that appear in ``text``."""
    return [f"{s[:4]}...({len(s)} chars)" for s in known_secrets() if s in text]
