"""How long `narrate --help`, `narrate --version` and `narrate sections` (on the example
article: reading, language detection and splitting; and with `--lang en`, no detection) take
to start, and what they load.

Runs each command `--runs` times in a fresh `python -m narrate` process, after `--warmup`
unmeasured runs (so the disk cache and narrate's cached language model are warm, as
hyperfine's --warmup), and prints the median wall time and its spread, the median CPU time, and
the modules the process had loaded, beside the bare interpreter's start-up, with the load
average before and after (wall times on a loaded machine mean little; CPU times move less).
The last line is one `sections` run with an empty language-model cache: the first run after
installing narrate or py3langid, which builds the cache (narrate.language_model).
`--tree DIR` measures another checkout of narrate (e.g. an export of an earlier commit:
`git archive HEAD~1 narrate | tar -x -C DIR`) instead of this one, for a before/after figure.

    python scripts/bench_startup.py [--runs 20] [--warmup 3] [--tree DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "clinic-hours.md")
COMMANDS = (["--help"], ["--version"], ["sections", EXAMPLE], ["sections", EXAMPLE, "--lang", "en"])
MODEL_CACHE = "NARRATE_MODEL_CACHE_DIR"  # narrate.language_model.ENV_VAR
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


def timed(args: list[str], tree: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one `python -m narrate ARGS` (`python -c pass`
    for no ARGS), its output discarded. CPU time moves less than wall time on a busy machine."""
    command = ["-m", "narrate", *args] if args else ["-c", "pass"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *command], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def line(label: str, runs: list[tuple[float, float]], note: str) -> str:
    """`label`: median wall (min-max) and median CPU, in ms, then `note`."""
    walls = sorted(wall for wall, _ in runs)
    cpu = statistics.median(cpu for _, cpu in runs)
    return (f"{label:<42} {statistics.median(walls) * 1000:6.0f} ms ({walls[0] * 1000:.0f}-"
            f"{walls[-1] * 1000:.0f}), CPU {cpu * 1000:4.0f} ms  {note}")  # fmt: skip


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


def load() -> str:
    """The 1, 5 and 15-minute load averages."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the narrate checkout to run")
    args = parser.parse_args()
    tree = args.tree.resolve()  # the working folder too: `python -m` puts it first on the path
    # as a user's install: with the bytecode cached (the warm-up runs write it)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    print(f"narrate from {tree}, {args.runs} runs each: median wall (min-max), median CPU")
    print(f"load average before: {load()}")
    for _ in range(args.warmup):
        timed([], tree, env)
    bare = [timed([], tree, env) for _ in range(args.runs)]
    print(line("python -c pass", bare, "the interpreter alone"))
    for command in COMMANDS:
        for _ in range(args.warmup):
            timed(command, tree, env)
        runs = [timed(command, tree, env) for _ in range(args.runs)]
        modules, own = loaded(command, tree, env)
        note = f"{modules} modules loaded, {own} of them narrate's"
        label = " ".join(Path(arg).name if arg == EXAMPLE else arg for arg in command)
        print(line(f"narrate {label}", runs, note))
    with tempfile.TemporaryDirectory() as empty:
        cold = [timed(["sections", EXAMPLE], tree, {**env, MODEL_CACHE: empty})]
    print(line("narrate sections (empty model cache)", cold, "one run: builds the cache"))
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
