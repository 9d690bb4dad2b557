"""Decoding replies: exact numbers, and no hostile nesting can crash the process."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import msgspec
import pytest

from venues._runtime.decoding.model import VenueModel, extra_fields
from venues._runtime.decoding.response import MAX_JSON_DEPTH, PayloadCodec, decode_json
from venues._runtime.operation import Envelope, ErrorRules


def test_numbers_stay_exact() -> None:
    assert decode_json(b'{"p": 12345678901234567.123456789}') == {"p": Decimal("12345678901234567.123456789")}


def test_nesting_at_the_limit_decodes() -> None:
    depth = MAX_JSON_DEPTH
    assert decode_json("[" * depth + "]" * depth) is not None


@pytest.mark.parametrize("body", [b"[" * 200_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000])
def test_deep_nesting_is_refused(body: bytes) -> None:
    with pytest.raises(ValueError, match="nested deeper"):
        decode_json(body)


def test_brackets_inside_strings_cannot_hide_nesting() -> None:
    body = b'["' + b"]" * 5000 + b'", ' + b"[" * 100_000 + b"]" * 100_000 + b"]"
    with pytest.raises(ValueError, match="nested deeper"):
        decode_json(body)


def test_brackets_inside_strings_are_not_nesting() -> None:
    text = '{"a": "' + "[" * 5000 + '"}'
    assert decode_json(text) == {"a": "[" * 5000}


def test_a_deep_reply_cannot_kill_a_process_that_imported_eth_account() -> None:
    """py_ecc raises the recursion limit to 100000 at import; the C decoder would then
    overflow the stack on a deep enough reply. The depth check must stop it first."""
    script = (
        "import eth_account, sys\n"
        "assert sys.getrecursionlimit() >= 100000\n"
        "from venues._runtime.decoding.response import decode_json\n"
        "try:\n"
        "    decode_json(b'[' * 2_000_000 + b']' * 2_000_000)\n"
        "except ValueError:\n"
        "    print('refused')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "refused"


def test_the_one_pass_path_survives_a_deep_reply_after_eth_account_raised_the_limit() -> None:
    """The typed fast path skips the bracket scan only while the recursion limit is low
    enough for msgspec's own check; with py_ecc's limit it must scan, not crash."""
    script = (
        "import eth_account, sys\n"
        "assert sys.getrecursionlimit() >= 100000\n"
        "from venues._runtime.errors import DecodeError\n"
        "from venues._runtime.decoding.response import decode_http_response\n"
        "from venues.backpack.operations import GET_OPEN_ORDERS\n"
        "for body in (b'[' * 2_000_000, b'[{\"id\": ' + b'[' * 1_000_000 + b']' * 1_000_000 + b'}]'):\n"
        "    try:\n"
        "        decode_http_response(GET_OPEN_ORDERS, 200, {}, body)\n"
        "    except DecodeError:\n"
        "        print('refused')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.split() == ["refused", "refused"]


@pytest.mark.parametrize("depth", [5_000, 200_000])
def test_the_one_pass_path_refuses_a_deep_reply_as_a_typed_error(depth: int) -> None:
    from venues._runtime.decoding.response import decode_http_response
    from venues._runtime.errors import DecodeError
    from venues.backpack.operations import GET_OPEN_ORDERS

    with pytest.raises(DecodeError):
        decode_http_response(GET_OPEN_ORDERS, 200, {}, b"[" * depth + b"]" * depth)


# -- payloads keyed by id (Envelope.keyed_by) ------------------------------------------------


class Keyed(VenueModel):
    status: str
    txid: str | None = None


KEYED_BODY = b'{"error": [], "result": {"A-1": {"status": "open"}, "B-2": {"status": "closed"}}}'


def keyed_codec() -> PayloadCodec:
    return PayloadCodec(list[Keyed], Envelope(payload="/result", keyed_by="txid"), ErrorRules(error="/error"))


def test_a_keyed_payload_decodes_in_one_pass_keeping_keys_and_order() -> None:
    orders = keyed_codec().decode_body(KEYED_BODY)
    assert orders == [Keyed(status="open", txid="A-1"), Keyed(status="closed", txid="B-2")]


def test_the_lenient_path_gives_the_same_and_keeps_unknown_fields() -> None:
    codec = keyed_codec()
    payload = {"A-1": {"status": "open", "new": 1}, "B-2": {"status": "closed"}}
    orders = codec.convert(payload)
    assert [(o.txid, o.status) for o in orders] == [("A-1", "open"), ("B-2", "closed")]
    assert extra_fields(orders[0]) == {"new": 1}
    assert codec.convert_strict({"A-1": {"status": "open"}}) == [Keyed(status="open", txid="A-1")]
    with pytest.raises(msgspec.ValidationError, match="keyed by txid"):
        codec.convert(["A-1"])


def test_keyed_by_needs_a_declared_field() -> None:
    with pytest.raises(TypeError, match="no field 'nope'"):
        PayloadCodec(list[Keyed], Envelope(keyed_by="nope"), ErrorRules())
