"""A 300-page book built by `narrate build` as users run it: the largest process's memory and the
wall time, and a build killed partway (SIGKILL) resumed from the clip cache.

The book is generated here, the same every time (a seeded generator): Markdown with a title,
parts (##) and chapters (###) inside them, about --words-per-page words a page of ordinary
prose, every sentence its own. Three builds of it, each sampled every 50 ms with psutil (the
largest single process, main, engine workers or ffmpeg, and the whole tree; the kernel's peak of
the processes it waited for, from wait4, catches a peak between samples):

1. a build with an empty clip cache, killed with SIGKILL once the cache holds --kill-at of
   the book's distinct sentences;
2. the same build again: how many clips it synthesised and how many it took from the cache
   the killed build had filled (resume), and its memory and wall time over the whole book;
3. (unless --no-cold) an uninterrupted build with an empty cache: the cold wall time.

--engine tone (the default) is the test tone engine (tests/tone_engine.py, through
tests/tone_cli.py): a sentence costs next to nothing to say, so the builds measure what grows
with the book's length: assembly, mastering, encoding and the writers. A real engine's own
cost per call is separate (scripts/bench_memory.py: one Piper call of 300 characters peaks at
about 512 MB). --engine tone-pool --workers 2 speaks in engine processes, as Piper does.

    python scripts/bench_long_document.py                         # 300 pages, tone engine
    python scripts/bench_long_document.py --pages 30 --no-cold    # a quick look
    python scripts/bench_long_document.py --engine tone-pool --workers 2
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SEED = 300
TEST_ENGINES = ("tone", "tone-pool", "tone-slow")  # registered by tests/tone_cli.py
SUBJECTS = ("the keeper", "the harbour master", "the old ferryman", "a girl from the village",
            "the doctor", "the schoolteacher", "the night watch", "the captain's widow",
            "the boy with the lantern", "the fisherman's daughter")  # fmt: skip
VERBS = ("walked along", "looked out over", "wrote about", "remembered", "climbed towards",
         "spoke quietly of", "waited beside", "painted", "listened to", "crossed")  # fmt: skip
OBJECTS = ("the grey shore", "the lamp room", "the narrow stairs", "the tide tables",
           "the cold harbour wall", "the signal flags", "the long pier", "the empty boats",
           "the chapel on the hill", "the fog bell")  # fmt: skip
ENDINGS = ("before the light went out", "while the gulls circled overhead",
           "as the rain came in from the west", "long after the boats had gone",
           "without saying a word", "in the last hour of the afternoon",
           "as if nothing had happened", "when the wind turned at last")  # fmt: skip


def sentence(rng: random.Random, n: int) -> str:
    """One sentence of ordinary prose; `n` (its number in the book) makes it unique."""
    words = (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
             f"{rng.choice(ENDINGS)}, on day {n}.")  # fmt: skip
    return words[0].upper() + words[1:]


def book(pages: int, words_per_page: int, parts: int, chapters_per_part: int) -> str:
    """The book as Markdown: `parts` parts of `chapters_per_part` chapters, `pages` pages of
    paragraphs of four to seven sentences spread evenly over the chapters."""
    rng = random.Random(SEED)
    chapters = parts * chapters_per_part
    words_per_chapter = pages * words_per_page // chapters
    lines = ["# The Keeper of the Northern Light", "", "A novel in parts, made up for a benchmark.",
             ""]  # fmt: skip
    n = 0
    for part in range(1, parts + 1):
        lines += [f"## Part {part}: The {rng.choice(OBJECTS).split()[-1].title()}", ""]
        for chapter in range(1, chapters_per_part + 1):
            lines += [f"### Chapter {(part - 1) * chapters_per_part + chapter}", ""]
            words = 0
            while words < words_per_chapter:
                paragraph = []
                for _ in range(rng.randint(4, 7)):
                    n += 1
                    paragraph.append(sentence(rng, n))
                words += sum(len(s.split()) for s in paragraph)
                lines += [" ".join(paragraph), ""]
    return "\n".join(lines)


def _capped(gigabytes: float):
    def cap() -> None:
        limit = int(gigabytes * (1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return cap


def command(source: Path, out: Path, given: argparse.Namespace) -> list[str]:
    module = "tests.tone_cli" if given.engine in TEST_ENGINES else "narrate"
    workers = ["--workers", str(given.workers)] if given.workers else []
    split = ["--split-chapters"] if given.profile == "podcast" else []
    return [sys.executable, "-m", module, "build", str(source), "--engine", given.engine,
            *workers, "--profile", given.profile, "--format", given.format, *split,
            "-o", str(out), "--date", "2026-01-01"]  # fmt: skip


def clips_in(cache: Path) -> int:
    """The clips in a cache folder (`<key[:2]>/<key>.wav`)."""
    return len(list(cache.glob("??/*.wav")))


def measure(args: list[str], cache: Path, safety_gb: float, kill_at_clips: int | None = None,
            ) -> dict:  # fmt: skip
    """Run a build, sampling its process tree; SIGKILL it once `cache` holds `kill_at_clips`."""
    started = time.monotonic()
    env = {**os.environ, "NARRATE_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=_capped(safety_gb))  # fmt: skip
    root = psutil.Process(proc.pid)
    largest = tree = 0
    largest_name = ""
    checked = 0.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        now = time.monotonic()
        if kill_at_clips is not None and now - checked > 0.5:
            checked = now
            if clips_in(cache) >= kill_at_clips:
                proc.send_signal(signal.SIGKILL)
        try:
            found = [(p.memory_info().rss, p.name()) for p in [root, *root.children(True)]]
        except psutil.Error:  # a process ended while being read
            continue
        top = max(found)
        if top[0] > largest:
            largest, largest_name = top
        tree = max(tree, sum(rss for rss, _ in found))
        time.sleep(0.05)
    return {"code": os.waitstatus_to_exitcode(status), "seconds": time.monotonic() - started,
            "largest": largest, "largest_name": largest_name, "tree": tree,
            "waited": usage.ru_maxrss * 1024, "stdout": proc.stdout.read().decode(),
            "stderr": proc.stderr.read().decode()}  # fmt: skip


def distinct_sentences(source: Path) -> tuple[int, int, int]:
    """The book's cues, distinct spoken texts (what the cache will hold), and characters."""
    sys.path.insert(0, str(ROOT))
    from narrate import api

    script = api.script(source, api.ReadOptions())
    return len(script.cues), len({c.spoken for c in script.cues}), sum(
        len(c.spoken) for c in script.cues
    )


