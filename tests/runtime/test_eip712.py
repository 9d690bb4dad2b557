"""Eip712ActionAuth: the notes' Synthetix test vectors, the filled-in parameters, and the
connection ``auth`` message (signed typed data that recovers to the signer)."""

from __future__ import annotations

import asyncio
import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from eth_account import Account
from eth_account.messages import encode_typed_data
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from websockets.asyncio.server import serve

from venues._runtime.signing.auth import Eip712ActionAuth as ReExported
from venues._runtime.signing.eip712 import Eip712ActionAuth, vrs_signature
from venues._runtime.signing.ethereum import (
    EthereumKey,
    StructHasher,
    keccak256,
    typed_data_digest,
    typed_data_digest_of,
)

# A public test key (the example key of the web3.js and eth-account docs; never for funds).
KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
SUB_ACCOUNT = "1867542890123456789"
SPEC = Path(__file__).resolve().parents[2] / "specs" / "synthetix.yaml"


def settings() -> dict[str, Any]:
    return dict(yaml.safe_load(SPEC.read_text(encoding="utf-8"))["auth"]["settings"])


def make(clock_ms: int = 1_700_000_000_123, **overrides: Any) -> Eip712ActionAuth:
    options: dict[str, Any] = settings() | overrides
    return Eip712ActionAuth(
        sub_account_id=SUB_ACCOUNT, private_key=KEY, clock=lambda: clock_ms, **options
    )


@pytest.mark.parametrize(
    ("expires_after", "v", "r", "s"),
    [
        (
            0,
            28,
            "0xead0ae915aed972921b13d98498ec097e933727a72119f79240e67cdac2f9ea6",
            "0x62e9386df5fb4ae1a7a8dbf1316b74755c38789c6e4460b9e347a3f80f3bd18a",
        ),
        (
            1704067260000,
            27,
            "0x3ee008ae682586df6696a8997884117e62e0332f5f6db4a1e9e3af2d8de0c981",
            "0x7e6effb6fbb4326641bd08946d26f4dd3f1e3c5966e3a40bf3976b2a0a0fb89c",
        ),
    ],
)
def test_notes_test_vectors(expires_after: int, v: int, r: str, s: str) -> None:
    params = make().sign_params({"action": "getOpenOrders", "expiresAfter": expires_after})
    assert params["signature"] == {"v": v, "r": r, "s": s}
    assert params["subAccountId"] == SUB_ACCOUNT and isinstance(params["subAccountId"], str)
    assert params["expiresAfter"] == expires_after


def test_absent_expires_after_is_sent_and_signed_as_zero() -> None:
    params = make().sign_params({"action": "getOpenOrders", "symbol": "BTC-USDT"})
    assert params["expiresAfter"] == 0
    assert params["symbol"] == "BTC-USDT"
    # Same signed fields as the first vector: the symbol is not signed.
    assert params["signature"]["r"] == (
        "0xead0ae915aed972921b13d98498ec097e933727a72119f79240e67cdac2f9ea6"
    )


def test_typed_data_follows_the_spec() -> None:
    typed = make().typed_data(settings()["action_type"], {"action": "x", "expiresAfter": 5})
    assert typed["primaryType"] == "SubAccountAction"
    assert [f["name"] for f in typed["types"]["SubAccountAction"]] == [
        "subAccountId",
        "action",
        "expiresAfter",
    ]
    assert [f["name"] for f in typed["types"]["EIP712Domain"]] == [
        "name",
        "version",
        "chainId",
        "verifyingContract",
    ]
    assert typed["message"] == {"subAccountId": SUB_ACCOUNT, "action": "x", "expiresAfter": 5}


def test_r_and_s_are_zero_padded() -> None:
    assert vrs_signature(0, 1, 0xABC) == {
        "v": 27,
        "r": "0x" + "0" * 63 + "1",
        "s": "0x" + "0" * 61 + "abc",
    }
    assert vrs_signature(28, 2**255, 5)["r"] == "0x8" + "0" * 63


