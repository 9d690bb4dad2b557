"""Contract-test fixtures without hand work: scaffolded from the spec, or recorded live.

``python -m generator fixture new VENUE OPERATION`` builds a fixture from the operation's
response schema and, where tests/fixtures/docs_examples/<venue>.yaml has one for the
operation, the docs example; its ``source:`` says it is synthesized.

``python -m generator record VENUE OPERATION [--arg NAME=VALUE ...]`` (``make record``) calls
the venue with the generated client, credentials from ``VENUES_<VENUE>_<NAME>`` as the
``venues`` tool reads them, and writes what was sent and received as a fixture. Every
credential, signature, token and account identifier is replaced (consistently: the same
value gets the same stand-in everywhere, so the fixture still replays), and ``source:``
names the date and the spec version. Keys the schema does not declare are listed under
``quirks:`` for review.

Both cover operations sent over HTTP (``http``, and ``jsonrpc`` over HTTP), the fixture
format the generated HTTP contract tests replay.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

from . import ir
from .naming import snake_case

__all__ = [
    "FixtureProblem",
    "example_of",
    "scaffold",
    "record",
    "Redactor",
    "dump",
]

_REF = "#/components/schemas/"
#: Keys whose values identify an account or authorize something: always replaced.
SENSITIVE_KEYS = re.compile(
    r"(signature|signer|secret|token|password|api_?key|wallet|owner|address|account|"
    r"subaccount|user_?id|email|session|private)",
    re.IGNORECASE,
)
#: Values that look like an Ethereum address or signature, a JWT, or a long hex/base64 secret.
SENSITIVE_VALUES = re.compile(
    r"^(0x[0-9a-fA-F]{40}|0x[0-9a-fA-F]{64,}|eyJ[\w-]+\.[\w-]+\.[\w-]+|[A-Za-z0-9+/]{40,}={0,2})$"
)


class FixtureProblem(Exception):
    """Why a fixture could not be built or recorded (printed by the command line)."""


# -- scaffolding ------------------------------------------------------------------------------


def example_of(schema: Any, schemas: Mapping[str, Any], depth: int = 0) -> Any:
    """A small value valid against ``schema``: required properties only, the first enum value,
    ``"0"`` for decimals, 0 for numbers, a fixed past time for timestamps."""
    if depth > 20 or not isinstance(schema, dict):
        return None
    if "$ref" in schema:
        return example_of(schemas[str(schema["$ref"]).removeprefix(_REF)], schemas, depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return next((v for v in schema["enum"] if v not in ("", None)), schema["enum"][0])
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            branches = [b for b in schema[combinator] if b.get("type") != "null"]
            return example_of((branches or schema[combinator])[0], schemas, depth + 1)
    kinds = schema.get("type", "object")
    kinds = [kinds] if isinstance(kinds, str) else [k for k in kinds if k != "null"] or ["null"]
    kind = kinds[0]
    if kind == "object":
        required = schema.get("required", [])
        props = schema.get("properties", {})
        return {name: example_of(props.get(name, {}), schemas, depth + 1) for name in required}
    if kind == "array":
        return [example_of(schema.get("items", {}), schemas, depth + 1)]
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "decimal":
            return "0"
        if fmt == "date-time":
            return "2024-01-01T00:00:00Z"
        if fmt == "uint64-string":
            return "1"
        return "x" * max(1, int(schema.get("minLength", 1)))
    if kind == "integer":
        if schema.get("format") == "unix-milliseconds":
            return 1704067200000
        return int(schema.get("minimum", 0))
    if kind == "number":
        if schema.get("format") == "unix-seconds":
            return 1704067200
        return schema.get("minimum", 0)
    if kind == "boolean":
        return False
    return None


def _wrap(payload: Any, envelope: ir.Envelope) -> Any:
    """The reply body around ``payload``: the payload pointer's objects, the success flag."""
    body: Any = payload
    for token in reversed([t for t in envelope.payload.split("/") if t]):
        body = {token: body}
    if isinstance(body, dict) and "result" in body:
        body = {"id": 1, **body}  # a JSON-RPC reply carries the request's id
    if envelope.success_pointer:
        target = body
        tokens = [t for t in envelope.success_pointer.split("/") if t]
        for token in tokens[:-1]:
            target = target.setdefault(token, {})
        target[tokens[-1]] = envelope.success_equals
    return body


