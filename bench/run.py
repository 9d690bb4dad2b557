"""`make bench`: every benchmark in one run, results written to BENCHMARKS.md.

    python -m bench.run [--quick] [--out BENCHMARKS.md]

``--quick`` runs a tenth of the rounds (a smoke test of the harness, not a measurement).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "generated")]

from bench.data import SIZES  # noqa: E402
from bench.decode_bench import run_decode  # noqa: E402
from bench.fixed_cost import run_fixed_cost  # noqa: E402
from bench.gen_bench import run_generator  # noqa: E402
from bench.http_bench import BOUND, VENUES, LocalServer, run_http  # noqa: E402
from bench.timing import Stats  # noqa: E402
from bench.ws_bench import ITEMS_PER_ROUND, LocalWsServer, run_ws  # noqa: E402

HTTP_ROUNDS = {1: 400, 100: 120, 1000: 25}
WS_ROUNDS = {1: 300, 100: 100, 1000: 20}
#: How many specs `make generate` turns into clients (the generator target covers them all).
SPEC_COUNT = len(list((ROOT / "specs").glob("*.yaml")))
#: Issue 15: typed and signed within 1.5x of the floor at N = 100 and 1000; at N = 1 sync
#: within 1.3x of the floor, async within 1.2x of aiohttp + orjson.
TARGET_FLOOR = 1.5
TARGET_N1_SYNC = 1.3
TARGET_N1_ASYNC = 1.2
TARGET_WS = 1.5
TARGET_CCXT = 10.0


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f}"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; load average at start {load}"
    )


def _versions() -> str:
    from importlib.metadata import version

    names = ["pydantic", "pydantic-core", "msgspec", "orjson", "httpx", "websockets", "ccxt", "coincurve"]
    return ", ".join(f"{n} {version(n)}" for n in names)


def _http_table(results: dict[tuple[str, int], dict[str, Stats]]) -> list[str]:
    lines = [
        "| venue | N | contender | median us/call | p10-p90 us | x floor | x CCXT | peak KiB/call |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for (venue, n), stats in results.items():
        floor = stats["floor"].median
        ccxt = stats["ccxt sync"].median if "ccxt sync" in stats else None
        for name, s in stats.items():
            x_ccxt = f"{s.median / ccxt:.2f}" if ccxt else "-"
            lines.append(
                f"| {venue} | {n} | {name} | {_us(s.median)} | {_us(s.quantile(0.1))}-{_us(s.quantile(0.9))} "
                f"| {s.median / floor:.2f} | {x_ccxt} | {s.peak_bytes / 1024:,.0f} |"
            )
    return lines


def _ws_table(results: dict[tuple[str, int], dict[str, Stats]]) -> list[str]:
    lines = [
        "| venue | N | contender | median us per reply/item | p10-p90 us | x raw loop | peak KiB |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for (venue, n), stats in results.items():
        per = ITEMS_PER_ROUND if venue == "b2trader" else 1
        raw = stats["raw websockets+orjson"].median
        for name, s in stats.items():
            lines.append(
                f"| {venue} | {n} | {name} | {_us(s.median / per)} | "
                f"{_us(s.quantile(0.1) / per)}-{_us(s.quantile(0.9) / per)} | {s.median / raw:.2f} | "
                f"{s.peak_bytes / 1024:,.0f} |"
            )
    return lines


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _targets(
    http: dict[tuple[str, int], dict[str, Stats]],
    ws: dict[tuple[str, int], dict[str, Stats]],
    gen: dict[str, float],
) -> list[str]:
    lines = ["| target | measured | verdict |", "|---|---|---|"]
    for (venue, n), stats in http.items():
        floor = stats["floor"].median
        if n == 1:
            r = stats["ours sync"].median / floor
            lines.append(f"| {venue} N=1 ours sync <= {TARGET_N1_SYNC}x floor | {r:.2f}x | {_verdict(r <= TARGET_N1_SYNC)} |")
            r = stats["ours async"].median / stats["aiohttp+orjson"].median
            lines.append(f"| {venue} N=1 ours async <= {TARGET_N1_ASYNC}x aiohttp+orjson | {r:.2f}x | {_verdict(r <= TARGET_N1_ASYNC)} |")
        else:
            for name in ("ours sync", "ours async"):
                r = stats[name].median / floor
                lines.append(f"| {venue} N={n} {name} <= {TARGET_FLOOR}x floor | {r:.2f}x | {_verdict(r <= TARGET_FLOOR)} |")
        if "ccxt sync" in stats and n >= 100:
            speedup = stats["ccxt sync"].median / stats["ours sync"].median
            lines.append(f"| {venue} N={n} ours sync >= {TARGET_CCXT:g}x faster than CCXT | {speedup:.1f}x | {_verdict(speedup >= TARGET_CCXT)} |")
            floor_speedup = stats["ccxt sync"].median / floor
            lines.append(
                f"| (context) {venue} N={n} the floor itself (unsigned, untyped) faster than CCXT "
                f"| {floor_speedup:.1f}x | {'at least' if floor_speedup >= TARGET_CCXT else '**below**'} {TARGET_CCXT:g}x |"
            )
            if BOUND in stats:
                # Not a target: whether the target is reachable at all for a client that
                # signs and builds exact Decimals in the call (our bare exchange, the
                # signature primitive and bare msgspec structs, nothing else).
                bound = stats["ccxt sync"].median / stats[BOUND].median
                reachable = "yes" if bound >= TARGET_CCXT else "**no**, even with nothing else"
                lines.append(
                    f"| (bound) {venue} N={n} our transport + signature + exact Decimals >= {TARGET_CCXT:g}x "
                    f"faster than CCXT | {bound:.1f}x | reachable: {reachable} |"
                )
    for (venue, n), stats in ws.items():
        r = stats["ours async"].median / stats["raw websockets+orjson"].median
        what = "stream item" if venue == "b2trader" else "request/response"
        lines.append(f"| {venue} N={n} {what} <= {TARGET_WS}x raw loop | {r:.2f}x | {_verdict(r <= TARGET_WS)} |")
    cold = gen["every spec of specs/, cold (empty output folder)"]
    warm = gen["every spec of specs/, no change (rerun)"]
    lines.append(f"| every spec of specs/ ({SPEC_COUNT}) regenerates cold <= 2 s | {cold:.2f} s | {_verdict(cold <= 2.0)} |")
    lines.append(f"| no-change regeneration <= 1 s | {warm:.2f} s | {_verdict(warm <= 1.0)} |")
    scaled = {int(k.split()[0]): v for k, v in gen.items() if "synthetic" in k}
    if 100 in scaled:
        lines.append(f"| 100 venue specs <= 20 s | {scaled[100]:.2f} s | {_verdict(scaled[100] <= 20.0)} |")
    if len(scaled) >= 3:
        counts = sorted(scaled)
        per = [(scaled[b] - scaled[a]) / (b - a) for a, b in itertools.pairwise(counts)]
        # Linear (or better): the cost of one more venue does not grow with the number of
        # venues; the first span also carries start-up, so later spans may be cheaper.
        growth = per[-1] / per[0] if per[0] > 0 else float("inf")
        lines.append(
            f"| cost grows linearly (marginal cost per venue does not rise with scale) | "
            f"marginal s/venue between scales {', '.join(f'{p:.3f}' for p in per)} "
            f"(last/first {growth:.2f}) | {_verdict(growth <= 1.25)} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--skip-generator", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    http_rounds = {n: max(5, r // scale) for n, r in HTTP_ROUNDS.items()}
    ws_rounds = {n: max(5, r // scale) for n, r in WS_ROUNDS.items()}
    started = dt.datetime.now(dt.UTC)
    machine = _machine()
    print("HTTP open orders ...", file=sys.stderr)
    with LocalServer() as server:
        http = run_http(server.port, SIZES, http_rounds)
    print("WebSocket venues ...", file=sys.stderr)
    with LocalWsServer() as server:
        ws = run_ws(server.port, SIZES, ws_rounds)
    print("fixed cost per call ...", file=sys.stderr)
    fixed = run_fixed_cost([v.name for v in VENUES], per_batch=40 if args.quick else 400)
    print("decoding layers ...", file=sys.stderr)
    decode = run_decode(1000, max(5, 40 // scale))
    gen: dict[str, float] = {}
    if not args.skip_generator:
        print("generator ...", file=sys.stderr)
        gen = run_generator(repeats=1 if args.quick else 3)
    took = (dt.datetime.now(dt.UTC) - started).total_seconds()
    load_at_end = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    out: list[str] = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench.run`); do not edit by hand. What is measured",
        "and why is in the README's Performance section.",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC (run took {took:.0f} s)" + (" -- QUICK RUN, not a measurement" if args.quick else ""),
        f"- Machine: {machine}; at the end {load_at_end}",
        "- Shared machine: other jobs ran on the same cores during this run (see the load average;"
        " 2 cores, so a load above 1 means the benchmark shared them);"
        " contenders are interleaved, so all see the same load, but absolute times and ratios"
        " move more than on an idle machine (between runs of the same code here: up to 0.35 on the"
        " ratios, more on the generator's timings, whose forked workers need both cores).",
        f"- Command: `make bench` (`{Path(sys.executable).name} -m bench.run{' --quick' if args.quick else ''}`) at commit {commit or '?'} plus the working tree",
        f"- Versions: {_versions()}",
        f"- Rounds: HTTP {http_rounds}, WebSocket {ws_rounds} (N: rounds); contenders interleaved, the first rotating each round",
        "",
        "## Targets",
        "",
        *(_targets(http, ws, gen) if gen else _targets(http, ws, {"every spec of specs/, cold (empty output folder)": float("nan"), "every spec of specs/, no change (rerun)": float("nan")})),
        "",
        "## Open orders over HTTP (per call)",
        "",
        "The server is bench/server.py in its own process on 127.0.0.1 (prebuilt replies, keep-alive).",
        "`ours` sign every request (Backpack ED25519, Bitso and Binance HMAC-SHA256, Derive EIP-191,",
        "Kraken HMAC-SHA512 over a SHA-256 of nonce and form body) and return typed, validated",
        "msgspec models (Decimal, tolerant enums, unknown fields kept, timestamps kept as sent and",
        "converted to datetime when read). The **floor** is",
        "stdlib `http.client` keep-alive + `orjson.loads`: no signing (a constant header), no types,",
        "no validation, no error handling, no retries, floats for prices. `httpx+orjson` is the",
        "same work as the floor over httpx; `aiohttp+orjson` the same over aiohttp (the async floor). CCXT is `fetch_open_orders` of ccxt (sync), pointed at",
        "the same server, markets loaded once from it, `enableRateLimit=False`; it signs and parses",
        "into its unified dicts (Binance: spot markets only, `fetchMarkets` types `[spot]` and",
        "`fetchMargins` off, since listing spot orders needs neither the futures nor the margin",
        "pairs). Every contender asks Binance for one symbol (BTCUSDT) and Kraken for all open",
        "orders. Peak KiB: tracemalloc peak during one call, above what was live.",
        f"`{BOUND}` is not a client: our transport's bare exchange (faster than `http.client`",
        "here) plus the signature primitive alone (the client's own key, a 64-byte message) plus",
        "bare msgspec structs with every decimal built as an exact `Decimal` (bench/decode_bench.py;",
        "no enums, kept extras, envelope or error checks, retries). A client on this stack that",
        "signs and returns exact Decimals built in the call pays at least this much, so it says",
        "whether the CCXT target is reachable at all; the floor's own ratio to CCXT says how much",
        "of every call here is the round trip to the server, which no client can cut.",
        "",
        *_http_table(http),
        "",
        "## WebSocket venues",
        "",
        "bench/ws_server.py in its own process. Synthetix: one `getOpenOrders` request and its reply",
        "per call (ours sign each request with EIP-712 and validate; the raw loop sends an unsigned",
        f"request and `orjson.loads` the reply). B2Trader: a SignalR stream of {ITEMS_PER_ROUND} snapshots",
        "of N orders per round, new subscription each round, on a kept connection; times are per item.",
        "",
        *_ws_table(ws),
        "",
    ]
    out += [
        "## Where the time goes: one call without I/O (N = 1, in process, CPU time)",
        "",
        "Each HTTP venue's sync client over an in-memory transport that answers at once (no",
        "server, no socket), against the signature primitive alone with the client's own key;",
        "what is between them is our own work per call (request, signing recipe, retry",
        "wrapper, decoding one order, the typed result). Median of batches (bench/fixed_cost.py).",
        "",
        "| venue | primitive | whole call us | primitive alone us | ours besides the primitive us |",
        "|---|---|---:|---:|---:|",
        *[
            f"| {venue} | {r['primitive']} | {r['whole call']:.1f} | {r['signature primitive']:.1f} "
            f"| {r['whole call'] - r['signature primitive']:.1f} |"
            for venue, r in fixed.items()
        ],
        "",
    ]
    out += [
        "## Where the time goes: decoding layers alone (N = 1000, in process, per reply)",
        "",
        "The same reply bodies, no network. The reference rows are bare msgspec structs, not shipped",
        "code: enums as plain str, times as plain int/str, unknown fields dropped, no envelope checks;",
        "decimals built as Decimal (as our models do) or kept as text (what building Decimals costs).",
        "",
        "| venue | layer | median us | x orjson.loads |",
        "|---|---|---:|---:|",
    ]
    for venue, stats in decode.items():
        base = next(iter(stats.values())).median
        out += [f"| {venue} | {name} | {_us(s.median)} | {s.median / base:.2f} |" for name, s in stats.items()]
    out.append("")
    if gen:
        out += [
            "## Generator",
            "",
            "`python -m generator generate` in a fresh process (interpreter and imports included),",
            "best of several runs. Cold: an empty output folder and an empty cache. No change: the",
            "same command again. Synthetic venues: our five specs copied round-robin under new ids.",
            "",
            "| run | seconds |",
            "|---|---:|",
            *[f"| {k} | {v:.2f} |" for k, v in gen.items()],
            "",
        ]
    args.out.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    medians = [s.median for stats in http.values() for s in stats.values()]
    return 0 if medians and statistics.fmean(medians) > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
