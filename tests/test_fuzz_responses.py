"""A short run of the hostile-response harness (`make fuzz` runs 10,000 cases per venue)."""

from __future__ import annotations

import pytest
from fuzz_responses import VENUES, run


@pytest.mark.parametrize("venue", VENUES)
def test_hostile_responses_end_typed(venue: str) -> None:
    report = run(venue, cases=400, seed=7, pool_size=60)
    assert report.cases >= 400
    assert report.untyped == [], report.untyped[:5]
    assert report.valid_rejected == [], report.valid_rejected[:5]
    # Both sides were exercised: replies that parse and replies that fail typed.
    assert report.outcomes["parsed"] > 0
    assert report.outcomes["DecodeError"] > 0
