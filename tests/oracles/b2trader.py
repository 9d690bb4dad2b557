"""B2Trader (SignalR account hub) authentication, from its docs (never from our spec): the
JWT access token travels in the ``access_token`` query parameter of the WebSocket URL
(``wss://{host}/frontoffice/ws/v4/account?access_token={token}``; notes/b2trader.md cites
the pages), and the upgrade is refused without the right one."""

from __future__ import annotations

from urllib.parse import parse_qs

__all__ = ["QUERY_PARAM", "token_accepted"]

QUERY_PARAM = "access_token"


def token_accepted(query: str, token: str) -> bool:
    """Whether the upgrade's query carries exactly the expected token, once."""
    return parse_qs(query).get(QUERY_PARAM, []) == [token]
