"""Composable request signing: a typed recipe (:mod:`.model`) says what is signed, with
which primitive (:mod:`.registry`), and where each credential and the signature go;
:class:`RequestSigner` carries it out on a :class:`SignableRequest`.
"""

from __future__ import annotations

from .engine import (
    Clock,
    IncreasingMsNonce,
    RequestSigner,
    SignableRequest,
    Signed,
    SigningConfigError,
    encode_query,
    system_clock_ms,
)
from .model import (
    PART_KINDS,
    Body,
    Hash,
    JwtClaim,
    JwtSpec,
    KeyEncoding,
    Method,
    Nonce,
    NonceSpec,
    Param,
    Part,
    PassphraseSpec,
    Path,
    Placement,
    Problem,
    Query,
    SignatureEncoding,
    SignatureRecipe,
    SortedParams,
    Text,
    Timestamp,
    TimestampSpec,
)
from .parse import parse_recipe
from .registry import NONE, PRIMITIVES, register
from .validate import validate

__all__ = [
    "Body",
    "Clock",
    "Hash",
    "IncreasingMsNonce",
    "JwtClaim",
    "JwtSpec",
    "KeyEncoding",
    "Method",
    "NONE",
    "Nonce",
    "NonceSpec",
    "PART_KINDS",
    "PRIMITIVES",
    "Param",
    "Part",
    "PassphraseSpec",
    "Path",
    "Placement",
    "Problem",
    "Query",
    "RequestSigner",
    "SignableRequest",
    "SignatureEncoding",
    "SignatureRecipe",
    "Signed",
    "SigningConfigError",
    "SortedParams",
    "Text",
    "Timestamp",
    "TimestampSpec",
    "encode_query",
    "parse_recipe",
    "register",
    "system_clock_ms",
    "validate",
]
