"""What the generated contract tests (generated/tests/) run: a local venue double that
expects the fixture's exact request, verifies its signature the way the venue would, and
answers with the recorded response; then a field-by-field comparison of the result."""

from __future__ import annotations

import json
import re
import time
import traceback
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import jsonschema
import referencing
import yaml
from oracles import Received, double_verifier
from oracles.derive import check_signed_timestamp
from pytest_httpserver import HTTPServer
from pytest_httpserver.httpserver import QueryMatcher
from secrets_support import leaked
from werkzeug import Request, Response

from venues._runtime import errors as venue_errors
from venues._runtime.decoding.model import VenueModel, extra_fields, wire_names

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SPECS = ROOT / "specs"
T = TypeVar("T")


@cache
def spec(venue: str) -> dict[str, Any]:
    return yaml.safe_load((SPECS / f"{venue}.yaml").read_text(encoding="utf-8"))


@cache
def venue_fixture(venue: str) -> dict[str, Any]:
    """tests/fixtures/<venue>/_venue.yaml: test credentials and the venue's auth-failure reply."""
    return load_yaml(FIXTURES / venue / "_venue.yaml")


# -- signature verification, per auth scheme ------------------------------------------------


class VerificationFailed(Exception):
    pass


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _raw_target(request: Request) -> str:
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        return str(raw)
    query = request.query_string.decode()
    return request.path + (f"?{query}" if query else "")


def received(request: Request) -> Received:
    """A werkzeug request as the oracles take it: path and query exactly as sent."""
    path, _, query = _raw_target(request).partition("?")
    return Received(
        method=request.method,
        path=path,
        query=query,
        body=request.get_data(),
        headers=dict(request.headers.items()),
    )


def oracle_for(venue: str) -> Callable[[Request], None]:
    """The venue's signature check, from its oracle (tests/oracles/<venue>.py, written from
    the venue's docs and never from our spec): raises VerificationFailed with the reason."""
    verify = double_verifier(venue)(venue_fixture(venue)["credentials"], _now_ms)

    def check(request: Request) -> None:
        reason = verify(received(request))
        if reason is not None:
            raise VerificationFailed(reason)

    return check