def test_connection_message_round_trips() -> None:
    auth = make(clock_ms=1_700_000_000_999)
    message = auth.connection_message()
    assert message is not None
    assert message["method"] == "auth"
    params = message["params"]
    assert isinstance(params["message"], str)  # typed data as JSON text
    typed = json.loads(params["message"])
    assert typed["primaryType"] == "AuthMessage"
    assert typed["message"] == {
        "subAccountId": SUB_ACCOUNT,
        "timestamp": 1_700_000_000_999,  # Unix milliseconds, as the SDKs sign it
        "action": "websocket_auth",
    }
    signature = params["signature"]
    assert signature.startswith("0x") and len(signature) == 132
    assert int(signature[-2:], 16) in (27, 28)
    recovered = Account.recover_message(encode_typed_data(full_message=typed), signature=signature)
    assert recovered == ADDRESS == auth.address
    assert auth.connection_awaits_reply


def test_connection_message_as_object() -> None:
    options = settings()
    options["connection_auth"] = dict(options["connection_auth"], message_encoding="object")
    message = make(**options).connection_message()
    assert message is not None and isinstance(message["params"]["message"], dict)


def test_no_connection_auth() -> None:
    options = settings()
    del options["connection_auth"]
    auth = Eip712ActionAuth(sub_account_id=SUB_ACCOUNT, private_key=KEY, **options)
    assert auth.connection_message() is None


def test_the_key_never_shows() -> None:
    auth = make()
    assert KEY not in repr(auth) and KEY[2:] not in repr(auth)
    assert SUB_ACCOUNT in repr(auth) and ADDRESS in repr(auth)
    with pytest.raises(ValueError) as caught:
        Eip712ActionAuth(sub_account_id=SUB_ACCOUNT, private_key="0x1234", **settings())
    assert "0x1234" not in str(caught.value)


def test_sub_account_id_must_be_decimal_text() -> None:
    with pytest.raises(ValueError):
        Eip712ActionAuth(sub_account_id="1.5e18", private_key=KEY, **settings())
    with pytest.raises(TypeError):
        Eip712ActionAuth(sub_account_id=1867542890123456789, private_key=KEY, **settings())  # type: ignore[arg-type]


def test_missing_signed_param_without_default() -> None:
    with pytest.raises(ValueError, match="action"):
        make().sign_params({})


def test_re_exported_from_auth() -> None:
    assert ReExported is Eip712ActionAuth


def test_a_missing_credential_is_named() -> None:
    with pytest.raises(TypeError, match="sub_account_id"):
        Eip712ActionAuth(private_key=KEY, **settings())
    with pytest.raises(TypeError, match="private_key"):
        Eip712ActionAuth(sub_account_id=SUB_ACCOUNT, **settings())


# -- the runtime's own EIP-712 hashing and signing, against eth-account as the oracle -----------

SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
private_keys = st.integers(min_value=1, max_value=SECP256K1_ORDER - 1).map(lambda n: f"0x{n:064x}")
ATOMIC = ["uint256", "uint64", "uint8", "int256", "int32", "int8", "bool", "address", "string",
          "bytes", "bytes32", "bytes4", "bytes1"]
DOMAIN = [("name", "string"), ("version", "string"), ("chainId", "uint256"),
          ("verifyingContract", "address"), ("salt", "bytes32")]


