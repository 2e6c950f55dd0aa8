"""The PDF reader, as people run it: `narrate sections x.pdf --json` and `narrate build x.pdf`
in their own processes, on the fixtures made by scripts/make_documents.py, each with a JSON of
what a careful editor expects (title, headings, paragraphs, the furniture never to be read)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutagen.id3 import ID3

from narrate.errors import ArticleError
from narrate.readers import read_article
from narrate.readers.pdf_blocks import Placed, build_items, normalise
from narrate.readers.pdf_text import Line
from narrate.readers.sections import Heading
from tests.helpers import narrate_process as _narrate

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
READABLE = [
    "report-outline",  # bookmarks, running header, "Page K of N", print date
    "newsletter-columns",  # two columns, no bookmarks, a web address and "K/N"
    "chromium-save-as-pdf",  # a browser's "Save as PDF" with its header and footer
    "chromium-tagged-plain-headings",  # headings look like text: only the tags tell
    "leaflet-filename-title",  # metadata title is a file name: the first heading is the title
    "leaflet-owner-password",  # encrypted, but with no password needed to open it
]
REFUSED = {
    "leaflet-user-password": "password",
    "scanned-letter": "no text layer",
    "truncated": "damaged",
    "zero-pages": "damaged",
    "not-really": "damaged",
}


def _expected(name: str) -> dict:
    return json.loads((DOCUMENTS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def described() -> dict[str, dict]:
    """Each readable fixture as `narrate sections --json` prints it."""
    found = {}
    for name in READABLE:
        result = _narrate("sections", str(DOCUMENTS / f"{name}.pdf"), "--json")
        assert result.returncode == 0, result.stderr
        found[name] = json.loads(result.stdout)
    return found


def _blocks(article: dict) -> list[dict]:
    """The blocks of the text, without the notes read at the end of chapters."""
    blocks = [block for chapter in article["chapters"] for block in chapter["blocks"]]
    return [block for block in blocks if not block["text"].startswith("Note: ")]


def _chapter_headings(expected: dict) -> list[list]:
    """The headings that become chapters: all but a first one that is the title."""
    headings = expected["headings"]
    if headings and headings[0][1] == expected["title"]:
        return headings[1:]
    return headings


@pytest.mark.parametrize("name", READABLE)
def test_title_is_the_documents_title(described, name):
    assert described[name]["title"] == _expected(name)["title"]


@pytest.mark.parametrize("name", READABLE)
def test_chapters_are_where_the_headings_are(described, name):
    chapters = described[name]["chapters"]
    found = [[c["level"], c["heading"]] for c in chapters if c["heading"] is not None]
    assert found == _chapter_headings(_expected(name))


@pytest.mark.parametrize("name", READABLE)
def test_text_is_the_text_paragraph_by_paragraph(described, name):
    said = [block["text"] for block in _blocks(described[name])]
    assert said == _expected(name)["paragraphs"]


@pytest.mark.parametrize("name", READABLE)
def test_no_page_furniture_is_read(described, name):
    article = described[name]
    said = [article["title"]] + [c["heading"] or "" for c in article["chapters"]]
    said += [block["text"] for block in _blocks(article)]
    for furniture in _expected(name)["furniture"]:
        assert not [text for text in said if furniture in text], furniture


@pytest.mark.parametrize("name", READABLE)
def test_list_items_are_list_items_without_their_bullets(described, name):
    assert [block["kind"] for block in _blocks(described[name])] == _expected(name)["kinds"]


def test_numbered_items_keep_their_numbers_as_their_place():
    article = read_article(DOCUMENTS / "leaflet-filename-title.pdf")
    places = [block.place for section in article.sections for block in section.blocks]
    assert places == _expected("leaflet-filename-title")["places"]
    assert 2 in places


@pytest.mark.parametrize("name", ["report-outline", "newsletter-columns"])
def test_a_paragraph_across_a_page_break_is_one_block_on_its_first_page(described, name):
    expected = _expected(name)
    blocks = _blocks(described[name])
    assert expected["breaks"]["across_pages"], "the fixture should break a paragraph"
    for index in expected["breaks"]["across_pages"]:
        assert blocks[index]["text"] == expected["paragraphs"][index]
    assert [block["page"] for block in blocks] == expected["breaks"]["starts_on"]


@pytest.mark.parametrize("name", ["report-outline", "newsletter-columns"])
def test_words_hyphenated_at_a_line_end_are_whole_again(described, name):
    text = " ".join(block["text"] for block in _blocks(described[name]))
    hyphenated = _expected(name)["breaks"]["hyphenated"]
    assert hyphenated, "the fixture should hyphenate words"
    for word in hyphenated:
        assert word.strip(".,;:") in text


@pytest.mark.parametrize(("name", "problem"), REFUSED.items())
def test_unreadable_pdfs_are_refused_in_one_line_and_nothing_is_written(tmp_path, name, problem):
    out = tmp_path / "out"
    source = str(DOCUMENTS / f"{name}.pdf")
    result = _narrate("build", source, "--engine", "tone", "-o", str(out), module="tests.tone_cli")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"narrate: error: {DOCUMENTS / name}.pdf: ")
    assert problem in lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_notes_are_read_at_the_end_of_their_chapter_and_their_marks_never():
    result = _narrate("sections", str(DOCUMENTS / "report-outline.pdf"), "--json")
    article = json.loads(result.stdout)
    note = f"Note: {_expected('report-outline')['notes'][0]}"
    chapter = next(c for c in article["chapters"] if note in [b["text"] for b in c["blocks"]])
    texts = [block["text"] for block in chapter["blocks"]]
    assert texts[-1] == note  # at the end of the chapter its page's text is in
    assert "from eleven days to six days, mostly because" in result.stdout  # mark "1" not read
    assert result.stdout.count("appointment records") == 1


def test_notes_skip_leaves_the_notes_out(tmp_path):
    result = _narrate(
        "sections", str(DOCUMENTS / "report-outline.pdf"), "--json", "--notes", "skip"
    )
    assert result.returncode == 0, result.stderr
    assert "appointment records" not in result.stdout
    assert "from eleven days to six days, mostly because" in result.stdout


def test_a_scan_is_refused_with_what_to_do(tmp_path):
    result = _narrate("sections", str(DOCUMENTS / "scanned-letter.pdf"), "--json")
    assert result.returncode != 0 and not result.stdout
    assert "no text layer (a scan?)" in result.stderr and "OCR" in result.stderr


def test_the_type_comes_from_the_bytes_not_the_name(tmp_path):
    disguised = tmp_path / "leaflet.txt"
    shutil.copy(DOCUMENTS / "leaflet-filename-title.pdf", disguised)
    result = _narrate("sections", str(disguised), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Caring for Your Knee After Surgery"


def test_other_binary_files_are_still_refused(tmp_path):
    image = tmp_path / "photo.pdf"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    result = _narrate("sections", str(image))
    assert result.returncode != 0
    assert "looks like binary data, not an article (a PNG image)" in result.stderr


def test_a_pdf_on_standard_input_is_read():
    data = (DOCUMENTS / "newsletter-columns.pdf").read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "narrate", "sections", "-", "--json"],
        input=data, cwd=ROOT, env=env, capture_output=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Hillside Library News"


def test_build_makes_an_mp3_with_the_pdfs_chapters(tmp_path):
    source = str(DOCUMENTS / "report-outline.pdf")
    args = ["build", source, "--engine", "tone", "-q", "--format", "mp3", "-o", str(tmp_path)]
    result = _narrate(*args, module="tests.tone_cli")
    assert result.returncode == 0, result.stderr
    mp3s = list(tmp_path.rglob("*.mp3"))
    assert len(mp3s) == 1
    chapters = sorted(ID3(mp3s[0]).getall("CHAP"), key=lambda chap: chap.start_time)
    titles = [chap.sub_frames["TIT2"].text[0] for chap in chapters]
    expected = [heading for _, heading in _chapter_headings(_expected("report-outline"))]
    assert titles == [*expected, "About this audio"]  # the synthetic-voice notice comes last


def test_a_pdf_over_the_page_limit_is_refused_in_one_line():
    from narrate.readers.document_options import DocumentOptions

    with pytest.raises(ArticleError, match=r"has 3 pages, over the limit of 2; --max-pages"):
        read_article(DOCUMENTS / "report-outline.pdf", document=DocumentOptions(max_pages=2))


# The library on hand-made lines: the hyphen rule, and normalisation.


def _line(text: str, page: int = 1, row: int = 0) -> Line:
    top = 700 - row * 14
    return Line(page, 72, top - 10, 500, top, 10.0, False, text)


def _read_lines(*texts: str) -> str:
    placed = [Placed(_line(text, row=row), 1) for row, text in enumerate(texts)]
    items = build_items(placed, {})
    assert len(items) == 1 and not isinstance(items[0], Heading)
    return items[0].text


def test_a_compound_broken_at_its_hyphen_keeps_it_when_the_document_writes_it_so():
    said = _read_lines("Book a follow-up visit. After the follow-", "up visit, rest.")
    assert said.endswith("After the follow-up visit, rest.")


def test_a_word_broken_at_a_line_end_is_joined():
    said = _read_lines("Most of the recov-", "ery is at home.")
    assert said == "Most of the recovery is at home."


def test_a_hyphen_before_a_number_or_capital_stays():
    assert _read_lines("Tests for COVID-", "19 are free.") == "Tests for COVID-19 are free."


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ﬁrst ﬂoor", "first floor"),
        ("a\u00a0b\u2009c\u202fd", "a b c d"),
        ("zero\u200bwidth", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
        ("broken at the end\ufffe", "broken at the end-"),
    ],
)
def test_normalise(raw, clean):
    assert normalise(raw) == clean


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=6, max_value=60_000), junk=st.binary(max_size=64))
def test_a_damaged_pdf_is_an_article_error_never_a_crash(tmp_path, cut, junk):
    whole = (DOCUMENTS / "report-outline.pdf").read_bytes()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(whole[:cut] + junk + whole[cut + len(junk) :])
    try:
        article = read_article(damaged)
    except ArticleError as error:
        assert "\n" not in str(error)
    else:
        assert article.sections


def test_pdfs_read_on_many_threads_at_once_read_as_on_one() -> None:
    """PDFium is not thread-safe; the web app reads PDFs on its review and worker threads at
    once. Eight threads reading two documents over and over get what one thread gets."""
    from concurrent.futures import ThreadPoolExecutor

    names = ["report-outline.pdf", "newsletter-columns.pdf"]
    paths = [DOCUMENTS / name for name in names]
    alone = {path: read_article(str(path)) for path in paths}
    with ThreadPoolExecutor(8) as pool:
        read = list(pool.map(lambda path: (path, read_article(str(path))), paths * 16))
    assert all(article == alone[path] for path, article in read)


def test_a_title_pages_authors_with_their_address_are_text_not_a_chapter(tmp_path):
    """A manual's title page (as texinfo sets it): the title, then its authors and their
    address in large type. The authors are read as text on the way in, never a chapter."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "manual.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.setFont("Helvetica-Bold", 28)
    canvas.drawString(72, 760, "Libwidget Manual")
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(72, 700, "Ana Ruiz Maria Chen")  # the names wrap, the address ends them
    canvas.drawString(72, 680, "Jo Park (help-libwidget@example.org)")
    canvas.setFont("Helvetica-Bold", 20)
    canvas.drawString(72, 640, "Introduction")
    canvas.setFont("Helvetica", 11)
    for row in range(12):
        canvas.drawString(72, 600 - row * 16, f"This is line {row} of the body of the manual.")
    canvas.showPage()
    canvas.save()

    result = _narrate("sections", str(pdf), "--json")

    assert result.returncode == 0, result.stderr
    chapters = json.loads(result.stdout)["chapters"]
    titles = [chapter["heading"] for chapter in chapters if chapter["heading"]]
    assert titles == ["Libwidget Manual", "Introduction"] or titles == ["Introduction"], titles
    script = _narrate("script", str(pdf), "--lang", "en")
    assert "Ana Ruiz Maria Chen" in script.stdout


