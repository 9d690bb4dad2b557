"""Profile our client's calls with pyinstrument against the benchmark's local server.

    python -m bench.profile backpack 100 [calls]     # sync client, N orders per reply

Prints pyinstrument's call tree: what this issue's changes were found with."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "generated")]

from pyinstrument import Profiler  # noqa: E402

from bench.http_bench import LocalServer, _ours  # noqa: E402


def main() -> None:
    venue, n = sys.argv[1], int(sys.argv[2])
    calls = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    with LocalServer() as server:
        sync, _async, call, _ = _ours(venue, f"http://127.0.0.1:{server.port}/n{n}")
        for _ in range(20):
            call()
        profiler = Profiler(interval=0.0001)
        profiler.start()
        for _ in range(calls):
            call()
        profiler.stop()
        sync.close()
    print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
