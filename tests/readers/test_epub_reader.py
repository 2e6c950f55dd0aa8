"""The EPUB reader, as people run it (`narrate sections book.epub --json`, `narrate build
book.epub`), on pandoc's EPUB 3 (nav, landmarks) and EPUB 2 (NCX, guide) of one novel with a
cover, a copyright page and a printed table of contents, and on small books made here to
test one rule each: spine order, nav titles, non-linear items, unmarked front matter."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutagen.id3 import ID3

from narrate.readers import read_article
from narrate.readers.containers import read_container
from tests.readers.office_documents import (
    BILLION_LAUGHS,
    OFFICE,
    check_document,
    damaged_is_refused_or_read,
    described,
    expected,
    fixture_parts,
    narrate,
    refused_in_one_line,
    zip_bytes,
)

BOOKS = ["novel.epub", "novel-epub2.epub"]


@pytest.mark.parametrize("name", BOOKS)
def test_title_chapters_nesting_and_text_are_what_an_editor_expects(name):
    check_document(name)
    assert described(name)["language"] == expected(name)["language"]


def test_epub2_is_read_from_its_ncx_and_epub3_from_its_nav():
    assert "toc.ncx" in " ".join(fixture_parts("novel-epub2.epub"))
    assert b'properties="nav"' not in fixture_parts("novel-epub2.epub")["EPUB/content.opf"]
    assert b'properties="nav"' in fixture_parts("novel.epub")["EPUB/content.opf"]
    assert described("novel.epub")["chapters"] == described("novel-epub2.epub")["chapters"]


def test_cover_copyright_page_and_printed_contents_are_skipped():
    for name in BOOKS:
        said = json.dumps(described(name))
        for never in ("ISBN", "Harbour Press", "Contents", "cover"):
            assert never not in said, (name, never)


CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)


def _page(body: str, kind: str = "") -> str:
    typed = f' epub:type="{kind}"' if kind else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
        f'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>x</title></head>'
        f"<body{typed}>{body}</body></html>"
    )


def _book(pages: dict[str, str], spine: list[str], nav: str, linear_no: tuple = ()) -> bytes:
    """A small EPUB 3: pages by file name (under OPS/), the spine's order and a nav list."""
    manifest = "".join(
        f'<item id="{name.split(".")[0]}" href="{name}" media-type="application/xhtml+xml"/>'
        for name in sorted(pages)
    )
    refs = "".join(
        f'<itemref idref="{name.split(".")[0]}"'
        + (' linear="no"' if name in linear_no else "") + "/>"
        for name in spine
    )  # fmt: skip
    opf = (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Small Book</dc:title>'
        "<dc:creator>A. Writer</dc:creator><dc:language>fr</dc:language></metadata>"
        f'<manifest><item id="nav" href="nav.xhtml" properties="nav" '
        f'media-type="application/xhtml+xml"/>{manifest}</manifest>'
        f"<spine>{refs}</spine></package>"
    )
    nav_page = _page(f'<nav epub:type="toc"><ol>{nav}</ol></nav>')
    parts = {"mimetype": "application/epub+zip", "META-INF/container.xml": CONTAINER,
             "OPS/book.opf": opf, "OPS/nav.xhtml": nav_page}  # fmt: skip
    parts.update({f"OPS/{name}": page for name, page in pages.items()})
    return zip_bytes(parts)


def _read(tmp_path, data: bytes):
    path = tmp_path / "book.epub"
    path.write_bytes(data)
    return read_article(path)


def test_the_spine_order_is_the_reading_order_and_nav_titles_name_the_chapters(tmp_path):
    pages = {
        "a.xhtml": _page("<header><h1>The Storm</h1></header><p>Wind from the west.</p>"),
        "b.xhtml": _page(
            '<h1>The Boat</h1><p>Gone before dawn.</p><h2 id="s">At sea</h2><p>Grey water.</p>'
        ),  # fmt: skip
        "c.xhtml": _page("<p>Later that night.</p>"),
    }
    nav = (
        '<li><a href="b.xhtml">Chapter One: The Boat</a><ol><li><a href="b.xhtml#s">Out at sea'
        '</a></li></ol></li><li><a href="a.xhtml">Chapter Two: The Storm</a></li>'
    )
    article = _read(tmp_path, _book(pages, ["b.xhtml", "a.xhtml", "c.xhtml"], nav))
    assert [(s.title, s.level) for s in article.sections] == [
        ("Chapter One: The Boat", 1), ("Out at sea", 2), ("Chapter Two: The Storm", 1),
    ]  # fmt: skip
    assert [[b.text for b in s.blocks] for s in article.sections] == [
        ["Gone before dawn."], ["Grey water."], ["Wind from the west.", "Later that night."],
    ]  # fmt: skip
    assert (article.title, article.byline, article.language) == ("Small Book", "A. Writer", "fr")


