"""The one place that names every signing primitive.

A recipe's ``primitive`` is a key of :data:`PRIMITIVES`, each implemented in its own module
of :mod:`.primitives`. Others plug in with :func:`register` without touching the engine.
"""

from __future__ import annotations

from .primitives import ed25519, eip191, hmac_sha256, hmac_sha384, hmac_sha512, sha256
from .primitives.base import Primitive

__all__ = ["NONE", "PRIMITIVES", "register"]

#: The primitive name of schemes that sign nothing (public reads, bearer tokens, JWT only).
NONE = "none"

PRIMITIVES: dict[str, Primitive] = {
    "hmac_sha256": hmac_sha256.PRIMITIVE,
    "hmac_sha384": hmac_sha384.PRIMITIVE,
    "hmac_sha512": hmac_sha512.PRIMITIVE,
    "sha256": sha256.PRIMITIVE,
    "ed25519": ed25519.PRIMITIVE,
    # secp256k1 personal_sign (Derive); coincurve is imported when a key is bound.
    "eip191": eip191.PRIMITIVE,
}


def register(name: str, primitive: Primitive) -> None:
    """Add a primitive; a name is registered once."""
    if name == NONE or name in PRIMITIVES:
        raise ValueError(f"a signing primitive named {name!r} already exists")
    PRIMITIVES[name] = primitive
