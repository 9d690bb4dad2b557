"""Vendoring works anywhere, on the declared dependencies only (issue 12).

What a user does: copy ``generated/venues`` under their own package (``myapp/_vendor/venues``),
install only ``[project].dependencies`` into a clean virtual environment, and use it. A decoy
top-level ``venues`` package that raises on import sits first on the path, so any absolute
self-import would fail. In that environment every module of every venue is imported, every
client class is built, every venue makes a signed call to a local server that refuses it, and
the typed error is caught through the vendored path. ``mypy --strict`` checks a consumer module.

Also here: every third-party import of the package is a declared dependency (or belongs to an
extra and is imported lazily), and the README lists exactly the declared dependencies.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import tomllib
import venv
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generated" / "venues"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DEPENDENCIES: list[str] = PYPROJECT["project"]["dependencies"]
EXTRAS: dict[str, list[str]] = PYPROJECT["project"].get("optional-dependencies", {})
#: Extras that are tooling of this repository, never a runtime need of the package.
TOOLING_EXTRAS = {"dev", "bench"}

#: Import name -> distribution name, where the two differ.
DISTRIBUTION_OF = {"nacl": "pynacl", "Crypto": "pycryptodome"}


def distribution(requirement: str) -> str:
    """``"pynacl>=1.5,<2"`` -> ``"pynacl"`` (normalised as PEP 503 does)."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name is not None, requirement
    return re.sub(r"[-_.]+", "-", name.group(0)).lower()


# -- the declared dependency set ----------------------------------------------------------------


class _ImportScan(ast.NodeVisitor):
    """Absolute imports, each as "top" (runs on import), "lazy" (inside a function: runs on
    first use) or "typing" (under ``if TYPE_CHECKING:``: never runs)."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []
        self._where = ["top"]

    def _inside(self, where: str, node: ast.AST) -> None:
        self._where.append(where)
        self.generic_visit(node)
        self._where.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._inside("typing" if self._where[-1] == "typing" else "lazy", node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_If(self, node: ast.If) -> None:
        if "TYPE_CHECKING" in ast.unparse(node.test):
            self._inside("typing", node)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.extend((alias.name, self._where[-1]) for alias in node.names)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            self.found.append((node.module, self._where[-1]))


def third_party_imports() -> dict[str, dict[str, list[str]]]:
    """``{import name: {"top" | "lazy" | "typing": [modules]}}`` for every absolute,
    non-stdlib import anywhere in the package."""
    found: dict[str, dict[str, list[str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        scan = _ImportScan()
        scan.visit(ast.parse(path.read_text(encoding="utf-8")))
        for name, where in scan.found:
            top = name.split(".")[0]
            if top not in sys.stdlib_module_names and top != "__future__":
                found.setdefault(top, {}).setdefault(where, []).append(str(path.relative_to(PACKAGE.parent)))
    return found


def test_every_third_party_import_is_a_declared_dependency() -> None:
    imports = third_party_imports()
    assert imports, "the scan found no third-party import at all: it is broken"
    core = {distribution(r) for r in DEPENDENCIES}
    extras = {
        distribution(r): name
        for name, requirements in EXTRAS.items()
        if name not in TOOLING_EXTRAS
        for r in requirements
    }
    problems = []
    for name, places in sorted(imports.items()):
        dist = distribution(DISTRIBUTION_OF.get(name, name))
        if dist in core:
            continue
        if dist in extras:
            if places.get("top"):
                problems.append(f"{name} ({dist}, extra {extras[dist]!r}) is imported at module level in {places['top']}: import it lazily")
            continue
        problems.append(f"{name} ({dist}) is imported by {sorted({m for ms in places.values() for m in ms})} but declared nowhere")
    assert not problems, "\n".join(problems)


def test_no_declared_dependency_goes_unused() -> None:
    imported = {distribution(DISTRIBUTION_OF.get(name, name)) for name in third_party_imports()}
    # yarl and certifi come with aiohttp and httpx; the runtime imports them directly too.
    unused = sorted({distribution(r) for r in DEPENDENCIES} - imported)
    assert not unused, f"declared but never imported by the package: {unused}"


def readme_dependencies() -> list[str]:
    """The requirements the README's runtime dependency table lists (its first column), in
    order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^### Runtime \(`\[project\]\.dependencies`\)\n(.*?)(?=^##)", text, re.S | re.M)
    assert section is not None, "README.md has no '### Runtime ([project].dependencies)' section"
    rows = re.findall(r"^\| `([^`]+)` \|", section.group(1), re.M)
    assert rows, "the section has no table of `requirement` rows"
    return rows


