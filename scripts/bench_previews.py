"""What chapter previews cost: `narrate build --split-chapters` of the example article with
Piper from a fresh cache, with `--preview` and `--no-preview` in turn (paired, alternating
which goes first), and when the first chapter could be heard.

Prints each run's wall and CPU seconds (the narrate process and its children), then the
medians and the ratio with/without.

    python scripts/bench_previews.py [--runs 5] [--engine piper] [ARTICLE]
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
EXAMPLE = ROOT / "examples" / "ketamine-infusion-vs-kap.txt"


def one_build(article: Path, engine: str, preview: bool) -> tuple[float, float, float | None]:
    """Wall and CPU seconds of one build from an empty cache, and when (seconds from the
    start) the first preview appeared, if it did."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        command = [sys.executable, "-m", "narrate", "build", str(article), "--engine", engine,
                   "-q", "--split-chapters", "-o", str(out), "--date", "2026-01-01",
                   "--preview" if preview else "--no-preview"]  # fmt: skip
        env = {**os.environ, "NARRATE_CACHE_DIR": str(Path(tmp) / "cache"),
               "PYTHONPATH": str(ROOT)}  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        first = None
        while proc.poll() is None:
            if first is None and any(out.glob(".*.preview/*.mp3")):
                first = time.perf_counter() - started
            time.sleep(0.02)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            sys.exit(f"bench_previews: the build failed ({proc.returncode})")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=EXAMPLE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--engine", default="piper")
    args = parser.parse_args()
    results: dict[bool, list[tuple[float, float, float | None]]] = {True: [], False: []}
    for run in range(args.runs):
        for preview in (run % 2 == 0, run % 2 != 0):
            wall, cpu, first = one_build(args.article, args.engine, preview)
            results[preview].append((wall, cpu, first))
            heard = f", first chapter heard at {first:.2f} s" if first is not None else ""
            print(f"run {run + 1} {'preview   ' if preview else 'no preview'}: wall {wall:.2f} s,"
                  f" CPU {cpu:.2f} s{heard}", flush=True)  # fmt: skip
    wall = {k: statistics.median(r[0] for r in v) for k, v in results.items()}
    cpu = {k: statistics.median(r[1] for r in v) for k, v in results.items()}
    print(f"median wall: {wall[True]:.2f} s with previews, {wall[False]:.2f} s without "
          f"({wall[True] / wall[False]:.3f}x); CPU {cpu[True]:.2f} s vs {cpu[False]:.2f} s "
          f"({cpu[True] / cpu[False]:.3f}x)")  # fmt: skip
    firsts = [r[2] for r in results[True] if r[2] is not None]
    if firsts:
        print(f"first chapter playable after {statistics.median(firsts):.2f} s (median)")


if __name__ == "__main__":
    main()
