"""The venue recipes in recipes/*.yaml, parsed as a spec would be."""

from __future__ import annotations

from pathlib import Path

import yaml

from venues._runtime.signing import SignatureRecipe, parse_recipe

RECIPES = Path(__file__).resolve().parent / "recipes"


def recipe(name: str) -> SignatureRecipe:
    path = RECIPES / f"{name}.yaml"
    parsed, problems = parse_recipe(yaml.safe_load(path.read_text(encoding="utf-8")), name)
    assert problems == [], problems
    assert parsed is not None
    return parsed
