"""Each chapter playable while the rest is spoken (`narrate build --split-chapters`): a
listener watching OUT/.<slug>.preview/ hears chapter 1 before the build ends, and every preview
is as long as its chapter in the edition; the folder goes when the edition is published or the
build is stopped (SIGTERM), stays after a kill (SIGKILL: hidden, never an edition) until the
next build in that folder removes it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from narrate import api
from narrate import manifest as manifest_file
from narrate.chapter_previews import OWNER, folder_for, read_index, remove_dead, top_chapter_of
from narrate.loudness import measure
from narrate.planning import script_for
from narrate.staging import owner_tag
from narrate.writers.playback import decoded_ms
from tests.books import SLUG, TITLE, nested_book

ROOT = Path(__file__).resolve().parents[1]
MP3_SLACK_MS = 60  # an MP3's frames round its length (the edition's own check allows 50)


def _start(book: Path, out: Path, cache: Path, *more: str) -> subprocess.Popen[str]:
    """`narrate build --split-chapters` with the slow tone voice (ten sentences a second)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.tone_cli", "build", str(book), "--engine", "tone-slow",
         "-o", str(out), "--split-chapters", "--date", "2026-01-01", *more],
        cwd=ROOT, env={**os.environ, "NARRATE_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _first_preview(folder: Path, proc: subprocess.Popen[str], timeout: float = 120) -> list:
    """The previews listed once the first appears (while `proc` still runs), else []."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if listed := read_index(folder):
            return listed
        time.sleep(0.02)
    return []


@pytest.mark.slow
def test_chapter_one_plays_before_the_build_ends_and_the_previews_go_after(tmp_path):
    book = nested_book(tmp_path, parts=3, sections=1, sentences=2)
    out = tmp_path / "out"
    previews = folder_for(out, SLUG)
    proc = _start(book, out, tmp_path / "cache")
    listed = _first_preview(previews, proc)
    assert listed, "no chapter preview before the build ended"
    first = previews / listed[0].file
    heard_ms = decoded_ms(first)  # ffmpeg decodes it whole while the build goes on
    still_running = proc.poll() is None
    assert listed[0].number == 1 and listed[0].title == TITLE
    assert abs(heard_ms - listed[0].duration_ms) <= MP3_SLACK_MS
    loudness = measure(first).integrated_lufs
    seen = {p.number: p for p in listed}
    while proc.poll() is None:  # what a listener sees as the others arrive
        seen.update({p.number: p for p in read_index(previews)})
        time.sleep(0.05)
    stdout, stderr = proc.communicate()
    assert proc.returncode == 0, stderr
    assert still_running, "the build ended before chapter 1's preview was heard"
    assert abs(loudness - -16) <= 1.5  # levelled to about the podcast loudness, not mastered
    said = re.findall(r"^narrate: chapter 1 of 5 can be heard now: (.+?) \(", stderr, re.M)
    assert said == [str(first)], stderr  # said once, naming the file

    assert [p.name for p in out.iterdir()] == [SLUG]  # the previews are gone, the edition is in
    manifest = manifest_file.load(out / SLUG / "manifest.json")
    chapter_files = [out / SLUG / name for name in manifest.chapter_files]
    assert len(chapter_files) == 5  # the title's, three parts', the voice notice's
    for number, preview in seen.items():  # each preview as long as its chapter in the edition
        final = chapter_files[number - 1]
        assert preview.file == final.name
        assert abs(preview.duration_ms - decoded_ms(final)) <= MP3_SLACK_MS, preview


@pytest.mark.slow
def test_a_killed_builds_previews_stay_hidden_until_the_next_build_removes_them(tmp_path):
    book = nested_book(tmp_path, parts=3, sections=1, sentences=2)
    out, cache = tmp_path / "out", tmp_path / "cache"
    previews = folder_for(out, SLUG)
    proc = _start(book, out, cache)
    assert _first_preview(previews, proc), "no chapter preview before the build ended"
    proc.kill()
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    dead_owner = (previews / OWNER).read_text()
    assert read_index(previews)  # what was heard is still there to hear
    assert not any((entry / "manifest.json").exists() for entry in out.iterdir())  # no edition
    assert all(entry.name.startswith(".") for entry in out.iterdir())

    again = _start(book, out, cache)
    owners = []  # whose previews the folder held, as a listener polling it saw
    while again.poll() is None:
        try:
            owner = (previews / OWNER).read_text()
        except OSError:
            owner = None
        if not owners or owners[-1] != owner:
            owners.append(owner)
        time.sleep(0.02)
    _, stderr = again.communicate()
    assert again.returncode == 0, stderr
    new_owners = [o for o in owners if o not in (dead_owner, None)]
    assert new_owners, owners  # the new build wrote its own previews there
    # the dead build's went first (never back once the new build's came), then theirs went too
    assert dead_owner not in owners[owners.index(new_owners[0]) :], owners
    assert [p.name for p in out.iterdir()] == [SLUG]
    manifest = manifest_file.load(out / SLUG / "manifest.json")
    for name in manifest.files.values():
        assert (out / SLUG / name).exists()


@pytest.mark.slow
def test_sigterm_removes_the_previews_and_writes_nothing(tmp_path):
    book = nested_book(tmp_path, parts=3, sections=1, sentences=2)
    out = tmp_path / "out"
    proc = _start(book, out, tmp_path / "cache")
    assert _first_preview(folder_for(out, SLUG), proc), "no chapter preview before the end"
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr
    assert list(out.iterdir()) == []


def test_no_preview_writes_none_and_a_one_chapter_build_needs_none(tmp_path, monkeypatch):
    import tests.tone_engine  # noqa: F401  (registers "tone")

    monkeypatch.setenv("NARRATE_CACHE_DIR", str(tmp_path / "cache"))
    book = nested_book(tmp_path, parts=2, sections=1)
    seen: list[list[str]] = []

    def look(out: Path):
        def progress(done, total, cue) -> None:
            seen.append(sorted(p.name for p in out.iterdir() if p.name.endswith(".preview")))

        return progress

    for previews, source, out in ((False, book, tmp_path / "off"),
                                  (True, _one_chapter(tmp_path), tmp_path / "one")):  # fmt: skip
        options = api.BuildOptions(
            engine=api.EngineChoice("tone"),
            out_dir=out,
            split_chapters=True,
            previews=previews,
            disclosure="none",
        )  # no voice notice: one chapter is one
        api.build([source], options, on_progress=look(out))
    assert seen and all(found == [] for found in seen)

    options = api.BuildOptions(engine=api.EngineChoice("tone"), out_dir=tmp_path / "on",
                               previews=True)  # fmt: skip
    api.build([book], options, on_progress=look(tmp_path / "on"))
    assert seen[-1] == [f".{SLUG}.preview"]  # asked for without --split-chapters
    assert [p.name for p in (tmp_path / "on").iterdir()] == [SLUG]


def _one_chapter(folder: Path) -> Path:
    one = folder / "one.txt"
    one.write_text("One Chapter\n\nIt has a sentence. And another.\n", encoding="utf-8")
    return one


def test_chapters_are_grouped_under_their_top_level_chapter(tmp_path):
    book = nested_book(tmp_path, parts=2, sections=2)
    options = api.BuildOptions(engine=api.EngineChoice("tone"))
    options.validate()
    script = script_for(api.read(book, options), options.settings())
    titles = [c.title for c in script.chapters]
    tops = top_chapter_of(script)
    assert titles[:3] == [TITLE, "Part 1: The Storm", "Section 1.1"]
    # the title; part 1 with its two sections; part 2 with its two; the voice notice
    assert tops == [0, 1, 1, 1, 2, 2, 2, 3]


def test_the_next_build_removes_only_the_previews_of_builds_that_are_gone(tmp_path):
    dead = tmp_path / ".dead.preview"
    alive = tmp_path / ".alive.preview"
    ownerless = tmp_path / ".ownerless.preview"
    edition = tmp_path / "an-edition"
    for folder in (dead, alive, ownerless, edition):
        folder.mkdir()
    (dead / OWNER).write_text("1-12345")  # pid 1 did not start then
    (alive / OWNER).write_text(owner_tag())
    assert sorted(remove_dead(tmp_path)) == [dead, ownerless]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".alive.preview", "an-edition"]
    (alive / "index.json").write_text(json.dumps({"done": [{"number": "x"}]}))
    assert read_index(alive) == []  # a damaged index lists nothing


def test_a_second_build_of_the_same_edition_while_one_runs_writes_no_previews(tmp_path):
    from narrate.chapter_previews import start

    book = nested_book(tmp_path, parts=2, sections=1)
    options = api.BuildOptions(engine=api.EngineChoice("tone"))
    options.validate()
    script = script_for(api.read(book, options), options.settings())
    running = folder_for(tmp_path, SLUG)  # a live build's previews (this process owns them)
    running.mkdir()
    (running / OWNER).write_text(owner_tag())
    assert start(tmp_path, SLUG, script, -16.0) is None
    assert sorted(p.name for p in running.iterdir()) == [OWNER]  # theirs, untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [running.name]
