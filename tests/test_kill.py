"""Builds killed at seeded random points (SIGKILL and SIGTERM) leave only complete editions
in the output folder, and the next build is byte-identical to one never interrupted; a book
killed partway resumes from the clip cache, speaking only what the killed build had not."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from narrate import manifest as manifest_file
from narrate.staging import OWNED
from narrate.writers.playback import decoded_ms
from tests.books import SLUG as BOOK_SLUG
from tests.books import nested_book

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
SEED = 14
KILLS_PER_SIGNAL = 3
SLUG = "long-article"


def _article(tmp_path: Path) -> Path:
    article = tmp_path / "long.txt"
    parts = []
    for chapter in range(4):
        parts.append(f"Part {chapter + 1} Heading")
        parts.extend(f"Paragraph {chapter}.{n} says something about topic {n}. It goes on."
                     for n in range(10))  # fmt: skip
    article.write_text("Long Article\n\n" + "\n\n".join(parts) + "\n", encoding="utf-8")
    return article


def _start(article: Path, out: Path, cache: Path, *more: str, quiet: bool = True,
           engine: str = "tone") -> subprocess.Popen:  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "tests.tone_cli", "build", str(article), "--engine", engine,
         *(["-q"] if quiet else []), "-o", str(out), "--format", "mp3,m4b", "--split-chapters",
         "--date", "2026-01-01", *more],
        cwd=ROOT, env={**os.environ, "NARRATE_CACHE_DIR": str(cache)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def _assert_only_complete_editions(out: Path, *, killed: bool) -> None:
    for entry in out.iterdir() if out.exists() else ():
        if entry.name.startswith("."):
            # a killed build's staging, and its chapter previews (never an edition)
            assert killed and (OWNED.match(entry.name) or entry.name == f".{SLUG}.preview"), (
                f"left behind: {entry.name}"
            )
            continue
        manifest = manifest_file.load(entry / "manifest.json")
        for name in manifest.files:
            assert manifest.path_of(name).exists(), (entry, name)
        assert abs(decoded_ms(manifest.path_of("mp3")) - manifest.duration_ms) <= 50


def _contents(folder: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "manifest.json":
                manifest = json.loads(data)
                del manifest["created"]
                data = json.dumps(manifest, sort_keys=True).encode()
            found[str(path.relative_to(folder))] = data
    return found


def test_killed_builds_leave_only_complete_editions_and_rebuild_identically(tmp_path):
    article = _article(tmp_path)
    reference = tmp_path / "reference"
    started = time.monotonic()
    proc = _start(article, reference, tmp_path / "reference-cache")
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    cold_s = time.monotonic() - started

    out, cache = tmp_path / "out", tmp_path / "cache"
    earlier = _start(article, out, tmp_path / "earlier-cache", "--author", "Earlier Author")
    assert earlier.wait(timeout=300) == 0  # an earlier edition, which every kill must spare
    rng = random.Random(SEED)
    points = [(sig, rng.uniform(0.3, cold_s)) for sig in (signal.SIGKILL, signal.SIGTERM)
              for _ in range(KILLS_PER_SIGNAL)]  # fmt: skip
    rng.shuffle(points)
    killed_since_last_build = False
    author = "Earlier Author"  # of the edition in place
    for sig, delay in points:
        proc = _start(article, out, cache)
        time.sleep(delay)
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=120)
        text = stderr.decode()
        assert "Traceback" not in text, text
        if proc.returncode == 0:  # finished before the signal came
            killed_since_last_build = False
            author = None
        elif sig == signal.SIGTERM and proc.returncode == -signal.SIGTERM:
            assert text == ""  # came before Python ran any of narrate: nothing was started
        elif sig == signal.SIGTERM:
            assert proc.returncode == 143, text
            assert text.endswith("stopped by SIGTERM; the edition in progress was not written\n")
        else:
            assert proc.returncode == -signal.SIGKILL
            killed_since_last_build = True
        _assert_only_complete_editions(out, killed=killed_since_last_build or sig == signal.SIGKILL)
        found = manifest_file.load(out / SLUG / "manifest.json").author
        # a signal after the swap but before the exit leaves the new edition, complete
        assert found == author or (proc.returncode != 0 and found is None), (sig, delay, found)
        author = found

    proc = _start(article, out, cache)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    assert [p.name for p in out.iterdir()] == [SLUG]  # what killed builds left is gone
    assert _contents(out / SLUG) == _contents(reference / SLUG)


def _clips(cache: Path) -> int:
    """The clips in the cache (`<key[:2]>/<key>.wav`; the mastering memo is elsewhere)."""
    return len(list(cache.glob("??/*.wav")))


def test_a_book_killed_partway_resumes_from_the_clip_cache(tmp_path):
    book = nested_book(tmp_path, parts=8, sections=1, sentences=2)
    out, cache = tmp_path / "out", tmp_path / "cache"
    proc = _start(book, out, cache, engine="tone-slow")  # about ten sentences a second
    deadline = time.monotonic() + 120
    while _clips(cache) < 12 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.kill()  # SIGKILL: nothing of narrate's runs after it
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    kept = _clips(cache)
    assert kept >= 12

    again = _start(book, out, cache, quiet=False, engine="tone-slow")
    _, stderr = again.communicate(timeout=300)
    text = stderr.decode()
    assert again.returncode == 0, text
    made, reused = map(int, re.search(r"(\d+) clips? synthesized, (\d+) from cache", text).groups())
    assert made == _clips(cache) - kept > 0  # only what the killed build had not spoken
    assert reused >= kept  # a repeated sentence is reused by every cue that says it
    assert [p.name for p in out.iterdir()] == [BOOK_SLUG]  # the killed build's staging is gone
    left = [p for p in [*out.rglob("*"), *cache.rglob("*")] if ".tmp-" in p.name]
    assert left == []
