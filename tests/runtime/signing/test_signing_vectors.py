"""Recipes of seven venues reproduce their published (or existing) vectors byte for byte."""

from __future__ import annotations

import base64
import hashlib

import pytest
from oracles import backpack as backpack_oracle
from oracles import bitso as bitso_oracle
from signing_recipes import recipe

from venues._runtime.signing import (
    PRIMITIVES,
    RequestSigner,
    SignableRequest,
    parse_recipe,
    register,
)
from venues._runtime.signing.primitives.base import Sign

# --- Bitso (vectors of tests/runtime/test_auth.py) --------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ([("book", "btc_mxn")], "8d2fc43ae844d23cc0ceb9e776c423a69e73a08db77ae9edeb1cdf5b4734a006"),
        ([], "289eb9fa2d6aead671211f871ce766bee3368b4e746633743005528861ac94d1"),
    ],
)
def test_bitso_vectors(query: list[tuple[str, str]], expected: str) -> None:
    signer = RequestSigner(
        recipe("bitso"),
        api_key="BITSO_TEST_KEY",
        secret="bitso_test_secret",
        nonce_source=lambda: "1700000000000",
    )
    request = SignableRequest("GET", "/api/v3/open_orders", list(query))
    signer.sign(request)
    assert request.headers == {"Authorization": f"Bitso BITSO_TEST_KEY:1700000000000:{expected}"}
    assert request.query == query  # nothing else is added


def test_bitso_recipe_signs_like_the_docs_oracle() -> None:
    signer = RequestSigner(
        recipe("bitso"), api_key="K", secret="s3cr3t", nonce_source=lambda: "1700000000123"
    )
    body = b'{"book":"btc_mxn","major":"0.5"}'
    request = SignableRequest("POST", "/api/v3/orders", [("a", "x y")], body=body)
    signed = signer.sign(request)
    assert signed.signature == bitso_oracle.signature(
        "s3cr3t", "1700000000123", "POST", "/api/v3/orders?a=x%20y", body
    )


# --- Backpack (vectors of tests/runtime/test_auth.py) -----------------------------------

BACKPACK_SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="
BACKPACK_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            [],
            "NR4RVaJbQ41lGPd+YykJQrIpdbet0R+LizzLBtCI3lPXHcOGpX5+2CPaqLrz18ne0/LtoNowFSuWJxn+x+raCA==",
        ),
        (
            [("symbol", "SOL_USDC_PERP"), ("marketType", "PERP")],
            "vchYNMc7S/+rPrCOca8ZOu/hEOaURQTJ7XXGQY8YxhijGRJXcQp41G0syNYJkTAIom6cK1b8pddtOTnv5Su2BQ==",
        ),
    ],
)
def test_backpack_vectors(query: list[tuple[str, str]], expected: str) -> None:
    signer = RequestSigner(
        recipe("backpack"), api_key=BACKPACK_KEY, secret=BACKPACK_SEED, clock=lambda: 1614550000000
    )
    request = SignableRequest("GET", "/api/v1/orders", list(query))
    signer.sign(request, {"instruction": "orderQueryAll"})
    assert request.headers == {
        "X-API-Key": BACKPACK_KEY,
        "X-Timestamp": "1614550000000",
        "X-Window": "5000",
        "X-Signature": expected,
    }


def test_backpack_signs_json_body_params_sorted_with_lowercase_booleans() -> None:
    signer = RequestSigner(
        recipe("backpack"),
        api_key=BACKPACK_KEY,
        secret=BACKPACK_SEED,
        clock=lambda: 7,
        constants={"window": "6000"},
    )
    request = SignableRequest("POST", "/x", body=b'{"n":3,"flag":false}')
    signed = signer.sign(request, {"instruction": "doThing"})
    assert signed.message == b"instruction=doThing&flag=false&n=3&timestamp=7&window=6000"
    assert signed.message.decode() == backpack_oracle.signing_string(
        "doThing", {"n": 3, "flag": False}, "7", "6000"
    )


# --- Binance (the docs' worked examples) --------------------------------------------------
# https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security

