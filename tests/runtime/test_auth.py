"""Signatures reproduce the test vectors in notes/<venue>.md exactly, through the recipes
the specs declare (``SIGNING`` in the generated operations modules) and RecipeAuth."""

from __future__ import annotations

import base64
import threading

import pytest
from nacl.signing import VerifyKey

from venues._runtime.operation import Envelope, ErrorRules, Operation, Param
from venues._runtime.request import build_http_request
from venues._runtime.signing import IncreasingMsNonce, SigningConfigError
from venues._runtime.signing.auth import RecipeAuth
from venues.backpack.operations import GET_OPEN_ORDERS
from venues.backpack.operations import SIGNING as BACKPACK_SIGNING
from venues.bitso.operations import LIST_OPEN_ORDERS
from venues.bitso.operations import SIGNING as BITSO_SIGNING

BACKPACK_SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="
BACKPACK_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="


def bitso_auth() -> RecipeAuth:
    return RecipeAuth(
        BITSO_SIGNING,
        api_key="BITSO_TEST_KEY",
        secret="bitso_test_secret",
        nonce_source=lambda: "1700000000000",
    )


def backpack_auth(clock_ms: int = 1614550000000) -> RecipeAuth:
    return RecipeAuth(
        BACKPACK_SIGNING, api_key=BACKPACK_KEY, secret=BACKPACK_SEED, clock=lambda: clock_ms
    )


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"book": "btc_mxn"}, "8d2fc43ae844d23cc0ceb9e776c423a69e73a08db77ae9edeb1cdf5b4734a006"),
        ({}, "289eb9fa2d6aead671211f871ce766bee3368b4e746633743005528861ac94d1"),
    ],
)
def test_bitso_vectors(arguments: dict[str, str], expected: str) -> None:
    request = build_http_request(LIST_OPEN_ORDERS, arguments)
    bitso_auth().sign(request, LIST_OPEN_ORDERS)
    assert request.headers["Authorization"] == f"Bitso BITSO_TEST_KEY:1700000000000:{expected}"


def test_bitso_signs_the_base_url_prefix_it_sends() -> None:
    request = build_http_request(LIST_OPEN_ORDERS, {"book": "btc_mxn"}, prefix="/proxy")
    signed = bitso_auth().sign(request, LIST_OPEN_ORDERS)
    assert signed.message == b"1700000000000GET/proxy/api/v3/open_orders?book=btc_mxn"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            {},
            "NR4RVaJbQ41lGPd+YykJQrIpdbet0R+LizzLBtCI3lPXHcOGpX5+2CPaqLrz18ne0/LtoNowFSuWJxn+x+raCA==",
        ),
        (
            {"symbol": "SOL_USDC_PERP", "market_type": "PERP"},
            "vchYNMc7S/+rPrCOca8ZOu/hEOaURQTJ7XXGQY8YxhijGRJXcQp41G0syNYJkTAIom6cK1b8pddtOTnv5Su2BQ==",
        ),
    ],
)
def test_backpack_vectors(arguments: dict[str, str], expected: str) -> None:
    request = build_http_request(GET_OPEN_ORDERS, arguments)
    backpack_auth().sign(request, GET_OPEN_ORDERS)
    assert request.headers == {
        "X-API-Key": BACKPACK_KEY,
        "X-Timestamp": "1614550000000",
        "X-Window": "5000",
        "X-Signature": expected,
    }


def test_backpack_rejects_a_secret_that_is_not_a_seed() -> None:
    with pytest.raises(SigningConfigError, match="secret"):
        RecipeAuth(BACKPACK_SIGNING, api_key=BACKPACK_KEY, secret="c2hvcnQ=")


def test_secrets_never_show_in_repr() -> None:
    for auth in (bitso_auth(), backpack_auth()):
        text = repr(auth) + str(auth)
        assert "bitso_test_secret" not in text and BACKPACK_SEED not in text
        assert "**********" in text


def test_nonces_strictly_increase_across_threads() -> None:
    nonce = IncreasingMsNonce(clock=lambda: 1700000000000)  # a frozen clock forces collisions
    seen: list[str] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(500):
            value = nonce()
            with lock:
                seen.append(value)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(seen)) == 2000
    assert min(int(v) for v in seen) == 1700000000000


def test_json_body_params_are_signed_too() -> None:
    op: Operation[object] = Operation(
        venue="v",
        name="op",
        transport="http",
        http_method="POST",
        http_path="/x",
        params=(Param("flag", "flag", "body", "boolean"), Param("n", "n", "body", "integer")),
        response_type=object,
        envelope=Envelope(),
        errors=ErrorRules(),
        retry_safe=False,
        auth_options={"instruction": "doThing"},
    )
    request = build_http_request(op, {"flag": False, "n": 3})
    assert request.body == b'{"flag":false,"n":3}'
    backpack_auth(7).sign(request, op)
    VerifyKey(base64.b64decode(BACKPACK_KEY)).verify(
        b"instruction=doThing&flag=false&n=3&timestamp=7&window=5000",
        base64.b64decode(request.headers["X-Signature"]),
    )