def test_unmarked_front_matter_and_non_linear_items_are_skipped_notes_read_at_the_end(tmp_path):
    pages = {
        "legal.xhtml": _page("<p>Copyright © 2026 A. Writer. All rights reserved.</p>"),
        "toc.xhtml": _page(
            '<h1>Contents</h1><p><a href="one.xhtml">One</a></p><p><a href='
            '"two.xhtml">Two</a></p><p><a href="three.xhtml">Three</a></p>'
        ),  # fmt: skip
        "one.xhtml": _page(
            '<h1>One</h1><p>It began.<a epub:type="noteref" href="#n1">1</a></p>'
            '<aside epub:type="footnote" id="n1"><p>A note.</p></aside>'
            '<aside class="sidebar"><p>A sidebar is the book.</p></aside>'
        ),  # fmt: skip
        "extra.xhtml": _page("<p>An answer key, off the reading order.</p>"),
    }
    nav = '<li><a href="one.xhtml">One</a></li>'
    spine = ["legal.xhtml", "toc.xhtml", "one.xhtml", "extra.xhtml"]
    article = _read(tmp_path, _book(pages, spine, nav, linear_no=("extra.xhtml",)))
    assert [s.title for s in article.sections] == ["One"]
    said = [b.text for b in article.sections[0].blocks]
    assert said == ["It began.", "A sidebar is the book.", "Notes.", "Note 1. A note."]


REFUSALS = {
    "no spine": (
        lambda: zip_bytes(
            {
                **fixture_parts("novel.epub"),
                "EPUB/content.opf": fixture_parts("novel.epub")["EPUB/content.opf"]
                .replace(b"<spine", b"<nospine")
                .replace(b"</spine>", b"</nospine>"),
            }
        ),
        "no spine",
    ),  # fmt: skip
    "entities in a chapter": (
        lambda: zip_bytes(
            {**fixture_parts("novel.epub"), "EPUB/text/ch004.xhtml": BILLION_LAUGHS + "<html/>"}
        ),  # fmt: skip
        "declares XML entities in EPUB/text/ch004.xhtml",
    ),
    "truncated": (lambda: (OFFICE / "novel.epub").read_bytes()[:3000], "damaged or truncated"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_bad_book_is_refused_in_one_line_and_nothing_is_written(tmp_path, case):
    make, problem = REFUSALS[case]
    path = tmp_path / "novel.epub"
    path.write_bytes(make())
    refused_in_one_line(path, tmp_path, problem)


def test_build_makes_an_mp3_whose_chapters_are_the_books_chapters(tmp_path):
    args = ["build", str(OFFICE / "novel.epub"), "--engine", "tone", "-q", "--format", "mp3",
            "-o", str(tmp_path)]  # fmt: skip
    result = narrate(*args, module="tests.tone_cli")
    assert result.returncode == 0, result.stderr.decode()
    [mp3] = list(tmp_path.rglob("*.mp3"))
    chapters = sorted(ID3(mp3).getall("CHAP"), key=lambda chap: chap.start_time)
    titles = [chap.sub_frames["TIT2"].text[0] for chap in chapters]
    assert titles[:-1] == [heading for _, heading in expected("novel.epub")["headings"]]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=4, max_value=10297), flip=st.integers(0, 255))
def test_a_damaged_file_is_an_article_error_never_a_crash(tmp_path, cut, flip):
    damaged_is_refused_or_read("novel.epub", tmp_path, cut, flip)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=1, max_value=3000), flip=st.integers(1, 255))
def test_a_damaged_part_is_an_article_error_never_a_crash(tmp_path, cut, flip):
    damaged_is_refused_or_read("novel.epub", tmp_path, cut, flip, "EPUB/nav.xhtml")


