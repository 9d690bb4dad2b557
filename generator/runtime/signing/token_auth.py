"""An access token sent in the query string of a WebSocket URL (SignalR style).

The token is a credential: it is kept in a :class:`Secret`, fetched afresh for every
connection when given as a function (sync or async), and the URL that carries it is itself
returned as a :class:`Secret`, so that neither can end up in a repr, a log line or an error.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from typing import TypeAlias
from urllib.parse import quote

from ..secrets import Secret

__all__ = ["AccessTokenQueryAuth", "TokenSource", "redact"]

#: A token, or a function (sync or async) returning a fresh one for each connection.
TokenSource: TypeAlias = (
    str | Secret | Callable[[], str | Secret] | Callable[[], Awaitable[str | Secret]]
)

_MASK = "**********"


def redact(text: str, *secrets: str, query_param: str | None = None) -> str:
    """``text`` with every given secret (raw or URL-encoded) and ``query_param=...`` masked."""
    for secret in secrets:
        if not secret:
            continue
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            text = text.replace(form, _MASK)
    if query_param:
        text = re.sub(rf"({re.escape(query_param)}=)[^&#\s'\"]+", rf"\g<1>{_MASK}", text)
    return text


class AccessTokenQueryAuth:
    """Appends ``?<query_param>=<token>`` to the URL of each new connection."""

    def __init__(self, *, access_token: TokenSource, query_param: str) -> None:
        self._static: Secret | None = None
        self._factory: Callable[[], object] | None = None
        if isinstance(access_token, (str, Secret)):
            self._static = Secret(access_token)
            if not self._static:
                raise ValueError("access_token must not be empty")
        elif callable(access_token):
            self._factory = access_token
        else:
            raise TypeError(
                "access_token must be a str, a Secret or a function returning one, "
                f"not {type(access_token).__name__}"
            )
        self.query_param = query_param
        self._last: Secret | None = self._static

    async def token(self) -> Secret:
        """The token for a new connection (a fresh one when a function was given)."""
        if self._static is not None:
            return self._static
        assert self._factory is not None
        value = self._factory()
        if inspect.isawaitable(value):
            value = await value
        if not isinstance(value, (str, Secret)):
            raise TypeError(
                f"the access_token function returned a {type(value).__name__}, not a str"
            )
        token = Secret(value)
        if not token:
            raise ValueError("the access_token function returned an empty token")
        self._last = token
        return token

    async def signed_url(self, url: str) -> Secret:
        """``url`` with the token added to its query string, itself kept secret."""
        token = await self.token()
        separator = "&" if "?" in url else "?"
        value = quote(token.reveal(), safe="")
        return Secret(f"{url}{separator}{quote(self.query_param, safe='')}={value}")

    def redact(self, text: str) -> str:
        """``text`` with the current token and any ``<query_param>=...`` value masked."""
        known = [self._last.reveal()] if self._last is not None else []
        return redact(text, *known, query_param=self.query_param)

    def __repr__(self) -> str:
        kind = "function" if self._factory is not None else "Secret('**********')"
        return f"AccessTokenQueryAuth(access_token={kind}, query_param={self.query_param!r})"
