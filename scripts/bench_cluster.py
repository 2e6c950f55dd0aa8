"""Measure narrate on Dask: the scheduler's cost per task, and builds of the examples on a
LocalCluster of 1 and 2 worker processes against a local build, side by side in one run.

1. Scheduler overhead: a LocalCluster of 2 worker processes (one thread each) runs TASKS
   empty tasks submitted at once; the wall time per task, and one task's round trip.
2. Builds: `narrate build ARTICLES --engine piper --deterministic` with a fresh cache, as a
   local build in one engine process (`--workers 1`) and in two (`--workers 2`, the default
   on 2 cores), with `--cluster local:1`, `--cluster local:2`, and `--cluster local:2` with
   every article cut in chunk tasks of 20 sentences (so both workers share the longest
   article), taking turns, RUNS times each; median wall time, audio seconds per wall second,
   articles per hour, the ratio to `--workers 1`, and whether every edition's decoded audio
   equals that of `--workers 1`.

    python scripts/bench_cluster.py [--runs 3] [--tasks 1000] [ARTICLE...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _nothing(x):
    return x


def scheduler_overhead(tasks: int) -> tuple[float, float, float]:
    """Seconds per task for `tasks` empty tasks, one task's round trip, and cluster start-up."""
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:  # fmt: skip
        started = time.perf_counter() - start
        client.submit(_nothing, 0, pure=False).result()  # warm
        trips = []
        for i in range(20):
            t = time.perf_counter()
            client.submit(_nothing, i, pure=False).result()
            trips.append(time.perf_counter() - t)
        t = time.perf_counter()
        client.gather(client.map(_nothing, range(tasks), pure=False))
        per_task = (time.perf_counter() - t) / tasks
    return per_task, statistics.median(trips), started


def build(articles: list[Path], cluster: list[str], folder: Path) -> tuple[float, list[dict]]:
    """Wall seconds of one `narrate build` with a fresh cache, and its editions' manifests."""
    out = folder / "out"
    command = [sys.executable, "-m", "narrate", "build", *map(str, articles), "--engine",
               "piper", "--deterministic", "-q", "-o", str(out), "--date", "2026-11-30",
               "--cache-dir", str(folder / "cache")]  # fmt: skip
    command += cluster
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    manifests = [json.loads(p.read_text()) | {"folder": str(p.parent)}
                 for p in sorted(out.glob("*/manifest.json"))]  # fmt: skip
    return wall, manifests


def decoded(manifest: dict) -> bytes:
    from narrate import ffmpeg

    mp3 = Path(manifest["folder"]) / manifest["files"]["mp3"]
    return ffmpeg.decode(mp3.read_bytes()).raw_data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=1000)
    args = parser.parse_args()
    articles = args.articles or sorted((ROOT / "examples").glob("*.txt"))

    per_task, trip, started = scheduler_overhead(args.tasks)
    print(f"scheduler: {per_task * 1000:.2f} ms per task over {args.tasks} empty tasks on 2 "
          f"workers; one task's round trip {trip * 1000:.1f} ms; LocalCluster(2) start-up "
          f"{started:.1f} s")  # fmt: skip

    chunked = ["--split-over", "0", "--chunk-sentences", "20"]
    kinds = {
        "--workers 1": ["--workers", "1"],
        "--workers 2": ["--workers", "2"],
        "--cluster local:1": ["--cluster", "local:1"],
        "--cluster local:2": ["--cluster", "local:2"],
        "--cluster local:2 --split-over 0 --chunk-sentences 20": ["--cluster", "local:2", *chunked],
    }
    walls: dict[str, list[float]] = {kind: [] for kind in kinds}
    same = True
    audio_s = 0.0
    for run in range(args.runs):
        reference = None
        for kind, cluster in kinds.items():
            with tempfile.TemporaryDirectory() as tmp:
                wall, manifests = build(articles, cluster, Path(tmp))
                walls[kind].append(wall)
                audio = [decoded(m) for m in manifests]
                audio_s = sum(m["duration_ms"] for m in manifests) / 1000
                if reference is None:
                    reference = audio
                same = same and audio == reference
            print(f"run {run + 1}: {kind}: {wall:.1f} s", flush=True)
    local = statistics.median(walls["--workers 1"])
    print(f"\n{len(articles)} articles, {audio_s:.0f} s of audio; medians of {args.runs} runs:")
    print("| build | wall | audio s per wall s | articles per hour | vs --workers 1 |")
    print("| --- | --- | --- | --- | --- |")
    for kind, values in walls.items():
        wall = statistics.median(values)
        print(f"| {kind} | {wall:.1f} s ({min(values):.1f}-{max(values):.1f}) | "
              f"{audio_s / wall:.1f} | {len(articles) * 3600 / wall:.0f} | {wall / local:.2f}x |")
    print(f"same decoded audio in every build: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
