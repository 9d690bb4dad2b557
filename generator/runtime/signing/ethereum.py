"""Ethereum signing on two small libraries: Keccak-256 and libsecp256k1.

What EIP-191 (personal_sign) and EIP-712 (typed data) venues need, and nothing more: the
Keccak-256 hash (pycryptodome's ``Crypto.Hash.keccak``), an address from a private key,
recoverable ECDSA signatures of a 32-byte digest (coincurve, the libsecp256k1 binding), and
the two digests. eth-account computes the same values but installs 17 packages and costs
about 0.7 s to import; the tests keep it as an independent oracle that every signature here
must match byte for byte.

Both libraries are imported on first use, so venues that sign nothing never load them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import coincurve

__all__ = [
    "EthereumKey",
    "StructHasher",
    "checksum_address",
    "keccak256",
    "personal_message_digest",
    "typed_data_digest",
    "typed_data_digest_of",
]

_PRIVATE_KEY = re.compile(r"(?:0x)?([0-9a-fA-F]{64})")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_HEX = re.compile(r"0x(?:[0-9a-fA-F]{2})*")
_DECIMAL = re.compile(r"[0-9]+")
_INT_TYPE = re.compile(r"(u?)int([0-9]*)")
_BYTES_TYPE = re.compile(r"bytes([0-9]+)")
_ARRAY = re.compile(r"(.+)\[([0-9]*)\]")


def keccak256(data: bytes) -> bytes:
    """Keccak-256 (Ethereum's hash, not NIST SHA3-256) of ``data``."""
    hasher = _HASHER.get()
    if hasher is None:
        hasher = _HASHER.set()
    return hasher(data)


class _Hashers(threading.local):
    """The fastest Keccak-256 this thread can use, made on first use.

    pycryptodome's ``keccak.new(...).digest()`` builds a Python hash object around its C
    state on every call (most of the cost of hashing the short texts signing hashes, about
    as much as three of its C calls). Each thread here keeps one C state and resets it
    instead, through the same C library (``Crypto.Hash._keccak``, loaded by pycryptodome's
    own loader). Should pycryptodome stop exposing it, the public API is used; the tests
    compare both with eth-account's hash."""

    fn: Callable[[bytes], bytes] | None = None

    def get(self) -> Callable[[bytes], bytes] | None:
        return self.fn

    def set(self) -> Callable[[bytes], bytes]:
        self.fn = _raw_keccak() or _public_keccak
        return self.fn


def _public_keccak(data: bytes) -> bytes:
    from Crypto.Hash import keccak

    return keccak.new(digest_bits=256, data=data).digest()


def _raw_keccak() -> Callable[[bytes], bytes] | None:
    try:
        from Crypto.Hash import keccak
        from Crypto.Util import _raw_api

        api: Any = _raw_api  # typed loosely: its stubs do not list every helper used here
        lib: Any = vars(keccak)["_raw_keccak_lib"]
        state = api.VoidPointer()
        # Capacity 2 x 32 bytes and 24 rounds: what keccak.new(digest_bits=256) asks for.
        if lib.keccak_init(state.address_of(), api.c_size_t(64), api.c_ubyte(24)):
            return None
        owner = api.SmartPointer(state.get(), lib.keccak_destroy)
        out = api.create_string_buffer(32)
        get_raw_buffer = api.get_raw_buffer
        reset, absorb, squeeze = lib.keccak_reset, lib.keccak_absorb, lib.keccak_digest
    except (ImportError, AttributeError, KeyError):  # pragma: no cover (another layout)
        return None
    pointer = owner.get()

    def hash_(data: bytes, _owner: Any = owner) -> bytes:
        # Padding 0x01: Keccak as Ethereum uses it (NIST SHA-3 pads with 0x06).
        if reset(pointer) or absorb(pointer, data, len(data)) or squeeze(pointer, out, 32, 1):
            return _public_keccak(data)  # pragma: no cover (the C library refused)
        digest: bytes = get_raw_buffer(out)
        return digest

    if hash_(b"") != _public_keccak(b""):  # pragma: no cover (a C library that differs)
        return None
    return hash_


_HASHER = _Hashers()


@lru_cache(maxsize=1024)
def _keccak_text(text: str) -> bytes:
    # Type strings, actions and domain names repeat on every request; the hash object's
    # setup is most of the cost of hashing such short text.
    return keccak256(text.encode())


def checksum_address(address: bytes) -> str:
    """The EIP-55 mixed-case form of a 20-byte address."""
    lower = address.hex()
    hashed = keccak256(lower.encode()).hex()
    return "0x" + "".join(c.upper() if int(h, 16) >= 8 else c for c, h in zip(lower, hashed[:40], strict=True))


class EthereumKey:
    """A secp256k1 private key: its address and recoverable signatures of digests.

    Args:
        private_key: 64 hex digits, with or without ``0x``.

    Raises:
        ValueError: not a valid key; the message never quotes it.
    """

    __slots__ = ("_address", "_key")

    def __init__(self, private_key: str) -> None:
        import coincurve

        match = _PRIVATE_KEY.fullmatch(private_key) if isinstance(private_key, str) else None
        try:
            if match is None:
                raise ValueError
            self._key: coincurve.PrivateKey = coincurve.PrivateKey(bytes.fromhex(match.group(1)))
        except Exception:
            # coincurve's message may quote the value: ours never does.
            raise ValueError("not a valid secp256k1 private key (0x + 64 hex digits)") from None
        self._address: str | None = None

    @property
    def address(self) -> str:
        """The checksummed (EIP-55) address of the key.

        Derived on first use: a client that only signs never loads the hash for it at
        construction (the key itself is checked there)."""
        if self._address is None:
            public = self._key.public_key.format(compressed=False)[1:]  # X || Y, without 0x04
            self._address = checksum_address(keccak256(public)[-20:])
        return self._address

    def sign_digest(self, digest: bytes) -> bytes:
        """The 65-byte signature ``r || s || v`` of a 32-byte digest, v being 27 or 28.

        libsecp256k1 signs deterministically (RFC 6979) with a low s, as eth-account does.
        """
        rsv = self._key.sign_recoverable(digest, hasher=None)
        return rsv[:64] + bytes([rsv[64] + 27])

    def __repr__(self) -> str:
        return f"EthereumKey(address={self.address!r})"


def personal_message_digest(message: str | bytes) -> bytes:
    """keccak256 of the EIP-191 version 0x45 (personal_sign) envelope of ``message``."""
    data = message.encode() if isinstance(message, str) else message
    return keccak256(b"\x19Ethereum Signed Message:\n" + str(len(data)).encode() + data)


# -- EIP-712 -------------------------------------------------------------------------------

Types = Mapping[str, Sequence[Mapping[str, str]]]


def _dependencies(name: str, types: Types, found: set[str]) -> None:
    if name in found or name not in types:
        return
    found.add(name)
    for field in types[name]:
        kind = field["type"]
        while (array := _ARRAY.fullmatch(kind)) is not None:
            kind = array.group(1)
        _dependencies(kind, types, found)


def _encode_type(name: str, types: Types) -> str:
    found: set[str] = set()
    _dependencies(name, types, found)
    found.discard(name)
    parts = []
    for struct in [name, *sorted(found)]:
        members = ",".join(f"{field['type']} {field['name']}" for field in types[struct])
        parts.append(f"{struct}({members})")
    return "".join(parts)


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("a bool is not an integer here")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return int(value)
    if isinstance(value, str) and _HEX.fullmatch(value) and len(value) > 2:
        return int(value, 16)
    raise ValueError(f"not an integer: {value!r}")


def _raw_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str) and _HEX.fullmatch(value):
        return bytes.fromhex(value[2:])
    raise ValueError(f"not bytes or 0x-prefixed hex: {value!r}")


