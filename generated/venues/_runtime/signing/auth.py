"""Authentication schemes. A spec names its scheme and settings; the generated client
builds the matching class here with the user's credentials.

Every scheme takes an injectable ``clock`` (milliseconds since the epoch) so that tests
can reproduce signatures exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..operation import Operation
from ..request import HttpRequest
from ..secrets import Secret
from . import (
    Clock,
    RequestSigner,
    SignableRequest,
    SignatureRecipe,
    Signed,
    system_clock_ms,
)
from .eip712 import Eip712ActionAuth as Eip712ActionAuth

__all__ = [
    "Clock",
    "HttpAuth",
    "system_clock_ms",
    "RecipeAuth",
    "WebSocketLogin",
]

class HttpAuth(Protocol):
    """Signs an HTTP request in place (adds headers, query or body fields); what it
    returns (a record of what was signed, or None) is for tests."""

    def sign(self, request: HttpRequest, operation: Operation[Any]) -> object: ...


_CONTENT_TYPES = {"form": "application/x-www-form-urlencoded", "json": "application/json"}


@dataclass(frozen=True)
class WebSocketLogin:
    """The message that logs a WebSocket connection in with the recipe's values (Derive's
    ``public/login``): ``params`` maps each param to a template over ``{api_key}``,
    ``{timestamp}``, ``{nonce}``, ``{signature}`` and the recipe's constants. The recipe's
    message must not sign request parts: there is no HTTP request behind a login."""

    method: str
    params: tuple[tuple[str, str], ...]


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
        websocket_login: WebSocketLogin | None = None,
    ) -> None:
        self._login = websocket_login
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
        # The content type a body the signature alone creates is sent with (the last of
        # the body placements' locations in name order, as they were once applied in turn).
        body_types = sorted({p.location for p in recipe.placements if p.location in _CONTENT_TYPES})
        self._body_type = _CONTENT_TYPES[body_types[-1]] if body_types else None

    def sign(self, request: HttpRequest, operation: Operation[Any]) -> Signed:
        """Sign ``request`` in place for ``operation`` (whose ``auth_options`` give the
        recipe's per-operation values) and return what was signed."""
        json_params = request.json_params
        signable = SignableRequest(
            request.method,
            request.path,
            list(request.query),
            request.body,
            dict(request.headers),
            dict(json_params) if json_params is not None else None,
        )
        had_body = bool(request.body)
        signed = self._signer.sign(signable, operation.auth_options)
        request.query, request.body, request.headers = (
            signable.query,
            signable.body,
            signable.headers,
        )
        if (
            signable.body
            and not had_body
            and self._body_type is not None
            and "Content-Type" not in request.headers
        ):
            request.headers["Content-Type"] = self._body_type
        return signed

    # -- what a WebSocket request client needs (ws_request.RequestSigner) ---------------------

    def connection_message(self) -> dict[str, Any] | None:
        """The login message sent first on every connection, signed afresh (None without
        a ``websocket_login``)."""
        if self._login is None:
            return None
        # The recipe signs no request part (checked by the generator): a bare request only
        # carries the values the login's templates take.
        signed = self._signer.sign(SignableRequest(method="GET", path="/"))
        values = {
            **dict(self.recipe.constants),
            "api_key": self._signer.api_key or "",
            "timestamp": signed.timestamp,
            "signature": signed.signature or "",
            "nonce": signed.nonce or "",
        }
        params = {name: template.format_map(values) for name, template in self._login.params}
        return {"method": self._login.method, "params": params}

    def sign_params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Requests over WebSocket carry no signature of their own: the login covers them."""
        return dict(params)

    @property
    def connection_awaits_reply(self) -> bool:
        """The login is answered (or refused) before the first request."""
        return True

    def __repr__(self) -> str:
        return f"RecipeAuth({self._signer!r})"


# Schemes defined in their own modules, re-exported so that every scheme imports from here.
from .token_auth import AccessTokenQueryAuth as AccessTokenQueryAuth  # noqa: E402 (SignalR venues)
