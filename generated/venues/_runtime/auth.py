"""Authentication schemes. A spec names its scheme and settings; the generated client
builds the matching class here with the user's credentials.

Every scheme takes an injectable ``clock`` (milliseconds since the epoch) so that tests
can reproduce signatures exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from .eip712 import Eip712ActionAuth as Eip712ActionAuth
from .operation import Operation
from .request import HttpRequest
from .secrets import Secret
from .signing import (
    Clock,
    RequestSigner,
    SignableRequest,
    SignatureRecipe,
    Signed,
    system_clock_ms,
)

__all__ = [
    "Clock",
    "HttpAuth",
    "system_clock_ms",
    "Eip191TimestampAuth",
    "RecipeAuth",
]

class HttpAuth(Protocol):
    """Signs an HTTP request in place (adds headers, query or body fields); what it
    returns (a record of what was signed, or None) is for tests."""

    def sign(self, request: HttpRequest, operation: Operation[Any]) -> object: ...


_CONTENT_TYPES = {"form": "application/x-www-form-urlencoded", "json": "application/json"}


class RecipeAuth:
    """Signs HTTP requests as a spec's ``auth.signing`` recipe declares (:mod:`.signing`).

    The signer sees the request exactly as it will be sent: the path with the base URL's
    prefix, the query items in order, the body bytes; every placement (a header, a query
    parameter, a body field) is added to that same request, so what is signed is sent.
    ``nonces_in_order`` tells the HTTP client to send one request at a time when the
    recipe's nonces must reach the venue in increasing order.
    """

    def __init__(
        self,
        recipe: SignatureRecipe,
        *,
        api_key: str | None = None,
        secret: str | Secret | None = None,
        passphrase: str | Secret | None = None,
        clock: Clock = system_clock_ms,
        nonce_source: Callable[[], str] | None = None,
        salt_source: Callable[[int], str] | None = None,
    ) -> None:
        self._signer = RequestSigner(
            recipe,
            api_key=api_key,
            secret=secret,
            passphrase=passphrase,
            clock=clock,
            nonce_source=nonce_source,
            salt_source=salt_source,
        )
        self.recipe = recipe
        #: Whether requests must reach the venue in the order their nonces were drawn.
        self.nonces_in_order = recipe.nonce is not None and recipe.nonce.kind == "increasing_ms"
        self._body_types = {
            p.location for p in recipe.placements if p.location in _CONTENT_TYPES
        }

    def sign(self, request: HttpRequest, operation: Operation[Any]) -> Signed:
        """Sign ``request`` in place for ``operation`` (whose ``auth_options`` give the
        recipe's per-operation values) and return what was signed."""
        signable = SignableRequest(
            method=request.method,
            path=request.path,
            query=list(request.query),
            body=request.body,
            headers=dict(request.headers),
            body_params=dict(request.json_params) if request.json_params is not None else None,
        )
        had_body = bool(request.body)
        signed = self._signer.sign(signable, operation.auth_options)
        request.query, request.body, request.headers = (
            signable.query,
            signable.body,
            signable.headers,
        )
        if signable.body and not had_body and "Content-Type" not in request.headers:
            for location in sorted(self._body_types):
                request.headers["Content-Type"] = _CONTENT_TYPES[location]
        return signed

    def __repr__(self) -> str:
        return f"RecipeAuth({self._signer!r})"


# Schemes defined in their own modules, re-exported so that every scheme imports from here.
from .eip191 import Eip191TimestampAuth  # noqa: E402 (Derive; eth-account is imported lazily)
from .token_auth import AccessTokenQueryAuth as AccessTokenQueryAuth  # noqa: E402 (SignalR venues)
