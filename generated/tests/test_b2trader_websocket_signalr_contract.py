"""Contract tests of the B2Trader SignalR streams, generated from specs/b2trader.yaml
and tests/fixtures/b2trader/.

Each fixture is played by a local SignalR hub (tests/signalr_support.py) on 127.0.0.1 that
checks the token, the handshake and the invocation ids, and streams the recorded messages;
the client's snapshots must carry exactly what was sent. Do not edit: run `make generate`.
"""

from __future__ import annotations

import pytest
from contract_support import cases_for
from signalr_support import SignalRCase, SignalRDouble, check, consume, load_cases

from venues.b2trader import AsyncB2TraderClient

CASES = load_cases("b2trader")


@pytest.mark.parametrize("case", cases_for("b2trader", CASES, "stream_open_orders"), ids=str)
async def test_stream_open_orders(case: SignalRCase) -> None:
    async with SignalRDouble(case) as double:
        async with AsyncB2TraderClient(**case.client_options(double.url)) as client:
            outcome = await consume(
                case,
                client.stream_open_orders,
                client.get_open_orders,
            )
            await check(case, outcome, double)
