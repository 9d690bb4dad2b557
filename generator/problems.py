"""Spec problems, each located by file, JSON pointer and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["SpecProblem", "SpecError", "pointer_of"]


def pointer_of(path: tuple[str | int, ...] | list[str | int]) -> str:
    """A JSON pointer for a path of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


@dataclass(frozen=True, order=True)
class SpecProblem:
    file: Path
    line: int
    pointer: str
    message: str

    def __str__(self) -> str:
        where = self.pointer or "/"
        return f"{self.file}:{self.line}: {where}: {self.message}"


class SpecError(Exception):
    """One or more specs are invalid; ``problems`` holds every problem found."""

    def __init__(self, problems: list[SpecProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
