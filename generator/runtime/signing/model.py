"""The typed declaration of a request-signing scheme.

A venue's spec says *what* is signed, *how* and *where* every credential and the signature
go; the generator emits these frozen dataclasses as constructor calls, and
:class:`~.engine.RequestSigner` carries them out. Nothing here holds a credential.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

__all__ = [
    "KeyEncoding",
    "SignatureEncoding",
    "Timestamp",
    "Nonce",
    "Method",
    "Path",
    "Query",
    "Body",
    "Text",
    "Param",
    "SortedParams",
    "Hash",
    "Part",
    "PART_KINDS",
    "Placement",
    "TimestampSpec",
    "NonceSpec",
    "PassphraseSpec",
    "JwtClaim",
    "JwtSpec",
    "SignatureRecipe",
    "Problem",
]

#: How a secret's text becomes key bytes.
KeyEncoding: TypeAlias = Literal["raw", "hex", "base64", "base64url"]
#: How signature bytes become text.
SignatureEncoding: TypeAlias = Literal["hex", "hex_upper", "base64", "base64url", "base64url_nopad"]

#: A located problem in a declaration: (where, what is wrong). ``where`` is a dotted path
#: such as ``message[2].algorithm`` so that a spec author finds the line.
Problem: TypeAlias = tuple[str, str]


# --- What is signed: the parts of the message, in order ---------------------------------


@dataclass(frozen=True)
class Timestamp:
    """The request's timestamp, in the recipe's ``timestamp`` format."""


@dataclass(frozen=True)
class Nonce:
    """The request's nonce (the recipe must declare ``nonce``)."""


@dataclass(frozen=True)
class Method:
    """The HTTP method, upper case unless ``upper`` is false."""

    upper: bool = True


@dataclass(frozen=True)
class Path:
    """The path exactly as sent, including any base-URL path prefix."""


@dataclass(frozen=True)
class Query:
    """The query string exactly as sent, without ``?``.

    ``leading`` is prepended only when the query is not empty (``"?"`` signs
    ``path?query`` as Bitso does, and ``path`` alone when there is no query).
    """

    leading: str = ""


@dataclass(frozen=True)
class Body:
    """The body bytes exactly as sent (after body placements)."""


@dataclass(frozen=True)
class Text:
    """Literal text."""

    value: str


@dataclass(frozen=True)
class Param:
    """A named value: ``api_key``, a recipe constant, or an operation parameter."""

    name: str


@dataclass(frozen=True)
class SortedParams:
    """Query and body parameters sorted by key, each as ``pair``, joined by ``joiner``.

    ``leading`` is prepended only when there is at least one parameter (Backpack's
    ``instruction=...`` then ``&a=1&b=2``). Booleans are lower case, decimals as written.
    """

    pair: str = "{key}={value}"
    joiner: str = "&"
    leading: str = ""


@dataclass(frozen=True)
class Hash:
    """A digest of other parts, joined by ``separator`` (Kraken's ``SHA256(nonce + body)``).

    ``encoding`` ``raw`` puts the digest bytes themselves into the message.
    """

    parts: tuple[Part, ...]
    algorithm: Literal["sha256", "sha384", "sha512"] = "sha256"
    encoding: Literal["raw", "hex", "base64"] = "raw"
    separator: str = ""


Part: TypeAlias = (
    Timestamp | Nonce | Method | Path | Query | Body | Text | Param | SortedParams | Hash
)

#: Every part type by the name a spec uses for it.
PART_KINDS: dict[str, type[Part]] = {
    "timestamp": Timestamp,
    "nonce": Nonce,
    "method": Method,
    "path": Path,
    "query": Query,
    "body": Body,
    "text": Text,
    "param": Param,
    "sorted_params": SortedParams,
    "hash": Hash,
}


