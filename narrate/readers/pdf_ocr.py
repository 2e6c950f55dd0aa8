"""A scanned PDF's pages read with Tesseract (`--ocr`), as the same positioned lines as a text
layer (pdf_text.Line), so the furniture, layout, heading and paragraph steps run unchanged.

Each page is rendered alone with PDFium at 300 dpi (fewer for a page so large that its picture
would pass MAX_PIXELS), in grey, and handed to the `tesseract` command on its standard input as
a PGM picture; its hOCR output gives lines with their words' boxes and the height of their
letters, from which a type size: sizes that differ by a pixel or two are gathered into one.
Tesseract does not tell bold from regular, so a line is bold when it holds much more ink for
its size than the body text. One page at a time, under a time limit per page and a page limit
for the document, with Tesseract kept to one thread.
"""

from __future__ import annotations

import html
import math
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, replace

import pypdfium2 as pdfium

from narrate.errors import ArticleError
from narrate.readers.pdf_text import Line

DPI = 300
POINTS_PER_INCH = 72
MAX_PIXELS = 50_000_000  # a page's picture: an A4 page at 300 dpi is 8.7 million pixels
MAX_PAGES = 5000  # as for a text layer (--max-pages); --parse-timeout bounds the time: each
# page takes Tesseract a second or more
PAGE_TIMEOUT_S = 120.0  # Tesseract on one page
MIN_CONFIDENCE = 20  # of 100: below, a "word" with less than two letters is likely a speck
ABOVE_BASELINE = 0.78  # of the type size: the ascenders' height (a cap, a "d") in a common face
BOLD_INK = 1.3  # a line with this much more ink for its size than the body text's is bold
DARK = bytes(range(128))  # grey levels that are ink
SAME_SIZE = 0.08  # sizes measured within this share of each other are one type size
LANGUAGE = "eng"
INSTALL = "apt-get install tesseract-ocr"
GAP_EMS = 1.5  # as pdf_text: a gap between words wider than this many line heights cuts a line
FULL_TURN = round(2 * math.pi * 100)  # in hundredths of a radian, as pdf_text.Line.angle
HOCR_LINE = re.compile(
    r"<span class='ocr_(?:line|header|caption|textfloat)'[^>]*title=\"(?P<title>[^\"]*)\">"
    r"(?P<body>.*?</span>)\s*</span>",
    re.DOTALL,
)
HOCR_WORD = re.compile(
    r"<span class='ocrx_word'[^>]*title='(?P<title>[^']*)'>(?P<body>.*?)</span>", re.DOTALL
)
TAG = re.compile(r"<[^>]*>")
LETTERS = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Word:
    """A word Tesseract read, its box in pixels (y down)."""

    left: int
    top: int
    right: int
    bottom: int
    text: str


