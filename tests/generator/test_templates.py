"""The client templates: both request/response WebSocket transports come from one template
driven by the IR, and every client kind renders its parameters through one macro (signature,
docstring Args, call arguments, sync delegate), renamed parameters included."""

from __future__ import annotations

import importlib
import inspect
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from generator.pipeline import ROOT, build_tree, load_venues, write_tree
from generator.render import WEBSOCKET_KINDS, WEBSOCKET_TEMPLATES, websocket_operations

SPECS = ROOT / "specs"
TEMPLATES = ROOT / "generator" / "templates"


def test_request_and_jsonrpc_share_one_client_template() -> None:
    assert WEBSOCKET_TEMPLATES["jsonrpc"] == WEBSOCKET_TEMPLATES["request"]
    for template in set(WEBSOCKET_TEMPLATES.values()):
        assert (TEMPLATES / template).is_file()
    assert not (TEMPLATES / "websocket_jsonrpc.py.jinja").exists()
    assert set(WEBSOCKET_TEMPLATES) == set(WEBSOCKET_KINDS.values())


def test_the_connection_step_comes_from_the_auth_spec() -> None:
    """What differs between the request/response venues is data: each module names the
    handshake its own auth spec declares."""
    checked = 0
    for venue in load_venues(SPECS):
        for kind in set(websocket_operations(venue)) & {"jsonrpc", "request"}:
            source = (ROOT / "generated" / "venues" / venue.id / f"websocket_{kind}.py").read_text(
                encoding="utf-8"
            )
            flat = " ".join(source.split())
            assert f"Each connection first {venue.auth.websocket_handshake}." in flat
            checked += 1
    assert checked >= 3  # Synthetix (request), Derive and Derive v3 (JSON-RPC)


def _keyword_names(function: object) -> list[str]:
    parameters = inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    return [p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY]


def _documented(function: object) -> list[str]:
    doc = inspect.getdoc(function) or ""
    if "Args:" not in doc:
        return []
    block = doc.split("Args:", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^    (\w+):", block, flags=re.MULTILINE)


def _generated_methods() -> list[tuple[str, object]]:
    found = []
    for module_name in ("client", "websocket_request", "websocket_jsonrpc", "websocket_signalr"):
        for venue_dir in sorted((ROOT / "generated" / "venues").iterdir()):
            if not (venue_dir / f"{module_name}.py").is_file():
                continue
            module = importlib.import_module(f"venues.{venue_dir.name}.{module_name}")
            for cls_name in module.__all__:
                cls = getattr(module, cls_name)
                if getattr(cls, "__module__", None) != module.__name__:
                    continue
                for name, function in vars(cls).items():
                    if not name.startswith("_") and inspect.isfunction(function):
                        found.append((f"{module.__name__}.{cls_name}.{name}", function))
    return found


def test_every_documented_method_documents_exactly_its_keywords() -> None:
    documented = 0
    for where, function in _generated_methods():
        names = _documented(function)
        if names:
            assert names == _keyword_names(function), where
            documented += 1
    assert documented >= 10


#: Runs against a tree generated from specs with one parameter renamed in a WebSocket
#: request client and in a SignalR client: both keep the old keyword, sync delegates too.
SCRIPT = textwrap.dedent("""
    import inspect
    from venues.b2trader import AsyncB2TraderClient
    from venues.synthetix import AsyncSynthetixClient, SynthetixClient

    def keywords(function):
        return {name: p.default for name, p in inspect.signature(function).parameters.items()}

    for function in (AsyncSynthetixClient.get_open_orders, SynthetixClient.get_open_orders,
                     AsyncSynthetixClient.iter_open_orders, SynthetixClient.iter_open_orders):
        found = keywords(function)
        assert found.get("market") is None and "market" in found, (function, found)
        assert found.get("symbol") is None and "symbol" in found, (function, found)
    for function in (AsyncB2TraderClient.stream_open_orders, AsyncB2TraderClient.get_open_orders):
        found = keywords(function)
        assert found.get("account") is None and found.get("account_id") is None, found
        source = inspect.getsource(function)
        assert "renamed_argument(" in source and "account_id: Deprecated" in source, source
    print("ok")
    """)


def test_a_renamed_parameter_keeps_its_old_keyword_in_every_websocket_client(
    tmp_path: Path,
) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    for venue, old, new in (("synthetix", "symbol", "market"), ("b2trader", "account_id", "account")):
        data = yaml.safe_load((SPECS / f"{venue}.yaml").read_text(encoding="utf-8"))
        for op in data["operations"]:
            for param in op.get("parameters", []):
                if param["name"] == old:
                    param["name"], param["renamed_from"] = new, old
        if data.get("unified", {}).get("symbol_filter") == old:
            data["unified"]["symbol_filter"] = new
        (specs / f"{venue}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    write_tree(build_tree(specs), out)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(out)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


CLIENT_TEMPLATES = sorted({"client.py.jinja", *WEBSOCKET_TEMPLATES.values()})


@pytest.mark.parametrize("template", CLIENT_TEMPLATES)
def test_client_templates_leave_parameter_loops_to_the_macro(template: str) -> None:
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    assert "{% for p in op.parameters" not in source
    assert "{% for p in op.iterator_parameters" not in source