def values_of(kind: str) -> st.SearchStrategy[Any]:
    if kind.startswith(("uint", "int")):
        bits = int(kind.lstrip("uint"))
        low, high = (0, 2**bits - 1) if kind.startswith("u") else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
        numbers = st.integers(min_value=low, max_value=high)
        return st.one_of(numbers, numbers.map(str)) if low == 0 else numbers  # uints also as text
    if kind == "bool":
        return st.booleans()
    if kind == "address":
        return st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex())
    if kind == "string":
        return st.text(max_size=40)
    if kind == "bytes":
        return st.one_of(st.binary(max_size=70), st.binary(max_size=70).map(lambda b: "0x" + b.hex()))
    size = int(kind.removeprefix("bytes"))
    return st.binary(min_size=size, max_size=size)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A typed-data document: a domain with some of its fields, an ``Inner`` struct of atomic
    fields, and a primary ``Outer`` struct of atomic and array fields plus nested ``Inner``s."""
    domain_fields = [f for f in DOMAIN if draw(st.booleans())] or [DOMAIN[0]]
    inner_kinds = draw(st.lists(st.sampled_from(ATOMIC), min_size=1, max_size=4))
    outer_kinds = draw(st.lists(st.sampled_from([*ATOMIC, *(k + "[]" for k in ATOMIC), "Inner", "Inner[]", "uint8[2]"]), min_size=1, max_size=6))
    if not any(k.startswith("Inner") for k in outer_kinds):
        outer_kinds.append("Inner")

    def value(kind: str) -> Any:
        if kind == "Inner":
            return {f"i{n}": draw(values_of(k)) for n, k in enumerate(inner_kinds)}
        if kind == "uint8[2]":
            return [draw(values_of("uint8")) for _ in range(2)]
        if kind.endswith("[]"):
            return [value(kind[:-2]) for _ in range(draw(st.integers(min_value=0, max_value=3)))]
        return draw(values_of(kind))

    return {
        "types": {
            "EIP712Domain": [{"name": n, "type": t} for n, t in domain_fields],
            "Inner": [{"name": f"i{n}", "type": k} for n, k in enumerate(inner_kinds)],
            "Outer": [{"name": f"o{n}", "type": k} for n, k in enumerate(outer_kinds)],
        },
        "primaryType": "Outer",
        "domain": {n: value(t) for n, t in domain_fields},
        "message": {f"o{n}": value(k) for n, k in enumerate(outer_kinds)},
    }


def eth_account_digest(document: dict[str, Any]) -> bytes:
    message = encode_typed_data(full_message=copy.deepcopy(document))
    return keccak256(b"\x19" + message.version + message.header + message.body)


@hypothesis_settings(max_examples=200, deadline=None)
@given(document=documents(), key=private_keys)
def test_digest_and_signature_are_eth_accounts_for_any_document(document: dict[str, Any], key: str) -> None:
    digest = typed_data_digest(document)
    assert digest == eth_account_digest(document)
    # The compiled hashers a signer keeps per type give the same digest.
    types = document["types"]
    compiled = typed_data_digest_of(
        StructHasher("EIP712Domain", types).hash(document["domain"]),
        StructHasher(document["primaryType"], types).hash(document["message"]),
    )
    assert compiled == digest
    reference = Account.sign_message(encode_typed_data(full_message=copy.deepcopy(document)), private_key=key)
    assert EthereumKey(key).sign_digest(digest) == bytes(reference.signature)


@hypothesis_settings(max_examples=100, deadline=None)
@given(
    key=private_keys,
    sub_account=st.integers(min_value=0, max_value=2**64 - 1).map(str),
    action=st.text(min_size=1, max_size=30),
    expires_after=st.integers(min_value=0, max_value=2**63),
    clock_ms=st.integers(min_value=0, max_value=2**53),
)
def test_request_and_connection_signatures_are_eth_accounts(
    key: str, sub_account: str, action: str, expires_after: int, clock_ms: int
) -> None:
    auth = Eip712ActionAuth(sub_account_id=sub_account, private_key=key, clock=lambda: clock_ms, **settings())
    assert auth.address == Account.from_key(key).address
    params = auth.sign_params({"action": action, "expiresAfter": expires_after})
    typed = auth.typed_data(auth.action_type, params)
    # Signed without building the document: the same digest as the document's.
    assert auth.digest(auth.action_type, params) == typed_data_digest(typed)
    reference = Account.sign_message(encode_typed_data(full_message=typed), private_key=key)
    assert params["signature"] == {"v": reference.v, "r": f"0x{reference.r:064x}", "s": f"0x{reference.s:064x}"}
    message = auth.connection_message()
    assert message is not None
    connection_typed = json.loads(message["params"]["message"])
    recovered = Account.recover_message(encode_typed_data(full_message=connection_typed), signature=message["params"]["signature"])
    assert recovered == auth.address


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("uint8", 256), ("uint8", -1), ("int8", 128), ("int8", -129), ("uint256", "1.5"), ("uint256", True),
        ("bool", 1), ("bool", "true"), ("address", "0x1234"), ("address", "2c7536E3605D9C16a7a3D7b1898e529396a65c23"),
        ("bytes4", b"12345"), ("bytes", "zz"), ("string", 5), ("uint7", 1), ("bytes33", b"x"), ("Missing", {}),
        ("uint8[2]", [1]), ("uint8[]", 1),
    ],
)
def test_a_value_that_does_not_fit_its_type_is_refused(kind: str, value: Any) -> None:
    document = {
        "types": {"EIP712Domain": [{"name": "name", "type": "string"}], "T": [{"name": "v", "type": kind}]},
        "primaryType": "T",
        "domain": {"name": "x"},
        "message": {"v": value},
    }
    with pytest.raises(ValueError):
        typed_data_digest(document)
    with pytest.raises(ValueError):  # the compiled hasher refuses it too
        StructHasher("T", document["types"]).hash({"v": value})


def test_a_changed_domain_is_signed_under_its_new_separator() -> None:
    auth = make()
    first = auth.sign_params({"action": "getOpenOrders"})["signature"]
    auth.domain["chainId"] = 10
    params = auth.sign_params({"action": "getOpenOrders"})
    assert params["signature"] != first
    assert auth.digest(auth.action_type, params) == typed_data_digest(auth.typed_data(auth.action_type, params))
    reference = Account.sign_message(
        encode_typed_data(full_message=auth.typed_data(auth.action_type, params)), private_key=KEY
    )
    assert params["signature"] == {"v": reference.v, "r": f"0x{reference.r:064x}", "s": f"0x{reference.s:064x}"}


def test_a_request_signed_again_carries_the_same_correct_signature() -> None:
    """A repeated request (a poll) gets the signature it got before without a new ECDSA
    signature; it is still eth-account's, and each request gets its own copy of it."""
    auth = make()
    signs: list[bytes] = []
    real_sign = auth._key.sign_digest

    class CountingKey:
        address = auth.address

        def sign_digest(self, digest: bytes) -> bytes:
            signs.append(digest)
            return real_sign(digest)

    auth._key = CountingKey()  # type: ignore[assignment]
    first = auth.sign_params({"action": "getOpenOrders"})
    first["signature"]["r"] = "tampered"  # the caller's copy, not the remembered one
    second = auth.sign_params({"action": "getOpenOrders"})
    other = auth.sign_params({"action": "getOpenOrders", "expiresAfter": 5})
    assert len(signs) == 2
    for params in (second, other):
        typed = auth.typed_data(auth.action_type, params)
        reference = Account.sign_message(encode_typed_data(full_message=typed), private_key=KEY)
        assert params["signature"] == {"v": reference.v, "r": f"0x{reference.r:064x}", "s": f"0x{reference.s:064x}"}
    for expires_after in range(200):  # more distinct requests than it keeps: still right
        params = auth.sign_params({"action": "getOpenOrders", "expiresAfter": expires_after})
    typed = auth.typed_data(auth.action_type, params)
    reference = Account.sign_message(encode_typed_data(full_message=typed), private_key=KEY)
    assert params["signature"]["r"] == f"0x{reference.r:064x}"
    assert len(auth._signatures) <= 64


