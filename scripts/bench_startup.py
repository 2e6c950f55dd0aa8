"""How long `narrate --help` (and `narrate --version`) takes to start, and what it loads.

Runs each command `--runs` times in a fresh `python -m narrate` process, after `--warmup`
unmeasured runs (so the disk cache is warm, as hyperfine's --warmup), and prints the median,
the spread and the modules the process had loaded, beside the bare interpreter's start-up.
`--tree DIR` measures another checkout of narrate (e.g. an export of an earlier commit:
`git archive HEAD~1 narrate | tar -x -C DIR`) instead of this one, for a before/after figure.

    python scripts/bench_startup.py [--runs 20] [--warmup 3] [--tree DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = (["--help"], ["--version"])
# count what a start-up loads: narrate's own modules, and all modules
PROBE = (
    "import runpy, sys\n"
    "sys.argv = ['narrate', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('narrate', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "own = [m for m in sys.modules if m == 'narrate' or m.startswith('narrate.')]\n"
    "print(len(sys.modules), len(own), file=sys.stderr)\n"
)


def timed(args: list[str], tree: Path, env: dict[str, str]) -> float:
    """Wall seconds of one `python -m narrate ARGS` (`python -c pass` for no ARGS), its output
    discarded."""
    command = ["-m", "narrate", *args] if args else ["-c", "pass"]
    start = time.perf_counter()
    subprocess.run([sys.executable, *command], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def loaded(args: list[str], tree: Path, env: dict[str, str]) -> tuple[int, int]:
    """How many modules, and how many of them narrate's, the command had loaded at its end."""
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=tree,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    total, own = probe.stderr.split()[-2:]
    return int(total), int(own)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the narrate checkout to run")
    args = parser.parse_args()
    tree = args.tree.resolve()  # the working folder too: `python -m` puts it first on the path
    env = {**os.environ, "PYTHONPATH": str(tree)}
    print(f"narrate from {tree}, {args.runs} runs each, median (min-max)")
    for _ in range(args.warmup):
        timed([], tree, env)
    bare = sorted(timed([], tree, env) for _ in range(args.runs))
    print(f"python -c pass       {statistics.median(bare) * 1000:6.0f} ms "
          f"({bare[0] * 1000:.0f}-{bare[-1] * 1000:.0f})  the interpreter alone")  # fmt: skip
    for command in COMMANDS:
        for _ in range(args.warmup):
            timed(command, tree, env)
        walls = sorted(timed(command, tree, env) for _ in range(args.runs))
        modules, own = loaded(command, tree, env)
        print(f"narrate {' '.join(command):<10} {statistics.median(walls) * 1000:6.0f} ms "
              f"({walls[0] * 1000:.0f}-{walls[-1] * 1000:.0f})  {modules} modules loaded, "
              f"{own} of them narrate's")  # fmt: skip


if __name__ == "__main__":
    main()
