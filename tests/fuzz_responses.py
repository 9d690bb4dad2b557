"""Hostile responses: for every operation of every venue, valid replies generated from the
spec's response schema (hypothesis-jsonschema) must parse, and mutated ones (missing or
mistyped fields, nulls, unlisted enum values, extra fields, huge and negative numbers,
deep nesting, long strings, truncated JSON, non-JSON, HTML, the wrong envelope, invalid
UTF-8) must end as a parsed model or one of our typed errors that names the venue and
operation and keeps the raw body. Any other exception is an untyped failure.

`make fuzz` runs `python tests/fuzz_responses.py --cases 10000`; `make test` runs a
smaller count through tests/test_fuzz_responses.py.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generated"))

from venues import VENUES  # noqa: E402  (every venue of the generated package)
from venues._runtime.decoding.model import VenueModel, extra_fields  # noqa: E402
from venues._runtime.decoding.response import decode_http_response, decode_raw_message  # noqa: E402
from venues._runtime.errors import DecodeError, VenueError  # noqa: E402

#: Operations whose replies arrive as WebSocket text and are decoded from it directly.
WEBSOCKET_TRANSPORTS = frozenset({"websocket_request", "signalr_stream"})

REF = "#/components/schemas/"
CUSTOM_FORMATS = {
    "decimal": st.decimals(allow_nan=False, allow_infinity=False, places=8).map(lambda d: format(d, "f")),
    "uint64-string": st.integers(0, 2**64 - 1).map(str),
}
NON_STRING_FORMATS = {"unix-milliseconds", "unix-seconds", "int64", "uint32", "uint64"}


def _rewrite(node: Any) -> Any:
    """Refs into $defs, and formats hypothesis-jsonschema cannot use on non-strings dropped."""
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _rewrite(value) for key, value in node.items()}
    if isinstance(result.get("$ref"), str):
        result["$ref"] = result["$ref"].replace(REF, "#/$defs/")
    fmt = result.get("format")
    if fmt in NON_STRING_FORMATS:
        del result["format"]
    if fmt == "unix-seconds":
        # Clocks in seconds: the range real traffic uses (up to 2100).
        result.setdefault("minimum", 0)
        result.setdefault("maximum", 4102444800)
    if result.get("format") == "unix-milliseconds" or (
        "integer" in (result.get("type") if isinstance(result.get("type"), list) else [result.get("type")])
        and "minimum" not in result
    ):
        # Millisecond clocks and counters: keep them in the range real traffic uses.
        result.setdefault("minimum", 0)
        result.setdefault("maximum", 4102444800000)
    return result


def response_schema(spec: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    schema = _rewrite(copy.deepcopy(operation["response"]["schema"]))
    if schema.get("type") == "array":
        schema["maxItems"] = 4
    schema["$defs"] = _rewrite(copy.deepcopy(spec["components"]["schemas"]))
    return schema


def wrap(envelope: dict[str, Any], payload: Any) -> Any:
    """A whole reply carrying ``payload`` where the envelope says."""
    pointer = envelope["payload"]
    body: Any = payload
    if pointer:
        body = {}
        node = body
        tokens = pointer.split("/")[1:]
        for token in tokens[:-1]:
            node = node.setdefault(token, {})
        node[tokens[-1]] = payload
    success = envelope.get("success")
    if success:
        node = body
        tokens = success["pointer"].split("/")[1:]
        for token in tokens[:-1]:
            node = node.setdefault(token, {})
        node[tokens[-1]] = success["equals"]
    return body


# -- mutations ---------------------------------------------------------------------------


def _objects(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(_objects(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_objects(value))
    return found


def _pick_field(rng: random.Random, body: Any) -> tuple[dict[str, Any], str] | None:
    objects = [o for o in _objects(body) if o]
    if not objects:
        return None
    target = rng.choice(objects)
    return target, rng.choice(sorted(target))


def _text(rng: random.Random, size: int) -> str:
    alphabet = "abcXYZ_-09 é€名\\\"'{}\x00\n"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, size)))


def mutate_field(kind: str, rng: random.Random, body: Any) -> Any:
    picked = _pick_field(rng, body)
    if picked is None:
        return body
    target, key = picked
    if kind == "drop":
        del target[key]
    elif kind == "null":
        target[key] = None
    elif kind == "wrong_type":
        target[key] = rng.choice([[], {}, True, 12345, "text", -1.5, [1, [2]], {"a": None}])
    elif kind == "unlisted_value":
        target[key] = _text(rng, 20)
    elif kind == "extra_fields":
        target[_text(rng, 12) or "x"] = rng.choice([None, 7, "seven", [7], {"seven": 7}])
    elif kind == "huge_number":
        target[key] = rng.choice([10**400, -(10**400), -1, 2**64, -(2**63), Decimal("1e400"), Decimal("-0.000000001")])
    elif kind == "long_string":
        target[key] = "x" * rng.choice([10_000, 1_000_000])
    elif kind == "deep_nesting":
        target[key] = "DEEP"
    return body


FIELD_MUTATIONS = ["drop", "null", "wrong_type", "unlisted_value", "extra_fields", "huge_number", "long_string", "deep_nesting"]
RAW_MUTATIONS = ["truncated", "not_json", "html", "invalid_utf8", "wrong_envelope", "top_level_scalar"]


def encode(body: Any) -> bytes:
    text = json.dumps(body, default=lambda d: format(d, "f") if isinstance(d, Decimal) else str(d))
    # A nesting far past any real reply, and past Python's recursion limit when decoded.
    return text.replace('"DEEP"', "[" * 100_000 + "]" * 100_000).encode()


def raw_mutation(kind: str, rng: random.Random, body: Any) -> bytes:
    encoded = encode(body)
    if kind == "truncated":
        return encoded[: rng.randint(0, max(0, len(encoded) - 1))]
    if kind == "not_json":
        return _text(rng, 50).encode() + b"}{"
    if kind == "html":
        return b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    if kind == "invalid_utf8":
        return b'{"success": true, "payload": "\xff\xfe\xfa"}'
    if kind == "wrong_envelope":
        return json.dumps({"data": json.loads(encoded) if encoded else None, "ok": True}).encode()
    return json.dumps(rng.choice([None, 1, "text", True, []])).encode()


# -- the run -------------------------------------------------------------------------------


@dataclass
class Report:
    venue: str
    cases: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    untyped: list[str] = field(default_factory=list)
    valid_rejected: list[str] = field(default_factory=list)

    def line(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return (
            f"{self.venue}: {self.cases} cases ({kinds}); untyped failures {len(self.untyped)}; "
            f"valid replies rejected {len(self.valid_rejected)}"
        )


def read_everything(value: Any) -> None:
    """Read every field of a parsed result: timestamps are converted when first read."""
    if isinstance(value, VenueModel):
        for name in value.__struct_fields__:
            read_everything(getattr(value, name))
        extra_fields(value)
    elif isinstance(value, list):
        for item in value:
            read_everything(item)


def check_outcome(report: Report, op: Any, body: bytes, *, valid: bool) -> None:
    report.cases += 1
    raw: bytes | str = body
    try:
        if op.transport in WEBSOCKET_TRANSPORTS:
            # What the WebSocket transports do: route on a few fields, then decode the text once.
            raw = body.decode("utf-8", errors="replace")
            result = decode_raw_message(op, raw)
        else:
            result = decode_http_response(op, 200, {}, body)
    except VenueError as error:
        typed = error.venue == op.venue and error.operation == op.name and getattr(error, "raw_body", raw) == raw
        if not typed:
            report.untyped.append(f"{type(error).__name__} lost its venue, operation or body")
        report.outcomes[type(error).__name__] += 1
        if valid:
            report.valid_rejected.append(f"{error}"[:300])
        return
    except Exception as error:  # the point of the harness: anything else is a finding
        report.untyped.append(f"{type(error).__name__}: {error}"[:300])
        report.outcomes["untyped"] += 1
        return
    try:
        read_everything(result)
    except DecodeError as error:  # a value kept as sent that is no valid value when read
        if error.venue != op.venue or not error.operation.startswith("read "):
            report.untyped.append(f"DecodeError on read lost its venue or field: {error}"[:300])
        report.outcomes["DecodeError on read"] += 1
        if valid:
            report.valid_rejected.append(f"{error}"[:300])
        return
    except Exception as error:
        report.untyped.append(f"on read: {type(error).__name__}: {error}"[:300])
        report.outcomes["untyped"] += 1
        return
    report.outcomes["parsed"] += 1


def keyed(field_name: str, items: list[Any]) -> dict[str, Any]:
    """A generated list as a venue keyed by id sends it (Kraken's ``{TXID: {...}}``): the
    key field moves out of each item into the object's key (unique by position)."""
    return {
        f"K{index}-{item.get(field_name, '')}": {k: v for k, v in item.items() if k != field_name}
        for index, item in enumerate(items)
    }


def valid_payloads(schema: dict[str, Any], count: int) -> list[Any]:
    """``count`` replies generated by hypothesis-jsonschema from a response schema."""
    pool: list[Any] = []

    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(from_schema(schema, custom_formats=CUSTOM_FORMATS))
    def collect(payload: Any) -> None:
        pool.append(payload)

    collect()
    return pool


def run(venue: str, cases: int, seed: int = 0, pool_size: int = 200) -> Report:
    """``cases`` replies per venue: a third valid, the rest mutated (seeded, repeatable)."""
    spec = yaml.safe_load((ROOT / "specs" / f"{venue}.yaml").read_text(encoding="utf-8"))
    operations = importlib.import_module(f"venues.{venue}.operations")
    report = Report(venue)
    rng = random.Random(seed)
    count = len(spec["operations"])
    for index, raw_op in enumerate(spec["operations"]):
        # The remainder goes to the first operations, so that the venue gets all ``cases``.
        per_op = max(1, cases // count + (1 if index < cases % count else 0))
        op = getattr(operations, raw_op["id"].upper())
        envelope = raw_op["response"]["envelope"]
        pool = valid_payloads(response_schema(spec, raw_op), min(pool_size, per_op))
        if raw_op["response"].get("keyed_by"):
            pool = [keyed(raw_op["response"]["keyed_by"], payload) for payload in pool]
        for payload in pool:
            check_outcome(report, op, encode(wrap(envelope, payload)), valid=True)
        for _ in range(per_op - len(pool)):
            body = wrap(envelope, copy.deepcopy(rng.choice(pool)))
            mutation = rng.choice(["none", *FIELD_MUTATIONS, *RAW_MUTATIONS])
            if mutation == "none":
                check_outcome(report, op, encode(body), valid=True)
            elif mutation in FIELD_MUTATIONS:
                check_outcome(report, op, encode(mutate_field(mutation, rng, body)), valid=False)
            else:
                check_outcome(report, op, raw_mutation(mutation, rng, body), valid=False)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases per venue")
    parser.add_argument("--venue", action="append", choices=VENUES)
    args = parser.parse_args()
    failed = False
    for venue in args.venue or VENUES:
        started = time.perf_counter()
        report = run(venue, args.cases)
        print(f"{report.line()} in {time.perf_counter() - started:.1f}s", flush=True)
        for finding in (report.untyped + report.valid_rejected)[:10]:
            print(f"  {finding}")
        failed |= bool(report.untyped or report.valid_rejected)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