def test_a_poll_is_neither_hashed_nor_signed_again_and_equal_values_of_other_types_are_not_confused() -> None:
    """The memo is keyed by what the digest is made of (separator, type, type-tagged values),
    so a repeated request skips hashing too; 1 and "1" (both a valid uint) are separate
    entries, each signed right."""
    from venues._runtime.signing import eip712

    auth = make()
    hashed: list[object] = []
    real = eip712.typed_data_digest_of

    def counting(separator: bytes, struct_hash: bytes) -> bytes:
        hashed.append(struct_hash)
        return real(separator, struct_hash)

    eip712.typed_data_digest_of = counting  # type: ignore[assignment]
    try:
        for _ in range(3):
            auth.sign_params({"action": "getOpenOrders", "expiresAfter": 1})
        assert len(hashed) == 1
        as_text = auth.sign_params({"action": "getOpenOrders", "expiresAfter": "1"})
        assert len(hashed) == 2
    finally:
        eip712.typed_data_digest_of = real  # type: ignore[assignment]
    typed = auth.typed_data(auth.action_type, as_text)
    reference = Account.sign_message(encode_typed_data(full_message=typed), private_key=KEY)
    assert as_text["signature"] == {"v": reference.v, "r": f"0x{reference.r:064x}", "s": f"0x{reference.s:064x}"}


