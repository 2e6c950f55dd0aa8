"""Generate the PDF fixtures under tests/fixtures/documents/, each with a JSON of what a careful
editor would expect from it (title, headings, paragraphs, the page furniture never to be read).

    python scripts/make_documents.py            # needs reportlab, Pillow and chromium

The outputs are committed, so tests and CI need none of these tools. Layouts are drawn line by
line here (not by a word processor), so where lines, columns, pages and hyphens break is known
and recorded: "breaks" in the JSON lists the paragraphs that continue on another page and the
words hyphenated at a line end.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "documents"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
BODY, BOLD = "DejaVuSerif", "DejaVuSans-Bold"
FIXED_DATE = "D:20261207120000+00'00'"  # reproducible files
MIN_PART = 3  # letters each side of a line-end hyphen

# Texts: a clinic leaflet, an annual report, a newsletter. Ligature "ﬁ" on purpose (U+FB01).
KNEE = [
    ("h1", "Caring for Your Knee After Surgery"),
    (
        "p",
        "This leaflet explains what to expect in the first six weeks after your knee "
        "replacement, and how you can help your recovery at home. Keep it with your "
        "discharge letter and bring both to your follow-up appointment.",
    ),
    ("h2", "The first two weeks"),
    (
        "p",
        "Most people go home two or three days after the operation. Your knee will be "
        "swollen and stiff, and the skin around the wound may feel numb for several months. "
        "Take your painkillers regularly rather than waiting for the pain to build up, "
        "because exercise is much easier when the pain is under control.",
    ),
    (
        "p",
        "Use your crutches or walking frame until the physiotherapist tells you it is safe "
        "to stop. A well-fitted shoe with a closed heel helps you keep your balance.",
    ),
    ("h2", "Exercises"),
    (
        "p",
        "Do the exercises on the back of this leaflet three times a day. Bend and straighten "
        "the knee slowly, hold each position for five seconds, and stop if the pain becomes "
        "sharp. Your ﬁrst goal is to bend the knee to a right angle within a fortnight.",
    ),
    ("li", "Lie on your back and bend the knee, sliding the heel slowly towards your bottom."),
    (
        "li",
        "Sit on a firm chair, straighten the knee as far as you can and hold it straight for "
        "five seconds before lowering the foot to the floor again.",
    ),
    ("li", "Walk a little further every day."),
    ("h2", "When to call us"),
    (
        "p",
        "Call the ward straight away if the wound becomes red, hot or starts to leak, if you "
        "have a temperature above thirty-eight degrees, or if your calf becomes painful and "
        "swollen. Outside office hours, call the out-of-hours service.",
    ),
    ("ol", "Call the ward on the number printed on your discharge letter."),
    ("ol", "If nobody answers within ten minutes, call the out-of-hours service."),
]

REPORT = [
    ("h1", "Riverside Community Clinic Annual Report"),
    (
        "p",
        "This report describes the work of the Riverside Community Clinic during the last "
        "year: the patients we saw, the services we added, and the changes we plan for the "
        "coming year. It was prepared by the management committee for the members and for "
        "the local health authority, which funds most of our work.",
    ),
    ("h2", "Services"),
    (
        "p",
        "The clinic offered general practice appointments on every weekday and on Saturday "
        "mornings. We added a physiotherapy service in the spring and a weekly diabetes "
        "education session in the autumn. Waiting times for a routine appointment fell from "
        "eleven days to six days,^1 mostly because of the additional evening sessions.",
    ),
    (
        "p",
        "Community nurses made more than four thousand home visits, most of them to elderly "
        "patients living alone. The follow-up of patients discharged from hospital improved "
        "considerably: almost every patient received a telephone call within two days of "
        "coming home, and a visit within a week when the call showed that one was needed.",
    ),
    ("h3", "Vaccination"),
    (
        "p",
        "The influenza vaccination campaign reached seventy-two percent of patients over "
        "sixty-five, compared with sixty-eight percent the year before. Pharmacists in the "
        "neighbourhood vaccinated a further group of patients, and their records were "
        "transferred to the clinic within a week. Self-referral for vaccination by "
        "telephone was introduced in October and was used by about a third of patients.",
    ),
    ("h2", "Finances"),
    (
        "p",
        "Income rose by four percent, slightly less than costs, which rose by six percent "
        "because of the new services and higher energy prices. The committee drew on the "
        "reserve fund to cover the difference and expects the accounts to balance again next "
        "year, when the physiotherapy service becomes self-financing through referrals from "
        "neighbouring practices. A detailed statement of accounts is available on request "
        "from the clinic office, and the auditors' report is attached to the printed copy.",
    ),
    (
        "p",
        "Donations from patients and local businesses paid for a new waiting-room "
        "refurbishment and for the transport scheme, which now carries about forty patients a "
        "week to their appointments. We thank every volunteer driver for their commitment.",
    ),
    ("h2", "Plans for next year"),
    (
        "p",
        "Next year we will open a second consulting room for the community nurses, extend "
        "the Saturday opening hours, and start a memory clinic together with the hospital's "
        "department of old-age psychiatry. We will also ask patients, through a short "
        "questionnaire, which services they would most like us to develop.",
    ),
    (
        "p",
        "The committee thanks all staff, volunteers and patients for their support during "
        "a demanding and successful year.",
    ),
]

NEWSLETTER = [
    ("h1", "Hillside Library News"),
    ("h2", "New reading groups"),
    (
        "p",
        "Two new reading groups start this month. The Tuesday afternoon group reads short "
        "novels and meets in the garden room; the Thursday evening group reads history and "
        "biography. Both groups are free and open to everyone, and large-print copies of "
        "every book are available at the desk. Please tell us in advance if you need an "
        "audio edition, so that we can order it in time.",
    ),
    ("h2", "Digital help sessions"),
    (
        "p",
        "Volunteers offer one-to-one help with tablets, phones and computers every Monday "
        "morning. Bring your own device, your passwords and your questions. The sessions are "
        "popular, so please book a place by telephone or at the desk; each session lasts "
        "forty-ﬁve minutes and can be repeated as often as you like.",
    ),
    (
        "p",
        "Many visitors ask how to borrow electronic books. The library's lending service "
        "works on most tablets and phones, and our volunteers will install it with you and "
        "show you how to borrow, return and renew a book without leaving home.",
    ),
    ("h2", "Opening hours"),
    (
        "p",
        "From the first of next month the library opens at nine o'clock on weekdays and "
        "closes at seven o'clock on Tuesdays and Thursdays. Saturday hours are unchanged. "
        "The book drop by the main entrance is emptied every morning, including holidays.",
    ),
    ("h2", "Local history exhibition"),
    (
        "p",
        "The local history society has lent us photographs of the town's railway station, "
        "its market and its mills, taken between eighteen ninety and nineteen sixty. The "
        "exhibition runs on the first floor until the end of the season, and members of the "
        "society will be present on Saturday mornings to answer questions and to collect "
        "memories from visitors who remember the places shown. Recordings of those memories "
        "will be added to the society's archive, with the permission of those who share them.",
    ),
    (
        "p",
        "School classes are welcome to visit the exhibition on weekday mornings. Teachers can "
        "borrow a box of copies of the photographs, with questions for discussion, to use in "
        "the classroom before or after their visit.",
    ),
]

NOTE = "^1"  # in a text: a note mark, drawn raised in small type, its note at the page foot
NOTES = {"1": "Figures for the calendar year, from the clinic's own appointment records."}
SIZES = {"h1": 20, "h2": 14, "h3": 12, "p": 10.5, "li": 10.5, "ol": 10.5}
TEXT = ("p", "li", "ol")  # kinds set as body text: paragraphs, bulleted and numbered items
MASTHEAD = 30  # points: a newsletter's name across its columns
HANG = 14  # points: a list item's text stands this far right of its bullet or number
LEADING = 1.35


@dataclass
class Layout:
    """Where text goes: page size, columns (x, width), the top and bottom of the text area."""

    columns: tuple[tuple[float, float], ...]
    top: float = A4[1] - 80
    bottom: float = 80
    masthead: bool = False  # the first heading runs across the columns of the first page
    breaks: dict = field(default_factory=lambda: {"across_pages": [], "hyphenated": []})


def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(BODY, str(FONTS / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def _lines(text: str, font: str, size: float, width: float, hyphenated: list[str]) -> list[str]:
    """Break text into lines that fit `width`; a long word that does not fit is hyphenated
    (a compound at its own hyphen), and recorded in `hyphenated`."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(trial, font, size) <= width:
            line = trial
            continue
        head, tail = _split(word, line, font, size, width)
        if head:
            lines.append(f"{line} {head}".strip())
            hyphenated.append(word)
            line = tail
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _split(word: str, line: str, font: str, size: float, width: float) -> tuple[str, str]:
    """The longest head of `word` (with a hyphen) that still fits after `line`, and the rest."""
    if "-" in word.strip(".,;:"):
        first, rest = word.split("-", 1)
        if pdfmetrics.stringWidth(f"{line} {first}-".strip(), font, size) <= width:
            return f"{first}-", rest
        return "", word
    core = word.rstrip(".,;:")
    if len(core) < 2 * MIN_PART + 2 or not core.isalpha():
        return "", word
    for cut in range(len(core) - MIN_PART, MIN_PART - 1, -1):
        head = f"{word[:cut]}-"
        if pdfmetrics.stringWidth(f"{line} {head}".strip(), font, size) <= width:
            return head, word[cut:]
    return "", word


