"""sniff_suffix: the kind of text that came without a name (pasted in the web app, piped on
standard input), so pasted Markdown is read as Markdown and pasted prose as prose."""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pytest

from narrate.readers import read_article
from narrate.readers.registry import sniff_suffix

FIXTURES = Path(__file__).parent.parent / "fixtures"
PASTED = sorted((FIXTURES / "pasted").glob("*.txt"))
# Text whose own suffix says what it is; untitled-notes.md has no Markdown in it at all
# (two plain paragraphs), so it reads the same either way and is left out.
NAMED = [
    path
    for path in sorted((FIXTURES / "articles").iterdir())
    if path.suffix in (".txt", ".md", ".html") and path.name != "untitled-notes.md"
]


@pytest.mark.parametrize(
    ("text", "suffix"),
    [
        ("# Flu shots\n\nFree this week at the clinic.\n", ".md"),
        ("Intro line.\n\n## Dosage\n\nTwo tablets.\n", ".md"),
        ("   ### Indented a little\n\nText.\n", ".md"),
        ("Flu shots\n=========\n\nFree this week.\n", ".md"),
        ("---\ntitle: Flu shots\n---\nFree this week.\n", ".md"),
        ("See [the map](https://example.org/map) and **bring your card**.\n", ".md"),
        ("<!doctype html><title>Flu</title><p>Free.</p>", ".html"),
        ("  <html lang=en><body><p>Free.</p>", ".html"),
        ("Flu shots\n\nFree this week. We are #1 in town. #health #flu\n", ".txt"),
        ("C# and F# classes start Monday.\n", ".txt"),
        ("Only **one** mark here.\n", ".txt"),
        ("Notes\n---\nA separator, not a heading.\n", ".txt"),
        ("Price: 5 = five\n=\n", ".txt"),
        ("    # code, indented four spaces\n", ".txt"),
    ],
)
def test_sniff_suffix(text: str, suffix: str) -> None:
    assert sniff_suffix(text) == suffix


@pytest.mark.parametrize("page", PASTED, ids=lambda p: p.stem)
def test_pages_pasted_from_the_web_stay_plain_text(page: Path) -> None:
    assert sniff_suffix(page.read_text(encoding="utf-8")) == ".txt"


@pytest.mark.parametrize("path", NAMED, ids=lambda p: p.name)
def test_each_example_article_is_told_its_own_kind(path: Path) -> None:
    assert sniff_suffix(path.read_text(encoding="utf-8")) == path.suffix


def test_a_huge_single_line_is_sniffed_at_once() -> None:
    text = "word " * 2_000_000 + "\n===\n"  # 10 MB on one line: no regular-expression blow-up
    start = time.process_time()
    sniff_suffix(text)
    assert time.process_time() - start < 1


def test_markdown_piped_on_stdin_is_read_as_markdown(monkeypatch) -> None:
    data = b"# Flu shots\n\nFree this week.\n\n## Where\n\nAt the front desk.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    article = read_article("-")
    assert article.title == "Flu shots"  # not "# Flu shots"
    assert [section.title for section in article.sections if section.title] == ["Where"]
