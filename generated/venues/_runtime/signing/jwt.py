"""JWTs minted per request (ES256 or EdDSA), for Coinbase Advanced Trade style schemes.

ES256 (ECDSA over P-256) uses PyCryptodome (a runtime dependency already, for Keccak-256),
imported only when an ES256 recipe is built; ``cryptography`` is not a dependency. EdDSA
uses PyNaCl, like the ``ed25519`` primitive.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping

from .model import JwtClaim, JwtSpec

__all__ = ["JwtMinter"]

_P256_NAMES = frozenset({"NIST P-256", "p256", "P-256", "prime256v1", "secp256r1"})


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _es256_signer(key: bytes) -> Callable[[bytes], bytes]:
    try:
        from Crypto.Hash import SHA256
        from Crypto.PublicKey import ECC
        from Crypto.Signature import DSS
    except ImportError:  # pragma: no cover: a declared runtime dependency
        raise ValueError("ES256 JWTs need PyCryptodome (pycryptodome)") from None
    try:
        ec_key = ECC.import_key(key.decode())
    except (ValueError, IndexError, TypeError, UnicodeDecodeError):
        raise ValueError("the secret is not a PEM EC private key") from None
    if ec_key.curve not in _P256_NAMES or not ec_key.has_private():
        raise ValueError("ES256 needs a P-256 private key")
    # RFC 6979 nonces: the same input always gives the same JWT, which tests rely on.
    signer = DSS.new(ec_key, "deterministic-rfc6979")
    return lambda data: bytes(signer.sign(SHA256.new(data)))


def _eddsa_signer(key: bytes) -> Callable[[bytes], bytes]:
    from .primitives.ed25519 import PRIMITIVE

    return PRIMITIVE.prepare(key)


class JwtMinter:
    """Binds the private key once; ``mint`` makes one compact JWS per request."""

    def __init__(self, spec: JwtSpec, key: bytes) -> None:
        self._spec = spec
        self._sign = _es256_signer(key) if spec.algorithm == "ES256" else _eddsa_signer(key)

    def mint(self, values: Mapping[str, str], now_s: int) -> str:
        header: dict[str, object] = {"alg": self._spec.algorithm}
        header.update(_render(self._spec.header, values, now_s))
        claims = _render(self._spec.claims, values, now_s)
        signing_input = ".".join(
            _b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
        )
        signature = self._sign(signing_input.encode())
        return f"{signing_input}.{_b64url(signature)}"


def _render(
    claims: tuple[JwtClaim, ...], values: Mapping[str, str], now_s: int
) -> dict[str, object]:
    rendered: dict[str, object] = {}
    for claim in claims:
        if claim.kind == "time":
            rendered[claim.name] = now_s + claim.offset_s
        else:
            rendered[claim.name] = claim.template.format_map(values)
    return rendered
