"""Printed pages and nested chapters in the accessible edition of a paged document.

One edition built with the tone engine from a three-page PDF with two heading levels
(tests/fixtures/documents/report-outline.pdf: "Vaccination" is a sub-heading of "Services"),
read back as players and reading systems read it: the EPUB's page list and toc (checked by
epubcheck and DAISY Ace), the DAISY ncc's page targets and heading levels, the MP3's ID3
tables of contents (mutagen) and the M4B's chapter titles. The pages expected are those
`narrate sections --json` gives each block, so the test follows the reader, not a copy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp4 import MP4

from narrate import api
from narrate.model import Article, Block, Chapter, Cue, Section, TimedCue, Timeline
from narrate.profiles import Pauses
from narrate.speech.script import build_script
from narrate.writers.epub_book import BookInfo, plan_book, render_package
from narrate.writers.outline import PageStart, Part, Passage, chapter_parents, page_starts
from tests.epub_tools import NS, Book, ace_command, run_ace, run_epubcheck
from tests.helpers import needs

PDF = Path(__file__).parents[1] / "fixtures" / "documents" / "report-outline.pdf"
X = {"h": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def structure() -> dict:
    """What `narrate sections --json` finds in the PDF: chapters, levels, each block's page."""
    done = subprocess.run([sys.executable, "-m", "narrate", "sections", str(PDF), "--json"],
                          capture_output=True, text=True, check=True, timeout=120)  # fmt: skip
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def pages_in_order(structure: dict) -> list[int]:
    seen: list[int] = []
    for chapter in structure["chapters"]:
        for block in chapter["blocks"]:
            if block["page"] not in seen:
                seen.append(block["page"])
    return seen


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory):
    options = api.BuildOptions(profile="accessible", out_dir=tmp_path_factory.mktemp("paged"),
                               date="2026-05-01", engine=api.EngineChoice("tone"),
                               formats=("mp3", "m4b"))  # fmt: skip
    (edition,) = api.build([PDF], options)
    return edition


@pytest.fixture(scope="module")
def book(edition) -> Book:
    return Book(edition.folder / edition.manifest.files["epub"])


def _block_text(structure: dict, page: int) -> str:
    return " ".join(
        b["text"] for c in structure["chapters"] for b in c["blocks"] if b["page"] == page
    )


# --- EPUB ------------------------------------------------------------------------------------


def test_epub_page_list_gives_the_pdf_pages_in_order_at_existing_markers(
    book: Book, structure: dict, pages_in_order: list[int]
) -> None:
    nav = book.xml(book.root + "nav.xhtml")
    (page_list,) = nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)
    links = page_list.xpath(".//x:li/x:a", namespaces=NS)
    assert [int(a.text) for a in links] == pages_in_order == [1, 2, 3]
    for a in links:
        document, fragment = a.get("href").split("#")
        page = book.xml(book.root + document)
        (marker,) = page.xpath("//*[@id=$f]", f=fragment)
        assert marker.get(f"{{{NS['epub']}}}type") == "pagebreak"
        assert marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == a.text
        # the sentence after the marker is read from that printed page
        following = marker.xpath("following-sibling::x:span[1]/text()", namespaces=NS)
        assert following and following[0] in _block_text(structure, int(a.text))


def test_epub_toc_nests_sub_headings(book: Book) -> None:
    nav = book.xml(book.root + "nav.xhtml")
    (toc,) = nav.xpath("//x:nav[@epub:type='toc']/x:ol", namespaces=NS)
    top = [a.text for a in toc.xpath("x:li/x:a", namespaces=NS)]
    assert "Services" in top and "Finances" in top and "Vaccination" not in top
    nested = toc.xpath("x:li[x:a='Services']/x:ol/x:li/x:a/text()", namespaces=NS)
    assert nested == ["Vaccination"]


def test_epub_declares_its_page_navigation(book: Book) -> None:
    assert {"pageBreakMarkers", "pageNavigation"} <= set(book.metas("schema:accessibilityFeature"))
    (source,) = book.opf.findall(".//dc:source", NS)
    assert source.text == PDF.name
    # the source is named as the printed edition the pages follow (Ace: epub-pagesource)
    assert book.metas("source-of", refines=f"#{source.get('id')}") == ["pagination"]


def test_epubcheck_accepts_the_paged_book(book: Book, tmp_path: Path) -> None:
    report = run_epubcheck(book.path, tmp_path / "report.json")
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert [m for m in messages if m[0] in ("FATAL", "ERROR", "WARNING")] == []


@needs(ace_command() is not None, "DAISY Ace or chromium",
       "`npm ci` in tests/ace and apt-get install chromium (scripts/test does both)")  # fmt: skip
