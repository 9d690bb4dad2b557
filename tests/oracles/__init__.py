"""Independent verifiers of venue request signatures, written from each venue's public
docs alone (never from the signing engine or a spec), for tests and contract doubles.

Each takes a request as the venue receives it (:class:`Received`) and answers ``None``
when the venue would accept its authentication, or the rejection the venue documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Received:
    """A request as it arrived: the raw query string (no ``?``) and body bytes."""

    method: str
    path: str
    query: str = ""
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """A header by case-insensitive name, as HTTP servers treat them."""
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None
