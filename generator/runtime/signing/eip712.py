"""EIP-712 typed-data signatures per request, plus a signed message per connection.

The spec's ``eip712_action`` settings say everything venue-specific: the domain, the type
signed for each request (its fields in signing order, and where each value comes from), the
request parameters filled in on every request, and the ``auth`` message sent right after
connecting. This module only follows them.

Value sources (``source`` of a type field, or a ``request_params`` entry), one key each:

- ``{credential: <name>}``: the credential's value, as given (a uint64 id stays a string);
- ``{param: <wire name>, default: <value>}``: the request parameter, or ``default`` when the
  request does not carry it (for the connection message, ``action`` is its own action);
- ``{clock: milliseconds | seconds}``: the current time from the injectable clock.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..secrets import Secret
from .engine import Clock, system_clock_ms
from .ethereum import EthereumKey, StructHasher, typed_data_digest, typed_data_digest_of

__all__ = ["Eip712ActionAuth", "vrs_signature"]

#: EIP712Domain's fields in the order the standard lists them.
_DOMAIN_FIELDS = (
    ("name", "string"),
    ("version", "string"),
    ("chainId", "uint256"),
    ("verifyingContract", "address"),
    ("salt", "bytes32"),
)
_MISSING = object()
#: How many recent signatures a signer keeps (see ``_signatures``): bounded, and small.
_REMEMBERED_SIGNATURES = 64

def vrs_signature(v: int, r: int, s: int) -> dict[str, Any]:
    """``{v, r, s}`` with r and s as 0x + 64 hex digits (zero-padded), v as 27 or 28."""
    if v < 27:
        v += 27
    return {"v": v, "r": f"0x{r:064x}", "s": f"0x{s:064x}"}


def _check_uint(name: str, value: Any) -> None:
    if isinstance(value, bool) or not (
        (isinstance(value, int) and value >= 0) or (isinstance(value, str) and value.isdigit())
    ):
        raise ValueError(f"{name} must be a non-negative integer or its decimal text, not {value!r}")


class Eip712ActionAuth:
    """Signs each request's action type and builds the connection's ``auth`` message.

    Keyword arguments: the venue's credentials (the signer's private key under the name the
    settings give, ``private_key`` by default; the others, such as a subaccount id, as
    strings), the injectable ``clock`` (milliseconds since the epoch), and the spec's
    settings (``domain``, ``action_type``, ``signature_param``, ``signer_credential``,
    ``request_params``, ``connection_auth``).
    """

    def __init__(
        self,
        *,
        domain: Mapping[str, Any],
        action_type: Mapping[str, Any],
        signature_param: str,
        signer_credential: str = "private_key",
        request_params: Mapping[str, Mapping[str, Any]] | None = None,
        connection_auth: Mapping[str, Any] | None = None,
        clock: Clock = system_clock_ms,
        **credentials: str | Secret,
    ) -> None:
        if signer_credential not in credentials:
            raise TypeError(f"missing the signing key credential {signer_credential!r}")
        self._secret = Secret(credentials.pop(signer_credential))
        try:
            self._key = EthereumKey(self._secret.reveal())
        except ValueError:
            raise ValueError(f"{signer_credential} is not a valid Ethereum private key") from None
        self._signer_credential = signer_credential
        self.credentials: dict[str, str] = {}
        for name, value in credentials.items():
            if not isinstance(value, str):
                raise TypeError(f"the credential {name} must be a str, not {type(value).__name__}")
            self.credentials[name] = value
        self.domain = dict(domain)
        self.action_type = action_type
        self.signature_param = signature_param
        self.request_params = dict(request_params or {})
        self.connection_auth = connection_auth
        self._clock = clock
        #: Per signed type (by identity, the spec kept to rule out a reused id): its hasher
        #: and, per field, its name, value source and whether it is a uint.
        self._compiled: dict[int, tuple[Mapping[str, Any], StructHasher, tuple[tuple[str, Mapping[str, Any], bool], ...]]] = {}
        self._separator: tuple[tuple[tuple[str, Any], ...], bytes] | None = None
        #: Signatures of recent digests. libsecp256k1 signs deterministically (RFC 6979), so
        #: a request signed again (a poll of the same action, which carries no nonce) gets
        #: the very bytes it got before: kept instead of recomputed (about 20-40 us each).
        #: Recent signatures by what was signed: the domain separator, the type and the
        #: type-tagged values (so 1 and True, or 1 and Decimal(1), never share an entry).
        self._signatures: dict[tuple[Any, ...], tuple[int, str, str]] = {}
        fields = [*action_type["fields"], *((connection_auth or {}).get("type") or {}).get("fields", [])]
        sources = [*(f.get("source", {}) for f in fields), *self.request_params.values()]
        for source in sources:
            if "credential" in source and source["credential"] not in self.credentials:
                raise TypeError(f"missing the credential {source['credential']!r}")
        for field in fields:
            source = field.get("source", {})
            if "credential" in source and field["type"].startswith("uint"):
                _check_uint(source["credential"], self.credentials[source["credential"]])

    @property
    def address(self) -> str:
        """The checksummed address of the signing key."""
        return self._key.address

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.credentials.items())
        return f"Eip712ActionAuth({shown}, address={self.address!r}, {self._signer_credential}={self._secret!r})"

    # -- values -------------------------------------------------------------------------

    def value(self, source: Mapping[str, Any], params: Mapping[str, Any]) -> Any:
        """The value a source names, given the request's parameters."""
        if "credential" in source:
            return self.credentials[source["credential"]]
        if "clock" in source:
            now = self._clock()
            return now if source["clock"] == "milliseconds" else now // 1000
        value = params.get(source["param"], _MISSING)
        if value is _MISSING or value is None:
            if "default" not in source:
                raise ValueError(f"the signed parameter {source['param']!r} is missing")
            return source["default"]
        return value

    def _domain_type(self) -> list[dict[str, str]]:
        return [{"name": n, "type": t} for n, t in _DOMAIN_FIELDS if n in self.domain]

    def typed_data(
        self, type_spec: Mapping[str, Any], params: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The full EIP-712 document (types, primaryType, domain, message) for ``type_spec``."""
        fields: Sequence[Mapping[str, Any]] = type_spec["fields"]
        message: dict[str, Any] = {}
        for field in fields:
            value = self.value(field.get("source", {"param": field["name"]}), params)
            if field["type"].startswith("uint"):
                _check_uint(field["name"], value)
            message[field["name"]] = value
        return {
            "types": {
                "EIP712Domain": self._domain_type(),
                type_spec["name"]: [{"name": f["name"], "type": f["type"]} for f in fields],
            },
            "primaryType": type_spec["name"],
            "domain": dict(self.domain),
            "message": message,
        }

    def _sign(self, typed_data: Mapping[str, Any]) -> bytes:
        """The 65-byte ``r || s || v`` signature of a typed-data document."""
        return self._key.sign_digest(typed_data_digest(typed_data))

    def sign_typed_data(self, typed_data: Mapping[str, Any]) -> dict[str, Any]:
        """``{v, r, s}`` for a typed-data document."""
        rsv = self._sign(typed_data)
        return vrs_signature(rsv[64], int.from_bytes(rsv[:32], "big"), int.from_bytes(rsv[32:64], "big"))

    # -- requests -----------------------------------------------------------------------

    def _domain_separator(self) -> bytes:
        # Hashed once per client; recomputed only if someone changes ``domain`` afterwards.
        current = tuple(self.domain.items())
        cached = self._separator
        if cached is None or cached[0] != current:
            types = {"EIP712Domain": self._domain_type()}
            cached = self._separator = (current, StructHasher("EIP712Domain", types).hash(self.domain))
        return cached[1]

    def _compile(
        self, type_spec: Mapping[str, Any]
    ) -> tuple[Mapping[str, Any], StructHasher, tuple[tuple[str, Mapping[str, Any], bool], ...]]:
        fields: Sequence[Mapping[str, Any]] = type_spec["fields"]
        types = {
            "EIP712Domain": self._domain_type(),
            type_spec["name"]: [{"name": f["name"], "type": f["type"]} for f in fields],
        }
        plan = tuple(
            (f["name"], f.get("source", {"param": f["name"]}), f["type"].startswith("uint"))
            for f in fields
        )
        compiled = (type_spec, StructHasher(type_spec["name"], types), plan)
        self._compiled[id(type_spec)] = compiled
        return compiled

    def _values(
        self, type_spec: Mapping[str, Any], params: Mapping[str, Any]
    ) -> tuple[StructHasher, list[Any]]:
        """The type's compiled hasher and the request's values for its fields, checked."""
        compiled = self._compiled.get(id(type_spec))
        if compiled is None or compiled[0] is not type_spec:
            compiled = self._compile(type_spec)
        _, hasher, plan = compiled
        values = []
        for name, source, is_uint in plan:
            value = self.value(source, params)
            if is_uint:
                _check_uint(name, value)
            values.append(value)
        return hasher, values

    def digest(self, type_spec: Mapping[str, Any], params: Mapping[str, Any]) -> bytes:
        """The EIP-712 digest of :meth:`typed_data`'s document, without building it: the
        domain separator and the type's hash are computed once per client, so a request
        costs the hash of its own values and the final hash (the signature is the rest)."""
        hasher, values = self._values(type_spec, params)
        return typed_data_digest_of(self._domain_separator(), hasher.hash_values(values))

    def sign_params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The request's params with the filled-in parameters and the signature added."""
        filled = dict(params)
        for name, source in self.request_params.items():
            filled[name] = self.value(source, params)
        hasher, values = self._values(self.action_type, filled)
        separator = self._domain_separator()
        # The digest is a function of these alone: a repeated request (a poll) skips hashing
        # as well as signing. Values that cannot be a key (lists) take the long way.
        key: tuple[Any, ...] | None = (separator, hasher.name, *((type(v), v) for v in values))
        try:
            signature = self._signatures.get(key)  # type: ignore[arg-type]
        except TypeError:
            key, signature = None, None
        if signature is None:
            rsv = self._key.sign_digest(typed_data_digest_of(separator, hasher.hash_values(values)))
            # r and s as 0x + 64 hex digits: the bytes' hex is already zero-padded.
            signature = (rsv[64], "0x" + rsv[:32].hex(), "0x" + rsv[32:64].hex())
            if key is not None:
                if len(self._signatures) >= _REMEMBERED_SIGNATURES:
                    self._signatures.clear()
                self._signatures[key] = signature
        v, r, s = signature
        filled[self.signature_param] = {"v": v, "r": r, "s": s}
        return filled

    # -- connection ---------------------------------------------------------------------

    def connection_message(self) -> dict[str, Any] | None:
        """The message to send right after connecting, or None when the venue wants none.

        ``{"method": <method>, "params": {"message": <typed data>, "signature": 0x + 130 hex}}``;
        the typed data is JSON text or an object, as the settings say.
        """
        settings = self.connection_auth
        if settings is None:
            return None
        typed = self.typed_data(settings["type"], {"action": settings["action"]})
        signature = "0x" + self._sign(typed).hex()
        encoding = settings.get("message_encoding", "json_text")
        message: Any = (
            json.dumps(typed, separators=(",", ":")) if encoding == "json_text" else typed
        )
        return {"method": settings["method"], "params": {"message": message, "signature": signature}}

    @property
    def connection_awaits_reply(self) -> bool:
        """Whether the connection message expects a reply (sent with an id, then awaited)."""
        return bool((self.connection_auth or {}).get("await_reply", True))
