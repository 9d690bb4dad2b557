"""EIP-191 ``personal_sign`` with a secp256k1 key (Derive): the 65 bytes ``r || s || v``,
v being 27 or 28; the secret is the key's 32 bytes (``key_encoding: hex``)."""

from __future__ import annotations

from ..ethereum import EthereumKey, personal_message_digest
from .base import Sign


class Eip191Primitive:
    keyed = True

    def prepare(self, key: bytes) -> Sign:
        signer = EthereumKey("0x" + key.hex())  # ValueError for a bad key, never quoting it
        return lambda message: signer.sign_digest(personal_message_digest(message))


PRIMITIVE = Eip191Primitive()
