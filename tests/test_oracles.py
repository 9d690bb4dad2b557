"""Every venue's double verifies signatures with an oracle written from the venue's docs
(tests/oracles/<venue>.py), found by venue id: a venue of the registry without one fails
here, and no double names a venue."""

from __future__ import annotations

import importlib.util

import pytest
from contract_support import spec
from oracles import NoOracle, double_verifier

from venues.registry import VENUES


def _http_listing(venue: str) -> bool:
    operation_id = spec(venue)["unified"]["operation"]
    operation = next(op for op in spec(venue)["operations"] if op["id"] == operation_id)
    return operation["transport"] == "http" or "http" in operation.get("jsonrpc", {}).get("over", [])


HTTP_VENUES = sorted(v for v in VENUES if _http_listing(v))


@pytest.mark.parametrize("venue", sorted(VENUES))
def test_every_venue_has_an_oracle(venue: str) -> None:
    # WebSocket doubles read their venue's auth facts from it (AUTH, QUERY_PARAM, LOGIN_METHOD).
    assert importlib.util.find_spec(f"oracles.{venue}") is not None, f"tests/oracles/{venue}.py is missing"


@pytest.mark.parametrize("venue", HTTP_VENUES)
def test_every_http_venue_has_a_double_verifier(venue: str) -> None:
    assert callable(double_verifier(venue))


def test_a_venue_without_an_oracle_is_refused() -> None:
    with pytest.raises(NoOracle, match=r"tests/oracles/nowhere\.py"):
        double_verifier("nowhere")


def test_the_registry_has_http_venues() -> None:
    assert len(HTTP_VENUES) >= 4