# --- Where things go -----------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """One value put into the request: a header, a query parameter, or a body field.

    ``value`` is a ``str.format`` template over the named values (``{api_key}``,
    ``{signature}``, ``{timestamp}``, ``{nonce}``, ``{passphrase}``, ``{jwt}``, constants
    and operation parameters). Placements that do not use ``{signature}`` are applied
    *before* the message is built, so a query or body placement (Binance's ``timestamp``,
    Kraken's ``nonce``) is part of what is signed; those that use it are applied after,
    query ones appended last as Binance requires.

    ``form`` and ``json`` add a field to a form-encoded or JSON-object body; ``first``
    puts it before the other fields (Kraken sends ``nonce`` first).
    """

    location: Literal["header", "query", "form", "json"]
    name: str
    value: str
    first: bool = False


# --- Per-request values ----------------------------------------------------------------------


@dataclass(frozen=True)
class TimestampSpec:
    """How the request's timestamp is written: Unix ms, Unix s, or ISO 8601 (UTC, ms)."""

    format: Literal["ms", "s", "iso8601"] = "ms"


@dataclass(frozen=True)
class NonceSpec:
    """How nonces are made.

    ``increasing_ms``: the ms clock, strictly increasing per signer. ``ms_salt``: the ms
    clock followed by ``salt_digits`` random digits, unique within each millisecond
    (Bitso's newer form, which tolerates requests reaching the venue out of order).
    """

    kind: Literal["increasing_ms", "ms_salt"] = "increasing_ms"
    salt_digits: int = 6


@dataclass(frozen=True)
class PassphraseSpec:
    """The passphrase credential, sent as ``{passphrase}``.

    ``plain`` sends it as given; ``signed`` sends the primitive's signature of it under
    the secret (KuCoin's key version 2), in ``encoding``.
    """

    mode: Literal["plain", "signed"] = "plain"
    primitive: str = "hmac_sha256"
    encoding: SignatureEncoding = "base64"


@dataclass(frozen=True)
class JwtClaim:
    """One JWT header field or claim.

    ``kind`` ``str``: ``template`` formatted over ``api_key``, ``method``, ``host``,
    ``path``, ``target``, ``jwt_nonce`` and constants. ``time``: the Unix time in seconds
    plus ``offset_s`` (``nbf``, ``exp``), as a JSON integer.
    """

    name: str
    template: str = ""
    kind: Literal["str", "time"] = "str"
    offset_s: int = 0


@dataclass(frozen=True)
class JwtSpec:
    """A JWT minted per request (Coinbase Advanced Trade style), available as ``{jwt}``.

    ES256 takes a PEM EC (P-256) private key as the secret; EdDSA an Ed25519 seed (or a
    64-byte seed + public key), decoded with the recipe's ``key_encoding``.
    """

    algorithm: Literal["ES256", "EdDSA"]
    claims: tuple[JwtClaim, ...]
    header: tuple[JwtClaim, ...] = ()


# --- The recipe ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureRecipe:
    """A complete signing scheme.

    ``primitive`` names an entry of :data:`~.registry.PRIMITIVES` (or ``none`` for public
    reads, bearer tokens and JWT-only schemes); it signs ``message`` (the parts joined by
    ``separator``) with the secret decoded by ``key_encoding``; the signature is written
    with ``signature_encoding`` and placed by ``placements``.

    ``constants`` are named values (``recv_window``, ``window``); a client may override
    them. ``operation_params`` names the values each operation must supply (Backpack's
    ``instruction``).
    """

    primitive: str
    placements: tuple[Placement, ...]
    message: tuple[Part, ...] = ()
    separator: str = ""
    key_encoding: KeyEncoding = "raw"
    signature_encoding: SignatureEncoding = "hex"
    timestamp: TimestampSpec = field(default_factory=TimestampSpec)
    nonce: NonceSpec | None = None
    passphrase: PassphraseSpec | None = None
    jwt: JwtSpec | None = None
    constants: tuple[tuple[str, str], ...] = ()
    operation_params: tuple[str, ...] = ()