def test_a_first_chapter_named_as_the_book_is_not_a_chapter(tmp_path):
    pages = {
        "a.xhtml": _page("<h1>Small Book</h1><p>An opening word.</p>"),
        "b.xhtml": _page("<h1>Next</h1><p>More.</p>"),
    }
    nav = '<li><a href="a.xhtml">Small Book</a></li><li><a href="b.xhtml">Next</a></li>'
    article = _read(tmp_path, _book(pages, ["a.xhtml", "b.xhtml"], nav))
    assert [s.title for s in article.sections] == [None, "Next"]
    assert article.sections[0].blocks[0].text == "An opening word."


def test_a_document_the_nav_does_not_list_continues_the_chapter_before_it(tmp_path):
    pages = {
        "a.xhtml": _page("<h1>Part One</h1>"),
        "b.xhtml": _page("<h1>The Storm</h1><p>Wind.</p>"),
        "b2.xhtml": _page("<h1>Night</h1><p>Rain.</p>"),  # a chapter split in two files
    }
    nav = '<li><a href="a.xhtml">Part One</a><ol><li><a href="b.xhtml">The Storm</a></li></ol></li>'
    article = _read(tmp_path, _book(pages, ["a.xhtml", "b.xhtml", "b2.xhtml"], nav))
    assert [(s.title, s.level) for s in article.sections] == [
        ("Part One", 1),
        ("The Storm", 2),
        ("Night", 3),
    ]


def _visits(monkeypatch, read) -> tuple[int, int]:
    """The ZIP member listings made and the HTML nodes visited while `read()` runs: the work
    of reading, counted (no timing)."""
    import zipfile

    from bs4.element import Tag

    counts = [0, 0]
    listing, descendants = zipfile.ZipFile.namelist, Tag.descendants

    def counted_listing(self):
        counts[0] += 1
        return listing(self)

    def counted_descendants(self):
        for node in descendants.fget(self):
            counts[1] += 1
            yield node

    with monkeypatch.context() as patched:
        patched.setattr(zipfile.ZipFile, "namelist", counted_listing)
        patched.setattr(Tag, "descendants", property(counted_descendants))
        read()
    return counts[0], counts[1]


def _long_book(documents: int, anchors: int) -> bytes:
    """A book of many documents, one with a nav entry per document, and one document of many
    sections, each with its own nav entry (an anchor)."""
    pages = {f"c{i}.xhtml": _page(f"<h1>Chapter {i}</h1><p>Text {i}.</p>")
             for i in range(documents)}  # fmt: skip
    pages["long.xhtml"] = _page("".join(f'<h2 id="s{i}">Section {i}</h2><p>Words {i}.</p>'
                                        for i in range(anchors)))  # fmt: skip
    nav = "".join(f'<li><a href="c{i}.xhtml">Chapter {i}</a></li>' for i in range(documents))
    nav += '<li><a href="long.xhtml">Long</a><ol>' + "".join(
        f'<li><a href="long.xhtml#s{i}">Section {i}</a></li>' for i in range(anchors)
    ) + "</ol></li>"  # fmt: skip
    return _book(pages, [*(f"c{i}.xhtml" for i in range(documents)), "long.xhtml"], nav)


def test_a_book_of_many_documents_and_nav_entries_is_read_in_work_proportional_to_its_size(
    tmp_path, monkeypatch
):
    small, large = tmp_path / "small.epub", tmp_path / "large.epub"
    small.write_bytes(_long_book(50, 50))
    large.write_bytes(_long_book(400, 400))  # 8 times the book
    # the reader itself, in this process (read_article reads documents in a child process,
    # where this process's counters see nothing)
    listings_small, nodes_small = _visits(
        monkeypatch, lambda: read_container(small.read_bytes(), str(small)))  # fmt: skip
    listings_large, nodes_large = _visits(
        monkeypatch, lambda: read_container(large.read_bytes(), str(large)))  # fmt: skip
    assert nodes_small > 0
    assert listings_large == listings_small <= 5  # members listed once, not once per lookup
    assert nodes_large < 12 * nodes_small  # linear: ~8 times; quadratic would be ~64 times
    article = read_article(large)
    assert len([s for s in article.sections if s.title]) == 801
    assert article.sections[-1].title == "Section 399" and article.sections[-1].level == 2


