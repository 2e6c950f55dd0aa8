"""Reading order on a page: columns read one after the other, never across.

A gutter is a vertical strip that (almost) no line crosses, with enough lines on each side. A
line that crosses a gutter (a title over both columns) spans the page: lines are read top to
bottom in bands, and inside a band of column lines, column by column.
"""

from __future__ import annotations

from collections.abc import Sequence

from narrate.readers.pdf_text import Line

MIN_GUTTER = 6.0  # points
CROSSING_SHARE = 0.1  # of the page's lines that may cross a gutter (titles, wide figures)
MIN_SIDE_LINES = 4  # lines wholly on each side of a gutter


def reading_order(lines: Sequence[Line]) -> list[tuple[int, Line]]:
    """The page's lines in reading order, each with its column (0 for lines across the page)."""
    gutters = _gutters(lines)
    if not gutters:
        return [(0, line) for line in sorted(lines, key=_top_down)]
    ordered: list[tuple[int, Line]] = []
    band: list[tuple[int, Line]] = []
    for line in sorted(lines, key=_top_down):
        column = _column(line, gutters)
        if column is None:
            ordered.extend(sorted(band, key=lambda placed: (placed[0], _top_down(placed[1]))))
            band = []
            ordered.append((0, line))
        else:
            band.append((column, line))
    ordered.extend(sorted(band, key=lambda placed: (placed[0], _top_down(placed[1]))))
    return ordered


def _top_down(line: Line) -> tuple[float, float]:
    return (-round(line.top), line.left)


def _column(line: Line, gutters: Sequence[tuple[float, float]]) -> int | None:
    """1 + how many gutters lie left of the line's middle, or None when it spans one."""
    column = 1
    for start, end in gutters:
        if line.left < start and line.right > end:
            return None
        if (line.left + line.right) / 2 > (start + end) / 2:
            column += 1
    return column


def _gutters(lines: Sequence[Line]) -> list[tuple[float, float]]:
    """Vertical strips crossed by few lines, with enough lines wholly on each side."""
    if len(lines) < 2 * MIN_SIDE_LINES:
        return []
    left = int(min(line.left for line in lines))
    right = int(max(line.right for line in lines)) + 1
    cover = [0] * (right - left + 1)
    for line in lines:
        for x in range(int(line.left) - left, int(line.right) - left + 1):
            cover[x] += 1
    allowed = max(1, int(len(lines) * CROSSING_SHARE))
    gutters: list[tuple[float, float]] = []
    start = None
    for x, count in enumerate(cover + [allowed + 1]):
        if count <= allowed and start is None:
            start = x
        elif count > allowed and start is not None:
            if x - start >= MIN_GUTTER:
                gutters.append((left + start, left + x))
            start = None
    return [gutter for gutter in gutters if _sides(lines, gutter)]


def _sides(lines: Sequence[Line], gutter: tuple[float, float]) -> bool:
    before = sum(1 for line in lines if line.right <= gutter[0] + 1)
    after = sum(1 for line in lines if line.left >= gutter[1] - 1)
    return before >= MIN_SIDE_LINES and after >= MIN_SIDE_LINES
