"""Scanned PDFs, as people run them: `narrate sections scan.pdf` refused in one line naming
--ocr; with --ocr, read by Tesseract and the same structure recovery (title, headings,
paragraphs, furniture) as a text layer; the edition's manifest says the text came from OCR.

The scans: the fixture scanned-letter.pdf (scripts/make_documents.py: two lines in Pillow's
small default font, a poor scan), and scans made here of text-layer fixtures (their pages
rendered at 200 dpi and put back as pictures only, no metadata, no bookmarks), each checked
against its fixture's JSON of what a careful editor expects."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.helpers import narrate_process as _narrate
from tests.helpers import needs

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
LETTER = DOCUMENTS / "scanned-letter.pdf"
LETTER_TEXT = "Dear Mrs Example, Your appointment is on Monday."  # as make_scan draws it
WORD = re.compile(r"[^\W\d_]+")
SCAN_DPI = 200
SCANNED = [  # text-layer fixtures whose pictures make the scans
    "report-outline",  # three pages, running header and footer, a stamp up the margin
    "newsletter-columns",  # two columns
    "leaflet-filename-title",  # one page
    "chromium-save-as-pdf",  # a browser's header and footer on every page
]
TARGET_F1 = 0.93  # issue 27: scanned with --ocr, words F1 >= 0.93

tesseract = needs(
    shutil.which("tesseract") is not None, "tesseract", "apt-get install tesseract-ocr"
)


def _words(text: str) -> Counter[str]:
    return Counter(word.casefold() for word in WORD.findall(text))


def _f1(found: Counter[str], wanted: Counter[str]) -> float:
    shared = (found & wanted).total()
    if not shared:
        return 0.0
    precision, recall = shared / found.total(), shared / wanted.total()
    return 2 * precision * recall / (precision + recall)


def _said(article: dict) -> str:
    """Everything `sections --json` says would be read: title, headings, blocks."""
    parts = [article["title"] or ""]
    for chapter in article["chapters"]:
        parts.append(chapter["heading"] or "")
        parts.extend(block["text"] for block in chapter["blocks"])
    return " ".join(parts)


def _scan_of(source: Path, target: Path) -> None:
    """`source` with each page replaced by a picture of it: a PDF with no text layer."""
    original, scan = pdfium.PdfDocument(source), pdfium.PdfDocument.new()
    for index in range(len(original)):
        page = original[index]
        width, height = page.get_size()
        bitmap = page.render(scale=SCAN_DPI / 72, grayscale=True)
        picture = pdfium.PdfImage.new(scan)
        picture.set_bitmap(bitmap)
        picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
        copy = scan.new_page(width, height)
        copy.insert_obj(picture)
        copy.gen_content()
    scan.save(target)


@pytest.mark.parametrize("command", ["sections", "script", "build"])
def test_a_scan_without_ocr_is_refused_in_one_line_naming_ocr(command, tmp_path):
    out = tmp_path / "out"
    args = [command, str(LETTER)] + (["--json"] if command == "sections" else [])
    if command == "build":
        args += ["--engine", "tone", "-o", str(out)]
    result = _narrate(*args, module="tests.tone_cli" if command == "build" else "narrate")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"narrate: error: {LETTER}: ")
    assert "no text layer" in lines[0] and "--ocr" in lines[0]
    assert result.stdout == ""
    assert not out.exists() or not any(out.iterdir())


@tesseract
def test_the_scanned_letter_is_read_with_ocr():
    result = _narrate("sections", str(LETTER), "--ocr", "--json")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    said = " ".join(block["text"] for chapter in article["chapters"] for block in chapter["blocks"])
    assert "Dear Mrs Example" in said and "Monday" in said
    # Pillow's 11-pixel font leaves a pixel between words, so "is on" may be read "ison":
    # the words F1 target is checked on the scanned documents below
    print(f"words F1 of the scanned letter: {_f1(_words(said), _words(LETTER_TEXT)):.3f}")
    assert {"dear", "mrs", "example", "your", "monday"} <= set(_words(said))


@tesseract
@pytest.mark.parametrize("name", SCANNED)
def test_a_scanned_document_keeps_its_title_headings_and_text(name, tmp_path):
    scan = tmp_path / f"{name}-scan.pdf"
    _scan_of(DOCUMENTS / f"{name}.pdf", scan)
    expected = json.loads((DOCUMENTS / f"{name}.json").read_text(encoding="utf-8"))
    result = _narrate("sections", str(scan), "--ocr", "--json")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    # a scan has no metadata title, tags or bookmarks: the title is the first heading, and the
    # headings and their levels come from the type's size and weight in the pictures
    (_, title), *wanted = expected["headings"]
    assert article["title"] == title
    headings = [[c["level"], c["heading"]] for c in article["chapters"] if c["heading"]]
    assert [heading for _, heading in headings] == [heading for _, heading in wanted]
    levels = [level for level, _ in headings]
    top = min(level for level, _ in wanted)
    assert levels == [level - top + min(levels) for level, _ in wanted]  # nested alike
    said = _said(article)
    for furniture in expected["furniture"]:
        assert furniture not in said
    text = " ".join([title, *(heading for _, heading in wanted), *expected["paragraphs"]])
    score = _f1(_words(said), _words(text))
    print(f"words F1 of {name} scanned, read with --ocr: {score:.3f}")
    assert score >= TARGET_F1
    pages = {block["page"] for chapter in article["chapters"] for block in chapter["blocks"]}
    assert pages == set(range(1, len(pdfium.PdfDocument(scan)) + 1))


@tesseract
def test_an_edition_built_from_a_scan_says_its_text_came_from_ocr(tmp_path):
    args = ["build", str(LETTER), "--ocr", "--engine", "tone", "-q", "--format", "mp3"]
    result = _narrate(*args, "-o", str(tmp_path), module="tests.tone_cli")
    assert result.returncode == 0, result.stderr
    (manifest,) = tmp_path.rglob("manifest.json")
    source = json.loads(manifest.read_text(encoding="utf-8"))["source"]
    assert source["text_from"] == "ocr"
    from narrate.manifest import load

    assert load(manifest).source.text_from == "ocr"  # and it reads back


def test_an_edition_from_a_text_layer_says_nothing_of_ocr(tmp_path):
    source = str(DOCUMENTS / "leaflet-owner-password.pdf")
    args = ["build", source, "--ocr", "--engine", "tone", "-q", "--format", "mp3"]
    result = _narrate(*args, "-o", str(tmp_path), module="tests.tone_cli")
    assert result.returncode == 0, result.stderr
    (manifest,) = tmp_path.rglob("manifest.json")
    assert "text_from" not in json.loads(manifest.read_text(encoding="utf-8"))["source"]


def test_without_tesseract_ocr_is_refused_in_one_line_naming_the_package(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": str(tmp_path)}  # no tesseract there
    result = subprocess.run(
        [sys.executable, "-m", "narrate", "sections", str(LETTER), "--ocr", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "apt-get install tesseract-ocr" in lines[0] and str(LETTER) in lines[0]


LINE_SPAN = "<span class='ocr_line' id='line_1_1' title=\"{}\">{}</span>"
WORD_SPAN = "<span class='ocrx_word' id='word_1_1' title='{}'>{}</span>"
NOTHING_READ = [  # what a Tesseract that read nothing usable may print
    "",
    "<html><body></body></html>",
    LINE_SPAN.format("bbox x", ""),
    LINE_SPAN.format(
        "bbox 1 2 3 4; x_size nan; textangle x", WORD_SPAN.format("bbox 1 2 3", "Hello")
    ),
    LINE_SPAN.format("bbox 1 2 3 4", WORD_SPAN.format("bbox 5 5 5 9; x_wconf 99", "there")),
    LINE_SPAN.format("bbox 1 2 3 4", WORD_SPAN.format("bbox 5 5 9 9; x_wconf 3", ".")),
]


@pytest.mark.parametrize("output", [None, *NOTHING_READ])
def test_a_tesseract_that_fails_or_reads_nothing_is_said_in_one_line(output, tmp_path):
    """None: Tesseract fails with a message; else what it prints for every page."""
    fake = tmp_path / "bin" / "tesseract"
    fake.parent.mkdir()
    printed = tmp_path / "printed.hocr"
    printed.write_text(output or "")
    fails = "echo 'Error in pixReadStream: unknown format' >&2; exit 1"
    fake.write_text(f"#!/bin/sh\ncat >/dev/null\n{fails if output is None else f'cat {printed}'}\n")
    fake.chmod(0o755)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{fake.parent}:{os.environ['PATH']}"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.tone_cli", "build", str(LETTER), "--ocr",
         "--engine", "tone", "-o", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"narrate: error: {LETTER}: ")
    said = "Tesseract failed: Error in pixReadStream" if output is None else "found no text"
    assert said in lines[0]
    assert not out.exists() or not any(out.iterdir())