def draw(
    path: Path,
    content: list[tuple[str, str]],
    layout: Layout,
    *,
    title: str,
    furniture: callable,
    outline: int = 0,
    encrypt: object = None,
) -> dict:
    """Draw `content` into `path` through `layout`, with bookmarks for the headings down to
    level `outline` (0: none); return what the JSON records."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    pdf.setTitle(title)
    pdf.setAuthor("narrate fixtures")
    column, y, page = 0, layout.top, 1
    pages_of: list[set[int]] = []
    pending: list = []  # (page, kind, text, x, y) placed after we know the page count
    first_top = layout.top
    if layout.masthead:
        (kind, text), content = content[0], content[1:]
        first_top -= MASTHEAD * 2
        pending.append((1, BOLD, MASTHEAD, text, layout.columns[0][0], first_top + 14, kind,
                        text))  # fmt: skip
        y = first_top

    def next_column() -> None:
        nonlocal column, y, page
        column += 1
        if column == len(layout.columns):
            column = 0
            page += 1
        y = first_top if page == 1 else layout.top

    number = 0
    for kind, text in content:
        size = SIZES[kind]
        font = BODY if kind in TEXT else BOLD
        if kind not in TEXT:
            if y - size * 4 < layout.bottom:  # keep a heading with its text
                next_column()
            y -= size * 0.8
        hang = HANG if kind in ("li", "ol") else 0
        width = layout.columns[0][1] - hang
        lines = _lines(text, font, size, width, layout.breaks["hyphenated"])
        number = number + 1 if kind == "ol" else 0
        if kind in TEXT:
            pages_of.append(set())
        for index, line in enumerate(lines):
            if y - size * LEADING < layout.bottom:
                next_column()
            x = layout.columns[column][0]
            y -= size * LEADING
            if hang and index == 0:
                marker = "•" if kind == "li" else f"{number}."
                pending.append((page, font, size, marker, x, y, kind, text))
            pending.append((page, font, size, line, x + hang, y, kind, text))
            if kind in TEXT:
                pages_of[-1].add(page)
        y -= size * (0.6 if kind == "p" else 0.15 if hang else 0.3)
    total = page
    outlined: set[str] = set()
    for current in range(1, total + 1):
        for placed, font, size, line, x, y, kind, text in pending:
            if placed != current:
                continue
            if kind not in TEXT and int(kind[1]) <= outline and text not in outlined:
                key = f"h{len(outlined)}"
                pdf.bookmarkPage(key, fit="XYZ", top=y + size)
                pdf.addOutlineEntry(text, key, level=int(kind[1]) - 1)
                outlined.add(text)
            pdf.setFont(font, size)
            before, mark, after = line.partition(NOTE)
            pdf.drawString(x, y, before)
            if mark:
                x += pdfmetrics.stringWidth(before, font, size)
                pdf.setFont(font, size * 0.6)
                pdf.drawString(x, y + size * 0.4, "1")
                pdf.setFont(font, size)
                pdf.drawString(x + pdfmetrics.stringWidth("1", font, size * 0.6), y, after)
                pdf.setFont(BODY, 8)
                pdf.drawString(layout.columns[0][0] + 6, layout.bottom - 24, NOTES["1"])
                pdf.setFont(BODY, 5)
                pdf.drawString(layout.columns[0][0], layout.bottom - 21, "1")
        for fx, fy, fsize, ftext, *turn in furniture(current, total):
            pdf.saveState()
            pdf.setFont(BODY, fsize)
            pdf.translate(fx, fy)
            pdf.rotate(turn[0] if turn else 0)
            pdf.drawString(0, 0, ftext)
            pdf.restoreState()
        pdf.showPage()
    pdf.save()
    layout.breaks["across_pages"] = [i for i, pages in enumerate(pages_of) if len(pages) > 1]
    layout.breaks["starts_on"] = [min(pages) for pages in pages_of]
    return {"pages": total}


def expected(content: list[tuple[str, str]], *, title: str, furniture: list[str], **extra) -> dict:
    """The JSON beside a fixture: what narrate should read from it."""
    headings = [[int(kind[1]), text] for kind, text in content if kind not in TEXT]
    paragraphs = [text.replace("ﬁ", "fi").replace(NOTE, "") for kind, text in content
                  if kind in TEXT]  # fmt: skip
    kinds = ["paragraph" if kind == "p" else "list_item" for kind, _ in content if kind in TEXT]
    places, number = [], 0
    for kind, _ in content:
        number = number + 1 if kind == "ol" else 0
        if kind in TEXT:
            places.append(number or None)
    return {"title": title, "headings": headings, "paragraphs": paragraphs, "kinds": kinds,
            "places": places, "text": text_in_order(content), "furniture": furniture,
            **extra}  # fmt: skip


def text_in_order(content: list[tuple[str, str]]) -> list[str]:
    """Headings and paragraphs in reading order, a numbered item with its number ("2. ...")."""
    said, number = [], 0
    for kind, text in content:
        number = number + 1 if kind == "ol" else 0
        text = text.replace("ﬁ", "fi").replace(NOTE, "")
        said.append(f"{number}. {text}" if number else text)
    return said


REPORT_STAMP = "Draft for the members' meeting, not for circulation"


def report_furniture(page: int, total: int) -> list[tuple[float, float, float, str]]:
    """A running title and print date at the top, "Page K of N" at the foot, and a stamp
    turned up the left margin (as journals and preprint servers print them)."""
    return [
        (40, 250, 8, REPORT_STAMP, 90),
        (72, A4[1] - 45, 8, "Riverside Community Clinic · Annual Report"),
        (A4[0] - 190, A4[1] - 45, 8, "Printed 7 December 2026"),
        (A4[0] / 2 - 30, 40, 8, f"Page {page} of {total}"),
    ]


def newsletter_furniture(page: int, total: int) -> list[tuple[float, float, float, str]]:
    """A web address at the foot left and "K/N" at the foot right."""
    return [
        (50, 40, 8, "https://library.example.org/news"),
        (A4[0] - 80, 40, 8, f"{page}/{total}"),
    ]


LEAFLET_ADDRESS = "https://hospital.example.org/leaflets/knee"
LEAFLET_DATE = "Downloaded 07/12/2026 09:14"


def leaflet_furniture(page: int, total: int) -> list[tuple[float, float, float, str]]:
    """What a download stamps on a one-page leaflet, in small type at the foot: nothing
    repeats, so only its place, type and form tell it from the text."""
    return [(72, 40, 7, LEAFLET_ADDRESS), (A4[0] - 200, 40, 7, LEAFLET_DATE)]


def no_furniture(page: int, total: int) -> list:
    return []


def write(name: str, record: dict) -> None:
    (OUT / f"{name}.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")


def make_report() -> None:
    """Three pages, one column, running header and footer, bookmarks for the first two levels
    of headings (the third is found from its type)."""
    layout = Layout(columns=((72, A4[0] - 144),), top=A4[1] - 70, bottom=A4[1] - 70 - 270)
    info = draw(OUT / "report-outline.pdf", REPORT, layout, title="Annual Report 2026",
                furniture=report_furniture,
        outline=2)  # fmt: skip
    write("report-outline", expected(
        REPORT, title="Annual Report 2026",
        furniture=["Riverside Community Clinic · Annual Report", "Printed 7 December 2026",
                   "Page 1 of", "Page 2 of", "not for circulation"],
        notes=[NOTES["1"]], breaks=layout.breaks, **info))  # fmt: skip


def make_newsletter() -> None:
    """Two columns under a title across both, no bookmarks (headings from type size and
    weight), footers with a web address and "K/N"."""
    gutter = 24
    width = (A4[0] - 100 - gutter) / 2
    layout = Layout(columns=((50, width), (50 + width + gutter, width)), top=A4[1] - 60,
                    bottom=A4[1] - 60 - 320, masthead=True)  # fmt: skip
    info = draw(OUT / "newsletter-columns.pdf", NEWSLETTER, layout, title="Hillside Library News",
                furniture=newsletter_furniture)  # fmt: skip
    write("newsletter-columns", expected(
        NEWSLETTER, title="Hillside Library News",
        furniture=["https://library.example.org/news", "1/", "2/"], breaks=layout.breaks,
        **info))  # fmt: skip


def make_leaflet_variants() -> None:
    """One page: metadata title that is a file name (the first heading is the title), and the
    same leaflet encrypted with an owner password only (opens) and with a user password."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    layout = Layout(columns=((72, A4[0] - 144),))
    junk = "Microsoft Word - knee_leaflet_v3.docx"
    record = expected(KNEE, title=KNEE[0][1], furniture=[])
    stamped = expected(KNEE, title=KNEE[0][1], furniture=[LEAFLET_ADDRESS, LEAFLET_DATE])
    draw(OUT / "leaflet-filename-title.pdf", KNEE, layout, title=junk,
         furniture=leaflet_furniture)  # fmt: skip
    write("leaflet-filename-title", {**stamped, "metadata_title": junk})
    owner_only = StandardEncryption("", ownerPassword="owner-secret", canPrint=1, canCopy=0)
    draw(OUT / "leaflet-owner-password.pdf", KNEE, Layout(columns=layout.columns), title=junk,
         furniture=no_furniture, encrypt=owner_only)  # fmt: skip
    write("leaflet-owner-password", record)
    locked = StandardEncryption("user-secret", ownerPassword="owner-secret")
    draw(OUT / "leaflet-user-password.pdf", KNEE, Layout(columns=layout.columns), title=junk,
         furniture=no_furniture, encrypt=locked)  # fmt: skip
    write("leaflet-user-password", {"refused": "password"})


