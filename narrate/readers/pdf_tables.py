"""Tables in a PDF, read row by row with their column headers or announced and left out.

Best evidence first: a tagged PDF's Table, TR, TH and TD (narrate.readers.pdf_tags gives each
line its cell); else the layout: three or more rows in a run, each cut by wide gaps into the
same number of cells (two or more) standing under one another, the first row the headers.
Each table becomes lines of their own (`Line.alone`): one per row ("Drug: Amoxicillin. Dose:
500 mg.") or one that says a table is left out ("A table with 4 rows is left out.").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from narrate.readers.pdf_blocks import BULLET, NUMBERED, Placed
from narrate.readers.pdf_text import Line

SAME_ROW = 0.5  # of the lower line's height: how much two cells of a row overlap in height
MIN_ROWS = 3  # with the header row
MIN_CELLS = 2
ENDS = re.compile(r"[.!?:;]$")


def tables_read(placed: Sequence[Placed], tables: str) -> list[Placed]:
    """The lines in reading order with each table's lines turned into its rows (`tables` is
    "read") or one line that announces it ("skip")."""
    out: list[Placed] = []
    index = 0
    while index < len(placed):
        run = _tagged_run(placed, index) or _laid_out_run(placed, index)
        if not run:
            out.append(placed[index])
            index += 1
            continue
        rows, used = run
        out.extend(_spoken(rows, placed[index], tables))
        index += used
    return out


Row = list[list[Line]]  # cells, each the lines in it
Table = tuple[list[str], list[list[str]]]  # headers (may be empty), data rows


def _tagged_run(placed: Sequence[Placed], start: int) -> tuple[Table, int] | None:
    """A tagged table starting at `start`: consecutive lines in cells (a table that goes on
    over a page break is one; a header row the next page repeats is read once)."""
    end = start
    while end < len(placed) and placed[end].line.cell is not None:
        end += 1
    if end == start:
        return None
    cells: dict[tuple[int, int, int, int], list[str]] = {}
    heads: dict[tuple[int, int, int, int], bool] = {}
    for p in placed[start:end]:
        cell = p.line.cell
        assert cell is not None
        key = (p.line.page, cell.table, cell.row, cell.column)
        cells.setdefault(key, []).append(p.line.text)
        heads[key] = heads.get(key, True) and cell.header
    by_row: dict[tuple[int, int, int], dict[int, str]] = {}
    header_rows: set[tuple[int, int, int]] = set()
    for key, texts in cells.items():
        row = key[:3]
        by_row.setdefault(row, {})[key[3]] = " ".join(texts)
    for row, columns in by_row.items():
        if all(heads[(*row, column)] for column in columns):
            header_rows.add(row)
    headers: list[str] = []
    data: list[list[str]] = []
    for row in by_row:  # in reading order
        columns = by_row[row]
        texts = [columns.get(c, "") for c in range(max(columns) + 1)]
        if row in header_rows:
            if not headers:
                headers = texts
            elif texts != headers:
                data.append(texts)
        else:
            data.append(texts)
    return (headers, data), end - start


def _laid_out_run(placed: Sequence[Placed], start: int) -> tuple[Table, int] | None:
    """A table drawn without tags, starting at `start` (see the module's docstring)."""
    rows: list[Row] = []
    index = start
    spans: list[tuple[float, float]] = []
    while index < len(placed):
        row, after = _baseline_row(placed, index)
        if len(row) < MIN_CELLS or (rows and len(row) != len(rows[0])):
            break
        if not rows:
            if BULLET.match(row[0].text + " ") or NUMBERED.match(row[0].text + " "):
                return None  # a list with its marks set apart, not a table
            spans = _spans(row)
        elif not _under(row, spans):
            break
        rows.append([[line] for line in row])
        index = after
    if len(rows) < MIN_ROWS:
        return None
    headers = [cell[0].text for cell in rows[0]]
    data = [[cell[0].text for cell in row] for row in rows[1:]]
    return (headers, data), index - start


def _baseline_row(placed: Sequence[Placed], start: int) -> tuple[list[Line], int]:
    """The lines from `start` that stand in one row with it (on its page and in its column),
    left to right."""
    first = placed[start]
    end = start + 1
    while (
        end < len(placed)
        and placed[end].line.page == first.line.page
        and placed[end].column == first.column
        and _same_row(placed[end].line, first.line)
        and not placed[end].line.alone
    ):
        end += 1
    if first.line.alone:
        return [], end
    return sorted((p.line for p in placed[start:end]), key=lambda line: line.left), end


def _same_row(one: Line, two: Line) -> bool:
    """Whether two lines stand side by side (cells of a row may sit a little higher or lower:
    centred in their cells)."""
    overlap = min(one.top, two.top) - max(one.bottom, two.bottom)
    return overlap >= SAME_ROW * min(one.top - one.bottom, two.top - two.bottom)


def _spans(row: Sequence[Line]) -> list[tuple[float, float]]:
    """Each column's room: from midway to the cell on its left to midway to the one on its
    right."""
    spans = []
    for i, line in enumerate(row):
        left = (row[i - 1].right + line.left) / 2 if i else -1e9
        right = (line.right + row[i + 1].left) / 2 if i + 1 < len(row) else 1e9
        spans.append((left, right))
    return spans


def _under(row: Sequence[Line], spans: Sequence[tuple[float, float]]) -> bool:
    """Whether each cell of the row is centred in the room of its column (headers are often
    centred over cells set left)."""
    return all(
        lo <= (line.left + line.right) / 2 <= hi
        for line, (lo, hi) in zip(row, spans, strict=True)
    )


def _spoken(table: Table, first: Placed, choice: str) -> list[Placed]:
    headers, data = table
    line = first.line

    def alone(text: str) -> Placed:
        return Placed(replace(line, text=text, alone=True, cell=None, role="" if line.role
                              is not None else None, bold=False), first.column)  # fmt: skip

    if choice == "skip":
        count = len(data)
        return [alone(f"A table with {count} row{'s' * (count != 1)} is left out.")]
    rows = []
    for texts in data:
        parts = []
        for column, text in enumerate(texts):
            if not text:
                continue
            head = headers[column] if column < len(headers) else ""
            said = f"{head}: {text}" if head and head != text else text
            parts.append(said if ENDS.search(said) else f"{said}.")
        if parts:
            rows.append(alone(" ".join(parts)))
    return rows
