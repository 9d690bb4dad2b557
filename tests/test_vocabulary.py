"""The response-side spec vocabulary (specs/README.md), end to end: integer and mixed enums,
``format: uuid``, replies keyed by id, lists of scalars, cursor paging and unified views
merging several operations. Each construct is generated from a spec into a temporary
package, imported, and run against a local server the test starts."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.pipeline import ROOT, build_tree, write_tree

CORPUS = ROOT / "tests" / "hostile_specs" / "ok"
HERE = Path(__file__).resolve().parent / "vocabulary"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The corpus' enum and uuid specs and tests/vocabulary/*.yaml, generated and importable
    as ``venues`` (the real package's modules are set aside while the tests run)."""
    root = tmp_path_factory.mktemp("vocab")
    specs = root / "specs"
    specs.mkdir()
    for name in ("enum_integer", "enum_mixed", "format_uuid"):
        shutil.copy(CORPUS / f"{name}.yaml", specs / f"{name}.yaml")
    for path in sorted(HERE.glob("*.yaml")):
        shutil.copy(path, specs / path.name)
    write_tree(build_tree(specs), root / "out")
    saved = {name: module for name, module in sys.modules.items() if name == "venues" or name.startswith("venues.")}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(root / "out"))
    try:
        yield root / "out"
    finally:
        sys.path.remove(str(root / "out"))
        for name in [n for n in sys.modules if n == "venues" or n.startswith("venues.")]:
            del sys.modules[name]
        sys.modules.update(saved)