def make_scan() -> None:
    """A page that is only a picture of text: no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (850, 1100), 255)
    pen = ImageDraw.Draw(image)
    for row, line in enumerate(["Dear Mrs Example,", "", "Your appointment is on Monday."]):
        pen.text((80, 100 + row * 30), line, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    from reportlab.lib.utils import ImageReader

    pdf = canvas.Canvas(str(OUT / "scanned-letter.pdf"), pagesize=A4, invariant=1)
    pdf.drawImage(ImageReader(buffer), 0, 0, width=A4[0], height=A4[1])
    pdf.showPage()
    pdf.save()
    write("scanned-letter", {"refused": "no text layer"})


def make_broken() -> None:
    """A truncated file, a file with no pages and one that is not a PDF past its first line."""
    whole = (OUT / "report-outline.pdf").read_bytes()
    (OUT / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    write("truncated", {"refused": "damaged"})
    (OUT / "zero-pages.pdf").write_bytes(_zero_page_pdf())
    write("zero-pages", {"refused": "no pages"})
    (OUT / "not-really.pdf").write_bytes(b"%PDF-1.7\nThis is not a PDF at all, only a header.\n")
    write("not-really", {"refused": "damaged"})


def _zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)  # fmt: skip
    return bytes(out)


def make_glued_spec() -> None:
    """What a specification typeset by LaTeX glues (the shared-mime-info spec's PDF): an author
    over an e-mail address on the title page, citation keys glued to the word before them
    ("system[MIME]"), and a list of references whose terms are glued to their definitions in
    another font ("GNOME" upright, "The GNOME desktop" in italics). Standard fonts, drawn
    piece by piece at measured widths, so nothing separates the glued pieces but their font."""
    pdf = canvas.Canvas(str(OUT / "spec-glued.pdf"), pagesize=A4, invariant=1)
    pdf.setTitle("")
    pdf.setAuthor("")  # not reportlab's "anonymous": the title page names the author
    y = A4[1] - 90

    def put(pieces: list[tuple[str, str]], size: float, x: float = 72) -> None:
        nonlocal y
        for font, text in pieces:
            pdf.setFont(font, size)
            pdf.drawString(x, y, text)
            x += pdfmetrics.stringWidth(text, font, size)
        y -= size * 1.6

    put([("Times-Bold", "Shared Type Database")], 24)
    put([("Times-Bold", "Thomas Leonard")], 17)
    put([("Times-Bold", "tal197 at users.sf.net")], 12)
    y -= 20
    put([("Times-Bold", "1. Introduction")], 17)
    for line in GLUED_SPEC_TEXT:
        put([("Times-Roman", line)], 10)
    y -= 10
    put([("Times-Bold", "2. Contributors")], 17)
    for name in GLUED_SPEC_CONTRIBUTORS:
        put([("Times-Roman", name)], 10)
    y -= 10
    put([("Times-Bold", "References")], 14)
    for term, definition in GLUED_SPEC_REFERENCES:
        put([("Times-Roman", term), ("Times-Italic", definition)], 10)
    pdf.save()
    write("spec-glued", {
        "title": "Shared Type Database", "author": "Thomas Leonard",
        "said": [" ".join(GLUED_SPEC_TEXT).replace("[MIME]", "").replace("[GNOME]", ""),
                 *GLUED_SPEC_CONTRIBUTORS, *(f"{t} {d}" for t, d in GLUED_SPEC_REFERENCES)],
    })  # fmt: skip


GLUED_SPEC_TEXT = [
    "Many programs and desktops use the MIME system[MIME] to represent the types of files,",
    "and this database is shared by GNOME[GNOME] and the other desktops.",
]
GLUED_SPEC_CONTRIBUTORS = ["Thomas Leonard", "David Faure", "Alex Larsson"]
GLUED_SPEC_REFERENCES = [
    ("GNOME", "The GNOME desktop, a free desktop."),
    ("KDE", "The KDE desktop, another one."),
    ("SharedMIME", "Shared MIME-info Database, this specification."),
]


CHROMIUM_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><style>body {{ font: 13pt/1.5 serif; margin: 0 1cm; }} {style}</style>
</head><body>{body}</body></html>"""
# Headings that look like the text around them: only the tags tell them apart.
PLAIN_HEADINGS = "h1, h2, h3 { font: inherit; margin: 1em 0; }"


def make_chromium() -> None:
    """The report through Chromium's "Save as PDF" (a tagged PDF), with its header (date,
    title) and footer (address, "K/N") on every page: what a browser user hands narrate. Then
    the same with headings styled as the text: only the structure tree finds them."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium not found: the Save-as-PDF fixtures are not made")
        return
    body = "".join(f"<{kind}>{text}</{kind}>" for kind, text in REPORT)
    for name, style in (("chromium-save-as-pdf", ""), ("chromium-tagged-plain-headings",
                                                         PLAIN_HEADINGS)):  # fmt: skip
        with tempfile.TemporaryDirectory() as folder:
            page = Path(folder) / "annual-report.html"
            html = CHROMIUM_PAGE.format(title="Annual Report 2026", body=body, style=style)
            page.write_text(html)
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 f"--user-data-dir={folder}/profile", f"--print-to-pdf={OUT / name}.pdf",
                 page.as_uri()],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
        write(name, expected(
            REPORT, title="Annual Report 2026",
            furniture=["annual-report.html", "1/", "2/"]))  # fmt: skip


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    _register_fonts()
    make_report()
    make_newsletter()
    make_leaflet_variants()
    make_scan()
    make_broken()
    make_chromium()
    make_glued_spec()
    for made in sorted(OUT.glob("*.pdf")):
        print(f"{made.stat().st_size:>8}  {made.name}")


if __name__ == "__main__":
    main()