def _encode_value(kind: str, value: Any, types: Types) -> bytes:
    """One field's 32-byte slot of EIP-712 ``encodeData``."""
    if kind in types:
        return _hash_struct(kind, types, value)
    array = _ARRAY.fullmatch(kind)
    if array is not None:
        if not isinstance(value, list | tuple):
            raise ValueError(f"{kind} needs a list, not {type(value).__name__}")
        if array.group(2) and len(value) != int(array.group(2)):
            raise ValueError(f"{kind} needs exactly {array.group(2)} items")
        return keccak256(b"".join(_encode_value(array.group(1), item, types) for item in value))
    encode = _atomic_encoder(kind)
    if encode is None:
        raise ValueError(f"unknown type {kind!r}")
    return encode(value)


def _encode_string(value: Any) -> bytes:
    if not isinstance(value, str):
        raise ValueError(f"string needs a str, not {type(value).__name__}")
    return _keccak_text(value)


def _encode_bytes(value: Any) -> bytes:
    return keccak256(_raw_bytes(value))


def _encode_bool(value: Any) -> bytes:
    if not isinstance(value, bool):
        raise ValueError(f"bool needs a bool, not {type(value).__name__}")
    return bytes(31) + bytes([value])


def _encode_address(value: Any) -> bytes:
    if not (isinstance(value, str) and _ADDRESS.fullmatch(value)):
        raise ValueError(f"address needs 0x + 40 hex digits, not {value!r}")
    return bytes(12) + bytes.fromhex(value[2:])


@lru_cache(maxsize=256)
def _atomic_encoder(kind: str) -> Callable[[Any], bytes] | None:
    """The encoder of an atomic type's values, or None when ``kind`` names none.

    Worked out once per type name: the parsing of ``uint64`` or ``bytes4`` (and its limits)
    is not repeated for every value of every message."""
    simple = {"string": _encode_string, "bytes": _encode_bytes, "bool": _encode_bool, "address": _encode_address}
    if kind in simple:
        return simple[kind]
    sized = _BYTES_TYPE.fullmatch(kind)
    if sized is not None:
        size = int(sized.group(1))

        def encode_fixed_bytes(value: Any) -> bytes:
            raw = _raw_bytes(value)
            if not 1 <= size <= 32 or len(raw) > size:
                raise ValueError(f"{kind} holds at most {size} bytes")
            return raw.ljust(32, b"\x00")

        return encode_fixed_bytes
    integer = _INT_TYPE.fullmatch(kind)
    if integer is None:
        return None
    bits = int(integer.group(2) or 256)
    if bits % 8 or not 8 <= bits <= 256:
        return None
    low, high = (0, 2**bits) if integer.group(1) else (-(2 ** (bits - 1)), 2 ** (bits - 1))

    def encode_integer(value: Any) -> bytes:
        number = _integer(value)
        if not low <= number < high:
            raise ValueError(f"{number} is out of range for {kind}")
        return (number % 2**256).to_bytes(32, "big")

    return encode_integer