def test_the_readme_lists_exactly_the_declared_dependencies() -> None:
    listed = readme_dependencies()
    assert sorted(listed) == sorted(DEPENDENCIES), "the README's table and pyproject.toml differ"
    assert len(listed) == len(set(listed)), "listed twice"


def test_the_package_declares_its_license() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


# -- the vendoring run itself -------------------------------------------------------------------


@pytest.fixture(scope="session")
def clean_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with [project].dependencies and nothing else (built once)."""
    home = tmp_path_factory.mktemp("clean-venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(home)
    python = home / "bin" / "python"
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *DEPENDENCIES],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return python


@pytest.fixture(scope="session")
def vendored_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``<app>/myapp/_vendor/venues`` (a copy of generated/venues) and ``<decoy>/venues``."""
    base = tmp_path_factory.mktemp("vendoring")
    app = base / "app"
    vendor = app / "myapp" / "_vendor"
    shutil.copytree(PACKAGE, vendor / "venues", ignore=shutil.ignore_patterns("__pycache__"))
    (app / "myapp" / "__init__.py").write_text("", encoding="utf-8")
    (vendor / "__init__.py").write_text("", encoding="utf-8")
    decoy = base / "decoy" / "venues"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text(
        'raise ImportError("decoy: the vendored package imported a top-level venues")\n', encoding="utf-8"
    )
    (app / "myapp" / "consumer.py").write_text(CONSUMER, encoding="utf-8")
    return base


class RefusingVenue(BaseHTTPRequestHandler):
    """Answers every request, and every WebSocket upgrade, with HTTP 401 and an error body in
    the venues' common shapes; records each request's method, path and header names."""

    seen: ClassVar[list[dict[str, Any]]] = []
    BODY = json.dumps({
        "success": False,
        "error": {"code": "0201", "message": "Invalid credentials"},
        "code": "INVALID_CLIENT",
        "message": "Invalid credentials",
    }).encode()

    def _refuse(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers)})
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.BODY)))
        self.end_headers()
        self.wfile.write(self.BODY)

    do_GET = do_POST = do_DELETE = do_PUT = _refuse

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def refusing_server() -> Iterator[str]:
    RefusingVenue.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), RefusingVenue)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def fixture_credentials() -> dict[str, dict[str, str]]:
    """Each venue's test credentials (public test vectors, never real), from tests/fixtures."""
    return {
        path.parent.name: yaml.safe_load(path.read_text(encoding="utf-8"))["credentials"]
        for path in sorted((ROOT / "tests" / "fixtures").glob("*/_venue.yaml"))
    }


# Runs inside the clean environment: only the vendored path and the declared dependencies.
USER_SCRIPT = r'''
import asyncio, importlib, inspect, json, pkgutil, sys

config = json.loads(sys.argv[1])
report = {"modules": [], "clients": [], "calls": {}}

try:
    import venues  # the decoy: proves it is first on the path
except ImportError as exc:
    assert "decoy" in str(exc), exc
else:
    raise SystemExit("the decoy venues package imported without error")

import myapp._vendor.venues as root
import myapp._vendor.venues._runtime.errors as errors

for info in pkgutil.walk_packages(root.__path__, root.__name__ + "."):
    if info.name.endswith(".__main__"):
        continue  # runs the command-line tool when imported; `python -m` is tested on its own
    importlib.import_module(info.name)
    report["modules"].append(info.name)
assert all(not name.split(".")[0] == "venues" for name in sys.modules), "a top-level venues was imported"

venue_ids = sorted(m.name for m in pkgutil.iter_modules(root.__path__) if m.ispkg and not m.name.startswith("_"))
report["venues"] = venue_ids
registry = importlib.import_module(root.__name__ + ".registry").VENUES


def options(venue, cls, scheme):
    """Test credentials and a local base URL, for the parameters this class takes."""
    accepted = inspect.signature(cls).parameters
    given = dict(config["credentials"][venue])
    if "base_url" in accepted:
        default = accepted["base_url"].default
        ws = scheme == "ws" or (isinstance(default, str) and default.startswith("ws")) or default is None
        given["base_url"] = ("ws://" if ws else "http://") + config["server"]
    if "timeout" in accepted:
        given["timeout"] = 5.0
    if "reconnect" in accepted:
        given["reconnect"] = None
    return {k: v for k, v in given.items() if k in accepted}


async def aclose(client):
    await client.aclose()


for venue in venue_ids:
    package = importlib.import_module(f"{root.__name__}.{venue}")
    for name in package.__all__:
        cls = getattr(package, name)
        if inspect.isclass(cls) and name.endswith("Client"):
            client = cls(**options(venue, cls, None))
            if inspect.iscoroutinefunction(getattr(client, "aclose", None)):
                asyncio.run(aclose(client))
            else:
                client.close()
            report["clients"].append(f"{venue}.{name}")


def dummy(parameter):
    return 1 if parameter.type == "integer" else "1"


async def call_async(cls, venue, arguments):
    async with cls(**options(venue, cls, None)) as client:
        await client.fetch_open_orders(**arguments)


for venue in venue_ids:
    entry = registry[venue]
    arguments = {p.name: dummy(p) for p in entry.fetch_parameters if p.required}
    for kind, cls in (("sync", entry.sync_client), ("async", entry.async_client)):
        if cls is None:
            continue
        try:
            if kind == "sync":
                with cls(**options(venue, cls, None)) as client:
                    client.fetch_open_orders(**arguments)
            else:
                asyncio.run(asyncio.wait_for(call_async(cls, venue, arguments), 30))
        except errors.VenueError as exc:  # caught through the vendored path
            report["calls"][f"{venue}:{kind}"] = {
                "error": type(exc).__name__, "venue": exc.venue, "typed_module": type(exc).__module__,
            }
        else:
            report["calls"][f"{venue}:{kind}"] = {"error": None}

print(json.dumps(report))
'''

