"""What a signing primitive is."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Protocol

__all__ = ["Sign", "Primitive", "HmacPrimitive"]

#: Signs message bytes with a key bound in advance; returns the raw signature bytes.
Sign = Callable[[bytes], bytes]


class Primitive(Protocol):
    """Binds key bytes once (``prepare``) and returns the function that signs messages.

    ``prepare`` raises ``ValueError`` for a key the primitive cannot use (wrong length,
    not a point on the curve ...) with a message that never contains the key.
    ``keyed`` is false for plain digests, which ignore the key.
    """

    @property
    def keyed(self) -> bool: ...

    def prepare(self, key: bytes) -> Sign: ...


class HmacPrimitive:
    """HMAC with one hashlib digest."""

    keyed = True

    def __init__(self, digest: str) -> None:
        self._digest = digest

    def prepare(self, key: bytes) -> Sign:
        # hmac.new copies the prepared inner/outer state, so each call skips the key setup.
        template = hmac.new(key, digestmod=self._digest)

        def sign(message: bytes) -> bytes:
            mac = template.copy()
            mac.update(message)
            return mac.digest()

        return sign


class DigestPrimitive:
    """A plain digest of the message (no key)."""

    keyed = False

    def __init__(self, digest: str) -> None:
        self._digest = digest

    def prepare(self, key: bytes) -> Sign:
        del key  # a digest has no key
        name = self._digest
        return lambda message: hashlib.new(name, message).digest()