def test_a_signed_value_that_does_not_fit_is_refused_before_signing() -> None:
    auth = make()
    with pytest.raises(ValueError, match="expiresAfter"):
        auth.sign_params({"action": "getOpenOrders", "expiresAfter": -1})
    with pytest.raises(ValueError, match="string needs a str"):
        auth.sign_params({"action": 5})


def test_a_missing_field_or_a_broken_document_is_refused() -> None:
    types = {"EIP712Domain": [{"name": "name", "type": "string"}], "T": [{"name": "v", "type": "uint256"}]}
    with pytest.raises(ValueError, match="lacks v"):
        typed_data_digest({"types": types, "primaryType": "T", "domain": {"name": "x"}, "message": {}})
    with pytest.raises(ValueError, match="typed-data"):
        typed_data_digest({"types": types, "domain": {"name": "x"}, "message": {"v": 1}})


# -- the Synthetix connection auth message, checked the way Synthetix's own SDKs build it ------
#
# Written from the official SDKs, not from our spec: synthetix-sdk (github.com/Synthetixio/
# synthetix-sdk, synthetix/signing.py, Signer.sign_auth) signs AuthMessage{subAccountId uint256,
# timestamp uint256, action string} with action "websocket_auth" and timestamp =
# int(time.time() * 1000); the Go SDK's SignAuthMessage uses time.Now().UnixMilli(). The venue
# gives 30 seconds.

SDK_DOMAIN = {"name": "Synthetix", "version": "1", "chainId": 1,
              "verifyingContract": "0x0000000000000000000000000000000000000000"}
SDK_AUTH_TYPES = {
    "AuthMessage": [
        {"name": "subAccountId", "type": "uint256"},
        {"name": "timestamp", "type": "uint256"},
        {"name": "action", "type": "string"},
    ]
}
WINDOW_MS = 30_000


def _sdk_integer(value: Any) -> int:
    if isinstance(value, str):
        return int(value, 16) if value.startswith("0x") else int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"not an integer: {value!r}")