def test_the_generated_package_is_mypy_strict_clean(package: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", str(ROOT / "pyproject.toml"), "venues"],
        cwd=package,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def extra_fields(model: Any) -> Any:
    return importlib.import_module("venues._runtime.decoding.model").extra_fields(model)


def models(package: Path, venue: str) -> ModuleType:
    return importlib.import_module(f"venues.{venue}.models")


# -- enums and uuid ---------------------------------------------------------------------------


def test_an_integer_enum_decodes_known_and_unknown_values(package: Path) -> None:
    m = models(package, "enum_integer")
    things = msgspec.json.decode(b'[{"id": "a", "code": 2}, {"id": "b", "code": 99}]', type=list[m.Thing])
    known, unknown = things[0].code, things[1].code
    assert known is m.Level(2) and known.is_known and known == 2
    assert unknown == 99 and isinstance(unknown, m.Level) and not unknown.is_known
    assert m.Level(40000000000).is_known


def test_an_untyped_integer_enum_is_an_integer_enum(package: Path) -> None:
    source = (package / "venues" / "enum_integer" / "models.py").read_text(encoding="utf-8")
    assert "class Level(OpenIntEnum):" in source


def test_a_mixed_enum_is_a_text_enum_or_an_integer_enum(package: Path) -> None:
    m = models(package, "enum_mixed")
    body = b'[{"id":"a","code":"open"},{"id":"b","code":2},{"id":"c","code":"new"},{"id":"d","code":7}]'
    codes = [t.code for t in msgspec.json.decode(body, type=list[m.Thing])]
    assert codes[0] is m.MixedText.OPEN and codes[1] is m.MixedNumber(2)
    assert isinstance(codes[2], m.MixedText) and codes[2] == "new" and not codes[2].is_known
    assert isinstance(codes[3], m.MixedNumber) and codes[3] == 7 and not codes[3].is_known
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(b'[{"id":"a","code":1.5}]', type=list[m.Thing])


def test_format_uuid_is_a_uuid_and_bad_text_is_refused(package: Path) -> None:
    m = models(package, "format_uuid")
    text = "0F8FAD5B-D9CB-469F-A165-70867728950E"
    thing = msgspec.json.decode(f'{{"id": "a", "uid": "{text}", "uids": ["{text.lower()}"]}}', type=m.Thing)
    assert thing.uid == uuid.UUID(text) and thing.uids == [uuid.UUID(text)]
    with pytest.raises(msgspec.ValidationError, match="uid"):
        msgspec.json.decode(b'{"id": "a", "uid": "not-a-uuid"}', type=m.Thing)


# -- replies keyed by id, lists of scalars ---------------------------------------------------

KEYED = (
    b'{"error": [], "result": {"open": {'
    b'"OQCLML-BW3P3-BUCMWZ": {"status": "open", "ordertype": 1, "descr": {"pair": "XBTUSD", "price": "30010.0"}},'
    b'"OB5VMB-B4U2U-DK2WRW": {"status": "open", "ordertype": 0, "descr": {"pair": "ETHUSD", "price": "2000"}}}}}'
)


def serve_json(httpserver: HTTPServer, path: str, body: bytes) -> None:
    httpserver.expect_request(path).respond_with_data(body, content_type="application/json")


def vocab_client(httpserver: HTTPServer) -> Any:
    client = importlib.import_module("venues.vocab")
    return client.VocabClient(api_key="k", api_secret="s", base_url=httpserver.url_for("/"), max_retries=0)


def test_a_reply_keyed_by_id_becomes_a_list_keeping_the_keys(package: Path, httpserver: HTTPServer) -> None:
    serve_json(httpserver, "/open", KEYED)
    m = models(package, "vocab")
    with vocab_client(httpserver) as client:
        orders = client.open_orders()
    assert [(o.txid, o.descr.pair, o.descr.price) for o in orders] == [
        ("OQCLML-BW3P3-BUCMWZ", "XBTUSD", Decimal("30010.0")),
        ("OB5VMB-B4U2U-DK2WRW", "ETHUSD", Decimal("2000")),
    ]
    assert all(isinstance(o, m.KeyedOrder) for o in orders) and orders[0].ordertype is m.Level(1)


def test_keyed_items_with_unknown_fields_still_get_their_keys(package: Path, httpserver: HTTPServer) -> None:
    serve_json(httpserver, "/open", KEYED.replace(b'"status": "open", "ordertype": 0', b'"status": "open", "new": [1], "ordertype": 0'))
    with vocab_client(httpserver) as client:
        orders = client.open_orders()
    assert [o.txid for o in orders] == ["OQCLML-BW3P3-BUCMWZ", "OB5VMB-B4U2U-DK2WRW"]
    assert extra_fields(orders[1]) == {"new": [1]}


def test_a_keyed_reply_that_is_not_an_object_is_a_decode_error(package: Path, httpserver: HTTPServer) -> None:
    serve_json(httpserver, "/open", b'{"error": [], "result": {"open": [1, 2]}}')
    errors = importlib.import_module("venues._runtime.errors")
    with vocab_client(httpserver) as client, pytest.raises(errors.DecodeError) as caught:
        client.open_orders()
    assert caught.value.venue == "vocab" and caught.value.operation == "open_orders"


def test_an_error_list_is_an_api_error_and_an_empty_one_is_success(package: Path, httpserver: HTTPServer) -> None:
    serve_json(httpserver, "/open", b'{"error": ["EOrder:Unknown order"], "result": {}}')
    errors = importlib.import_module("venues._runtime.errors")
    with vocab_client(httpserver) as client, pytest.raises(errors.BadRequestError, match="EOrder:Unknown order"):
        client.open_orders()


def test_a_list_of_scalars(package: Path, httpserver: HTTPServer) -> None:
    serve_json(httpserver, "/symbols", b'{"error": [], "result": ["XBTUSD", "ETHUSD"]}')
    with vocab_client(httpserver) as client:
        assert client.list_symbols() == ["XBTUSD", "ETHUSD"]


# -- cursor paging ----------------------------------------------------------------------------

#: Three pages; each next cursor as the venue hands it out (already percent-encoded).
HISTORY = {
    None: (["t1", "t2"], "c%2F2%3D%3D", True),
    "c%2F2%3D%3D": (["t3", "t4"], "c%2B3%20x", True),
    "c%2B3%20x": (["t5"], "c%2F4", False),
}


def serve_history(httpserver: HTTPServer, pages: dict[str | None, tuple[list[str], str | None, bool]]) -> list[bytes]:
    """Answer /history from ``pages`` by the raw cursor in the query; returns every raw query."""
    received: list[bytes] = []

    def handler(request: Request) -> Response:
        received.append(request.query_string)
        if len(received) > 10:
            return Response("too many requests", status=500)
        raw = dict(part.split(b"=", 1) for part in request.query_string.split(b"&") if part)
        cursor = raw.get(b"cursor")
        ids, following, more = pages[cursor.decode() if cursor is not None else None]
        body = {"data": [{"id": i} for i in ids], "next": following, "has_next": more}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/history").respond_with_handler(handler)
    return received


def test_a_cursor_from_the_reply_is_sent_back_byte_for_byte(package: Path, httpserver: HTTPServer) -> None:
    received = serve_history(httpserver, HISTORY)
    with vocab_client(httpserver) as client:
        ids = [t.id for t in client.iter_history(limit=2)]
    assert ids == ["t1", "t2", "t3", "t4", "t5"]
    assert received == [b"limit=2", b"cursor=c%2F2%3D%3D&limit=2", b"cursor=c%2B3%20x&limit=2"]


async def test_the_async_iterator_walks_the_same_pages(package: Path, httpserver: HTTPServer) -> None:
    received = serve_history(httpserver, HISTORY)
    client = importlib.import_module("venues.vocab").AsyncVocabClient(
        api_key="k", api_secret="s", base_url=httpserver.url_for("/"), max_retries=0
    )
    async with client:
        ids = [t.id async for t in client.iter_history()]
    assert ids == ["t1", "t2", "t3", "t4", "t5"]
    assert received == [b"", b"cursor=c%2F2%3D%3D", b"cursor=c%2B3%20x"]


@pytest.mark.parametrize(
    ("pages", "requests"),
    [
        ({None: (["a"], "", True)}, 1),  # an empty cursor
        ({None: (["a"], None, True)}, 1),  # a null cursor
        ({None: (["a", "b"], "n", False)}, 1),  # has_next false
        ({None: (["a"], "n", True), "n": (["b"], "n", True)}, 2),  # the same cursor again
        ({None: (["a"], "n", True), "n": ([], "m", True)}, 2),  # an empty page
    ],
)
def test_the_walk_stops(pages: Any, requests: int, package: Path, httpserver: HTTPServer) -> None:
    received = serve_history(httpserver, pages)
    with vocab_client(httpserver) as client:
        list(client.iter_history())
    assert len(received) == requests


def test_a_short_page_is_the_last(package: Path, httpserver: HTTPServer) -> None:
    received = serve_history(httpserver, {None: (["a"], "n", True), "n": (["b"], None, False)})
    with vocab_client(httpserver) as client:
        assert [t.id for t in client.iter_history(limit=2)] == ["a"]
    assert len(received) == 1


def test_a_cursor_from_the_last_item(package: Path, httpserver: HTTPServer) -> None:
    pages = {None: ["1", "2"], "2": ["3", "4"], "4": ["5"], "5": []}
    received: list[bytes] = []

    def handler(request: Request) -> Response:
        received.append(request.query_string)
        after = request.args.get("after")
        return Response(json.dumps([{"id": i} for i in pages[after]]), content_type="application/json")

    httpserver.expect_request("/trades").respond_with_handler(handler)
    with vocab_client(httpserver) as client:
        assert [t.id for t in client.iter_trades()] == ["1", "2", "3", "4", "5"]
    assert received == [b"", b"after=2", b"after=4", b"after=5"]


# -- unified views over several operations, nested fields ------------------------------------

PENDING = (
    b'{"error": [], "result": {"count": 2, "orders": ['
    b'{"txid": "P1", "status": "pending", "descr": {"pair": "XBTUSD", "price": "25000"}},'
    b'{"txid": "OB5VMB-B4U2U-DK2WRW", "status": "open", "descr": {"pair": "ETHUSD", "price": "2000"}}]}}'
)


def test_a_unified_view_lists_every_operation_each_order_once(package: Path, httpserver: HTTPServer) -> None:
    serve_json(httpserver, "/open", KEYED)
    serve_json(httpserver, "/pending", PENDING)
    with vocab_client(httpserver) as client:
        orders = client.fetch_open_orders()
    assert [(o.order_id, o.symbol, o.market, o.price, o.status) for o in orders] == [
        ("OQCLML-BW3P3-BUCMWZ", "XBTUSD", "XBT/USD", Decimal("30010.0"), "open"),
        ("OB5VMB-B4U2U-DK2WRW", "ETHUSD", "ETH/USD", Decimal("2000"), "open"),
        ("P1", "XBTUSD", "XBT/USD", Decimal("25000"), "untriggered"),
    ]
    (pending,) = [r for r, _ in httpserver.log if r.path == "/pending"]
    assert pending.args.to_dict() == {"trades": "true"}


async def test_the_async_unified_view_with_a_symbol_filter(package: Path, httpserver: HTTPServer) -> None:
    serve_json(httpserver, "/open", KEYED)
    serve_json(httpserver, "/pending", PENDING)
    client = importlib.import_module("venues.vocab").AsyncVocabClient(
        api_key="k", api_secret="s", base_url=httpserver.url_for("/"), max_retries=0
    )
    async with client:
        orders = await client.fetch_open_orders()
    assert len(orders) == 3


def test_an_absent_nested_object_gives_none(package: Path, httpserver: HTTPServer) -> None:
    serve_json(httpserver, "/open", b'{"error": [], "result": {"open": {"X1": {"status": "open"}}}}')
    serve_json(httpserver, "/pending", b'{"error": [], "result": {"orders": []}}')
    with vocab_client(httpserver) as client:
        (order,) = client.fetch_open_orders()
    assert order.order_id == "X1" and order.price is None and order.symbol is None


def test_an_error_list_is_classified_by_its_first_text(package: Path, httpserver: HTTPServer) -> None:
    serve_json(httpserver, "/open", b'{"error": ["EAPI:Rate limit exceeded", "EGeneral:Temporary lockout"]}')
    errors = importlib.import_module("venues._runtime.errors")
    with vocab_client(httpserver) as client, pytest.raises(errors.RateLimitError) as caught:
        client.open_orders()
    assert caught.value.code == "EAPI:Rate limit exceeded"
    assert caught.value.error_message == "EAPI:Rate limit exceeded; EGeneral:Temporary lockout"
