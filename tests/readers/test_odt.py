"""The OpenDocument reader, as people run it (`narrate sections x.odt --json`, `narrate build
x.odt` in their own processes), on the fixtures of scripts/make_office_documents.py: a handout
written part by part as LibreOffice writes it, a report and a table made by pandoc."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutagen.id3 import ID3

from narrate.readers import read_article
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

DOCUMENTS = ["handout.odt", "footnoted-report.odt", "medication-table.odt"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_title_chapters_and_text_are_what_an_editor_expects(name):
    check_document(name)


def test_a_handout_reads_the_same_from_word_and_from_opendocument():
    odt, docx = described("handout.odt"), described("handout.docx")
    assert odt["chapters"] == docx["chapters"]
    assert (odt["title"], odt["author"], odt["language"]) == (
        docx["title"], docx["author"], "en-GB",
    )  # fmt: skip


def test_headers_footers_comments_and_deletions_are_never_spoken_insertions_are():
    parts = fixture_parts("handout.odt")
    assert b"Orthopaedic ward" in parts["styles.xml"] and b"twice a day" in parts["content.xml"]
    said = json.dumps(described("handout.odt"))
    for never in ("Orthopaedic ward", "Page 1 of 2", "Ask Tom", "twice a day", "Leaflet 42"):
        assert never not in said
    assert "Once a day, at six in the evening" in said


@pytest.mark.parametrize("name", ["handout.odt", "medication-table.odt"])
def test_bullets_are_not_spoken_and_numbered_items_keep_their_number(name):
    article = read_article(OFFICE / name)
    assert [b.place for s in article.sections for b in s.blocks] == expected(name)["places"]


def test_footnotes_are_read_at_the_end_of_the_chapter_that_refers_to_them():
    article = described("footnoted-report.odt")
    ends = {c["heading"]: [b["text"] for b in c["blocks"][-2:]] for c in article["chapters"]}
    assert ends["Summary"] == [
        "Notes.", "Note 1. Ambulance service figures for the region, last year."
    ]
    assert ends["Who took part"] == ["Notes.", "Note 2. Age on the day of the fall."]
    assert ends["Findings"] == ["Notes.", "Note 3. Nine falls in ten happened indoors."]


REFUSALS = {
    "a spreadsheet": (
        lambda: zip_bytes(
            {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}
        ),  # fmt: skip
        "is an OpenDocument spreadsheet, not a Word",
    ),
    "truncated": (lambda: (OFFICE / "handout.odt").read_bytes()[:1500], "damaged or truncated"),
    "entities": (
        lambda: zip_bytes(
            {
                **fixture_parts("handout.odt"),
                "content.xml": BILLION_LAUGHS + "<office:document-content/>",
            }
        ),  # fmt: skip
        "declares XML entities in content.xml",
    ),
    "no content": (
        lambda: zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text"}),
        "content.xml is missing",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_written(tmp_path, case):
    make, problem = REFUSALS[case]
    path = tmp_path / "handout.odt"
    path.write_bytes(make())
    refused_in_one_line(path, tmp_path, problem)


def test_build_makes_an_mp3_whose_chapters_are_the_headings(tmp_path):
    source = str(OFFICE / "footnoted-report.odt")
    args = ["build", source, "--engine", "tone", "-q", "--format", "mp3", "-o", str(tmp_path)]
    result = narrate(*args, module="tests.tone_cli")
    assert result.returncode == 0, result.stderr.decode()
    [mp3] = list(tmp_path.rglob("*.mp3"))
    chapters = sorted(ID3(mp3).getall("CHAP"), key=lambda chap: chap.start_time)
    titles = [chap.sub_frames["TIT2"].text[0] for chap in chapters]
    assert titles[:-1] == [heading for _, heading in expected("footnoted-report.odt")["headings"]]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=4, max_value=3167), flip=st.integers(0, 255))
def test_a_damaged_file_is_an_article_error_never_a_crash(tmp_path, cut, flip):
    damaged_is_refused_or_read("handout.odt", tmp_path, cut, flip)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=1, max_value=3000), flip=st.integers(1, 255))
def test_a_damaged_part_is_an_article_error_never_a_crash(tmp_path, cut, flip):
    damaged_is_refused_or_read("handout.odt", tmp_path, cut, flip, "content.xml")


def test_a_table_read_with_its_header_row_and_without_one_row_by_row(tmp_path):
    parts = fixture_parts("medication-table.odt")
    content = parts["content.xml"]
    texts = [b.text for s in read_article(OFFICE / "medication-table.odt").sections
             for b in s.blocks]  # fmt: skip
    assert "Medicine: Metformin. Dose: 500 mg. Morning: Yes. Evening: Yes." in texts
    plain = content.replace(b"<table:table-header-rows>", b"").replace(
        b"</table:table-header-rows>", b"").replace(b"Table_20_Heading", b"Table_20_Contents")
    parts["content.xml"] = plain
    (tmp_path / "plain.odt").write_bytes(zip_bytes(parts))
    texts = [b.text for s in read_article(tmp_path / "plain.odt").sections for b in s.blocks]
    assert "Medicine. Dose. Morning. Evening." in texts
    assert "Metformin. 500 mg. Yes. Yes." in texts