def row(name: str, got: dict) -> str:
    mb = {k: got[k] / (1 << 20) for k in ("largest", "tree", "waited")}
    return (f"| {name} | {mb['largest']:.0f} MB ({got['largest_name']}) | {mb['tree']:.0f} MB | "
            f"{mb['waited']:.0f} MB | {got['seconds']:.0f} s |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--words-per-page", type=int, default=300)
    parser.add_argument("--parts", type=int, default=8)
    parser.add_argument("--chapters-per-part", type=int, default=5)
    parser.add_argument("--engine", default="tone", help="tone (default), tone-pool, piper...")
    parser.add_argument("--workers", type=int, help="engine processes (--workers of build)")
    parser.add_argument("--profile", default="podcast")
    parser.add_argument("--format", default="mp3,m4b", help="--format of build")
    parser.add_argument("--kill-at", type=float, default=0.5,
                        help="kill the first build when the cache holds this share of the "
                        "book's distinct sentences")  # fmt: skip
    parser.add_argument("--no-cold", action="store_true", help="skip the uninterrupted build")
    parser.add_argument("--safety-gb", type=float, default=4.0,
                        help="address-space cap of every measured process (GB)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    given = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = given.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / "book.md"
        source.write_text(book(given.pages, given.words_per_page, given.parts,
                               given.chapters_per_part), encoding="utf-8")  # fmt: skip
        cues, distinct, chars = distinct_sentences(source)
        print(f"book: {given.pages} pages of {given.words_per_page} words, {given.parts} parts of "
              f"{given.chapters_per_part} chapters; {cues:,} cues, {distinct:,} distinct, "
              f"{chars:,} characters spoken; engine {given.engine}; {os.cpu_count()} cores\n")
        print("| build | largest process | process tree | largest (kernel) | wall |")
        print("| --- | --- | --- | --- | --- |")
        cache = folder / "cache"
        args = command(source, folder / "out", given)
        killed = measure(args, cache, given.safety_gb, kill_at_clips=int(distinct * given.kill_at))
        kept = clips_in(cache)
        if killed["code"] != -signal.SIGKILL:
            print(f"| killed partway | not killed (exit {killed['code']}): "
                  f"{killed['stderr'].strip()[-200:]} |")
            return
        print(row(f"killed partway (SIGKILL at {kept:,} clips)", killed))
        resumed = measure(args, cache, given.safety_gb)
        if resumed["code"]:
            print(f"| resumed | failed ({resumed['code']}): {resumed['stderr'].strip()[-300:]} |")
            return
        said = re.search(r"\(([\d.]+) s, .*?(\d+) clips? synthesized, (\d+) from cache\)",
                         resumed["stderr"])  # fmt: skip
        print(row("resumed from the clip cache", resumed))
        if not given.no_cold:
            cold = measure(args, folder / "cold-cache", given.safety_gb)
            print(row("uninterrupted, empty cache", cold) if not cold["code"] else
                  f"| uninterrupted | failed: {cold['stderr'].strip()[-300:]} |")  # fmt: skip
        if said:
            audio_s, made, reused = float(said[1]), int(said[2]), int(said[3])
            print(f"\naudio {audio_s / 3600:.2f} h; the resumed build synthesized {made:,} clips "
                  f"and took {reused:,} cues' clips from the cache ({kept:,} clips kept by the "
                  f"killed build; {distinct:,} distinct in all)")


if __name__ == "__main__":
    main()
