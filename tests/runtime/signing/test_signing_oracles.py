"""The independent oracles accept the docs' examples, reject tampering, and accept what
the engine signs for random requests."""

from __future__ import annotations

import base64
import string
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey
from oracles import Received
from oracles.backpack import BackpackVerifier
from oracles.binance import BinanceVerifier, Rejection
from oracles.bitso import BitsoVerifier
from oracles.kraken import KrakenVerifier
from signing_recipes import recipe

from venues._runtime.signing import RequestSigner, SignableRequest

BINANCE_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
BINANCE_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
DOCS_QUERY = (
    "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
    "&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
)
KRAKEN_SECRET = (
    "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
)
KRAKEN_BODY = b"nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"
KRAKEN_SIGN = (
    "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
)

# Parameter names and values as a caller might pass them, including reserved characters
# and non-ASCII text (the transport percent-encodes them; the signature covers that form).
names = st.text(alphabet=string.ascii_letters, min_size=1, max_size=12)
values = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=16)
items = st.lists(st.tuples(names, values), max_size=5, unique_by=lambda item: item[0])


def received(request: SignableRequest) -> Received:
    return Received(
        request.method, request.path, request.query_string(), request.body, dict(request.headers)
    )


# --- Binance ----------------------------------------------------------------------------


def binance_oracle(now: int = 1499827319559) -> BinanceVerifier:
    return BinanceVerifier({BINANCE_KEY: BINANCE_SECRET}, now_ms=lambda: now)


def test_binance_oracle_accepts_the_docs_examples() -> None:
    headers = {"X-MBX-APIKEY": BINANCE_KEY}
    assert (
        binance_oracle().verify(Received("POST", "/api/v3/order", DOCS_QUERY, b"", headers)) is None
    )
    mixed = Received(
        "POST",
        "/api/v3/order",
        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
        b"quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
        b"&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77",
        headers,
    )
    assert binance_oracle().verify(mixed) is None


def test_binance_oracle_rejects_what_binance_rejects() -> None:
    headers = {"X-MBX-APIKEY": BINANCE_KEY}
    tampered = Received(
        "POST", "/api/v3/order", DOCS_QUERY.replace("price=0.1", "price=0.2"), b"", headers
    )
    assert binance_oracle().verify(tampered) == Rejection(
        400, -1022, "Signature for this request is not valid."
    )
    late = binance_oracle(now=1499827319559 + 5001)
    assert late.verify(Received("POST", "/x", DOCS_QUERY, b"", headers)).code == -1021  # type: ignore[union-attr]
    unknown = Received("POST", "/x", DOCS_QUERY, b"", {"X-MBX-APIKEY": "other"})
    assert binance_oracle().verify(unknown).code == -2015  # type: ignore[union-attr]
    # "The signature is not case sensitive."
    upper_sig = (
        DOCS_QUERY[: DOCS_QUERY.index("signature=") + 10]
        + DOCS_QUERY.split("signature=")[1].upper()
    )
    assert binance_oracle().verify(Received("POST", "/x", upper_sig, b"", headers)) is None


@settings(max_examples=60, deadline=None)
@given(query=items, clock=st.integers(min_value=0, max_value=2**42))
def test_binance_engine_output_passes_the_oracle(query: list[tuple[str, str]], clock: int) -> None:
    signer = RequestSigner(
        recipe("binance"), api_key=BINANCE_KEY, secret=BINANCE_SECRET, clock=lambda: clock
    )
    request = SignableRequest(
        "GET",
        "/api/v3/openOrders",
        [(k, v) for k, v in query if k not in ("timestamp", "recvWindow", "signature")],
    )
    signer.sign(request)
    assert binance_oracle(now=clock).verify(received(request)) is None


# --- Kraken ------------------------------------------------------------------------------