def test_notes_without_a_target_marks_to_nowhere_and_look_alike_characters_break_nothing(
    tmp_path,
):
    pages = {
        "one.xhtml": _page(
            '<h1>One</h1><p>Begun.<a epub:type="noteref" href="#gone">1</a> Then'
            ' \ue00297\ue003 on.<sup><a href="#n2">[2]</a></sup></p>'
            '<aside epub:type="footnote"><p>A note with no id.</p></aside>'
            '<div epub:type="endnotes"><ol><li id="n2"><p><a href="#r2">2</a>. Second.</p></li>'
            "<li><p>Unnumbered, unlinked.</p></li></ol></div>"
        ),  # fmt: skip
    }
    article = _read(tmp_path, _book(pages, ["one.xhtml"], '<li><a href="one.xhtml">One</a></li>'))
    said = [b.text for s in article.sections for b in s.blocks]
    assert said == ["Begun. Then on.", "Notes.", "Note 1. Second."]


def test_libreoffice_style_pages_a_heading_as_a_styled_paragraph_and_a_table_of_paragraphs(
    tmp_path,
):
    """LibreOffice's EPUB export: the chapter's heading is a styled paragraph the nav names,
    and each table cell holds a paragraph (data, not layout); a cell holding a list is layout."""
    page = _page(
        '<p class="para3"><span>How to take them</span></p><p>Take each dose.</p>'
        "<table><tr><th><p>Drug</p></th><th><p>Dose</p></th></tr>"
        "<tr><td><p>Amoxicillin</p></td><td><p>500 mg</p></td></tr></table>"
        "<table><tr><td><ul><li>Left column</li></ul></td><td><p>Right column</p></td></tr>"
        "</table>"
    )  # fmt: skip
    nav = '<li><a href="one.xhtml">How to take them</a></li>'
    article = _read(tmp_path, _book({"one.xhtml": page}, ["one.xhtml"], nav))
    assert [s.title for s in article.sections] == ["How to take them"]
    said = [b.text for b in article.sections[0].blocks]
    assert said == ["Take each dose.", "Drug: Amoxicillin. Dose: 500 mg.", "Left column",
                    "Right column"]  # fmt: skip


def test_an_unmarked_title_page_does_not_say_the_title_and_author_again(tmp_path):
    pages = {
        "title.xhtml": _page('<p class="big">Small Book</p><p>A. Writer</p>'),
        "one.xhtml": _page("<h1>One</h1><p>It began.</p>"),
    }
    nav = '<li><a href="one.xhtml">One</a></li>'
    article = _read(tmp_path, _book(pages, ["title.xhtml", "one.xhtml"], nav))
    assert [(s.title, [b.text for b in s.blocks]) for s in article.sections] == [
        ("One", ["It began."])
    ]


def test_images_by_their_alt_text_inline_or_alone_and_a_captioned_table_read_or_skipped(
    tmp_path,
):
    from narrate.readers.document_options import DocumentOptions

    page = _page(
        '<h1>One</h1><p>See the map <img src="m.png" alt="A map of the bay"/> first.</p>'
        '<img src="r.png" alt="An ornament" role="presentation"/>'
        '<div><img src="f.png" alt="A ferry at the quay"/></div>'
        "<table><caption>Crossings</caption><tr><td>Monday</td><td>Two</td></tr>"
        "<tr><td>Tuesday</td><td>One</td></tr></table>"
    )  # fmt: skip
    path = tmp_path / "book.epub"
    nav = '<li><a href="one.xhtml">One</a></li>'
    path.write_bytes(_book({"one.xhtml": page}, ["one.xhtml"], nav))
    said = [b.text for s in read_article(path).sections for b in s.blocks]
    assert said == ["See the map first.", "Image: A map of the bay", "Image: A ferry at the quay",
                    "Crossings", "Monday. Two.", "Tuesday. One."]  # fmt: skip
    skipped = read_article(path, document=DocumentOptions(tables="skip"))
    said = [b.text for b in skipped.sections[0].blocks]
    assert said[-2:] == ["Crossings", "Table skipped: 2 rows."]