BINANCE_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
BINANCE_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
ORDER = [("symbol", "LTCBTC"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC")]


def binance_signer(name: str = "binance") -> RequestSigner:
    return RequestSigner(
        recipe(name), api_key=BINANCE_KEY, secret=BINANCE_SECRET, clock=lambda: 1499827319559
    )


def test_binance_docs_example_all_in_query_string() -> None:
    request = SignableRequest(
        "POST", "/api/v3/order", [*ORDER, ("quantity", "1"), ("price", "0.1")]
    )
    signed = binance_signer().sign(request)
    assert signed.message == (
        b"symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
        b"&recvWindow=5000&timestamp=1499827319559"
    )
    assert request.target == (
        "/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
        "&recvWindow=5000&timestamp=1499827319559"
        "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
    )
    assert request.headers == {"X-MBX-APIKEY": BINANCE_KEY}


def test_binance_docs_example_mixed_query_string_and_body() -> None:
    request = SignableRequest("POST", "/api/v3/order", list(ORDER), body=b"quantity=1&price=0.1")
    binance_signer("binance_body").sign(request)
    assert request.target == "/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
    assert request.body == (
        b"quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
        b"&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77"
    )


def test_binance_docs_example_with_unicode_is_signed_percent_encoded() -> None:
    symbol = "\uff11\uff12\uff13\uff14\uff15\uff16"  # the docs' full-width digits
    request = SignableRequest(
        "POST",
        "/api/v3/order",
        [
            ("symbol", symbol),
            ("side", "BUY"),
            ("type", "LIMIT"),
            ("timeInForce", "GTC"),
            ("quantity", "1"),
            ("price", "0.1"),
        ],
    )
    signed = binance_signer().sign(request)
    assert signed.message.startswith(
        b"symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&"
    )
    assert signed.signature == "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3"


def test_binance_recv_window_is_a_client_setting() -> None:
    signer = RequestSigner(
        recipe("binance"),
        api_key="k",
        secret="s",
        clock=lambda: 5,
        constants={"recv_window": "60000"},
    )
    request = SignableRequest("GET", "/api/v3/openOrders", [("symbol", "BTCUSDT")])
    signer.sign(request)
    assert [name for name, _ in request.query] == ["symbol", "recvWindow", "timestamp", "signature"]
    assert request.query[1] == ("recvWindow", "60000")


# --- Kraken (the docs' worked example) ----------------------------------------------------
# https://docs.kraken.com/api/docs/guides/spot-rest-auth

KRAKEN_SECRET = (
    "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
)


def test_kraken_docs_example() -> None:
    signer = RequestSigner(
        recipe("kraken"),
        api_key="KRAKEN_KEY",
        secret=KRAKEN_SECRET,
        nonce_source=lambda: "1616492376594",
    )
    request = SignableRequest(
        "POST",
        "/0/private/AddOrder",
        body=b"ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25",
    )
    signed = signer.sign(request)
    assert (
        request.body
        == b"nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"
    )
    digest = hashlib.sha256(b"1616492376594" + request.body).digest()
    assert signed.message == b"/0/private/AddOrder" + digest
    assert request.headers == {
        "API-Key": "KRAKEN_KEY",
        "API-Sign": "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==",
    }


def test_kraken_open_orders_body_with_no_other_fields_is_the_nonce() -> None:
    signer = RequestSigner(recipe("kraken"), api_key="k", secret=KRAKEN_SECRET, clock=lambda: 42)
    request = SignableRequest("POST", "/0/private/OpenOrders")
    signed = signer.sign(request)
    assert request.body == b"nonce=42" and signed.nonce == "42"


# --- Derive: a secp256k1 primitive plugged into the registry ----------------------------


class _Eip191:
    """personal_sign (EIP-191 version 0x45), as r || s || v with v = 27 or 28."""

    keyed = True

    def prepare(self, key: bytes) -> Sign:
        from coincurve import PrivateKey
        from Crypto.Hash import keccak

        private = PrivateKey(key)

        def sign(message: bytes) -> bytes:
            prefixed = b"\x19Ethereum Signed Message:\n" + str(len(message)).encode() + message
            digest = keccak.new(data=prefixed, digest_bits=256).digest()
            rsv = private.sign_recoverable(digest, hasher=None)
            return rsv[:64] + bytes([rsv[64] + 27])

        return sign


def test_the_builtin_eip191_primitive_signs_like_an_independent_one() -> None:
    key = bytes.fromhex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
    for message in (b"1700000000000", b"", "héllo".encode()):
        assert PRIMITIVES["eip191"].prepare(key)(message) == _Eip191().prepare(key)(message)


def test_a_registered_primitive_is_usable_and_named_once() -> None:
    register("test_eip191", _Eip191())
    try:
        with pytest.raises(ValueError, match="already exists"):
            register("test_eip191", _Eip191())
        parsed, problems = parse_recipe(
            {"primitive": "test_eip191", "message": ["timestamp"], "placements": [{"header": "S", "value": "{signature}"}]}
        )
        assert problems == [] and parsed is not None
    finally:
        del PRIMITIVES["test_eip191"]


def test_derive_vector_with_the_eip191_primitive() -> None:
    wallet = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
    signer = RequestSigner(
        recipe("derive"),
        secret="0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
        constants={"wallet": wallet},
        clock=lambda: 1700000000000,
    )
    request = SignableRequest("POST", "/private/get_orders", body=b"{}")
    signer.sign(request)
    assert request.headers == {
        "X-LyraWallet": wallet,
        "X-LyraTimestamp": "1700000000000",
        "X-LyraSignature": "0x54687e5eeb3f6cc8b0cdd64de56baac1f32a5efa72b6dea2295485f0bba392bf"
        "6aca02fcae4d89c14bb139e3b77aa2777dde510a4ea7eca6fb999332efefb9551c",
    }


def test_an_unregistered_primitive_is_a_located_problem() -> None:
    _, problems = parse_recipe(
        {
            "primitive": "schnorr",
            "message": ["timestamp"],
            "placements": [{"header": "S", "value": "{signature}"}],
        },
        "auth",
    )
    assert [where for where, _ in problems] == ["auth.primitive"]
    assert "schnorr" in problems[0][1]


# --- B2Trader: a bearer token, nothing signed -------------------------------------------


def test_b2trader_token_goes_in_the_query_and_nothing_is_signed() -> None:
    signer = RequestSigner(recipe("b2trader"), secret="jwt.token.value")
    request = SignableRequest("GET", "/frontoffice/ws/v4/account")
    signed = signer.sign(request)
    assert request.query == [("access_token", "jwt.token.value")]
    assert signed.message == b"" and signed.signature is None
    assert "jwt.token.value" not in repr(signer)


def test_every_recipe_keeps_its_secret_out_of_repr() -> None:
    signer = RequestSigner(recipe("kraken"), api_key="k", secret=KRAKEN_SECRET)
    assert KRAKEN_SECRET not in repr(signer) and "**********" in repr(signer)
    assert base64.b64decode(KRAKEN_SECRET).hex() not in repr(signer)
