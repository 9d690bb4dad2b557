"""Eip712ActionAuth: the notes' Synthetix test vectors, the filled-in parameters, and the
connection ``auth`` message (signed typed data that recovers to the signer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from eth_account import Account
from eth_account.messages import encode_typed_data

from venues._runtime.auth import Eip712ActionAuth as ReExported
from venues._runtime.eip712 import Eip712ActionAuth, vrs_signature

# Public test key from notes/derive.md and notes/synthetix.md (never for funds).
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
        "timestamp": 1_700_000_000,
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