CONSUMER = '''"""A user's module on the vendored package (type-checked with mypy --strict)."""

from __future__ import annotations

from decimal import Decimal

from myapp._vendor.venues._runtime.errors import AuthenticationError, VenueError
from myapp._vendor.venues.bitso import BitsoClient
from myapp._vendor.venues.derive import DeriveClient


def open_notional(api_key: str, api_secret: str) -> Decimal:
    total = Decimal(0)
    try:
        with BitsoClient(api_key=api_key, api_secret=api_secret, timeout=5.0) as bitso:
            for order in bitso.list_open_orders(book="btc_mxn"):
                total += order.price * order.unfilled_amount
    except AuthenticationError as exc:
        raise SystemExit(f"{exc.venue}: bad credentials") from exc
    except VenueError:
        raise
    return total


def derive_orders(wallet: str, key: str) -> list[str]:
    with DeriveClient(wallet=wallet, private_key=key) as derive:
        return [o.order_id for o in derive.get_orders(subaccount_id=1).orders]
'''


def test_a_vendored_copy_works_in_a_clean_environment(
    clean_python: Path, vendored_app: Path, refusing_server: str
) -> None:
    config = {"server": refusing_server, "credentials": fixture_credentials()}
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join([str(vendored_app / "decoy"), str(vendored_app / "app")]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "NO_PROXY": "127.0.0.1",
    }
    result = subprocess.run(
        [str(clean_python), "-c", USER_SCRIPT, json.dumps(config)],
        capture_output=True, text=True, timeout=180, env=env, cwd=vendored_app,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])

    venue_ids = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and not p.name.startswith("_"))
    assert report["venues"] == venue_ids
    python_files = [p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py") and "__pycache__" not in p.parts]
    assert len(report["modules"]) >= len(python_files), "every module was imported"
    assert {c.split(".")[0] for c in report["clients"]} == set(venue_ids)
    assert {key.split(":")[0] for key in report["calls"]} == set(venue_ids)
    for key, call in report["calls"].items():
        assert call["error"] is not None, f"{key}: the refused call raised no VenueError"
        assert call["venue"] == key.split(":")[0]
        assert call["typed_module"] == "myapp._vendor.venues._runtime.errors", call

    # The HTTP venues' calls reached the server signed.
    headers = [{k.lower() for k in seen["headers"]} for seen in RefusingVenue.seen]
    assert any("authorization" in h for h in headers), "Bitso signs with Authorization"
    assert any("x-signature" in h for h in headers), "Backpack signs with X-Signature"
    assert any("x-lyrasignature" in h for h in headers), "Derive signs with X-LyraSignature"


def test_a_consumer_of_the_vendored_path_passes_mypy_strict(vendored_app: Path) -> None:
    mypy = Path(sys.executable).parent / "mypy"
    result = subprocess.run(
        [str(mypy), "--strict", "--follow-imports=silent", "--no-incremental",
         "--cache-dir", os.devnull, "myapp/consumer.py"],
        capture_output=True, text=True, timeout=300, cwd=vendored_app / "app",
    )
    assert result.returncode == 0, result.stdout + result.stderr
