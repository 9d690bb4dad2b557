"""Ed25519 (RFC 8032) via PyNaCl, imported only when a recipe uses it."""

from __future__ import annotations

from .base import Sign


class Ed25519Primitive:
    """The key is the 32-byte seed, or 64 bytes of seed followed by the public key (the
    form Solana-style and Coinbase CDP keys take)."""

    keyed = True

    def prepare(self, key: bytes) -> Sign:
        from nacl.signing import SigningKey

        if len(key) not in (32, 64):
            raise ValueError(f"an Ed25519 key must be a 32-byte seed, not {len(key)} bytes")
        signing_key = SigningKey(key[:32])
        if len(key) == 64 and bytes(signing_key.verify_key) != key[32:]:
            raise ValueError("the 64-byte Ed25519 key's public half does not match its seed")
        return lambda message: bytes(signing_key.sign(message).signature)


PRIMITIVE = Ed25519Primitive()
