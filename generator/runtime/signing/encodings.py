"""Key decodings (secret text -> key bytes) and signature encodings (bytes -> text)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from .model import KeyEncoding, SignatureEncoding

__all__ = ["KEY_ENCODINGS", "SIGNATURE_ENCODINGS", "decode_key", "encode_signature"]


def _b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _b64url(text: str) -> bytes:
    # Padding is often dropped from base64url keys; restore it before decoding.
    padded = text + "=" * (-len(text) % 4)
    return base64.b64decode(padded, altchars=b"-_", validate=True)


KEY_ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "raw": lambda text: text.encode(),
    # Hex keys are often written with 0x (secp256k1 private keys).
    "hex": lambda text: bytes.fromhex(text.removeprefix("0x")),
    "base64": _b64,
    "base64url": _b64url,
}

SIGNATURE_ENCODINGS: dict[str, Callable[[bytes], str]] = {
    "hex": lambda raw: raw.hex(),
    "hex_upper": lambda raw: raw.hex().upper(),
    "base64": lambda raw: base64.b64encode(raw).decode(),
    "base64url": lambda raw: base64.urlsafe_b64encode(raw).decode(),
    "base64url_nopad": lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("="),
}


def decode_key(text: str, encoding: KeyEncoding | str) -> bytes:
    """The key bytes of a secret. Raises ``ValueError`` without echoing the secret."""
    try:
        return KEY_ENCODINGS[encoding](text)
    except (binascii.Error, ValueError):
        raise ValueError(f"the secret is not valid {encoding}") from None


def encode_signature(raw: bytes, encoding: SignatureEncoding | str) -> str:
    return SIGNATURE_ENCODINGS[encoding](raw)