def test_kraken_oracle_accepts_the_docs_example_once() -> None:
    oracle = KrakenVerifier({"KEY": KRAKEN_SECRET})
    example = Received(
        "POST", "/0/private/AddOrder", "", KRAKEN_BODY, {"API-Key": "KEY", "API-Sign": KRAKEN_SIGN}
    )
    assert oracle.verify(example) is None
    assert oracle.verify(example) == "EAPI:Invalid nonce"  # a replay reuses the nonce


def test_kraken_oracle_rejects_a_wrong_key_path_or_body() -> None:
    headers = {"API-Key": "KEY", "API-Sign": KRAKEN_SIGN}
    oracle = KrakenVerifier({"KEY": KRAKEN_SECRET})
    assert (
        oracle.verify(
            Received("POST", "/0/private/AddOrder", "", KRAKEN_BODY, {**headers, "API-Key": "x"})
        )
        == "EAPI:Invalid key"
    )
    assert (
        oracle.verify(Received("POST", "/0/private/OpenOrders", "", KRAKEN_BODY, headers))
        == "EAPI:Invalid signature"
    )
    assert (
        oracle.verify(Received("POST", "/0/private/AddOrder", "", KRAKEN_BODY + b"0", headers))
        == "EAPI:Invalid signature"
    )


@settings(max_examples=60, deadline=None)
@given(fields=items, start=st.integers(min_value=1, max_value=2**50))
def test_kraken_engine_output_passes_the_oracle_with_increasing_nonces(
    fields: list[tuple[str, str]], start: int
) -> None:
    signer = RequestSigner(
        recipe("kraken"), api_key="KEY", secret=KRAKEN_SECRET, clock=lambda: start
    )
    oracle = KrakenVerifier({"KEY": KRAKEN_SECRET})
    body = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in fields if k != "nonce")
    for _ in range(3):  # a frozen clock: the engine still makes each nonce larger
        request = SignableRequest("POST", "/0/private/OpenOrders", body=body.encode())
        signer.sign(request)
        assert oracle.verify(received(request)) is None


# --- Bitso -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    query=items,
    body=st.binary(max_size=40).map(lambda raw: raw.hex().encode()),
    method=st.sampled_from(["GET", "POST", "DELETE"]),
)
def test_bitso_engine_output_passes_the_oracle(
    query: list[tuple[str, str]], body: bytes, method: str
) -> None:
    oracle = BitsoVerifier({"K": "secret"})
    signer = RequestSigner(recipe("bitso"), api_key="K", secret="secret")
    request = SignableRequest(method, "/api/v3/open_orders", list(query), body=body)
    signer.sign(request)
    assert oracle.verify(received(request)) is None
    assert oracle.verify(received(request)) == "nonce"  # the same nonce twice


# --- Backpack ----------------------------------------------------------------------------

SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="
PUBLIC = base64.b64encode(bytes(SigningKey(base64.b64decode(SEED)).verify_key)).decode()
ascii_values = st.text(alphabet=string.ascii_letters + string.digits + "_-.", max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    query=st.lists(st.tuples(names, ascii_values), max_size=4, unique_by=lambda item: item[0]),
    flag=st.booleans(),
    clock=st.integers(min_value=0, max_value=2**42),
)
def test_backpack_engine_output_passes_the_oracle(
    query: list[tuple[str, str]], flag: bool, clock: int
) -> None:
    oracle = BackpackVerifier(lambda method, path: "orderExecute", now_ms=lambda: clock)
    signer = RequestSigner(recipe("backpack"), api_key=PUBLIC, secret=SEED, clock=lambda: clock)
    body = b'{"postOnly":' + (b"true" if flag else b"false") + b"}"
    request = SignableRequest(
        "POST", "/api/v1/order", [(k, v) for k, v in query if k != "postOnly"], body=body
    )
    signer.sign(request, {"instruction": "orderExecute"})
    assert oracle.verify(received(request)) is None
    request.headers["X-Timestamp"] = str(clock + 1)
    assert oracle.verify(received(request)) == "INVALID_SIGNATURE"
