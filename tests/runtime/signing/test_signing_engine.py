"""The signing engine's parts, placements, encodings, per-request values and checks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import replace
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from venues._runtime.signing import (
    Body,
    Hash,
    JwtClaim,
    JwtSpec,
    Method,
    Nonce,
    NonceSpec,
    Param,
    PassphraseSpec,
    Path,
    Placement,
    Query,
    RequestSigner,
    SignableRequest,
    SignatureRecipe,
    SigningConfigError,
    SortedParams,
    Text,
    Timestamp,
    TimestampSpec,
    encode_query,
    parse_recipe,
    register,
    validate,
)
from venues._runtime.signing.primitives.hmac_sha256 import PRIMITIVE as HMAC_SHA256

SIGNATURE_HEADER = (Placement("header", "X-Sign", "{signature}"),)


def hmac_recipe(**changes: object) -> SignatureRecipe:
    base = SignatureRecipe(
        primitive="hmac_sha256",
        message=(Timestamp(), Method(), Path(), Query(leading="?"), Body()),
        placements=SIGNATURE_HEADER,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def sign(
    recipe: SignatureRecipe, request: SignableRequest | None = None, **kwargs: object
) -> tuple[SignableRequest, str | None, bytes]:
    request = request or SignableRequest("GET", "/p")
    signer = RequestSigner(recipe, secret=kwargs.pop("secret", "s"), clock=lambda: 1499827319559, **kwargs)  # type: ignore[arg-type]
    signed = signer.sign(request)
    return request, signed.signature, signed.message


# --- validate(): located problems ----------------------------------------------------------


def test_a_recipe_that_never_places_the_signature_is_refused() -> None:
    recipe = hmac_recipe(placements=(Placement("header", "X-Key", "{api_key}"),))
    assert validate(recipe) == [("placements", "the signature is never placed (no {signature})")]
    with pytest.raises(SigningConfigError, match="never placed"):
        RequestSigner(recipe, api_key="k", secret="s")


def test_problems_name_where_they_are() -> None:
    recipe = SignatureRecipe(
        primitive="hmac_sha256",
        message=(Path(), "bogus", Nonce(), Hash((Param("missing"),), algorithm="md5")),  # type: ignore[arg-type]
        placements=(
            Placement("header", "X-Sign", "{signature}"),
            Placement("cookie", "c", "{api_key.__class__}"),  # type: ignore[arg-type]
            Placement("header", "x-sign", "{sig}"),
        ),
    )
    where = [at for at, _ in validate(recipe)]
    assert where == [
        "message[1]",
        "message[2]",
        "message[3].algorithm",
        "message[3].parts[0].name",
        "placements[1].location",
        "placements[1].value",
        "placements[2]",
        "placements[2].value",
    ]


def test_none_signs_nothing_and_a_jwt_must_be_placed() -> None:
    assert validate(SignatureRecipe(primitive="none", message=(Body(),), placements=())) == [
        ("message", "a message is declared but primitive 'none' signs nothing")
    ]
    jwt = JwtSpec("ES256", claims=(JwtClaim("sub", "{api_key}"), JwtClaim("x", "{secret}")))
    assert validate(SignatureRecipe(primitive="none", placements=(), jwt=jwt)) == [
        ("placements", "the JWT is never placed (no {jwt})"),
        ("jwt.claims[1].template", "unknown value {secret}"),
    ]


def test_constants_cannot_shadow_what_the_engine_provides() -> None:
    recipe = hmac_recipe(constants=(("signature", "x"), ("w", "1"), ("w", "2")))
    assert validate(recipe) == [
        ("constants[0]", "'signature' cannot be a constant's name"),
        ("constants[2]", "'w' is declared twice"),
    ]


def test_the_secret_is_placeable_only_by_bearer_schemes() -> None:
    recipe = hmac_recipe(placements=(*SIGNATURE_HEADER, Placement("header", "X-S", "{secret}")))
    assert validate(recipe) == [("placements[1].value", "unknown value {secret}")]


# --- parse_recipe(): the YAML form ---------------------------------------------------------


def test_parse_locates_unknown_parts_fields_and_placements() -> None:
    data = {
        "primitive": "hmac_sha256",
        "digest": "hex",
        "message": [
            "nonce",
            {"bogus": 1},
            {"hash": {"parts": ["body"], "algo": "sha1"}},
            {"query": {"lead": "?"}},
            "text",
        ],
        "placements": [
            {"header": "A", "query": "b", "value": "{signature}"},
            {"header": "S", "value": "{signature}"},
        ],
    }
    recipe, problems = parse_recipe(data, "auth.signing")
    assert recipe is None
    assert ("auth.signing.message[4]", "text needs value") in problems
    assert [at for at, _ in problems] == [
        "auth.signing.digest",
        "auth.signing.message[1]",
        "auth.signing.message[2].algo",
        "auth.signing.message[3].lead",
        "auth.signing.message[4]",
        "auth.signing.placements[0]",
    ]


def test_parse_then_validate_and_yaml_numbers_become_text() -> None:
    data = {
        "primitive": "hmac_sha256",
        "message": ["nonce"],
        "constants": {"recv_window": 5000, "flag": True},
        "placements": [{"header": "S", "value": "{signature}"}],
    }
    recipe, problems = parse_recipe(data)
    assert problems == [("message[0]", "a nonce part needs the recipe's nonce declared")]
    data["nonce"] = {"kind": "increasing_ms"}
    recipe, problems = parse_recipe(data)
    assert problems == [] and recipe is not None
    assert recipe.constants == (("recv_window", "5000"), ("flag", "true"))


# --- construction: credentials are checked once, and never echoed --------------------------


def test_a_base64_key_that_does_not_decode_is_refused_at_construction() -> None:
    recipe = hmac_recipe(key_encoding="base64")
    with pytest.raises(SigningConfigError) as caught:
        RequestSigner(recipe, secret="not*base64!")
    assert caught.value.problems == [
        ("secret", "the secret is not valid base64 (key_encoding: base64)")
    ]
    assert "not*base64!" not in str(caught.value)


def test_an_ed25519_key_of_the_wrong_length_and_missing_credentials_are_refused() -> None:
    recipe = SignatureRecipe(
        primitive="ed25519",
        key_encoding="base64",
        message=(Timestamp(),),
        placements=(
            Placement("header", "K", "{api_key}"),
            Placement("header", "P", "{passphrase}"),
            *SIGNATURE_HEADER,
        ),
        passphrase=PassphraseSpec(),
    )
    with pytest.raises(SigningConfigError) as caught:
        RequestSigner(recipe, secret=base64.b64encode(b"short").decode(), constants={"nope": "1"})
    assert [at for at, _ in caught.value.problems] == [
        "constants.nope",
        "api_key",
        "secret",
        "passphrase",
    ]


def test_secrets_and_passphrases_stay_out_of_repr() -> None:
    recipe = hmac_recipe(
        passphrase=PassphraseSpec(mode="plain"),
        placements=(*SIGNATURE_HEADER, Placement("header", "P", "{passphrase}")),
    )
    signer = RequestSigner(recipe, api_key="k", secret="top-secret", passphrase="pass-phrase")
    assert "top-secret" not in repr(signer) and "pass-phrase" not in repr(signer)


# --- what is signed ------------------------------------------------------------------------


def test_path_query_and_body_are_signed_as_sent() -> None:
    request = SignableRequest("post", "/prefix/api/x", [("a", "1 2"), ("b", "é")], b'{"z":1}')
    _, signature, message = sign(hmac_recipe(), request)
    assert message == b'1499827319559POST/prefix/api/x?a=1%202&b=%C3%A9{"z":1}'
    assert signature == hmac.new(b"s", message, hashlib.sha256).hexdigest()


def test_an_empty_query_adds_no_leading_text_and_method_case_can_be_kept() -> None:
    recipe = hmac_recipe(message=(Method(upper=False), Path(), Query(leading="?")))
    assert sign(recipe, SignableRequest("get", "/p"))[2] == b"get/p"


def test_separator_text_param_and_hex_hash_of_the_body() -> None:
    # Gate.io v4 style: METHOD\npath\nquery\nhex(SHA512(body))\ntimestamp, HMAC-SHA512.
    recipe = SignatureRecipe(
        primitive="hmac_sha512",
        separator="\n",
        message=(
            Method(),
            Path(),
            Query(),
            Hash((Body(),), algorithm="sha512", encoding="hex"),
            Timestamp(),
        ),
        timestamp=TimestampSpec("s"),
        placements=(
            Placement("header", "KEY", "{api_key}"),
            Placement("header", "Timestamp", "{timestamp}"),
            Placement("header", "SIGN", "{signature}"),
        ),
    )
    request = SignableRequest("GET", "/api/v4/spot/open_orders", [("page", "1")])
    request, _, message = sign(recipe, request, api_key="key")
    empty_sha512 = hashlib.sha512(b"").hexdigest()
    assert message == f"GET\n/api/v4/spot/open_orders\npage=1\n{empty_sha512}\n1499827319".encode()
    assert request.headers == {
        "KEY": "key",
        "Timestamp": "1499827319",
        "SIGN": hmac.new(b"s", message, hashlib.sha512).hexdigest(),
    }


def test_sorted_params_with_a_custom_pair_and_joiner() -> None:
    recipe = hmac_recipe(
        message=(SortedParams(pair="{key}:{value}", joiner=",", leading="|"), Text("!"))
    )
    request = SignableRequest("POST", "/p", [("b", "2")], body=b'{"a":true,"c":1.50}')
    assert sign(recipe, request)[2] == b"|a:true,b:2,c:1.50!"
    assert sign(recipe, SignableRequest("GET", "/p"))[2] == b"!"


def test_named_values_in_the_message() -> None:
    recipe = hmac_recipe(
        message=(Timestamp(), Param("api_key"), Param("recv_window"), Query()),
        constants=(("recv_window", "5000"),),
    )
    assert (
        sign(recipe, SignableRequest("GET", "/p", [("category", "spot")]), api_key="KEY")[2]
        == b"1499827319559KEY5000category=spot"
    )


# --- primitives and encodings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("primitive", "digest"), [("hmac_sha384", hashlib.sha384), ("hmac_sha512", hashlib.sha512)]
)
def test_hmac_variants(primitive: str, digest: object) -> None:
    _, signature, message = sign(hmac_recipe(primitive=primitive))
    assert signature == hmac.new(b"s", message, digest).hexdigest()  # type: ignore[arg-type]


def test_plain_sha256_needs_no_secret() -> None:
    _, signature, message = sign(hmac_recipe(primitive="sha256"), secret=None)
    assert signature == hashlib.sha256(message).hexdigest()


@pytest.mark.parametrize(
    ("key_encoding", "secret"),
    [
        ("raw", "k\u00e9y"),
        ("hex", "6bc3a979"),
        ("hex", "0x6bc3a979"),
        ("base64", "a8OpeQ=="),
        ("base64url", "a8OpeQ"),
    ],
)
def test_key_encodings_decode_to_the_same_key(key_encoding: str, secret: str) -> None:
    _, signature, message = sign(hmac_recipe(key_encoding=key_encoding), secret=secret)
    assert signature == hmac.new("k\u00e9y".encode(), message, hashlib.sha256).hexdigest()


@pytest.mark.parametrize(
    ("encoding", "render"),
    [
        ("hex_upper", lambda raw: raw.hex().upper()),
        ("base64", lambda raw: base64.b64encode(raw).decode()),
        ("base64url", lambda raw: base64.urlsafe_b64encode(raw).decode()),
        ("base64url_nopad", lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("=")),
    ],
)
def test_signature_encodings(encoding: str, render: object) -> None:
    _, signature, message = sign(hmac_recipe(signature_encoding=encoding))
    assert signature == render(hmac.new(b"s", message, hashlib.sha256).digest())  # type: ignore[operator]


def test_a_primitive_name_is_registered_once() -> None:
    with pytest.raises(ValueError, match="already exists"):
        register("hmac_sha256", HMAC_SHA256)


# --- timestamps and nonces -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "text"),
    [("ms", "1499827319559"), ("s", "1499827319"), ("iso8601", "2017-07-12T02:41:59.559Z")],
)
def test_timestamp_formats(form: str, text: str) -> None:
    recipe = hmac_recipe(timestamp=TimestampSpec(form), message=(Timestamp(),))  # type: ignore[arg-type]
    assert sign(recipe)[2] == text.encode()


def test_nonces_strictly_increase_across_threads() -> None:
    recipe = hmac_recipe(nonce=NonceSpec(), message=(Nonce(),))
    signer = RequestSigner(recipe, secret="s", clock=lambda: 1700000000000)  # frozen clock
    seen: list[str] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(300):
            nonce = signer.sign(SignableRequest("GET", "/")).nonce
            assert nonce is not None
            with lock:
                seen.append(nonce)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(int(n) for n in seen) == list(range(1700000000000, 1700000000000 + 1200))


def test_ms_salt_nonces_are_the_clock_then_fixed_width_salt() -> None:
    recipe = hmac_recipe(nonce=NonceSpec(kind="ms_salt", salt_digits=3), message=(Nonce(),))
    salts = iter(["007", "007", "123"])  # a salt repeated within the millisecond is redrawn
    signer = RequestSigner(
        recipe, secret="s", clock=lambda: 1700000000000, salt_source=lambda n: next(salts)
    )
    assert [signer.sign(SignableRequest("GET", "/")).nonce for _ in range(2)] == [
        "1700000000000007",
        "1700000000000123",
    ]
    default = RequestSigner(recipe, secret="s", clock=lambda: 1700000000000)
    nonce = default.sign(SignableRequest("GET", "/")).nonce
    assert nonce is not None and len(nonce) == 16 and nonce.startswith("1700000000000")


# --- placements ----------------------------------------------------------------------------


def test_json_placements_keep_every_other_byte_of_the_body() -> None:
    recipe = hmac_recipe(
        message=(Body(),),
        placements=(
            Placement("json", "ts", "{timestamp}", first=True),
            Placement("json", "sig", "{signature}"),
        ),
    )
    request, signature, message = sign(
        recipe, SignableRequest("POST", "/p", body=b'{"price": 1.10}')
    )
    assert message == b'{"ts":"1499827319559","price": 1.10}'
    assert (
        request.body
        == b'{"ts":"1499827319559","price": 1.10,"sig":"' + (signature or "").encode() + b'"}'
    )
    empty, _, _ = sign(recipe, SignableRequest("POST", "/p"))
    assert json.loads(empty.body)["ts"] == "1499827319559"


def test_kucoin_v2_style_headers_with_a_signed_passphrase() -> None:
    recipe = SignatureRecipe(
        primitive="hmac_sha256",
        signature_encoding="base64",
        message=(Timestamp(), Method(), Path(), Query(leading="?"), Body()),
        passphrase=PassphraseSpec(mode="signed", primitive="hmac_sha256", encoding="base64"),
        constants=(("key_version", "2"),),
        placements=(
            Placement("header", "KC-API-KEY", "{api_key}"),
            Placement("header", "KC-API-SIGN", "{signature}"),
            Placement("header", "KC-API-TIMESTAMP", "{timestamp}"),
            Placement("header", "KC-API-PASSPHRASE", "{passphrase}"),
            Placement("header", "KC-API-KEY-VERSION", "{key_version}"),
        ),
    )
    request = SignableRequest("GET", "/api/v1/orders", [("status", "active")])
    request, _, message = sign(recipe, request, api_key="k", passphrase="my phrase")
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    assert message == b"1499827319559GET/api/v1/orders?status=active"
    assert request.headers == {
        "KC-API-KEY": "k",
        "KC-API-SIGN": b64(hmac.new(b"s", message, hashlib.sha256).digest()),
        "KC-API-TIMESTAMP": "1499827319559",
        "KC-API-PASSPHRASE": b64(hmac.new(b"s", b"my phrase", hashlib.sha256).digest()),
        "KC-API-KEY-VERSION": "2",
    }


def test_a_missing_operation_param_is_named() -> None:
    recipe = hmac_recipe(message=(Param("instruction"),), operation_params=("instruction",))
    signer = RequestSigner(recipe, secret="s")
    with pytest.raises(SigningConfigError, match=r"operation_params\.instruction"):
        signer.sign(SignableRequest("GET", "/"))


# --- JWT per request -----------------------------------------------------------------------

COINBASE_JWT = JwtSpec(
    "ES256",
    header=(JwtClaim("kid", "{api_key}"), JwtClaim("nonce", "{jwt_nonce}"), JwtClaim("typ", "JWT")),
    claims=(
        JwtClaim("sub", "{api_key}"),
        JwtClaim("iss", "cdp"),
        JwtClaim("nbf", kind="time"),
        JwtClaim("exp", kind="time", offset_s=120),
        JwtClaim("uri", "{method} {host}{path}"),
    ),
)
JWT_RECIPE = SignatureRecipe(
    primitive="none",
    jwt=COINBASE_JWT,
    placements=(Placement("header", "Authorization", "Bearer {jwt}"),),
)


def _decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def test_es256_jwt_minted_per_request() -> None:
    from Crypto.Hash import SHA256
    from Crypto.PublicKey import ECC
    from Crypto.Signature import DSS

    key = ECC.generate(curve="P-256")
    pem = key.export_key(format="PEM", use_pkcs8=False)
    signer = RequestSigner(
        JWT_RECIPE,
        api_key="organizations/o/apiKeys/k",
        secret=pem,
        clock=lambda: 1700000000123,
        jwt_nonce_source=lambda: "abc",
    )
    request = SignableRequest(
        "GET",
        "/api/v3/brokerage/orders/historical/batch",
        [("order_status", "OPEN")],
        host="api.coinbase.com",
    )
    signer.sign(request)
    scheme, token = request.headers["Authorization"].split(" ")
    header, claims, signature = token.split(".")
    assert scheme == "Bearer"
    assert json.loads(_decode(header)) == {
        "alg": "ES256",
        "kid": "organizations/o/apiKeys/k",
        "nonce": "abc",
        "typ": "JWT",
    }
    assert json.loads(_decode(claims)) == {
        "sub": "organizations/o/apiKeys/k",
        "iss": "cdp",
        "nbf": 1700000000,
        "exp": 1700000120,
        "uri": "GET api.coinbase.com/api/v3/brokerage/orders/historical/batch",
    }
    DSS.new(key.public_key(), "fips-186-3").verify(
        SHA256.new(f"{header}.{claims}".encode()), _decode(signature)
    )
    assert pem not in repr(signer)


def test_eddsa_jwt_and_a_bad_es256_key() -> None:
    from nacl.signing import SigningKey

    seed = bytes(range(32))
    recipe = replace(
        JWT_RECIPE, jwt=replace(COINBASE_JWT, algorithm="EdDSA"), key_encoding="base64"
    )
    secret = base64.b64encode(seed + bytes(SigningKey(seed).verify_key)).decode()
    request = SignableRequest("GET", "/x", host="h")
    RequestSigner(recipe, api_key="k", secret=secret).sign(request)
    header, claims, signature = request.headers["Authorization"].removeprefix("Bearer ").split(".")
    SigningKey(seed).verify_key.verify(f"{header}.{claims}".encode(), _decode(signature))
    with pytest.raises(SigningConfigError, match="not a PEM EC private key"):
        RequestSigner(JWT_RECIPE, api_key="k", secret="-----BEGIN nothing-----")


def test_a_signed_request_repr_shows_no_credentials() -> None:
    recipe = SignatureRecipe(
        primitive="none", placements=(Placement("query", "access_token", "{secret}"),)
    )
    request = SignableRequest("GET", "/ws")
    RequestSigner(recipe, secret="bearer-token").sign(request)
    assert request.query == [("access_token", "bearer-token")]
    assert "bearer-token" not in repr(request)


def test_form_placements_build_or_extend_the_body() -> None:
    recipe = hmac_recipe(
        message=(Body(),),
        placements=(
            Placement("form", "nonce", "{timestamp}", first=True),
            Placement("form", "sig", "{signature}"),
        ),
    )
    request, signature, message = sign(recipe, SignableRequest("POST", "/p"))
    assert message == b"nonce=1499827319559"
    assert request.body == b"nonce=1499827319559&sig=" + (signature or "").encode()


def test_a_json_placement_needs_a_json_object_body() -> None:
    recipe = hmac_recipe(placements=(*SIGNATURE_HEADER, Placement("json", "ts", "{timestamp}")))
    with pytest.raises(ValueError, match="JSON-object body"):
        sign(recipe, SignableRequest("POST", "/p", body=b"[1,2]"))


def test_parse_jwt_and_passphrase_declarations() -> None:
    data = {
        "primitive": "none",
        "jwt": {
            "algorithm": "ES256",
            "header": {"kid": "{api_key}", "nonce": "{jwt_nonce}"},
            "claims": {"sub": "{api_key}", "nbf": {"time": 0}, "exp": {"time": 120}},
        },
        "placements": [{"header": "Authorization", "value": "Bearer {jwt}"}],
    }
    recipe, problems = parse_recipe(data)
    assert problems == [] and recipe is not None and recipe.jwt is not None
    assert recipe.jwt.claims == (
        JwtClaim("sub", "{api_key}"),
        JwtClaim("nbf", kind="time", offset_s=0),
        JwtClaim("exp", kind="time", offset_s=120),
    )
    data["jwt"] = {"algorithm": "ES256", "claims": {"exp": {"time": "soon"}}, "kid": "x"}
    assert [at for at, _ in parse_recipe(data, "auth")[1]] == [
        "auth.jwt.kid",
        "auth.jwt.claims.exp",
    ]
    kucoin = {
        "primitive": "hmac_sha256",
        "message": ["timestamp", "method", "path", {"query": {"leading": "?"}}, "body"],
        "passphrase": {"mode": "signed", "encoding": "base64"},
        "placements": [
            {"header": "KC-API-SIGN", "value": "{signature}"},
            {"header": "KC-API-PASSPHRASE", "value": "{passphrase}"},
        ],
    }
    recipe, problems = parse_recipe(kucoin)
    assert problems == [] and recipe is not None
    assert recipe.passphrase == PassphraseSpec(mode="signed", encoding="base64")


_QUERY_TEXT = st.text(
    alphabet=st.sampled_from([*"aZ09_.~-=&?/+% ", "é", "\u2603", "\U0001f600"]), max_size=6
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_QUERY_TEXT, _QUERY_TEXT), max_size=5))
def test_encode_query_fast_path_is_item_by_item_quoting(items: list[tuple[str, str]]) -> None:
    # The joined-text shortcut must give exactly what quoting each key and value gives,
    # including keys or values that carry "=" or "&" themselves.
    expected = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in items)
    assert encode_query(items) == expected


def test_encode_query_quotes_separators_inside_values() -> None:
    assert encode_query([("a", "1&b=2")]) == "a=1%26b%3D2"
    assert encode_query([("a=b", "")]) == "a%3Db="
    assert encode_query([("a", "1"), ("b", "x y")]) == "a=1&b=x%20y"
    assert encode_query([]) == ""


def test_default_salts_are_fixed_width_uniform_digits() -> None:
    from venues._runtime.signing.engine import _random_digits

    for digits in (1, 3, 6, 9):
        salts = [_random_digits(digits) for _ in range(300)]
        assert all(len(salt) == digits and salt.isdigit() for salt in salts)
    assert _random_digits(0) == "0"
    # Every digit turns up (2,000 draws: a missing one has odds below 1e-90) and the
    # rejection keeps values below the limit (a 4-bit draw for one digit would give 10-15).
    assert {_random_digits(1) for _ in range(2000)} == set("0123456789")
    assert all(int(_random_digits(2)) < 100 for _ in range(2000))


def test_the_signing_record_is_a_frozen_dataclass_however_it_is_built() -> None:
    import dataclasses

    from venues._runtime.signing import Signed

    record = Signed(b"m", "sig", "1", None)
    assert record == Signed(message=b"m", signature="sig", timestamp="1", nonce=None)
    assert hash(record) == hash(Signed(b"m", "sig", "1", None))
    assert dataclasses.replace(record, nonce="n").nonce == "n"
    assert dataclasses.asdict(record) == {"message": b"m", "signature": "sig", "timestamp": "1", "nonce": None}
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.signature = "other"  # type: ignore[misc]
