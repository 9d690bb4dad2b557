"""renamed_from: the generated client keeps the old parameter keyword and the old field name
for one spec version, each with a DeprecationWarning."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

from generator.build import build_venue
from generator.load import load_spec
from generator.pipeline import ROOT, build_tree, write_tree

SPECS = ROOT / "specs"

#: Run against the generated package of a renamed Derive spec: a local JSON-RPC endpoint on
#: 127.0.0.1 answers with one order; the old keyword and the old attribute must still work.
SCRIPT = textwrap.dedent("""
    import json, threading, warnings
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import yaml
    from venues.derive import DeriveClient

    payload = yaml.safe_load(open(FIXTURE))["payload"]
    for item in payload["orders"]:  # the venue now sends the new name
        item["price"] = item.pop("limit_price")
    bodies = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            bodies.append(body)
            reply = json.dumps({"id": 1, "result": payload}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    key = "0x" + "11" * 32
    with DeriveClient(wallet="0x" + "22" * 20, private_key=key, base_url=f"http://127.0.0.1:{server.server_port}", timeout=5) as client:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            page = client.get_orders(subaccount_id=30769, label="bot")
            order = page.orders[0]
            old_value = order.limit_price
        assert bodies[-1] == {"subaccount_id": 30769, "order_label": "bot"}, bodies
        assert old_value == order.price and old_value is not None
        messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
        assert any("get_orders(label=...) is deprecated" in m for m in messages), messages
        assert any("Order.limit_price is deprecated" in m and "Order.price" in m for m in messages), messages
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            client.get_orders(subaccount_id=30769, order_label="bot")
        try:
            client.get_orders(subaccount_id=30769, label="a", order_label="b")
        except TypeError as exc:
            assert "both label= and its new name order_label=" in str(exc)
        else:
            raise AssertionError("both names accepted")
    server.shutdown()
    print("ok")
    """)


def renamed_derive(folder: Path) -> Path:
    data = yaml.safe_load((SPECS / "derive.yaml").read_text(encoding="utf-8"))
    label = next(p for p in data["operations"][0]["parameters"] if p["name"] == "label")
    label["name"], label["renamed_from"] = "order_label", "label"
    order = data["components"]["schemas"]["Order"]
    order["properties"]["price"] = order["properties"].pop("limit_price") | {
        "renamed_from": "limit_price"
    }
    order["required"] = [("price" if f == "limit_price" else f) for f in order["required"]]
    data["unified"]["fields"]["price"] = {"field": "price"}
    folder.mkdir()
    (folder / "derive.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def test_renamed_parameter_and_field_keep_a_deprecated_alias(tmp_path: Path) -> None:
    specs = renamed_derive(tmp_path / "specs")
    out = tmp_path / "out"
    write_tree(build_tree(specs), out)
    models = (out / "venues" / "derive" / "models.py").read_text(encoding="utf-8")
    assert "def limit_price(self) -> Decimal:" in models
    script = (
        f"FIXTURE = {str(ROOT / 'tests' / 'fixtures' / 'docs_examples' / 'derive.yaml')!r}\n"
        + SCRIPT
    )
    env = {**os.environ, "PYTHONPATH": str(out)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_an_old_name_still_in_use_is_a_spec_problem(tmp_path: Path) -> None:
    data = yaml.safe_load((SPECS / "derive.yaml").read_text(encoding="utf-8"))
    label = next(p for p in data["operations"][0]["parameters"] if p["name"] == "label")
    label["renamed_from"] = "status"
    (tmp_path / "derive.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    spec, problems = load_spec(tmp_path / "derive.yaml")
    assert spec is not None and not problems
    venue, problems = build_venue(spec)
    assert venue is None
    assert any(
        "renamed_from" in p.pointer and "'status' is still in use" in p.message for p in problems
    )
