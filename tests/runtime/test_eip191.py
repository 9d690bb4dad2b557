"""Derive's declared recipe (eip191 primitive, RecipeAuth): the published vector, headers, login; and the runtime's own
secp256k1/Keccak signing (no eth-account at runtime) against eth-account for random keys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.messages import encode_defunct
from hypothesis import given, settings
from hypothesis import strategies as st

from venues._runtime.request import HttpRequest
from venues._runtime.secrets import Secret
from venues._runtime.signing import PRIMITIVES, SigningConfigError
from venues._runtime.signing.auth import RecipeAuth
from venues._runtime.signing.ethereum import EthereumKey
from venues.derive.operations import GET_ORDERS, SIGNING, WEBSOCKET_LOGIN

GENERATED = Path(__file__).resolve().parents[2] / "generated"

# A public test key (the example key of the web3.js and eth-account docs; never for funds) and
# its Derive vector.
KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
KEY_ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
VECTOR = (
    "0x54687e5eeb3f6cc8b0cdd64de56baac1f32a5efa72b6dea2295485f0bba392bf"
    "6aca02fcae4d89c14bb139e3b77aa2777dde510a4ea7eca6fb999332efefb9551c"
)
WALLET = "0x1111111111111111111111111111111111111111"


def personal_sign(message: str, key: str) -> str:
    """The runtime's eip191 primitive, as Derive sends it (0x + hex)."""
    return "0x" + PRIMITIVES["eip191"].prepare(bytes.fromhex(key.removeprefix("0x")))(message.encode()).hex()


def make(key: str | Secret = KEY, clock_ms: int = 1_700_000_000_000) -> RecipeAuth:
    """Derive's declared recipe and login (specs/derive.yaml), as its clients build them."""
    return RecipeAuth(
        SIGNING, api_key=WALLET, secret=key, clock=lambda: clock_ms, websocket_login=WEBSOCKET_LOGIN
    )


def test_the_notes_vector_exactly() -> None:
    assert personal_sign("1700000000000", KEY) == VECTOR


def test_http_headers_carry_wallet_timestamp_and_signature() -> None:
    request = HttpRequest(method="POST", path="/private/get_orders")
    make().sign(request, GET_ORDERS)
    assert request.headers == {
        "X-LyraWallet": WALLET,
        "X-LyraTimestamp": "1700000000000",
        "X-LyraSignature": VECTOR,
    }


def test_the_signature_recovers_to_the_key_not_the_wallet() -> None:
    message = make(clock_ms=1_234_567_890_123).connection_message()
    assert message is not None
    values = message["params"]
    recovered = Account.recover_message(
        encode_defunct(text=values["timestamp"]), signature=values["signature"]
    )
    assert recovered == KEY_ADDRESS != values["wallet"]
    assert len(values["signature"]) == 132 and values["signature"] == values["signature"].lower()
    assert values["signature"][-2:] in ("1b", "1c")  # v is 27 or 28


def test_the_websocket_request_signer_interface() -> None:
    auth = make()
    assert auth.connection_message() == {
        "method": "public/login",
        "params": {"wallet": WALLET, "timestamp": "1700000000000", "signature": VECTOR},
    }
    assert auth.connection_awaits_reply
    assert auth.sign_params({"subaccount_id": 1}) == {"subaccount_id": 1}
    no_login = RecipeAuth(SIGNING, api_key=WALLET, secret=KEY)
    assert no_login.connection_message() is None


def test_the_key_never_shows() -> None:
    auth = make(Secret(KEY))
    text = repr(auth) + str(auth)
    assert KEY not in text and KEY[2:] not in text
    assert WALLET in repr(auth)


def test_a_bad_key_is_refused_without_quoting_it() -> None:
    bad = "0x" + "zz" * 32
    with pytest.raises(SigningConfigError) as caught:
        make(bad)
    assert bad not in str(caught.value) and caught.value.__cause__ is None
    off_curve = "0x" + "00" * 32
    with pytest.raises(SigningConfigError, match="secret"):
        make(off_curve)


# -- the runtime signs with coincurve + pycryptodome; eth-account is the independent oracle --

SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
private_keys = st.integers(min_value=1, max_value=SECP256K1_ORDER - 1).map(lambda n: f"0x{n:064x}")


@settings(max_examples=150, deadline=None)
@given(key=private_keys, message=st.text(max_size=300))
def test_personal_sign_is_eth_accounts_for_any_key_and_text(key: str, message: str) -> None:
    reference = Account.sign_message(encode_defunct(text=message), private_key=key)
    assert personal_sign(message, key) == "0x" + bytes(reference.signature).hex()


@settings(max_examples=100, deadline=None)
@given(key=private_keys, clock_ms=st.integers(min_value=0, max_value=2**63 - 1))
def test_the_login_signature_is_eth_accounts(key: str, clock_ms: int) -> None:
    message = make(key, clock_ms).connection_message()
    assert message is not None
    reference = Account.sign_message(encode_defunct(text=str(clock_ms)), private_key=key)
    assert message["params"]["signature"] == "0x" + bytes(reference.signature).hex()


@settings(max_examples=100, deadline=None)
@given(key=private_keys)
def test_the_address_is_eth_accounts(key: str) -> None:
    assert EthereumKey(key).address == Account.from_key(key).address
    assert EthereumKey(key.removeprefix("0x")).address == Account.from_key(key).address


@pytest.mark.parametrize(
    "bad",
    ["0x" + "00" * 32, f"0x{SECP256K1_ORDER:064x}", "0x" + "ff" * 32, "0x" + "11" * 31, "0x" + "11" * 33, "", "0x"],
)
def test_keys_outside_the_curve_order_or_of_the_wrong_length_are_refused(bad: str) -> None:
    with pytest.raises(ValueError) as caught:
        EthereumKey(bad)
    assert caught.value.__cause__ is None
    if len(bad) > 4:
        assert bad[2:] not in str(caught.value)
    with pytest.raises(ValueError):
        Account.from_key(bad)  # the oracle refuses them too


def test_the_key_object_never_shows_the_key() -> None:
    key = EthereumKey(KEY)
    assert KEY[2:] not in repr(key) and KEY_ADDRESS in repr(key)


def test_the_vector_needs_no_eth_account() -> None:
    # A vendoring user installs only [project].dependencies: eth-account is not among them.
    # In a fresh interpreter where importing eth_account fails, the vector still comes out.
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('eth_account', 'eth_keys', 'eth_utils'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from venues._runtime.signing import PRIMITIVES\n"
        f"sign = PRIMITIVES['eip191'].prepare(bytes.fromhex({KEY[2:]!r}))\n"
        "print('0x' + sign(b'1700000000000').hex())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(GENERATED)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == VECTOR