def test_daisy_ace_finds_no_violation_in_the_paged_book(book: Book, tmp_path: Path) -> None:
    report = run_ace(book.path, tmp_path / "ace")
    violations = [
        (subject["earl:testSubject"]["url"], test["earl:test"]["dct:title"])
        for subject in report["assertions"]
        for test in subject["assertions"]
        if test["earl:result"]["earl:outcome"] == "fail"
    ]
    assert violations == []


def test_a_paged_book_without_a_source_file_names_its_printed_edition_by_title() -> None:
    cue = TimedCue(Cue("c0", "sentence", "Text.", "Text.", 0, 0, 1, "paragraph", page=5), 0, 900)
    part = Part("Report", 1, 0, 0, 1000, None, (Passage("paragraph", (cue,)),))
    (chapter,) = plan_book((part,), (PageStart(5, cue),))
    info = BookInfo("urn:uuid:0", "Report", "en", None, None, "2026-05-01",
                    "2026-05-01T00:00:00Z", "tone", "Summary.")  # fmt: skip
    opf = etree.fromstring(render_package((chapter,), info))
    (source,) = opf.findall(".//dc:source", NS)
    assert source.text == "Report"
    refinement = opf.xpath("//opf:meta[@property='source-of']", namespaces=NS)
    assert [(m.get("refines"), m.text) for m in refinement] == [(f"#{source.get('id')}",
                                                                "pagination")]  # fmt: skip
    unpaged = etree.fromstring(render_package(plan_book((part,)), info))
    assert unpaged.findall(".//dc:source", NS) == []


# --- DAISY -----------------------------------------------------------------------------------


def _ncc(edition) -> etree._ElementTree:
    return etree.parse(edition.folder / edition.manifest.files["daisy"])


def _meta(tree: etree._ElementTree, name: str) -> str:
    [content] = tree.xpath("//*[local-name()='meta'][@name=$n]/@content", n=name)
    return str(content)


def test_daisy_ncc_has_a_page_target_per_page_pointing_at_smil_text_on_that_page(
    edition, structure: dict, pages_in_order: list[int]
) -> None:
    ncc = _ncc(edition)
    folder = edition.folder / "daisy"
    targets = ncc.xpath("//h:body/h:span[@class='page-normal']", namespaces=X)
    assert [int(t.findtext("h:a", namespaces=X)) for t in targets] == pages_in_order
    content = etree.parse(folder / "content.html")
    for target in targets:
        smil_name, text_id = target.find("h:a", X).get("href").split("#")
        (text,) = etree.parse(folder / smil_name).xpath("//text[@id=$i]", i=text_id)
        content_file, content_id = text.get("src").split("#")
        assert content_file == "content.html"
        (sentence,) = content.xpath("//*[@id=$i]/text()", i=content_id)
        page = int(target.findtext("h:a", namespaces=X))
        assert sentence in _block_text(structure, page)
    assert _meta(ncc, "ncc:pageNormal") == str(len(pages_in_order))
    assert _meta(ncc, "ncc:maxPageNormal") == str(max(pages_in_order))
    items = ncc.xpath("//h:body/*", namespaces=X)
    assert _meta(ncc, "ncc:tocItems") == str(len(items))


def test_daisy_headings_follow_the_document_levels(edition) -> None:
    ncc = _ncc(edition)
    headings = [
        (etree.QName(h).localname, "".join(h.itertext()))
        for h in ncc.xpath("//h:body/*[not(self::h:span)]", namespaces=X)
    ]
    assert headings[0] == ("h1", "Annual Report 2026")
    assert ("h2", "Services") in headings and ("h2", "Finances") in headings
    services = headings.index(("h2", "Services"))
    assert headings[services + 1] == ("h3", "Vaccination")


# --- MP3 and M4B -----------------------------------------------------------------------------


def _tree(tag: ID3, element_id: str) -> list:
    """The CTOC `element_id` as (chapter title, [its sub-chapters' trees]) entries."""
    tocs = {f.element_id: f for f in tag.getall("CTOC")}
    chaps = {f.element_id: str(f.sub_frames["TIT2"]) for f in tag.getall("CHAP")}
    entries: list = []
    for child in tocs[element_id].child_element_ids:
        if child in tocs:
            assert entries, "a sub-table follows the chapter it belongs to"
            entries[-1] = (entries[-1][0], _tree(tag, child))
        else:
            entries.append((chaps[child], []))
    return entries


