"""Generator speed: a cold run for every spec of specs/, a no-change rerun, and 10/25/50/100
synthetic specs derived from ours (each of ours copied under a new venue id and title).

Every run is ``python -m generator generate`` in a fresh process (interpreter start and
imports included, as `make generate` pays them), writing into a scratch folder. Cold runs
start with an empty output folder and an empty generator cache; the no-change run reuses
both."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"

__all__ = ["run_generator", "synthetic_specs"]


def _generate(specs: Path, out: Path, cache: Path, fixtures: Path | None = None) -> float:
    args = [sys.executable, "-m", "generator", "generate", "--specs", str(specs), "--out", str(out)]
    if fixtures is not None:
        args += ["--fixtures", str(fixtures)]
    started = time.perf_counter()
    env = {**os.environ, "VENUES_GENERATOR_CACHE": str(cache)}
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"generation failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def synthetic_specs(count: int, folder: Path) -> None:
    """``count`` venue specs derived from ours, round-robin, each with its own id and title."""
    (folder / "schema").mkdir(parents=True, exist_ok=True)
    for schema in (SPECS / "schema").iterdir():
        (folder / "schema" / schema.name).write_bytes(schema.read_bytes())
    sources = sorted(SPECS.glob("*.yaml"))
    for i in range(count):
        source = sources[i % len(sources)]
        text = source.read_text(encoding="utf-8")
        suffix = f"{i:03d}"
        text = re.sub(r"(?m)^(  id: )(\w+)", lambda m, suffix=suffix: f"{m.group(1)}{m.group(2)}{suffix}", text, count=1)
        text = re.sub(r"(?m)^(  title: )(.+)$", lambda m, suffix=suffix: f"{m.group(1)}{m.group(2)} {suffix}", text, count=1)
        (folder / f"{source.stem}{suffix}.yaml").write_text(text, encoding="utf-8")


def run_generator(scales: tuple[int, ...] = (10, 25, 50, 100), repeats: int = 3) -> dict[str, float]:
    """Seconds (best of ``repeats``) for each measured run."""
    results: dict[str, float] = {}
    fixtures = ROOT / "tests" / "fixtures"
    cold, warm = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="bench-gen-") as scratch:
            out, cache = Path(scratch) / "out", Path(scratch) / "cache"  # both empty: cold
            cold.append(_generate(SPECS, out, cache, fixtures))
            warm.append(_generate(SPECS, out, cache, fixtures))
    results["every spec of specs/, cold (empty output folder)"] = min(cold)
    results["every spec of specs/, no change (rerun)"] = min(warm)
    for count in scales:
        times = []
        for _ in range(max(1, repeats - 1)):
            with tempfile.TemporaryDirectory(prefix="bench-gen-") as scratch:
                specs = Path(scratch) / "specs"
                synthetic_specs(count, specs)
                times.append(
                    _generate(specs, Path(scratch) / "out", Path(scratch) / "cache", Path(scratch) / "none")
                )
        results[f"{count} synthetic venues, cold"] = min(times)
        print(f"  generator: {count} venues {min(times):.2f}s", file=sys.stderr, flush=True)
    return results
