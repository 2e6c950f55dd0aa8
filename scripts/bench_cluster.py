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
3. With --real N, on real processes instead of a LocalCluster: `dask scheduler` on
   127.0.0.1 and `dask worker --nworkers N --nthreads 1 --memory-limit 1GB --preload
   narrate.cluster` (as docs/cluster.md starts them by hand): the workers' start-up until all
   N are connected with the voice loaded; the scheduler overhead on those N workers; then
   `--workers 1`, `--workers 2` and `--scheduler-file` builds (one task per article, and
   chunk tasks of --chunk sentences) taking turns, each followed by a cached rebuild (the
   same build again, every clip in the cache: what the tasks cost without synthesis), with
   each build's CPU seconds (the client, its engine processes and, for a Dask build, the
   workers, idle time included: on a machine shared with other work, audio per CPU second is
   what carries to a quiet one) and the peak RSS of the largest worker process and of all N.

    python scripts/bench_cluster.py [--runs 3] [--tasks 1000] [ARTICLE...]
    python scripts/bench_cluster.py --real 4 [--chunk 5] [--runs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
        per_task, trip = overhead_on(client, tasks)
    return per_task, trip, started


def overhead_on(client, tasks: int) -> tuple[float, float]:
    """Seconds per task for `tasks` empty tasks submitted at once, and one task's round trip
    (median of 20), on the cluster behind `client`."""
    client.submit(_nothing, 0, pure=False).result()  # warm
    trips = []
    for i in range(20):
        t = time.perf_counter()
        client.submit(_nothing, i, pure=False).result()
        trips.append(time.perf_counter() - t)
    t = time.perf_counter()
    client.gather(client.map(_nothing, range(tasks), pure=False))
    return (time.perf_counter() - t) / tasks, statistics.median(trips)


@contextmanager
def real_cluster(workers: int, folder: Path) -> Iterator[tuple[Path, list[int], float]]:
    """`dask scheduler` and `dask worker --nworkers N` as processes on 127.0.0.1: the scheduler
    file, the worker command's pid, and seconds from starting the workers until all N are
    connected with the voice preloaded."""
    from distributed import Client

    dask = str(Path(sys.executable).parent / "dask")
    file = folder / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT}
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(file)]  # fmt: skip
    procs = [subprocess.Popen(scheduler, **quiet)]
    try:
        while not file.exists():
            time.sleep(0.1)
        start = time.perf_counter()
        procs.append(subprocess.Popen(
            [dask, "worker", "--scheduler-file", str(file), "--nworkers", str(workers),
             "--nthreads", "1", "--memory-limit", "1GB", "--preload", "narrate.cluster",
             "--host", "127.0.0.1", "--no-dashboard"], **quiet))  # fmt: skip
        with Client(scheduler_file=str(file)) as client:
            client.wait_for_workers(workers, timeout=300)
        yield file, [procs[1].pid], time.perf_counter() - start
    finally:
        for proc in reversed(procs):
            proc.terminate()
            proc.wait(timeout=60)


class Peaks:
    """The peak RSS of the largest process, and of all of them, under `pids` (polled)."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.largest, self.total = pids, 0, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.poll, daemon=True)

    def poll(self) -> None:
        import psutil

        while not self.done.wait(0.1):
            try:
                roots = [psutil.Process(pid) for pid in self.pids]
                rss = [p.memory_info().rss for r in roots for p in [r, *r.children(True)]]
            except psutil.Error:
                continue
            self.largest, self.total = max(self.largest, *rss), max(self.total, sum(rss))

    def __enter__(self) -> Peaks:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.done.set()
        self.thread.join()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds so far of this script's finished children (the builds and
    their engine processes) and of the processes under `pids` (the Dask workers)."""
    import resource

    import psutil

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = used.ru_utime + used.ru_stime
    for pid in pids:
        root = psutil.Process(pid)
        for process in [root, *root.children(True)]:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
    return total