def _request(op: ir.Operation, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The request the contract double expects for ``arguments`` (Python names)."""
    by_py = {p.py_name: p for p in op.parameters}
    wire = {by_py[name].wire_name: value for name, value in arguments.items()}
    if op.transport == "jsonrpc":
        return {"method": "POST", "path": op.http_path, "json": wire}
    request: dict[str, Any] = {"method": op.http_method, "path": op.http_path}
    query = {by_py[n].wire_name: v for n, v in arguments.items() if by_py[n].location == "query"}
    body = {by_py[n].wire_name: v for n, v in arguments.items() if by_py[n].location == "body"}
    if query:
        request["query"] = query
    if body:
        request["json"] = body
    return request


def _operation(venue: ir.Venue, operation: str) -> ir.Operation:
    op = next((o for o in venue.operations if o.id == operation), None)
    if op is None:
        known = ", ".join(o.id for o in venue.operations)
        raise FixtureProblem(f"{venue.id} has no operation {operation!r} (its operations: {known})")
    if op.http_path is None:
        raise FixtureProblem(
            f"{venue.id}.{operation} is not sent over HTTP ({op.transport}); its fixtures are "
            f"written by hand, see tests/fixtures/{venue.id}/"
        )
    return op


def scaffold(venue: ir.Venue, operation: str, fixtures_dir: Path) -> dict[str, Any]:
    """A synthesized fixture for ``operation``: the docs example's payload when there is one
    for it, otherwise the smallest payload the response schema allows."""
    op = _operation(venue, operation)
    example_file = fixtures_dir / "docs_examples" / f"{venue.id}.yaml"
    example = (
        yaml.safe_load(example_file.read_text(encoding="utf-8")) if example_file.is_file() else None
    )
    if example is not None and example.get("operation") == operation:
        payload, origin = (
            example["payload"],
            f"the docs example in tests/fixtures/docs_examples/{venue.id}.yaml",
        )
    else:
        payload, origin = (
            example_of(op.response_schema, venue.schemas),
            "the response schema (smallest valid payload)",
        )
    arguments = {
        p.py_name: p.default if p.default is not None else example_of(p.schema, venue.schemas)
        for p in op.parameters
        if p.required
    }
    fixture: dict[str, Any] = {
        "source": (
            f"synthesized by `python -m generator fixture new {venue.id} {operation}` from "
            f"specs/{venue.source.name} (version {venue.version or '?'}) and {origin}; "
            "replace with a recorded reply when you can (`make record`)"
        ),
        "operation": operation,
        "arguments": arguments,
        "request": _request(op, arguments),
        "response": {"status": 200, "body": _wrap(payload, op.envelope)},
        "expect": {},
    }
    undeclared = _undeclared(op, venue, payload)
    if undeclared:
        fixture["quirks"] = {
            key: "in the docs example; the spec does not declare it (kept in model_extra)"
            for key in undeclared
        }
    return fixture


# -- recording --------------------------------------------------------------------------------


class Redactor:
    """Replaces secrets and identifiers with stand-ins, the same stand-in for the same value
    everywhere (the arguments, the request and the reply stay consistent)."""

    def __init__(self, secrets: Mapping[str, str]) -> None:
        self.secrets = {name: value for name, value in secrets.items() if value}
        self.replaced: dict[Any, Any] = {}

    def _stand_in(self, value: Any, hint: str) -> Any:
        if isinstance(value, bool) or value is None:
            return value
        if value in self.replaced:
            return self.replaced[value]
        index = len(self.replaced) + 1
        if isinstance(value, int):
            stand_in: Any = 1_000_000 + index
        elif isinstance(value, float):
            stand_in = float(1_000_000 + index)
        elif isinstance(value, str) and re.fullmatch(r"0x[0-9a-fA-F]{40}", value):
            stand_in = "0x" + f"{index:040x}"
        elif isinstance(value, str) and re.fullmatch(r"0x[0-9a-fA-F]+", value):
            stand_in = "0x" + f"{index:x}".rjust(len(value) - 2, "0")
        else:
            stand_in = f"<redacted {hint} {index}>"
        self.replaced[value] = stand_in
        return stand_in

    def text(self, value: str) -> str:
        for name, secret in self.secrets.items():
            value = value.replace(secret, f"<redacted {name}>")
        return value

    def __call__(self, node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            return {k: self(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [self(v, key) for v in node]
        if key and SENSITIVE_KEYS.search(key):
            return self._stand_in(node, snake_case(key))
        if isinstance(node, str):
            if SENSITIVE_VALUES.match(node) or node in self.secrets.values():
                return self._stand_in(node, "value")
            return self.text(node)
        return node


def _client_class(venue: ir.Venue) -> Any:
    module = importlib.import_module(f"venues.{venue.id}")
    return getattr(module, venue.client_name("client"))


def record(
    venue: ir.Venue,
    operation: str,
    arguments: Mapping[str, Any],
    environ: Mapping[str, str],
    today: dt.date | None = None,
    fixtures_dir: Path | None = None,
) -> dict[str, Any]:
    """Call ``operation`` on the live venue (or whatever ``VENUES_<VENUE>_BASE_URL`` names)
    and return the redacted fixture of the exchange."""
    from venues._runtime.transport.http import SyncTransport
    from venues.cli import env_name

    op = _operation(venue, operation)
    missing_args = [p.py_name for p in op.parameters if p.required and p.py_name not in arguments]
    settings: dict[str, Any] = {}
    missing_env = []
    for credential in venue.auth.credentials:
        variable = env_name(venue.id, credential.name)
        if variable in environ:
            settings[credential.name] = environ[variable]
        else:
            missing_env.append(variable)
    for name, _ in venue.server_variables:
        variable = env_name(venue.id, name)
        if variable in environ:
            settings[name] = environ[variable]
    if env_name(venue.id, "base_url") in environ:
        settings["base_url"] = environ[env_name(venue.id, "base_url")]
    if missing_args or missing_env:
        raise FixtureProblem(
            "cannot record: "
            + "; ".join(
                filter(
                    None,
                    (
                        f"set {', '.join(missing_env)}" if missing_env else "",
                        f"pass --arg for {', '.join(missing_args)}" if missing_args else "",
                    ),
                )
            )
        )
    client_class = _client_class(venue)
    base_url = settings.get("base_url") or inspect.signature(client_class).parameters["base_url"].default
    recorder = _RecordingTransport(SyncTransport(base_url))
    with client_class(**settings, transport=recorder, max_retries=0) as client:
        error: Exception | None = None
        try:
            getattr(client, op.py_name)(**arguments)
        except Exception as exc:  # an error reply is recorded as such
            error = exc
    if recorder.reply is None:
        raise FixtureProblem(f"nothing was received from the venue: {error!r}")
    reply_sent = recorder.reply
    url = recorder.url
    secrets = {c.name: settings[c.name] for c in venue.auth.credentials if c.name in settings}
    redact = Redactor({k: str(v) for k, v in secrets.items()})
    wire = {p.py_name: p.wire_name for p in op.parameters}
    # Arguments first, so that the request and reply get the same stand-ins for them.
    kept = redact({wire[k]: v for k, v in arguments.items()})
    by_wire = {v: k for k, v in wire.items()}
    sent: dict[str, Any] = {"method": recorder.method, "path": _path(urlsplit(url).path, op)}
    # What the signing recipe adds (a timestamp, a nonce, the signature) is left out, as in a
    # hand-written fixture: the double sets those aside and its oracle checks them instead.
    placed = _recipe_placements(venue)
    query = {
        k: v
        for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)
        if ("query", k) not in placed
    }
    if query:
        sent["query"] = redact(query)
    if recorder.body and op.body_encoding == "form":
        form = {
            k: v
            for k, v in parse_qsl(recorder.body.decode(), keep_blank_values=True)
            if ("form", k) not in placed
        }
        sent["form"] = redact(form)
    elif recorder.body:
        sent["json"] = redact(json.loads(recorder.body))
    text = reply_sent.content.decode("utf-8", errors="replace")
    try:
        body: Any = redact(json.loads(text))
        reply: dict[str, Any] = {"status": reply_sent.status, "body": body}
    except ValueError:
        reply = {"status": reply_sent.status, "body_text": redact.text(text)}
    content_type = reply_sent.headers.get("content-type", "")
    if content_type and not content_type.startswith("application/json"):
        reply["content_type"] = content_type
    when = (today or dt.date.today()).isoformat()
    host = urlsplit(url).hostname or "?"
    fixture: dict[str, Any] = {
        "source": (
            f"recorded from {host} on {when} with specs/{venue.source.name} version "
            f"{venue.version or '?'} (`make record`); credentials, signatures, tokens and "
            "account identifiers replaced"
        ),
        "operation": operation,
        "arguments": {by_wire[k]: v for k, v in kept.items()},
        "request": sent,
        "response": reply,
        "expect": _expectation(error),
    }
    if "body" in reply and error is None:
        undeclared = _undeclared(op, venue, _payload(op, reply["body"]))
        if undeclared:
            fixture["quirks"] = {
                key: f"recorded on {when}; specs/{venue.source.name} does not declare it: "
                "add it to the spec, or keep it here with the real reason"
                for key in undeclared
            }
    return fixture


def _recipe_placements(venue: ir.Venue) -> set[tuple[str, str]]:
    """(location, name) of every query or body field the venue's signing recipe places."""
    recipe = venue.auth.recipe
    if recipe is None:
        return set()
    return {(p.location, p.name) for p in recipe.placements}


class _RecordingTransport:
    """The client's own transport, keeping the last exchange exactly as it went over the wire."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.method = ""
        self.url = ""
        self.body: bytes | None = None
        self.reply: Any = None

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
        retry_safe: bool,
    ) -> Any:
        reply = self._inner.request(
            method, url, body=body, headers=headers, timeout=timeout, retry_safe=retry_safe
        )
        self.method, self.url, self.body, self.reply = method, url, body, reply
        return reply

    def close(self) -> None:
        self._inner.close()


def _path(path: str, op: ir.Operation) -> str:
    """The request path without the base URL's own path (``/v3``), as the double sees it."""
    assert op.http_path is not None
    return op.http_path if path.endswith(op.http_path) else path


def _expectation(error: Exception | None) -> dict[str, Any]:
    if error is None:
        return {}
    expect: dict[str, Any] = {"error": type(error).__name__}
    for attribute in ("code", "error_message"):
        value = getattr(error, attribute, None)
        if value is not None:
            expect[attribute] = value
    return expect


def _payload(op: ir.Operation, body: Any) -> Any:
    for token in [t for t in op.envelope.payload.split("/") if t]:
        if not isinstance(body, dict) or token not in body:
            return None
        body = body[token]
    return body


def _undeclared(op: ir.Operation, venue: ir.Venue, payload: Any) -> list[str]:
    """The keys of ``payload`` its schema does not declare (by name, wherever they occur)."""
    found: set[str] = set()

    def walk(schema: Any, value: Any) -> None:
        while isinstance(schema, dict) and "$ref" in schema:
            schema = venue.schemas[str(schema["$ref"]).removeprefix(_REF)]
        if not isinstance(schema, dict):
            return
        for combinator in ("anyOf", "oneOf", "allOf"):
            for sub in schema.get(combinator, []):
                walk(sub, value)
        props = schema.get("properties")
        if isinstance(value, dict) and isinstance(props, dict):
            for key, item in value.items():
                if key in props:
                    walk(props[key], item)
                elif not isinstance(schema.get("additionalProperties"), dict):
                    found.add(key)
        if isinstance(value, list) and "items" in schema:
            for item in value:
                walk(schema["items"], item)

    walk(op.response_schema, payload)
    return sorted(found)


# -- writing ----------------------------------------------------------------------------------


def dump(fixture: Mapping[str, Any]) -> str:
    """A fixture as YAML, keys in the order the hand-written fixtures use."""
    return yaml.safe_dump(dict(fixture), sort_keys=False, allow_unicode=True, width=100)


def write(path: Path, fixture: Mapping[str, Any], force: bool = False) -> Path:
    if path.exists() and not force:
        raise FixtureProblem(f"{path} exists; pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(fixture), encoding="utf-8")
    return path


def parse_arguments(pairs: list[str], op_parameters: Mapping[str, ir.Parameter]) -> dict[str, Any]:
    """``name=value`` pairs (Python or wire names) into typed arguments (YAML scalars)."""
    by_wire = {p.wire_name: p.py_name for p in op_parameters.values()}
    arguments: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise FixtureProblem(f"--arg {pair!r}: expected NAME=VALUE")
        name = by_wire.get(name, name)
        if name not in op_parameters:
            raise FixtureProblem(
                f"--arg {pair!r}: no parameter {name!r} (have {', '.join(op_parameters)})"
            )
        parsed = yaml.safe_load(value) if value else ""
        arguments[name] = str(parsed) if op_parameters[name].kind == "string" else parsed
    return arguments