def _hash_struct(name: str, types: Types, values: Any) -> bytes:
    if not isinstance(values, Mapping):
        raise ValueError(f"{name} needs a mapping of its fields")
    fields = types[name]
    missing = [f["name"] for f in fields if f["name"] not in values]
    if missing:
        raise ValueError(f"{name} lacks {', '.join(missing)}")
    parts = [_keccak_text(_encode_type(name, types))]
    parts.extend(_encode_value(f["type"], values[f["name"]], types) for f in fields)
    return keccak256(b"".join(parts))


class StructHasher:
    """EIP-712 ``hashStruct`` of one type, for a signer that hashes many messages of it.

    The type's hash and each field's encoder are worked out once, here; hashing a message
    then only encodes its values (with the same checks, and the same result, as
    :func:`typed_data_digest`'s own path: the tests hold both to eth-account).

    Args:
        name: The struct's name in ``types``.
        types: Every struct the document defines (``EIP712Domain`` included).
    """

    __slots__ = ("_fields", "name", "type_hash")

    def __init__(self, name: str, types: Types) -> None:
        if name not in types:
            raise ValueError(f"unknown type {name!r}")
        self.name = name
        self.type_hash = _keccak_text(_encode_type(name, types))
        fields: list[tuple[str, Callable[[Any], bytes]]] = []
        for field in types[name]:
            kind = field["type"]
            encode = None if kind in types else _atomic_encoder(kind)
            if encode is None:  # a struct, an array or an unknown type: the general path decides
                encode = partial(_encode_value, kind, types=types)
            fields.append((field["name"], encode))
        self._fields = tuple(fields)

    def hash_values(self, values: Sequence[Any]) -> bytes:
        """hashStruct of a message given as its values in field order."""
        if len(values) != len(self._fields):
            raise ValueError(f"{self.name} has {len(self._fields)} fields, not {len(values)}")
        encoded = [encode(value) for (_, encode), value in zip(self._fields, values, strict=True)]
        return keccak256(self.type_hash + b"".join(encoded))

    def hash(self, values: Mapping[str, Any]) -> bytes:
        """hashStruct of a message given as a mapping of its fields."""
        if not isinstance(values, Mapping):
            raise ValueError(f"{self.name} needs a mapping of its fields")
        missing = [name for name, _ in self._fields if name not in values]
        if missing:
            raise ValueError(f"{self.name} lacks {', '.join(missing)}")
        return self.hash_values([values[name] for name, _ in self._fields])


def typed_data_digest_of(domain_separator: bytes, struct_hash: bytes) -> bytes:
    """The EIP-712 digest from its two hashes: ``keccak256(0x19 0x01 || domainSeparator ||
    hashStruct(message))``."""
    return keccak256(b"\x19\x01" + domain_separator + struct_hash)


_DOMAINS: dict[Any, bytes] = {}


def _domain_separator(types: Types, domain: Any) -> bytes:
    # A client signs every request under one domain: hashing it once saves a third of the work.
    try:
        key = (
            tuple((f["name"], f["type"]) for f in types["EIP712Domain"]),
            tuple((k, type(v), v) for k, v in domain.items()),
        )
        hash(key)
    except (TypeError, AttributeError):  # not a plain flat domain: no cache
        return _hash_struct("EIP712Domain", types, domain)
    separator = _DOMAINS.get(key)
    if separator is None:
        separator = _hash_struct("EIP712Domain", types, domain)
        if len(_DOMAINS) >= 16:  # never grow without bound
            _DOMAINS.clear()
        _DOMAINS[key] = separator
    return separator


def typed_data_digest(typed_data: Mapping[str, Any]) -> bytes:
    """The EIP-712 digest ``keccak256(0x19 0x01 || domainSeparator || hashStruct(message))``.

    ``typed_data`` is the JSON document of ``eth_signTypedData_v4``: ``types`` (with
    ``EIP712Domain``), ``primaryType``, ``domain`` and ``message``. Integers may be given as
    ints or as decimal or 0x-hex text, bytes as bytes or 0x-hex text.

    Raises:
        ValueError: a value that does not fit its type, or a type that is not defined.
    """
    try:
        types: Types = typed_data["types"]
        domain = _domain_separator(types, typed_data["domain"])
        message = _hash_struct(typed_data["primaryType"], types, typed_data["message"])
    except (KeyError, TypeError) as exc:
        raise ValueError(f"not an EIP-712 typed-data document: {exc!r}") from None
    return typed_data_digest_of(domain, message)