def build(articles: list[Path], cluster: list[str], folder: Path) -> tuple[float, list[dict]]:
    """Wall seconds of one `narrate build` with the cache in `folder` (fresh the first time),
    and its editions' manifests."""
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


def real(args: argparse.Namespace, articles: list[Path]) -> None:
    """Part 3: the builds on real scheduler and worker processes (see the docstring)."""
    from distributed import Client

    print(f"load average at start {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory() as tmp, real_cluster(args.real, Path(tmp)) as (
        file, pids, started,
    ):  # fmt: skip
        with Client(scheduler_file=str(file)) as client:
            per_task, trip = overhead_on(client, args.tasks)
        print(f"{args.real} dask worker processes: start-up with the voice preloaded "
              f"{started:.1f} s; {per_task * 1000:.2f} ms per task over {args.tasks} empty tasks; "
              f"one task's round trip {trip * 1000:.1f} ms", flush=True)  # fmt: skip
        on = ["--scheduler-file", str(file)]
        kinds = {
            "--workers 1": ["--workers", "1"],
            "--workers 2": ["--workers", "2"],
            f"dask, {args.real} workers": on,
            f"dask, {args.real} workers, chunks of {args.chunk} sentences":
                [*on, "--split-over", "0", "--chunk-sentences", str(args.chunk)],
        }  # fmt: skip
        cold: dict[str, list[float]] = {kind: [] for kind in kinds}
        cached: dict[str, list[float]] = {kind: [] for kind in kinds}
        cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
        peaks: dict[str, tuple[int, int]] = {}
        same, audio_s, reference = True, 0.0, None
        for run in range(args.runs):
            for kind, options in kinds.items():
                with tempfile.TemporaryDirectory() as work, Peaks(pids) as peak:
                    counted = pids if kind.startswith("dask") else []  # idle otherwise
                    before = cpu_seconds(counted)
                    wall, manifests = build(articles, options, Path(work))
                    cpu[kind].append(cpu_seconds(counted) - before)
                    again, _ = build(articles, options, Path(work))
                    audio = [decoded(m) for m in manifests]
                audio_s = sum(m["duration_ms"] for m in manifests) / 1000
                reference = reference or audio
                same = same and audio == reference
                cold[kind].append(wall)
                cached[kind].append(again)
                if kind.startswith("dask"):
                    peaks[kind] = max(peaks.get(kind, (0, 0)), (peak.largest, peak.total))
                print(f"run {run + 1}: {kind}: {wall:.1f} s ({cpu[kind][-1]:.1f} CPU s), cached "
                      f"rebuild {again:.1f} s", flush=True)  # fmt: skip
    local = statistics.median(cold["--workers 2"])
    print(f"\nload average at end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{len(articles)} articles, {audio_s:.0f} s of audio; medians of {args.runs} runs:")
    print("| build | wall | audio s per wall s | vs --workers 2 | CPU | audio s per CPU s | "
          "cached rebuild | largest worker | all workers |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind, values in cold.items():
        wall, used = statistics.median(values), statistics.median(cpu[kind])
        largest, total = (f"{b / 2**20:.0f} MB" for b in peaks.get(kind, (0, 0)))
        if kind not in peaks:
            largest = total = "-"
        print(f"| {kind} | {wall:.1f} s ({min(values):.1f}-{max(values):.1f}) | "
              f"{audio_s / wall:.1f} | {wall / local:.2f}x | {used:.0f} s | {audio_s / used:.1f} | "
              f"{statistics.median(cached[kind]):.1f} s | {largest} | {total} |")
    print(f"same decoded audio in every build: {'yes' if same else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--real", type=int, metavar="N",
                        help="measure N real `dask worker` processes instead (part 3)")
    parser.add_argument("--chunk", type=int, default=5,
                        help="with --real: sentences per chunk task")  # fmt: skip
    args = parser.parse_args()
    articles = args.articles or sorted((ROOT / "examples").glob("*.txt"))
    if args.real:
        real(args, articles)
        return

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
