"""How a Word or OpenDocument table becomes what is said (narrate.readers.office.table_rows),
for the shapes the fixtures do not have."""

from __future__ import annotations

from narrate.readers.document_options import DocumentOptions
from narrate.readers.office import Notes, table_rows


def _said(rows, header=True, **options) -> list[str]:
    return [block.text for block in table_rows(rows, header, DocumentOptions(**options))]


def test_an_empty_table_says_nothing_and_a_one_column_one_is_a_list_of_paragraphs():
    assert _said([["", " "], []]) == []
    assert _said([["", " "]], tables="skip") == []
    assert _said([["Milk"], ["Eggs"], [""]]) == ["Milk", "Eggs"]


def test_cells_become_sentences_once_and_missing_or_repeated_headers_are_not_said():
    said = _said([["Day", "Time", ""], ["Monday", "9 am?", "Bring your card"], ["Day", "", "x"]])
    assert said == ["Day: Monday. Time: 9 am? Bring your card.", "Day. x."]


def test_a_one_row_table_under_skip_is_announced_in_the_singular():
    assert _said([["Only", "row"]], tables="skip") == ["Table skipped: 1 row."]


def test_notes_skip_keeps_nothing_and_notes_are_numbered_through_the_document():
    skipped = Notes({"a": "First."}, read=False)
    skipped.refer("a")
    assert skipped.flush() == []
    notes = Notes({"a": "First.", "b": "Second.", "c": " "})
    for key in ("a", "a", "c", "unknown"):
        notes.refer(key)
    assert [b.text for b in notes.flush()] == ["Notes.", "Note 1. First."]
    notes.refer("b")
    assert [b.text for b in notes.flush()] == ["Notes.", "Note 2. Second."]
    assert notes.flush() == []
