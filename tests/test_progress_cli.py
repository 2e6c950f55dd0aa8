"""`narrate build`'s progress names the chapter being spoken ("chapter 3 of 11: Section 1.1"):
in the bar on a terminal, and as one line per chapter in a log, as users run it."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from tests.books import nested_book
from tests.helpers import narrate_process

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ["The Lighthouse Keeper", "Part 1: The Storm", "Section 1.1", "Section 1.2",
            "Part 2: The Harbour", "Section 2.1", "Section 2.2", "About this audio"]  # fmt: skip


def test_a_log_gets_a_line_for_each_chapter_as_it_is_spoken(tmp_path):
    book = nested_book(tmp_path, parts=2)
    done = narrate_process("build", str(book), "--engine", "tone", "-o", str(tmp_path / "out"),
                           "--cache-dir", str(tmp_path / "cache"),
                           module="tests.tone_cli")  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if line.startswith("chapter ")]
    assert said == [f"chapter {n} of 8: {title}" for n, title in enumerate(CHAPTERS, 1)]

    again = narrate_process("build", str(book), "--engine", "tone", "-o", str(tmp_path / "out"),
                            "--cache-dir", str(tmp_path / "cache"),
                            module="tests.tone_cli")  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert [line for line in again.stderr.splitlines() if line.startswith("chapter ")] == [
        "chapter 1 of 8: The Lighthouse Keeper"  # every clip from the cache: no chapter to wait on
    ]


def test_the_bar_on_a_terminal_names_the_chapter(tmp_path):
    book = nested_book(tmp_path, parts=2)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.tone_cli", "build", str(book), "--engine", "tone-slow",
         "-o", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"},
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower,
    )  # fmt: skip
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the build ended
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    assert proc.wait(timeout=120) == 0
    text = screen.decode("utf-8", "replace")
    shown = re.findall(r"\d+/\d+\s+(?:\S+\s+)?(chapter \d+ of 8: [^\r\n]*?)\s*(?:\r|\x1b|$)", text)
    assert shown, text
    assert "chapter 3 of 8: Section 1.1" in shown
    assert shown[-1] == "chapter 8 of 8: About this audio"
    numbers = [int(line.split()[1]) for line in shown]
    assert numbers == sorted(numbers)  # spoken in order, one sentence at a time
    assert not [line for line in text.splitlines() if line.startswith("chapter ")]  # bar only


def test_a_label_without_the_script_names_the_heading_and_a_long_title_is_cut():
    from narrate.cli.progress import TITLE_CHARS, chapter_label
    from narrate.model import ChapterSpec, Cue, Script

    cue = Cue("c1", "sentence", "Said.", "Said.", chapter=2, pause_after_ms=0, heading="Doses")
    assert chapter_label(cue, None) == "chapter 3: Doses"  # a cluster run: no script here
    untitled = Cue("c0", "title", "T.", "T.", chapter=0, pause_after_ms=0)
    assert chapter_label(untitled, None) == "chapter 1"
    long_title = "A very long chapter title " * 4
    script = Script("T", "en", (cue,), tuple(ChapterSpec(long_title, 2) for _ in range(3)))
    label = chapter_label(cue, script)
    assert label.startswith("chapter 3 of 3: A very long chapter title A very")
    assert label.endswith("…") and len(label.split(": ", 1)[1]) == TITLE_CHARS