@pytest.mark.parametrize("running", ["Chapter {number}: {title}", "{heading}"])
def test_running_chapter_titles_are_not_read_and_the_chapters_stay(tmp_path, running):
    """A bookmarked manual (texinfo, LaTeX) prints its chapter's title over each page after
    the first ("Chapter 2: Naming"), on too few pages for the repeated-line rule: it names a
    bookmark, so it is furniture; the chapter's own heading at the top of its first page
    stays a chapter."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "manual.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.setTitle("Libwidget Manual")
    chapters = [("1 Introduction", 2), ("2 Naming", 3), ("3 Utilities", 2)]
    for number, (heading, pages) in enumerate(chapters, 1):
        for page in range(pages):
            if page == 0:
                canvas.bookmarkPage(heading)
                canvas.addOutlineEntry(heading, heading, level=0)
                canvas.setFont("Helvetica-Bold", 20)
                canvas.drawString(72, 800, heading)
            else:
                canvas.setFont("Helvetica-Oblique", 10)
                title = heading.split(" ", 1)[1]
                header = running.format(number=number, title=title, heading=heading)
                canvas.drawString(72, 810, header)
                canvas.drawString(500, 810, str(page + 1))
            canvas.setFont("Helvetica", 11)
            for row in range(30):
                line = f"Line {row} of page {page} in part {number} goes here."
                canvas.drawString(72, 740 - row * 18, line)
            canvas.showPage()
    canvas.save()

    result = _narrate("sections", str(pdf), "--json")
    script = _narrate("script", str(pdf), "--lang", "en")

    assert result.returncode == 0, result.stderr
    chapters_found = json.loads(result.stdout)["chapters"]
    assert [c["heading"] for c in chapters_found if c["heading"]] == [h for h, _ in chapters]
    assert "Chapter" not in script.stdout, script.stdout
    for heading, _ in chapters:  # each said once, as its chapter's heading
        said = heading.split(" ", 1)[1]
        assert script.stdout.count(said) == 1, (said, script.stdout)