class SdkAuthDouble:
    """A local Synthetix trade WebSocket that accepts the auth message only as the SDKs make it:
    the key's signature over the SDK's AuthMessage, within 30 s of now in Unix milliseconds."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.url = ""
        self.timestamps: list[int] = []
        self.refusals: list[str] = []
        self._server: Any = None

    async def __aenter__(self) -> SdkAuthDouble:
        self._server = await serve(self._handler, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{next(iter(self._server.sockets)).getsockname()[1]}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._server.close()
        await asyncio.wait_for(self._server.wait_closed(), 5)

    def refusal(self, frame: dict[str, Any]) -> str | None:
        params = frame.get("params") or {}
        raw = params.get("message")
        document = json.loads(raw) if isinstance(raw, str) else raw
        message = document["message"]
        timestamp = _sdk_integer(message["timestamp"])
        self.timestamps.append(timestamp)
        if message.get("action") != "websocket_auth":
            return "wrong action"
        typed = {"types": SDK_AUTH_TYPES, "primaryType": "AuthMessage", "domain": SDK_DOMAIN,
                 "message": {"subAccountId": _sdk_integer(message["subAccountId"]),
                             "timestamp": timestamp, "action": "websocket_auth"}}
        signer = Account.recover_message(encode_typed_data(full_message=typed), signature=params["signature"])
        if signer != self.address:
            return "invalid signature"
        if abs(time.time_ns() // 1_000_000 - timestamp) > WINDOW_MS:
            return "timestamp expired"
        return None

    async def _handler(self, ws: Any) -> None:
        first = json.loads(await asyncio.wait_for(ws.recv(), 5))
        reason = self.refusal(first)
        if reason is not None:
            self.refusals.append(reason)
            error = {"code": 401, "message": f"Unauthorized: {reason}"}
            await ws.send(json.dumps({"id": first.get("id"), "status": 401, "result": None, "error": error}))
            await ws.close()
            return
        await ws.send(json.dumps({"id": first.get("id"), "status": 200,
                                  "result": {"status": "success", "response": {"authenticated": True}}}))
        async for raw in ws:
            frame = json.loads(raw)
            await ws.send(json.dumps({"id": frame["id"], "status": 200, "result": {"status": "success", "response": []}}))


async def test_the_auth_message_carries_milliseconds_and_the_venue_accepts_it() -> None:
    from venues.synthetix import AsyncSynthetixClient

    async with SdkAuthDouble(ADDRESS) as double:
        before = time.time_ns() // 1_000_000
        async with AsyncSynthetixClient(sub_account_id=SUB_ACCOUNT, private_key=KEY, base_url=double.url, timeout=5) as client:
            assert await client.get_open_orders() == []
        after = time.time_ns() // 1_000_000
    assert double.refusals == []
    [timestamp] = double.timestamps
    assert before <= timestamp <= after  # Unix milliseconds of the connect, not seconds


async def test_a_stale_auth_message_is_refused_as_a_typed_error() -> None:
    from venues._runtime.errors import AuthenticationError
    from venues.synthetix import AsyncSynthetixClient

    async with SdkAuthDouble(ADDRESS) as double:
        stale = AsyncSynthetixClient(
            sub_account_id=SUB_ACCOUNT, private_key=KEY, base_url=double.url, timeout=5,
            clock=lambda: time.time_ns() // 1_000_000 - 2 * WINDOW_MS,
        )
        with pytest.raises(AuthenticationError) as caught:
            async with stale:
                await stale.get_open_orders()
    assert double.refusals == ["timestamp expired"]
    assert caught.value.venue == "synthetix" and "timestamp expired" in str(caught.value)


def test_keccak256_fast_state_matches_pycryptodome_on_every_thread() -> None:
    """keccak256 reuses one C state per thread: every length (around the 136-byte rate too)
    and every thread must give what pycryptodome's public API gives."""
    import os
    import threading

    from Crypto.Hash import keccak

    def expected(data: bytes) -> bytes:
        return keccak.new(digest_bits=256, data=data).digest()

    samples = [os.urandom(n) for n in (0, 1, 31, 32, 33, 135, 136, 137, 272, 1000)]
    for data in samples:
        assert keccak256(data) == expected(data)
    assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    mismatches: list[bytes] = []

    def worker() -> None:
        for _ in range(200):
            for data in samples:
                if keccak256(data) != expected(data):
                    mismatches.append(data)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not mismatches
