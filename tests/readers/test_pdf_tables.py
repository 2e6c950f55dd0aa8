"""Tables drawn without tags, found from the layout alone (narrate.readers.pdf_tables): rows
of cells standing under one another are a table; a list with its marks set apart, or text,
is not."""

from __future__ import annotations

from narrate.readers.pdf_blocks import Placed
from narrate.readers.pdf_tables import tables_read
from narrate.readers.pdf_text import Line


def _row(top: float, *cells: tuple[float, str], bold: bool = False) -> list[Placed]:
    return [
        Placed(Line(1, left, top - 10, left + 6 * len(text), top, 10.0, bold, text), 0)
        for left, text in cells
    ]


def _texts(placed: list[Placed]) -> list[str]:
    return [p.line.text for p in placed]


TABLE = [
    *_row(700, (72, "Drug"), (250, "Dose"), bold=True),
    *_row(680, (72, "Amoxicillin"), (250, "500 mg")),
    *_row(660, (72, "Paracetamol"), (250, "1 g")),
]


def test_rows_of_cells_under_one_another_are_read_with_their_headers():
    placed = _row(740, (72, "Take these with food.")) + TABLE + _row(620, (72, "Call us."))
    assert _texts(tables_read(placed, "read")) == [
        "Take these with food.",
        "Drug: Amoxicillin. Dose: 500 mg.",
        "Drug: Paracetamol. Dose: 1 g.",
        "Call us.",
    ]
    rows = tables_read(placed, "read")[1:3]
    assert all(p.line.alone for p in rows)  # each row a paragraph of its own


def test_a_skipped_table_is_announced_with_its_rows():
    assert _texts(tables_read(TABLE, "skip")) == ["A table with 2 rows is left out."]


def test_two_rows_are_not_yet_a_table():
    assert _texts(tables_read(TABLE[:4], "read")) == ["Drug", "Dose", "Amoxicillin", "500 mg"]


def test_a_list_with_its_marks_set_apart_is_not_a_table():
    listed = [*_row(700, (72, "1."), (100, "Shake it.")), *_row(680, (72, "2."), (100, "Open.")),
              *_row(660, (72, "3."), (100, "Breathe."))]  # fmt: skip
    assert tables_read(listed, "read") == listed


def test_cells_out_of_line_end_the_table():
    ragged = TABLE + _row(640, (150, "a note across the columns"), (400, "x"))
    assert _texts(tables_read(ragged, "read"))[-2:] == ["a note across the columns", "x"]
