"""The largest process of a build whose text is one huge utterance: a 20,000-character sentence
and a 100 KB --title, each built with Piper by `narrate build` as users run it.

Reports, per case, the peak RSS of the largest single process (main or engine worker) and of
the whole process tree (sampled every 50 ms with psutil), the kernel's peak of the build and
the workers it waited for (wait4's ru_maxrss: catches a peak between samples), the wall time
and the audio's length. Each build runs
under an address-space cap (--safety-gb, inherited by its workers), so a regression cannot take
the machine: it fails instead. `--lengths` first measures one Piper process speaking one text of
each length (the curve behind MAX_ENGINE_CHARS).

    python scripts/bench_memory.py              # both cases
    python scripts/bench_memory.py --lengths 50 100 200 300 400 800
    python scripts/bench_memory.py --lengths 300 400 500 600 --data-mb 1024 --lengths-only
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CLAUSES = ("the nurse calls back within a working day", "the pharmacy refills on Tuesdays",
           "the car park is behind the library", "the lab opens at seven and closes at six",
           "patients bring their cards and a list of their medicines")  # fmt: skip
ONE_TEXT = """
import resource, sys
from narrate.engines.piper import PiperEngine, PiperOptions
engine = PiperEngine(PiperOptions(deterministic=True))
engine.load()
audio = engine.synthesize(sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, len(audio))
"""


def run_on(chars: int) -> str:
    """One sentence of ordinary words, commas between its clauses, `chars` long."""
    parts, size, n = [], 0, 0
    while size < chars:
        parts.append(f"{CLAUSES[n % len(CLAUSES)]} in week {n}")
        size += len(parts[-1]) + 2
        n += 1
    return (", ".join(parts)[: chars - 1].rstrip(", ") + ".").capitalize()


def _capped(gigabytes: float, data_mb: int | None = None):
    def cap() -> None:
        limit = int(gigabytes * (1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if data_mb:  # as an engine worker is capped (narrate.memory)
            resource.setrlimit(resource.RLIMIT_DATA, (data_mb << 20, resource.RLIM_INFINITY))

    return cap


def measure_build(args: list[str], safety_gb: float) -> dict:
    """Run `python -m narrate build ARGS`, sampling its process tree's memory."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "narrate", "build", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_capped(safety_gb))  # fmt: skip
    root = psutil.Process(proc.pid)
    largest = tree = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        try:
            rss = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
        except psutil.Error:  # a process ended while being read
            continue
        largest, tree = max(largest, *rss), max(tree, sum(rss))
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"code": proc.returncode, "seconds": time.monotonic() - started, "largest": largest,
            "tree": tree, "waited": usage.ru_maxrss * 1024, "stdout": proc.stdout.read().decode(),
            "stderr": proc.stderr.read().decode()}  # fmt: skip


def audio_s(mp3: str) -> float:
    from narrate.writers.playback import decoded_ms

    return decoded_ms(Path(mp3)) / 1000


def cases(folder: Path) -> dict[str, list[str]]:
    sentence = folder / "sentence.txt"
    sentence.write_text(f"A Run-on Sentence\n\n{run_on(20_000)}\n", encoding="utf-8")
    titled = folder / "titled.txt"
    titled.write_text("Short\n\nThe clinic opens at eight.\n", encoding="utf-8")
    title = " ".join(["Clinic"] * (100_000 // 7))[:100_000]
    common = ["--engine", "piper", "-q", "-o", str(folder / "out"), "--cache-dir",
              str(folder / "cache")]  # fmt: skip
    return {
        "20,000-character sentence": [str(sentence), *common],
        "100 KB --title": [str(titled), "--title", title, *common],
    }


def lengths(counts: list[int], safety_gb: float, data_mb: int | None) -> None:
    ceiling = f"under a {data_mb} MB data ceiling" if data_mb else ""
    print(f"| characters in one Piper call {ceiling} | peak RSS | audio |\n| --- | --- | --- |")
    for count in counts:
        text = run_on(count)
        result = subprocess.run([sys.executable, "-c", ONE_TEXT, text], capture_output=True,
                                text=True, cwd=ROOT,
                                preexec_fn=_capped(safety_gb, data_mb))  # fmt: skip
        if result.returncode:
            said = result.stderr.strip().splitlines()[-1][:80]
            print(f"| {count:,} | refused: {said} | |")
            continue
        peak_mb, ms = result.stdout.split()
        print(f"| {count:,} | {peak_mb} MB | {int(ms) / 1000:.1f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--safety-gb", type=float, default=3.0,
                        help="address-space cap of every measured process (GB)")
    parser.add_argument("--lengths", type=int, nargs="*",
                        help="first measure one Piper call speaking texts of these lengths")
    parser.add_argument("--data-mb", type=int,
                        help="with --lengths: cap each call's data segment, as a worker's is")
    parser.add_argument("--lengths-only", action="store_true", help="skip the two builds")
    given = parser.parse_args()
    if given.lengths:
        lengths(given.lengths, given.safety_gb, given.data_mb)
    if given.lengths_only:
        return
    print(f"\ncpu cores {os.cpu_count()}, address-space cap {given.safety_gb} GB per process\n")
    print("| case | largest process | process tree | largest (kernel) | wall | audio |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for name, args in cases(Path(folder)).items():
            got = measure_build(args, given.safety_gb)
            if got["code"]:
                print(f"| {name} | failed ({got['code']}): {got['stderr'].strip()} |")
                continue
            heard = audio_s(got["stdout"].split()[0])
            mb = {k: got[k] / (1 << 20) for k in ("largest", "tree", "waited")}
            print(f"| {name} | {mb['largest']:.0f} MB | {mb['tree']:.0f} MB | "
                  f"{mb['waited']:.0f} MB | {got['seconds']:.1f} s | {heard:.0f} s |")
            if got["stderr"]:
                print(f"  (said: {got['stderr'].strip()[:120]})")


if __name__ == "__main__":
    main()
