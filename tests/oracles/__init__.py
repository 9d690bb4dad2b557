"""Independent verifiers of venue request signatures, written from each venue's public
docs alone (never from the signing engine or a spec), for tests and contract doubles.

Each takes a request as the venue receives it (:class:`Received`) and answers ``None``
when the venue would accept its authentication, or the rejection the venue documents.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


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


#: What every oracle module offers a venue double: ``double_verifier(credentials, now_ms)``
#: returns a function that answers None when the venue would accept a request's
#: authentication, or why it would not. The doubles find it by venue id
#: (tests/oracles/<venue>.py), so a new venue brings its own and no double changes.
VerifyReceived = Callable[[Received], "str | None"]
DoubleVerifier = Callable[[Mapping[str, Any], Callable[[], int]], VerifyReceived]


class NoOracle(LookupError):
    """The venue has no tests/oracles/<venue>.py, or it lacks ``double_verifier``."""


def double_verifier(venue: str) -> DoubleVerifier:
    """The oracle of ``venue`` (tests/oracles/<venue>.py): its ``double_verifier``."""
    try:
        module = importlib.import_module(f"oracles.{venue}")
    except ModuleNotFoundError as exc:
        if exc.name != f"oracles.{venue}":
            raise
        raise NoOracle(
            f"no signature oracle for {venue!r}: write tests/oracles/{venue}.py from the "
            "venue's docs, with double_verifier(credentials, now_ms)"
        ) from None
    factory = getattr(module, "double_verifier", None)
    if factory is None:
        raise NoOracle(f"tests/oracles/{venue}.py has no double_verifier(credentials, now_ms)")
    verifier: DoubleVerifier = factory
    return verifier
