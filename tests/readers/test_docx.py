"""The Word reader, as people run it: `narrate sections x.docx --json` and `narrate build
x.docx` in their own processes, on the fixtures of scripts/make_office_documents.py (a handout
written part by part as Word writes it, a report and a table made by pandoc), each with a JSON
of what a careful editor expects; bad files refused in one line with nothing written."""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutagen.id3 import ID3

from narrate.readers import read_article
from narrate.readers.office import reads_as_title, real_author
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

DOCUMENTS = ["handout.docx", "footnoted-report.docx", "medication-table.docx"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_title_chapters_and_text_are_what_an_editor_expects(name):
    check_document(name)


def test_headers_footers_comments_and_deletions_are_never_spoken_insertions_are():
    said = json.dumps(described("handout.docx"))
    for never in ("Orthopaedic ward", "Page 1 of 2", "Ask Tom", "twice a day", "Leaflet 42"):
        assert never not in said
    assert "Once a day, at six in the evening" in said  # the tracked insertion


def test_headings_come_from_the_style_names_not_their_ids():
    # the handout's heading styles have a German Word's ids (berschrift1), English names
    styles = fixture_parts("handout.docx")["word/styles.xml"]
    assert b'w:styleId="berschrift2"><w:name w:val="heading 2"/>' in styles
    chapters = described("handout.docx")["chapters"]
    assert [c["level"] for c in chapters if c["heading"]] == [1, 1, 2, 1, 1]


@pytest.mark.parametrize("name", ["handout.docx", "medication-table.docx"])
def test_bullets_are_not_spoken_and_numbered_items_keep_their_number(name):
    article = read_article(OFFICE / name)
    listed = [b for s in article.sections for b in s.blocks]
    assert [b.place for b in listed] == expected(name)["places"]
    assert not [b for b in listed if b.text[:1] in "•-–*0123456789" and b.kind == "list_item"]


def test_a_table_is_read_row_by_row_with_its_column_headers():
    texts = [block["text"] for block in described("medication-table.docx")["chapters"][0]["blocks"]]
    assert "Medicine: Metformin. Dose: 500 mg. Morning: Yes. Evening: Yes." in texts
    assert not [text for text in texts if text.startswith(("Medicine, Dose", "Medicine. Dose"))]


def test_footnotes_are_read_at_the_end_of_the_chapter_that_refers_to_them():
    article = described("footnoted-report.docx")
    ends = {c["heading"]: [b["text"] for b in c["blocks"][-2:]] for c in article["chapters"]}
    assert ends["Summary"] == [
        "Notes.", "Note 1. Ambulance service figures for the region, last year."
    ]
    assert ends["Who took part"] == ["Notes.", "Note 2. Age on the day of the fall."]
    assert ends["Findings"] == ["Notes.", "Note 3. Nine falls in ten happened indoors."]
    first = article["chapters"][0]["blocks"][0]["text"]
    assert first.startswith("Falls are the most common reason") and "ambulance. This" in first


def test_an_image_is_read_by_its_alternative_text_and_a_decorative_one_not_at_all():
    texts = [block["text"] for block in _blocks("handout.docx")]
    assert texts.count("Image: A nurse changing a dressing on a knee") == 1
    assert not [text for text in texts if text.startswith("Image:") and "nurse" not in text]


def _blocks(name: str) -> list[dict]:
    return [block for chapter in described(name)["chapters"] for block in chapter["blocks"]]


def test_the_title_comes_from_the_title_style_when_the_properties_have_a_placeholder(tmp_path):
    parts = fixture_parts("handout.docx")
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"Caring for your knee after surgery", b"Document1"
    )
    (tmp_path / "handout.docx").write_bytes(zip_bytes(parts))
    article = read_article(tmp_path / "handout.docx")
    assert article.title == "Caring for your knee after surgery"
    assert "Document1" not in [s.title for s in article.sections]


def test_the_type_comes_from_the_bytes_and_standard_input_works(tmp_path):
    disguised = tmp_path / "handout.txt"
    shutil.copy(OFFICE / "handout.docx", disguised)
    result = narrate("sections", str(disguised), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Caring for your knee after surgery"
    piped = narrate("sections", "-", "--json", stdin=(OFFICE / "handout.docx").read_bytes())
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["chapters"] == described("handout.docx")["chapters"]


def _zip_with_many_members(count: int) -> bytes:
    return zip_bytes({f"word/part{i}.xml": "" for i in range(count)}, stored=True)


REFUSALS = {
    "a plain ZIP": (lambda: zip_bytes({"notes.txt": "hello"}), "is a ZIP archive, not a Word"),
    "a workbook": (
        lambda: zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"}),
        "is an Excel workbook, not a Word",
    ),  # fmt: skip
    "truncated": (lambda: (OFFICE / "handout.docx").read_bytes()[:2000], "damaged or truncated"),
    "no document part": (
        lambda: zip_bytes(
            {"[Content_Types].xml": "<Types/>", "word/styles.xml": "<x/>"}
        ),  # fmt: skip
        "word/document.xml is missing",
    ),
    "entities": (
        lambda: zip_bytes(
            {**fixture_parts("handout.docx"), "word/document.xml": BILLION_LAUGHS + "<w:document/>"}
        ),  # fmt: skip
        "declares XML entities",
    ),
    "a ZIP bomb": (
        lambda: zip_bytes(
            {**fixture_parts("handout.docx"), "word/document.xml": b"\0" * (201 * 2**20)}
        ),  # fmt: skip
        "would unpack to more than 200 MB",
    ),
    "too many members": (lambda: _zip_with_many_members(10_001), "over narrate's limit"),
    "broken XML": (
        lambda: zip_bytes(
            {**fixture_parts("handout.docx"), "word/document.xml": "<w:document><w:body>"}
        ),  # fmt: skip
        "word/document.xml is not well-formed XML",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_written(tmp_path, case):
    make, problem = REFUSALS[case]
    path = tmp_path / "handout.docx"
    path.write_bytes(make())
    refused_in_one_line(path, tmp_path, problem)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=4, max_value=5000), flip=st.integers(0, 255))
def test_a_damaged_docx_is_an_article_error_never_a_crash(tmp_path, cut, flip):
    damaged_is_refused_or_read("handout.docx", tmp_path, cut, flip)


def test_numbers_that_are_not_numbers_are_read_past(tmp_path):
    parts = fixture_parts("handout.docx")
    parts["word/document.xml"] = (
        parts["word/document.xml"]
        .replace(b'<w:ilvl w:val="0"/>', b'<w:ilvl w:val="x"/>')
        .replace(b"<w:tblStyle", b'<w:gridSpan w:val="many"/><w:tblStyle')
    )
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b'w:val="1"/>', b'w:val="-3"/>')
    parts["word/numbering.xml"] = parts["word/numbering.xml"].replace(
        b'<w:start w:val="1"/>', b'<w:start w:val="first"/>'
    )
    (tmp_path / "odd.docx").write_bytes(zip_bytes(parts))
    article = read_article(tmp_path / "odd.docx")
    said = [b.text for s in article.sections for b in s.blocks]
    assert said == expected("handout.docx")["paragraphs"]