def ocr_pages(
    data: bytes, source: str, max_pages: int = MAX_PAGES
) -> tuple[tuple[Line, ...], ...]:
    """The lines of each page of a PDF, read from its rendered pictures by Tesseract; an
    ArticleError in one line when Tesseract is missing, fails, or the document is too long."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise ArticleError(source, f"needs Tesseract to be read with --ocr; install it: {INSTALL}")
    document = pdfium.PdfDocument(data)  # pdf_text.open_pdf has opened it already
    try:
        if len(document) > max_pages:
            raise ArticleError(
                source,
                f"has {len(document):,} scanned pages, over the limit of {max_pages:,}; "
                "--max-pages raises it",
            )
        pages: list[list[tuple[Line, float]]] = []
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(_page_lines(page, index + 1, tesseract, source))
            finally:
                page.close()
        return _typeset(pages)
    finally:
        document.close()


def _typeset(pages: list[list[tuple[Line, float]]]) -> tuple[tuple[Line, ...], ...]:
    """The pages' lines with their sizes gathered into type sizes (sizes measured from pixels
    waver a little from line to line; set type does not: sizes within SAME_SIZE of the
    smallest of a run are one, the one most of their characters have), and bold when their
    ink is BOLD_INK times the body text's."""
    chars: Counter[float] = Counter()
    for page in pages:
        for line, _ in page:
            chars[line.size] += len(line.text)
    if not chars:
        return tuple(() for _ in pages)
    runs: list[list[float]] = []
    for size in sorted(chars):
        if runs and size <= runs[-1][0] * (1 + SAME_SIZE):
            runs[-1].append(size)
        else:
            runs.append([size])
    typeset = {size: max(run, key=chars.__getitem__) for run in runs for size in run}
    body = max(chars, key=lambda size: sum(chars[s] for s in chars if typeset[s] == size))
    inks = sorted(ink for page in pages for line, ink in page if typeset[line.size] == body)
    body_ink = inks[len(inks) // 2] if inks else 0.0
    return tuple(
        tuple(
            replace(line, size=typeset[line.size], bold=ink >= BOLD_INK * body_ink > 0)
            for line, ink in page
        )
        for page in pages
    )


def _page_lines(
    page: pdfium.PdfPage, number: int, tesseract: str, source: str
) -> list[tuple[Line, float]]:
    """The page's lines as Tesseract reads its picture, each with its ink (see _ink)."""
    width, height = page.get_size()
    scale = min(DPI / POINTS_PER_INCH, math.sqrt(MAX_PIXELS / max(width * height, 1)))
    bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
    try:
        picture = _pgm(bitmap)
    finally:
        bitmap.close()
    dpi = round(scale * POINTS_PER_INCH)
    command = [tesseract, "stdin", "-", "--dpi", str(dpi), "--psm", "1", "-l", LANGUAGE, "hocr"]
    try:
        done = subprocess.run(
            command,
            input=picture,
            capture_output=True,
            timeout=PAGE_TIMEOUT_S,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ArticleError(
            source, f"page {number}: Tesseract took over {PAGE_TIMEOUT_S:.0f} s; stopped"
        ) from None
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        raise ArticleError(source, f"page {number}: Tesseract failed: {problem[-1]}")
    hocr = done.stdout.decode("utf-8", "replace")
    return _lines(hocr, number, height, POINTS_PER_INCH / dpi, _Picture(picture))


def _pgm(bitmap: pdfium.PdfBitmap) -> bytes:
    """A grey bitmap as a binary PGM picture (rows without the bitmap's padding)."""
    buffer = memoryview(bitmap.buffer)
    stride, width = bitmap.stride, bitmap.width
    rows = (buffer[row * stride : row * stride + width] for row in range(bitmap.height))
    return b"P5\n%d %d\n255\n" % (width, bitmap.height) + b"".join(rows)


def _lines(
    hocr: str, page: int, page_height: float, points: float, picture: _Picture
) -> list[tuple[Line, float]]:
    """Tesseract's lines, cut where a wide gap opens between two words (a running header with
    the title at the left and the date at the right is two pieces, as in a text layer), with
    their boxes in points, y up as in a PDF, and their direction."""
    lines = []
    for match in HOCR_LINE.finditer(hocr):
        title, body = match.group("title"), match.group("body")
        size = _size(title)
        angle = round(math.radians(_number(_field(title, "textangle"))) * 100) % FULL_TURN
        piece: list[Word] = []
        for word in _words(body):
            if piece and not angle and word.left - piece[-1].right > GAP_EMS * size:
                lines.append(_line(piece, page, page_height, points, size, angle, picture))
                piece = []
            piece.append(word)
        if piece:
            lines.append(_line(piece, page, page_height, points, size, angle, picture))
    return lines


def _size(title: str) -> float:
    """A line's type size in pixels, from the height of its letters above the baseline (which
    Tesseract measures: it only guesses the descenders of a line without any)."""
    row, below = _number(_field(title, "x_size")), _number(_field(title, "x_descenders"))
    if row <= below:  # no estimate: the letters' box
        left, top, right, bottom = _box(title)
        return (bottom - top) / ABOVE_BASELINE
    return (row - below) / ABOVE_BASELINE


def _number(text: str) -> float:
    """A number hOCR gives, 0 when it gives none (or something else)."""
    try:
        value = float(text.split()[0]) if text.split() else 0.0
    except ValueError:
        return 0.0
    return value if math.isfinite(value) else 0.0


def _words(hocr: str) -> list[Word]:
    """The words of one hOCR line that Tesseract is not too unsure of."""
    words = []
    for match in HOCR_WORD.finditer(hocr):
        text = html.unescape(TAG.sub("", match.group("body"))).strip()
        if not text:
            continue
        confidence = _number(_field(match.group("title"), "x_wconf"))
        if confidence >= MIN_CONFIDENCE or len(LETTERS.findall(text)) >= 2:
            box = _box(match.group("title"))
            if box[2] > box[0]:  # a word with no width has no place on the page
                words.append(Word(*box, text=text))
    return words


def _line(
    words: list[Word],
    page: int,
    page_height: float,
    points: float,
    size: float,
    angle: int,
    picture: _Picture,
) -> tuple[Line, float]:
    ink = sum(picture.ink(word) for word in words) / sum(word.right - word.left for word in words)
    line = Line(
        page=page,
        left=min(word.left for word in words) * points,
        bottom=page_height - max(word.bottom for word in words) * points,
        right=max(word.right for word in words) * points,
        top=page_height - min(word.top for word in words) * points,
        size=round(size * points, 1),
        bold=False,
        text=" ".join(word.text for word in words),
        angle=angle,
    )
    return line, ink / max(size, 1)


class _Picture:
    """A page's PGM picture, asked how much ink a word's box holds."""

    def __init__(self, pgm: bytes):
        header = pgm.split(b"\n", 3)
        self.width = int(header[1].split()[0])
        self.start = len(pgm) - len(header[3])
        self.pgm = pgm

    def ink(self, word: Word) -> int:
        """The dark pixels in the word's box: wider strokes (bold type) leave more."""
        dark = 0
        for row in range(word.top, word.bottom):
            start = self.start + row * self.width
            pixels = self.pgm[start + word.left : start + min(word.right, self.width)]
            dark += len(pixels) - len(pixels.translate(None, DARK))
        return dark


def _field(title: str, name: str) -> str:
    """A property of an hOCR element's title ("bbox 1 2 3 4; x_size 33"), "" if it has none."""
    for part in title.split(";"):
        key, _, value = part.strip().partition(" ")
        if key == name:
            return value.strip()
    return ""


def _box(title: str) -> tuple[int, int, int, int]:
    """The bbox of an hOCR element: left, top, right, bottom in pixels (all 0 when amiss)."""
    values = _field(title, "bbox").split()
    if len(values) != 4 or not all(value.isdigit() for value in values):
        return 0, 0, 0, 0
    left, top, right, bottom = (int(value) for value in values)
    return left, top, right, max(bottom, top)