def test_mp3_tables_of_contents_nest_as_the_headings(edition) -> None:
    tag = ID3(edition.folder / edition.manifest.files["mp3"])
    (top,) = [f for f in tag.getall("CTOC") if f.flags & CTOCFlags.TOP_LEVEL]
    assert top.flags & CTOCFlags.ORDERED
    assert _tree(tag, top.element_id) == [
        ("Riverside Community Clinic Annual Report", []),
        ("Services", [("Vaccination", [])]),
        ("Finances", []),
        ("Plans for next year", []),
        ("About this audio", []),
    ]
    (sub,) = [f for f in tag.getall("CTOC") if not f.flags & CTOCFlags.TOP_LEVEL]
    assert sub.flags & CTOCFlags.ORDERED and str(sub.sub_frames["TIT2"]) == "Services"
    starts = [f.start_time for f in tag.getall("CHAP")]
    assert starts == sorted(starts)  # in time order for players that ignore the CTOC


def test_m4b_chapters_are_flat_with_their_titles(edition) -> None:
    chapters = MP4(edition.folder / edition.manifest.files["m4b"]).chapters
    assert [c.title for c in chapters] == [
        "Riverside Community Clinic Annual Report", "Services", "Vaccination", "Finances",
        "Plans for next year", "About this audio"]  # fmt: skip


# --- the outline's pages and nesting, from any timeline ---------------------------------------


def _timeline(levels: list[int], pages: list[int | None], notice_last: bool = False) -> Timeline:
    cues, chapters = [], []
    for n, level in enumerate(levels):
        kind = "notice" if notice_last and n == len(levels) - 1 else "sentence"
        cue = Cue(f"c{n}", kind, f"Sentence {n}.", f"Sentence {n}.", n, 0, 1, "paragraph",
                  page=pages[n])  # fmt: skip
        cues.append(TimedCue(cue, n * 1000, n * 1000 + 900))
        chapters.append(Chapter(f"Chapter {n}", level, n * 1000, n * 1000 + 1000))
    return Timeline(tuple(cues), tuple(chapters), len(levels) * 1000, None, 22050)


def test_every_sentence_cue_carries_its_block_page() -> None:
    article = Article("Report", (
        Section(None, 1, (Block("First page. Still the first.", page=1),)),
        Section("Costs", 2, (Block("From page two.", page=2), Block("Unpaged.")))))  # fmt: skip
    script = build_script(article, Pauses(), disclosure="end")
    pages = [(c.kind, c.display, c.page) for c in script.cues]
    assert pages == [
        ("title", "Report", None), ("sentence", "First page.", 1),
        ("sentence", "Still the first.", 1), ("heading", "Costs", None),
        ("sentence", "From page two.", 2), ("sentence", "Unpaged.", None),
        ("notice", pages[-1][1], None)]  # fmt: skip


def test_an_unpaged_document_has_no_page_starts() -> None:
    assert page_starts(_timeline([1, 2, 2], [None, None, None])) == ()


def test_page_starts_rise_and_skip_pages_no_block_starts_on() -> None:
    timeline = _timeline([1, 2, 2, 2, 2], [1, 1, 4, 3, 6])
    assert [(p.page, p.cue.cue.id) for p in page_starts(timeline)] == [
        (1, "c0"), (4, "c2"), (6, "c4")]  # fmt: skip


def test_headings_starting_at_level_three_are_at_the_top() -> None:
    assert chapter_parents(_timeline([1, 3, 4, 3, 4, 5], [None] * 6)) == (
        None, None, 1, None, 3, 4)  # fmt: skip


def test_the_notice_is_never_a_sub_chapter() -> None:
    assert chapter_parents(_timeline([1, 2, 3, 2], [None] * 4, notice_last=True)) == (
        None, None, 1, None)  # fmt: skip


@given(st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=12))
def test_a_parent_comes_before_its_sub_chapter_at_a_lower_level(levels: list[int]) -> None:
    parents = chapter_parents(_timeline(levels, [None] * len(levels)))
    assert parents[0] is None
    top = min(levels[1:], default=1)
    placed = [top, *levels[1:]]  # the first chapter (title, or a book's first heading): top
    for n, parent in enumerate(parents):
        if parent is not None:
            assert 0 <= parent < n and placed[parent] < placed[n]
            # no chapter between them is at the parent's level or above
            assert all(placed[k] > placed[parent] for k in range(parent + 1, n))
        else:
            assert placed[n] == top or all(placed[k] >= placed[n] for k in range(n))


def test_a_book_opening_with_a_part_nests_its_chapters_in_it(tmp_path):
    """A book whose first heading is "Part One" (its title spoken in that chapter): the
    chapters up to "Part Two" are Part One's, in the MP3's table of contents and in
    --split-chapters' files, as the book's own contents say."""
    parents = chapter_parents(_timeline([1, 2, 3, 2, 1, 2], [None] * 6))
    assert parents == (None, 0, 1, 0, None, 4)
