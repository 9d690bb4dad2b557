"""``make demo``: the ``venues open-orders`` tool against local doubles of all five venues.

Starts the doubles of demo/doubles.py (127.0.0.1, random ports, recorded fixtures, every
request's signature or token verified), runs ``venues open-orders --all`` as a subprocess
with the test credentials in ``VENUES_*`` variables, and stops everything. No account, no
network. Extra arguments go to the tool: ``python demo/run.py --format json``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from doubles import Doubles

#: Bound on the whole run of the tool.
TIMEOUT = 60.0


def tool() -> list[str]:
    """The installed console script (next to this Python), else the module."""
    script = Path(sys.executable).with_name("venues")
    if script.is_file():
        return [str(script)]
    found = shutil.which("venues")
    return [found] if found else [sys.executable, "-m", "venues"]


def main(argv: list[str]) -> int:
    with Doubles() as doubles:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VENUES_")}
        env.update(doubles.env())
        env["VENUES_CONFIG"] = os.devnull  # ignore a personal config file
        command = [*tool(), "open-orders", "--all", "--timeout", "20", *argv]
        shown = " ".join(["venues", *command[command.index("open-orders") :]])
        print(
            "Local doubles of all five venues (recorded fixtures, signatures verified):",
            file=sys.stderr,
        )
        for venue, url in doubles.urls.items():
            print(f"  {venue:<10} {url}", file=sys.stderr)
        print(f"\n$ {shown}\n", file=sys.stderr, flush=True)
        try:
            result = subprocess.run(command, env=env, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            print(f"demo: the tool did not finish within {TIMEOUT:g} s", file=sys.stderr)
            return 1
        problems = doubles.problems()
    if problems:
        print("demo: the doubles saw problems:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
