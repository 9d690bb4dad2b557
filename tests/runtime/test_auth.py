"""Signatures reproduce the test vectors in notes/<venue>.md exactly."""

from __future__ import annotations

import threading

import pytest

from venues._runtime.auth import Ed25519InstructionAuth, HmacSha256Auth, IncreasingNonce
from venues._runtime.operation import Envelope, ErrorRules, Operation, Param
from venues._runtime.request import build_http_request
from venues.backpack.operations import AUTH_SETTINGS as BACKPACK_SETTINGS
from venues.backpack.operations import GET_OPEN_ORDERS
from venues.bitso.operations import AUTH_SETTINGS as BITSO_SETTINGS
from venues.bitso.operations import LIST_OPEN_ORDERS

BACKPACK_SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="
BACKPACK_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="


def bitso_auth() -> HmacSha256Auth:
    return HmacSha256Auth(
        api_key="BITSO_TEST_KEY",
        api_secret="bitso_test_secret",
        nonce_source=lambda: "1700000000000",
        **BITSO_SETTINGS,
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
    auth = Ed25519InstructionAuth(
        api_key=BACKPACK_KEY, api_secret=BACKPACK_SEED, clock=lambda: 1614550000000, **BACKPACK_SETTINGS
    )
    request = build_http_request(GET_OPEN_ORDERS, arguments)
    auth.sign(request, GET_OPEN_ORDERS)
    assert request.headers == {
        "X-API-Key": BACKPACK_KEY,
        "X-Timestamp": "1614550000000",
        "X-Window": "5000",
        "X-Signature": expected,
    }


def test_backpack_signing_string_sorts_params_and_lowercases_booleans() -> None:
    auth = Ed25519InstructionAuth(api_key=BACKPACK_KEY, api_secret=BACKPACK_SEED, **BACKPACK_SETTINGS)
    text = auth.signing_string("orderQueryAll", {"symbol": "SOL_USDC", "b": True, "a": 1}, 5)
    assert text == "instruction=orderQueryAll&a=1&b=true&symbol=SOL_USDC&timestamp=5&window=5000"


def test_backpack_window_limit_is_enforced() -> None:
    with pytest.raises(ValueError, match="60000"):
        Ed25519InstructionAuth(api_key=BACKPACK_KEY, api_secret=BACKPACK_SEED, window=60001, **BACKPACK_SETTINGS)


def test_backpack_rejects_a_secret_that_is_not_a_seed() -> None:
    with pytest.raises(ValueError, match="32-byte"):
        Ed25519InstructionAuth(api_key=BACKPACK_KEY, api_secret="c2hvcnQ=", **BACKPACK_SETTINGS)


def test_secrets_never_show_in_repr() -> None:
    for auth in (
        bitso_auth(),
        Ed25519InstructionAuth(api_key=BACKPACK_KEY, api_secret=BACKPACK_SEED, **BACKPACK_SETTINGS),
    ):
        text = repr(auth) + str(auth)
        assert "bitso_test_secret" not in text and BACKPACK_SEED not in text
        assert "**********" in text


def test_nonces_strictly_increase_across_threads() -> None:
    nonce = IncreasingNonce(clock=lambda: 1700000000000)  # a frozen clock forces collisions
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


def test_nonce_follows_the_clock_when_it_moves_ahead() -> None:
    now = [1000]
    nonce = IncreasingNonce(clock=lambda: now[0])
    assert nonce() == "1000"
    now[0] = 5000
    assert nonce() == "5000"
    now[0] = 10  # a clock that steps back never makes the nonce go back
    assert nonce() == "5001"


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
    auth = Ed25519InstructionAuth(api_key=BACKPACK_KEY, api_secret=BACKPACK_SEED, clock=lambda: 7, **BACKPACK_SETTINGS)
    request = build_http_request(op, {"flag": False, "n": 3})
    assert request.body == b'{"flag":false,"n":3}'
    auth.sign(request, op)
    import base64

    from nacl.signing import VerifyKey

    VerifyKey(base64.b64decode(BACKPACK_KEY)).verify(
        b"instruction=doThing&flag=false&n=3&timestamp=7&window=5000",
        base64.b64decode(request.headers["X-Signature"]),
    )
