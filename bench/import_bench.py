"""`make bench-import`: what a program pays to start using one venue.

For each venue, a fresh interpreter imports ``venues.<venue>`` and constructs its client
(``sync_client``, else ``async_client``, from ``venues.registry``) with the test credentials
of tests/fixtures (public test vectors). The interpreter's own start-up is not counted: the
child times from just before the import to just after the constructor. Median of several
runs; the section "Import and client construction" of BENCHMARKS.md is replaced (or added).

    python -m bench.import_bench [--runs 9] [--python .venv-runtime/bin/python]
                                 [--package-root generated] [--out BENCHMARKS.md]

``make bench-import`` runs it with ``.venv-runtime``, an environment that holds only what
``pip install .`` installs, so that no development tool (click, pygments...) loaded by a
dependency's optional import skews the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.2
HEADING = "## Import and client construction (per venue, fresh process)"

CHILD = r"""
import json, sys, time
venue, client_name, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
before = set(sys.modules)
t0 = time.perf_counter()
package = __import__(f"venues.{venue}", fromlist=[client_name])
cls = getattr(package, client_name)
t1 = time.perf_counter()
client = cls(**options)
t2 = time.perf_counter()
loaded = sorted({m.split(".")[0] for m in set(sys.modules) - before})
stdlib = set(sys.stdlib_module_names)
third = [m for m in loaded if m not in stdlib and not m.startswith("_") and m != "venues"]
print(json.dumps({"import": t1 - t0, "construct": t2 - t1, "modules": len(set(sys.modules) - before), "third_party": third}))
"""


def venue_clients(package_root: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """``{venue: (client class name, constructor keywords)}`` for every venue in the registry."""
    sys.path.insert(0, str(package_root))
    try:
        from venues.registry import VENUES  # the parent's import; never timed
    finally:
        sys.path.pop(0)
    clients: dict[str, tuple[str, dict[str, Any]]] = {}
    for venue, entry in sorted(VENUES.items()):
        cls = entry.sync_client or entry.async_client
        fixture = ROOT / "tests" / "fixtures" / venue / "_venue.yaml"
        options: dict[str, Any] = dict(yaml.safe_load(fixture.read_text(encoding="utf-8"))["credentials"])
        options.update({p.name: "127.0.0.1" for p in entry.server_variables if p.required})
        clients[venue] = (cls.__name__, options)
    return clients


def measure(python: str, package_root: Path, venue: str, client: str, options: dict[str, Any]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run(
        [python, "-c", CHILD, venue, client, json.dumps(options)],
        capture_output=True, text=True, timeout=120, env=env, check=True,
    )
    measured: dict[str, Any] = json.loads(result.stdout)
    return measured


def run(python: str, package_root: Path, runs: int) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for venue, (client, options) in venue_clients(package_root).items():
        measure(python, package_root, venue, client, options)  # warms the bytecode cache
        samples = [measure(python, package_root, venue, client, options) for _ in range(runs)]
        totals = [s["import"] + s["construct"] for s in samples]
        results[venue] = {
            "client": client,
            "import": statistics.median(s["import"] for s in samples),
            "construct": statistics.median(s["construct"] for s in samples),
            "total": statistics.median(totals),
            "min": min(totals),
            "modules": samples[-1]["modules"],
            "third_party": samples[-1]["third_party"],
        }
        print(f"{venue}: {results[venue]['total'] * 1e3:.0f} ms", file=sys.stderr)
    return results


def installed(python: str) -> list[str]:
    """The distributions installed in the interpreter's environment, but pip and setuptools."""
    listing = subprocess.run(
        [python, "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    names = [line.split("==")[0] for line in listing.splitlines() if "==" in line]
    return [n for n in names if n.lower() not in {"pip", "setuptools", "venues"}]


def section(results: dict[str, dict[str, Any]], runs: int, python: str, packages: list[str]) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        HEADING,
        "",
        "Written by `make bench-import` (`python -m bench.import_bench`), also run by `make bench`.",
        "A fresh interpreter per run imports `venues.<venue>` and constructs its client with test",
        f"credentials; start-up of the interpreter itself is not counted. Median of {runs} runs after",
        f"one warm-up (bytecode cached); load average at start {load}. Target: <= {TARGET_SECONDS * 1e3:.0f} ms.",
        f"Interpreter: `{python}`, whose environment holds {len(packages)} packages besides pip,",
        "setuptools and venues (`make bench-import` builds `.venv-runtime` with `pip install .`:",
        f"the runtime dependencies only): {', '.join(packages)}.",
        "",
        "| venue | client | import ms | construct ms | total ms (median) | best ms | modules loaded | third-party packages loaded | target |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for venue, r in results.items():
        verdict = "met" if r["total"] <= TARGET_SECONDS else "**not met**"
        lines.append(
            f"| {venue} | {r['client']} | {r['import'] * 1e3:.0f} | {r['construct'] * 1e3:.1f} | "
            f"{r['total'] * 1e3:.0f} | {r['min'] * 1e3:.0f} | {r['modules']} | {', '.join(r['third_party'])} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def write(out: Path, text: str) -> None:
    existing = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(HEADING) + r"\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(existing):
        updated = pattern.sub(lambda _: text + "\n", existing, count=1)
    else:
        updated = existing.rstrip("\n") + "\n\n" + text
    out.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--python", default=sys.executable, help="the interpreter that imports")
    parser.add_argument("--package-root", type=Path, default=ROOT / "generated")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--print-only", action="store_true", help="print the section, write nothing")
    args = parser.parse_args()
    python = os.path.relpath(args.python, ROOT) if Path(args.python).is_relative_to(ROOT) else args.python
    results = run(args.python, args.package_root.resolve(), args.runs)
    text = section(results, args.runs, python, installed(args.python))
    if args.print_only:
        print(text)
    else:
        write(args.out, text)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