def test_build_makes_an_mp3_whose_chapters_are_the_headings(tmp_path):
    source = str(OFFICE / "handout.docx")
    args = ["build", source, "--engine", "tone", "-q", "--format", "mp3", "-o", str(tmp_path)]
    result = narrate(*args, module="tests.tone_cli")
    assert result.returncode == 0, result.stderr.decode()
    [mp3] = list(tmp_path.rglob("*.mp3"))
    chapters = sorted(ID3(mp3).getall("CHAP"), key=lambda chap: chap.start_time)
    titles = [chap.sub_frames["TIT2"].text[0] for chap in chapters]
    wanted = [heading for _, heading in expected("handout.docx")["headings"]]
    assert titles[1:-1] == wanted  # the title's chapter first, the synthetic-voice notice last
    assert titles[0] == "Caring for your knee after surgery"
    assert zipfile.is_zipfile(OFFICE / "handout.docx")  # the source is left as it was


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=1, max_value=3000), flip=st.integers(1, 255))
def test_a_damaged_part_is_an_article_error_never_a_crash(tmp_path, cut, flip):
    damaged_is_refused_or_read("handout.docx", tmp_path, cut, flip, "word/document.xml")


def test_an_old_word_file_or_a_password_protected_one_is_refused_saying_what_to_do(tmp_path):
    path = tmp_path / "letter.docx"  # Word saves both in the same compound-file format
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    refused_in_one_line(path, tmp_path, "(.doc) or a password-protected document; narrate reads")


@pytest.mark.parametrize(
    ("value", "is_title"),
    [
        ("Caring for your knee after surgery", True),
        ("2026 annual report", True),
        ("", False),
        ("   ", False),
        (None, False),
        ("Document1", False),
        ("Untitled 3", False),
        ("Microsoft Word - handout final v2.docx", False),
        ("handout_final_v2.docx", False),
        ("C:\\Users\\ana\\handout", False),
        ("2026-12-07", False),
        ("x" * 201, False),
    ],
)
def test_a_property_is_the_title_only_when_it_reads_as_one(value, is_title):
    assert reads_as_title(value) is is_title


@pytest.mark.parametrize(
    ("value", "author"),
    [
        ("Dr Ana Ruiz", "Dr Ana Ruiz"),
        ("Windows User", None),
        ("Microsoft Office User", None),
        ("admin", None),
        ("", None),
        (None, None),
    ],  # fmt: skip
)
def test_an_author_property_is_kept_unless_it_is_a_computers_default(value, author):
    assert real_author(value) == author


def _table_texts(tmp_path, document: bytes) -> list[str]:
    parts = fixture_parts("medication-table.docx")
    parts["word/document.xml"] = document
    (tmp_path / "table.docx").write_bytes(zip_bytes(parts))
    return [b.text for s in read_article(tmp_path / "table.docx").sections for b in s.blocks]


def test_a_table_without_a_header_row_is_read_row_by_row_and_a_bold_first_row_is_one(tmp_path):
    document = fixture_parts("medication-table.docx")["word/document.xml"]
    unmarked = re.sub(rb"<w:trPr>\s*<w:tblHeader[^>]*/>\s*</w:trPr>", b"", document)
    assert unmarked != document
    texts = _table_texts(tmp_path, unmarked)
    assert "Medicine. Dose. Morning. Evening." in texts  # a row like any other
    assert "Metformin. 500 mg. Yes. Yes." in texts
    first_row = re.search(rb"<w:tr>.*?</w:tr>", unmarked, re.S)
    bold = first_row.group(0).replace(b"<w:r>", b"<w:r><w:rPr><w:b /></w:rPr>")
    texts = _table_texts(tmp_path, unmarked.replace(first_row.group(0), bold))
    assert "Medicine: Metformin. Dose: 500 mg. Morning: Yes. Evening: Yes." in texts
    assert "Medicine. Dose. Morning. Evening." not in texts
