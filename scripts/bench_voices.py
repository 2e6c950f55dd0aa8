"""Kokoro beside Piper on the same sentences, in one run: speed (times real time, i.e. seconds of
audio per second of wall time), CPU seconds and peak memory, on as many cores as `--workers`.

Each engine speaks the example article's spoken text (`narrate script`, one cue per line) the way
`narrate build --workers P` does: P fresh processes of one onnxruntime thread each, every one
loading its voice once and speaking every P-th sentence. The engines take turns `--runs` times
so both see the same machine load. Wall time counts from the processes' start (imports, voice
loads) to the last sentence; CPU time is every process's; peak RSS is the largest process's.
On a shared machine the wall time says more about the other load than about the engine: the
summary also gives seconds of audio per CPU second, which the load moves much less.
Kokoro speaks with a shipped Japanese voice unless `--kokoro-voice` names an added one: the
voice vector changes the timbre, not the cost. Figures: docs/engines.md.

    python scripts/bench_voices.py [--runs 2] [--workers 2] [--kokoro-voice jf_alpha]
        [--article examples/clinic-hours.md]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent

SPEAKER = """
import json, resource, sys, time
from narrate.engines import engine_class
from narrate.engines.base import EngineOptions, engine_options
name, voice, lines = sys.argv[1], sys.argv[2] or None, sys.argv[5]
part, parts = int(sys.argv[3]), int(sys.argv[4])
cls = engine_class(name)
settings = {"deterministic": True} if name == "piper" else {}
engine = cls(engine_options(cls, EngineOptions(voice=voice), settings))
start = time.perf_counter()
engine.load()
loaded = time.perf_counter() - start
sentences = [s for s in open(lines, encoding="utf-8").read().splitlines() if s.strip()]
audio_ms = sum(len(engine.synthesize(s)) for s in sentences[part::parts])
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"audio_s": audio_ms / 1000, "load_s": loaded, "rss_mb": rss_mb}))
"""


def speak(engine: str, voice: str, workers: int, lines: Path) -> dict[str, float]:
    """One engine speaking every line in `workers` fresh processes: wall, CPU, audio, RSS."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    processes = [
        subprocess.Popen([sys.executable, "-c", SPEAKER, engine, voice, str(part), str(workers),
                          str(lines)], stdout=subprocess.PIPE, text=True, env=env)
        for part in range(workers)
    ]  # fmt: skip
    answers = []
    for process in processes:
        out, _ = process.communicate()
        if process.returncode != 0:
            sys.exit(f"{engine}: a speaking process failed (exit {process.returncode})")
        answers.append(json.loads(out))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    audio = sum(a["audio_s"] for a in answers)
    return {"wall_s": wall, "cpu_s": cpu, "audio_s": audio, "x_real_time": audio / wall,
            "load_s": max(a["load_s"] for a in answers),
            "rss_mb": max(a["rss_mb"] for a in answers)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="engine processes (cores)")
    parser.add_argument("--kokoro-voice", default="jf_alpha")
    parser.add_argument("--article", type=Path, default=ROOT / "examples" / "clinic-hours.md")
    parser.add_argument("--json", action="store_true", help="the runs as JSON lines")
    args = parser.parse_args()
    engines = {"piper": "", "kokoro": args.kokoro_voice}
    with tempfile.TemporaryDirectory() as tmp:
        lines = Path(tmp) / "spoken.txt"
        script = [sys.executable, "-m", "narrate", "script", str(args.article)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        spoken = subprocess.run(script, capture_output=True, text=True, check=True, env=env)
        lines.write_text(spoken.stdout)
        count = len([s for s in lines.read_text().splitlines() if s.strip()])
        print(f"{count} sentences of {args.article.name}, {args.workers} process(es) of one "
              f"thread, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        results: dict[str, list[dict[str, float]]] = {name: [] for name in engines}
        for run in range(args.runs):
            for name, voice in engines.items():
                figures = speak(name, voice, args.workers, lines)
                results[name].append(figures)
                if args.json:
                    print(json.dumps({"engine": name, "run": run + 1, **figures}), flush=True)
                else:
                    print(f"run {run + 1} {name:<6}: {figures['audio_s']:6.1f} s of audio in "
                          f"{figures['wall_s']:6.1f} s wall = {figures['x_real_time']:5.2f}x real "
                          f"time; {figures['cpu_s']:6.1f} s CPU; voice load "
                          f"{figures['load_s']:.1f} s; peak RSS {figures['rss_mb']:.0f} MB",
                          flush=True)  # fmt: skip
    # On a busy machine the wall figures fall with the load; audio per CPU second does not, and
    # times the processes gives what an idle machine would reach.
    for name, runs in results.items():
        speed = median(r["x_real_time"] for r in runs)
        per_cpu = median(r["audio_s"] / r["cpu_s"] for r in runs)
        print(f"{name:<6} median: {speed:.2f}x real time here; {per_cpu:.2f} s of audio per CPU "
              f"s (idle, {args.workers} processes: about {per_cpu * args.workers:.1f}x real "
              f"time); peak RSS {max(r['rss_mb'] for r in runs):.0f} MB")  # fmt: skip
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