def _wire(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def verify_eip191_values(values: dict[str, str], creds: dict[str, str]) -> None:
    """Check a wallet/timestamp/signature triple (a WebSocket login's params) with Derive's
    oracle: the signer recovered from the EIP-191 signature must be the test key."""
    reason = check_signed_timestamp(values, creds, _now_ms())
    if reason is not None:
        raise VerificationFailed(reason)


# -- cases ------------------------------------------------------------------------------------


@dataclass
class Case:
    venue: str
    name: str
    source: str
    operation: str
    arguments: dict[str, Any]
    request: dict[str, Any]
    response: dict[str, Any]
    expect: dict[str, Any]
    credentials: str = "valid"
    clock_offset_ms: int = 0
    quirks: dict[str, str] = field(default_factory=dict)
    path: Path = field(default_factory=Path)

    def __str__(self) -> str:
        return self.name

    @property
    def body_bytes(self) -> bytes:
        if "body_text" in self.response:
            return str(self.response["body_text"]).encode()
        return json.dumps(self.response["body"]).encode()

    def client_options(self) -> dict[str, Any]:
        """Credentials and clock for the client under test (real clock, maybe skewed)."""
        fixture = venue_fixture(self.venue)
        options: dict[str, Any] = dict(fixture["credentials"])
        if self.credentials == "wrong":
            options.update(fixture["wrong_credentials"])
        offset = self.clock_offset_ms
        options["clock"] = lambda: _now_ms() + offset
        return options

    def serve(self, server: HTTPServer) -> None:
        """Expect exactly the fixture's request; verify it; answer with the recorded reply."""
        verify = oracle_for(self.venue)
        failure = venue_fixture(self.venue)["auth_failure"]

        expected_form = self.request.get("form")

        def handler(request: Request) -> Response:
            try:
                verify(request)
            except VerificationFailed as exc:
                body = json.dumps(failure["body"]).replace("{reason}", str(exc))
                return Response(body, status=failure["status"], content_type="application/json")
            if expected_form is not None:
                sent = form_without_signing(request.get_data(), signed_form(self.venue))
                wanted = {k: _wire(v) for k, v in expected_form.items()}
                if sent != wanted:
                    # A status no fixture expects, naming both sides: the case fails loudly.
                    return Response(f"form body {sent!r}, the fixture expects {wanted!r}", status=418)
            return Response(
                self.body_bytes,
                status=self.response.get("status", 200),
                content_type=self.response.get("content_type", "application/json"),
                headers=self.response.get("headers", {}),
            )

        expected = self.request
        kwargs: dict[str, Any] = {"method": expected["method"]}
        kwargs["query_string"] = QueryWithoutSigning(
            {k: _wire(v) for k, v in expected.get("query", {}).items()}, signed_query(self.venue)
        )
        if "json" in expected:
            kwargs["json"] = expected["json"]
        server.expect_request(expected["path"], **kwargs).respond_with_handler(handler)


def signed_form(venue: str) -> frozenset[str]:
    """The form fields the venue's signing recipe adds (Kraken's nonce): a fixture's request
    leaves them out, and the oracle checks them instead."""
    auth = spec(venue)["auth"]
    signing = auth.get("signing", {}) if isinstance(auth, dict) else {}
    return frozenset(p["form"] for p in signing.get("placements", []) if "form" in p)


def form_without_signing(body: bytes, signed: frozenset[str]) -> dict[str, str]:
    """A form-encoded body's fields, the recipe's own set aside."""
    pairs = parse_qsl(body.decode(), keep_blank_values=True)
    return {k: v for k, v in pairs if k not in signed}


def signed_query(venue: str) -> frozenset[str]:
    """The query parameters the venue's signing recipe adds (a timestamp, the signature):
    a fixture's request leaves them out, and the oracle checks them instead."""
    auth = spec(venue)["auth"]
    signing = auth.get("signing", {}) if isinstance(auth, dict) else {}
    return frozenset(p["query"] for p in signing.get("placements", []) if "query" in p)


class QueryWithoutSigning(QueryMatcher):
    """The fixture's query exactly, once the recipe's own parameters are set aside."""

    def __init__(self, expected: dict[str, str], signed: frozenset[str]) -> None:
        self.expected = expected
        self.signed = signed

    def get_comparing_values(self, request_query_string: bytes) -> tuple[Any, Any]:
        pairs = parse_qsl(request_query_string.decode(), keep_blank_values=True)
        return {k: v for k, v in pairs if k not in self.signed}, self.expected


def load_cases(venue: str) -> dict[str, list[Case]]:
    """The fixtures of a venue, by operation id."""
    cases: dict[str, list[Case]] = {}
    for path, raw in load_fixtures(venue):
        case = Case(venue=venue, name=path.stem, path=path, **raw)
        cases.setdefault(case.operation, []).append(case)
    return cases


# -- fixtures that cannot go stale --------------------------------------------------------------


class FixtureError(Exception):
    """A fixture that is unreadable, orphaned or missing; raised while the contract tests are
    collected, so the suite fails instead of skipping."""


def fixture_files(folder: Path) -> list[Path]:
    """The exchange fixtures of a venue folder (``_*.yaml`` are the venue's shared files)."""
    return [p for p in sorted(folder.glob("*.yaml")) if not p.name.startswith("_")]


def load_yaml(path: Path) -> Any:
    """A YAML file; a syntax error names the file and line (not just the parser's position)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise FixtureError(f"{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from exc


def read_fixture(path: Path, operations: Iterable[str]) -> dict[str, Any]:
    """One fixture file, checked: valid YAML (an error names the file and line), a mapping
    with ``source`` and ``operation``, an operation the spec defines, well-formed ``quirks``."""
    raw = load_yaml(path)
    if not isinstance(raw, dict) or "operation" not in raw or "source" not in raw:
        raise FixtureError(f"{path}: a fixture is a mapping with at least `source:` and `operation:`")
    known = sorted(operations)
    if raw["operation"] not in known:
        raise FixtureError(
            f"{path}: names the operation {raw['operation']!r}, which the spec does not define "
            f"(its operations: {', '.join(known)}); rename the fixture's operation or remove it"
        )
    quirks = raw.get("quirks", {})
    if not isinstance(quirks, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in quirks.items()
    ):
        raise FixtureError(f"{path}: `quirks:` maps each undeclared field to the reason it is kept")
    return raw


def load_fixtures(venue: str) -> list[tuple[Path, dict[str, Any]]]:
    """Every exchange fixture of ``venue``, checked by :func:`read_fixture`."""
    operations = [op["id"] for op in spec(venue)["operations"]]
    return [(path, read_fixture(path, operations)) for path in fixture_files(FIXTURES / venue)]


def cases_for(venue: str, cases: Mapping[str, Sequence[T]], operation: str) -> list[T]:
    """The cases of one operation; none is an error, not an empty (skipped) parametrization."""
    found = list(cases.get(operation, ()))
    if not found:
        raise FixtureError(
            f"tests/fixtures/{venue}/ has no fixture for the operation {operation!r}: a generated "
            f"contract test would be skipped. Add one (`python -m generator fixture new {venue} "
            f"{operation}` scaffolds it, `make record VENUE={venue} OP={operation}` records it)"
        )
    return found


def undeclared_keys(schema: Any, value: Any, schemas: Mapping[str, Any], path: str = "") -> set[str]:
    """Paths (``orders[0].algo_type``) of the object keys in ``value`` that ``schema`` does not
    declare: what a stale fixture carries after the spec renamed or dropped a field."""
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    if not isinstance(schema, dict):
        return set()
    found: set[str] = set()
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            # The branch the value fits best: an object branch for an object value.
            branches = [sub for sub in schema[combinator] if _may_fit(sub, value, schemas)]
            if branches:
                found |= min(
                    (undeclared_keys(sub, value, schemas, path) for sub in branches),
                    key=lambda keys: (len(keys), sorted(keys)),
                )
    if "allOf" in schema:
        parts = [undeclared_keys(sub, value, schemas, path) for sub in schema["allOf"]]
        found |= set.intersection(*parts) if parts else set()
    properties = schema.get("properties")
    if isinstance(value, dict) and isinstance(properties, dict):
        open_ended = isinstance(schema.get("additionalProperties"), dict) or "patternProperties" in schema
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if key in properties:
                found |= undeclared_keys(properties[key], item, schemas, where)
            elif not open_ended:
                found.add(where)
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found |= undeclared_keys(schema["items"], item, schemas, f"{path}[{index}]")
    return found


def _may_fit(schema: Any, value: Any, schemas: Mapping[str, Any]) -> bool:
    """Whether a branch could describe ``value`` by its kind (object, array, scalar)."""
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    if not isinstance(schema, dict):
        return False
    if any(k in schema for k in ("anyOf", "oneOf", "allOf")):
        return True
    types = schema.get("type")
    types = {types} if isinstance(types, str) else set(types or ())
    if isinstance(value, dict):
        return "object" in types or "properties" in schema
    if isinstance(value, list):
        return "array" in types or "items" in schema
    return True


def check_quirks(name: str, undeclared: set[str], quirks: Mapping[str, str]) -> None:
    """Every undeclared key is a named quirk, and every quirk still occurs undeclared.

    A quirk names a field (``algo_type``: anywhere) or a path (``orders[0].algo_type``)."""
    def leaf(where: str) -> str:
        return re.split(r"[.\[]", where)[-1] if "." in where or "[" in where else where

    unexplained = sorted(w for w in undeclared if w not in quirks and leaf(w) not in quirks)
    assert not unexplained, (
        f"{name}: fields the response schema does not declare: {unexplained}. A stale fixture "
        "(update it to the spec), or a real quirk: list it under `quirks: {field: reason}`"
    )
    seen = undeclared | {leaf(w) for w in undeclared}
    stale = sorted(q for q in quirks if q not in seen)
    assert not stale, f"{name}: quirks the payload no longer shows undeclared (remove them): {stale}"


# -- outcomes ---------------------------------------------------------------------------------


def run(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except venue_errors.VenueError as exc:
        return exc


async def run_async(call: Callable[[], Awaitable[Any]]) -> Any:
    try:
        return await call()
    except venue_errors.VenueError as exc:
        return exc


def check(case: Case, outcome: Any, server: HTTPServer) -> None:
    server.check_assertions()
    if isinstance(outcome, BaseException):
        text = "".join(traceback.format_exception(outcome))
        assert not leaked(text), f"{case.name}: a secret reached the error or its traceback"
    if "error" in case.expect:
        expected_type = getattr(venue_errors, case.expect["error"])
        assert isinstance(outcome, expected_type), f"{case.name}: expected {expected_type.__name__}, got {outcome!r}"
        assert outcome.venue == case.venue and outcome.operation == case.operation
        if isinstance(outcome, venue_errors.ResponseError) and case.credentials == "valid" and not case.clock_offset_ms:
            assert outcome.raw_body == case.body_bytes, "the raw body must be kept as sent"
            assert outcome.status_code == case.response.get("status", 200)
        for attribute in ("code", "error_message", "data", "retry_after"):
            if attribute in case.expect:
                assert getattr(outcome, attribute) == case.expect[attribute]
        return
    assert not isinstance(outcome, Exception), f"{case.name}: unexpected {outcome!r}"
    payload = payload_of(case)
    validate_against_spec(case, payload)
    assert_matches(
        outcome, payload, path=case.name, unlisted=frozenset(case.expect.get("unlisted_enum_values", []))
    )
    if "count" in case.expect:
        assert len(outcome) == case.expect["count"]


def payload_of(case: Case) -> Any:
    response = next(op for op in spec(case.venue)["operations"] if op["id"] == case.operation)[
        "response"
    ]
    value = case.response["body"]
    for token in filter(None, response["envelope"]["payload"].split("/")):
        value = value[token]
    return as_listed(response, value)


def as_listed(response: Mapping[str, Any], payload: Any) -> Any:
    """A payload as the client returns it: for ``response.keyed_by`` (Kraken's orders keyed
    by id) the list of items in the reply's order, each with its key in that field, which is
    what the spec's response schema describes and what the parsed result must match."""
    field_name = response.get("keyed_by")
    if field_name is None or not isinstance(payload, dict):
        return payload
    return [{**item, field_name: key} for key, item in payload.items()]


# -- comparison -------------------------------------------------------------------------------


@cache
def _registry(venue: str) -> referencing.Registry[Any]:
    resource = referencing.Resource.from_contents(
        spec(venue), default_specification=referencing.jsonschema.DRAFT202012
    )
    return referencing.Registry().with_resource(f"urn:venue:{venue}", resource)


_FORMATS = jsonschema.FormatChecker()


@_FORMATS.checks("decimal", raises=ArithmeticError)
def _is_decimal(value: object) -> bool:
    return not isinstance(value, str) or Decimal(value).is_finite()


def validate_against_spec(case: Case, payload: Any) -> None:
    operation = next(op for op in spec(case.venue)["operations"] if op["id"] == case.operation)
    schema = {"$ref": "urn:venue:" + case.venue + "#/operations/"
              + str(spec(case.venue)["operations"].index(operation)) + "/response/schema"}
    validator = jsonschema.Draft202012Validator(schema, registry=_registry(case.venue), format_checker=_FORMATS)
    # Enums in a spec list the documented values; a fixture may carry values seen in real
    # traffic that the docs never listed, and must name each one.
    unlisted = case.expect.get("unlisted_enum_values", [])
    errors = sorted(
        (
            e
            for e in validator.iter_errors(payload)
            if not (e.validator == "enum" and e.instance in unlisted)
        ),
        key=lambda e: list(e.absolute_path),
    )
    assert not errors, f"{case.name}: the fixture breaks the spec: {[e.message for e in errors[:3]]}"
    schemas = spec(case.venue)["components"]["schemas"]
    found = undeclared_keys(operation["response"]["schema"], payload, schemas)
    check_quirks(case.name, found, getattr(case, "quirks", None) or {})


def assert_matches(value: Any, raw: Any, path: str, unlisted: frozenset[Any] = frozenset()) -> None:
    """``value`` (parsed) carries exactly what ``raw`` (the JSON sent) said."""
    if isinstance(value, VenueModel):
        assert isinstance(raw, dict), f"{path}: expected an object"
        by_alias = {wire: name for name, wire in wire_names(value).items()}
        for key, item in raw.items():
            if key in by_alias:
                assert_matches(getattr(value, by_alias[key]), item, f"{path}.{key}", unlisted)
            else:
                extra = extra_fields(value)
                assert key in extra, f"{path}.{key}: an unknown field was dropped"
                assert extra[key] == item, f"{path}.{key}: extra field changed"
        for key, name in by_alias.items():
            if key not in raw:
                assert getattr(value, name) is None, f"{path}.{key}: absent but set"
        return
    if isinstance(value, list):
        assert isinstance(raw, list) and len(value) == len(raw), f"{path}: list length differs"
        for index, (item, raw_item) in enumerate(zip(value, raw, strict=True)):
            assert_matches(item, raw_item, f"{path}[{index}]", unlisted)
        return
    if raw is None:
        assert value is None, f"{path}: expected None, got {value!r}"
    elif isinstance(value, Enum):
        assert value.value == raw, f"{path}: {value!r} != {raw!r}"
        known = raw not in unlisted
        assert getattr(value, "is_known", True) == known, f"{path}: is_known should be {known}"
    elif isinstance(value, Decimal):
        assert value == Decimal(str(raw)), f"{path}: {value} != {raw}"
    elif isinstance(value, datetime):
        if isinstance(raw, str):
            assert getattr(value, "raw", None) == raw, f"{path}: raw text not kept"
        else:
            assert value.tzinfo is not None, f"{path}: naive datetime"
            # A number is milliseconds (format: unix-milliseconds) or seconds with a fraction
            # (unix-seconds): exact to the microsecond under one of the two. Their ranges are
            # decades apart, so a unit mix-up matches neither.
            micros = (value - _EPOCH) // timedelta(microseconds=1)
            wire = Decimal(str(raw))
            assert micros in (wire * 1000, (wire * 1_000_000).to_integral_value()), (
                f"{path}: {value} is {raw} read neither as ms nor as s"
            )
    elif isinstance(value, str) and not isinstance(raw, str):
        assert value == str(raw), f"{path}: {value!r} != {raw!r}"
    else:
        assert value == raw and type(value) is type(raw), f"{path}: {value!r} != {raw!r}"
