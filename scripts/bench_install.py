"""Time the README's install in a fresh virtual environment.

The commands are read from the README's Quick start, so the figures are for what a newcomer
types: its first `pip install` line (narrate itself: what `scripts/demo` runs), then its second
(the test extras on top: what `scripts/test` adds). Each run makes a new venv in a temporary
folder (untimed) and runs the lines there from the repository. Warm runs use pip's usual cache,
after one untimed run that fills it; the cold run a new empty one (PIP_CACHE_DIR). CPU time is
reported beside wall time: on a busy machine the wall time grows, the CPU time hardly.

    python scripts/bench_install.py [--runs 3] [--no-cold]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def install_commands(readme: Path = README) -> list[str]:
    """The `pip install` lines of the README's Quick start code, without their comments."""
    text = readme.read_text(encoding="utf-8")
    section = re.search(r"^## Quick start\n(.*?)^## ", text, re.S | re.M)
    if not section:
        sys.exit(f"{readme}: no '## Quick start' section")
    code = "".join(re.findall(r"^```\w*\n(.*?)^```", section.group(1), re.S | re.M))
    lines = [line.split("  #")[0].strip() for line in code.splitlines() if "pip install" in line]
    if len(lines) != 2:
        sys.exit(f"{readme}: not two `pip install` lines in the Quick start's code: {lines}")
    return lines


def cpu_seconds() -> float:
    """CPU time (user + system) of the finished child processes so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed_installs(commands: list[str], cache: Path | None) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each command in turn, in one new venv, run from the repository."""
    with tempfile.TemporaryDirectory(prefix="bench-install-") as scratch:
        home = Path(scratch) / "venv"
        venv.create(home, with_pip=True)
        env = {**os.environ, "VIRTUAL_ENV": str(home),
               "PATH": f"{home / 'bin'}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
        env.pop("PYTHONPATH", None)
        if cache:
            env["PIP_CACHE_DIR"] = str(cache)
        times = []
        for command in commands:
            start, cpu = time.perf_counter(), cpu_seconds()
            done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env,
                                  capture_output=True, text=True, check=False)  # fmt: skip
            times.append((time.perf_counter() - start, cpu_seconds() - cpu))
            if done.returncode != 0:
                sys.exit(f"`{command}` failed ({done.returncode}):\n{done.stderr[-4000:]}")
        check = subprocess.run([home / "bin" / "narrate", "--version"], capture_output=True,
                               text=True, env=env, check=False)  # fmt: skip
        if check.returncode != 0:
            sys.exit(f"installed, but `narrate --version` failed: {check.stderr.strip()}")
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="warm runs (median reported)")
    parser.add_argument("--no-cold", action="store_true", help="skip the run with an empty cache")
    args = parser.parse_args()
    commands = install_commands()
    names = ["first install", "test extras on top"]
    for name, command in zip(names, commands, strict=True):
        print(f"{name}: {command}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start")  # fmt: skip
    timed_installs(commands, None)  # fills pip's cache: the runs after it are warm
    runs = []
    for run in range(1, args.runs + 1):
        runs.append(timed_installs(commands, None))
        shown = "; ".join(f"{w:.1f} s ({c:.1f} s CPU)" for w, c in runs[-1])
        print(f"warm run {run}: {shown}; load average {os.getloadavg()[0]:.1f}", flush=True)
    for step, name in enumerate(names):
        walls = [run[step][0] for run in runs]
        cpus = [run[step][1] for run in runs]
        print(f"warm, {name}: median {statistics.median(walls):.1f} s of {len(walls)} "
              f"({', '.join(f'{w:.1f}' for w in walls)}), CPU {statistics.median(cpus):.1f} s")
    if not args.no_cold:
        with tempfile.TemporaryDirectory(prefix="bench-install-cache-") as cache:
            cold = timed_installs(commands, Path(cache))
        shown = "; ".join(f"{w:.1f} s ({c:.1f} s CPU)" for w, c in cold)
        print(f"cold (empty pip cache): {shown}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
