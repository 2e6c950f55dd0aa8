"""Time the README's install command in a fresh virtual environment.

The command is read from the README's Quick start (the line that runs `pip install`), so the
figure is for what a newcomer types. Each run makes a new venv in a temporary folder and runs
the command there from the repository; warm runs use pip's usual cache (after one untimed run
that fills it), the cold run a new empty `--cache-dir` (PIP_CACHE_DIR).

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


def install_command(readme: Path = README) -> str:
    """The `pip install` line of the README's Quick start, without its comment."""
    text = readme.read_text(encoding="utf-8")
    section = re.search(r"^## Quick start\n(.*?)^## ", text, re.S | re.M)
    if not section:
        sys.exit(f"{readme}: no '## Quick start' section")
    code = "".join(re.findall(r"^```\w*\n(.*?)^```", section.group(1), re.S | re.M))
    lines = [line.split("  #")[0].strip() for line in code.splitlines() if "pip install" in line]
    if len(lines) != 1:
        sys.exit(f"{readme}: not one `pip install` line in the Quick start's code: {lines}")
    return lines[0]


def cpu_seconds() -> float:
    """CPU time (user + system) of the finished child processes so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed_install(command: str, cache: Path | None) -> tuple[float, float]:
    """Wall and CPU seconds `command` takes in a new venv (made untimed), run from the
    repository. The CPU time says how much of the wall time a busy machine added."""
    with tempfile.TemporaryDirectory(prefix="bench-install-") as scratch:
        home = Path(scratch) / "venv"
        venv.create(home, with_pip=True)
        env = {**os.environ, "VIRTUAL_ENV": str(home),
               "PATH": f"{home / 'bin'}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
        env.pop("PYTHONPATH", None)
        if cache:
            env["PIP_CACHE_DIR"] = str(cache)
        start, cpu = time.perf_counter(), cpu_seconds()
        done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True,
                              text=True, check=False)  # fmt: skip
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        if done.returncode != 0:
            sys.exit(f"the install failed ({done.returncode}):\n{done.stderr[-4000:]}")
        check = subprocess.run([home / "bin" / "narrate", "--version"], capture_output=True,
                               text=True, env=env, check=False)  # fmt: skip
        if check.returncode != 0:
            sys.exit(f"installed, but `narrate --version` failed: {check.stderr.strip()}")
        return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="warm runs (median reported)")
    parser.add_argument("--no-cold", action="store_true", help="skip the run with an empty cache")
    args = parser.parse_args()
    command = install_command()
    print(f"command: {command}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start")  # fmt: skip
    timed_install(command, None)  # fills pip's cache: the runs after it are warm
    warm = []
    for run in range(1, args.runs + 1):
        warm.append(timed_install(command, None))
        print(f"warm run {run}: {warm[-1][0]:.1f} s ({warm[-1][1]:.1f} s CPU), load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    walls = [wall for wall, _ in warm]
    print(f"warm: median {statistics.median(walls):.1f} s of {len(walls)} "
          f"({', '.join(f'{s:.1f}' for s in walls)}); CPU median "
          f"{statistics.median(cpu for _, cpu in warm):.1f} s")  # fmt: skip
    if not args.no_cold:
        with tempfile.TemporaryDirectory(prefix="bench-install-cache-") as cache:
            wall, cpu = timed_install(command, Path(cache))
            print(f"cold (empty --cache-dir): {wall:.1f} s ({cpu:.1f} s CPU)")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
