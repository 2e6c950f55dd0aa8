"""Generate the PDF corpus under tests/fixtures/documents/pdf/: documents made the ways people
make them, each with a JSON of what a careful editor expects (title, headings with levels,
paragraphs, and the page furniture never to be read).

    python scripts/make_document_corpus.py         # needs chromium, LibreOffice, Pillow
    python scripts/make_document_corpus.py --made  # only the tables, figure and scan
    python scripts/make_document_corpus.py --records  # the JSON records only

Set-up (Debian): `apt-get install chromium libreoffice-writer-nogui fonts-dejavu`. The
outputs are committed, so tests and CI need none of these tools.

Sources: the repository's pasted-page fixtures (tests/fixtures/pasted: title, headings and
text, without the site's furniture) and the shared extraction corpus's article bodies
(/work/shared/corpora/article-extraction-benchmark, first paragraphs), each rendered through
Chromium's "Save as PDF" with its header and footer (date, title, address, "2/3" on every page:
a tagged PDF) or through LibreOffice Writer (with bookmarks; tagged or not); plus a medication
table, a tagged leaflet with a picture and its alternative text, and a scanned letter (a
300 dpi picture of text in a real font, no text layer).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "documents" / "pdf"
PASTED = ROOT / "tests" / "fixtures" / "pasted"
SHARED = Path("/work/shared/corpora/article-extraction-benchmark")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
BOLD_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
MAX_CHARS = 3000  # of an article's body: a few pages each
STYLES = [
    "body { font: 12pt/1.5 serif; margin: 0 1cm; }",
    "body { font: 11pt/1.4 sans-serif; margin: 0 2cm; } h1 { font-size: 22pt; }",
    "body { font: 13pt/1.6 Georgia, serif; } h2 { font-size: 15pt; color: #335; }",
    "body { font: 10.5pt/1.45 'DejaVu Sans'; columns: 2; column-gap: 1cm; } "
    "h1 { column-span: all; }",
]
BULLET = re.compile(r"^[-•*]\s+")
NUMBER = re.compile(r"^(\d+)[.)]\s+")

Content = list[tuple[str, str]]  # (kind, text): h1, h2, h3, p, li, ol


def pasted_documents() -> list[tuple[str, str, Content]]:
    """The pasted fixtures whose every heading is a line of its own, as clean content."""
    documents = []
    for record in sorted(PASTED.glob("*.json")):
        expected = json.loads(record.read_text(encoding="utf-8"))
        text = record.with_suffix(".txt")
        title, headings = expected.get("title"), expected.get("headings", [])
        if not title or not text.exists():
            continue
        skip = set(expected.get("furniture", [])) | set(expected.get("either", []))
        lines = [line.strip() for line in text.read_text(encoding="utf-8").splitlines()]
        if title not in lines or not all(h in lines for h in headings) or len(headings) < 2:
            continue
        content: Content = [("h1", title)]
        rest = lines[lines.index(title) + 1 :]
        for number, line in enumerate(rest):
            if not line or line in skip or len(line) < 2:
                continue
            if line in headings and line in rest[number + 1 :]:
                continue  # an "on this page" list of the headings: not the text
            if line in headings:
                content.append(("h2", line))
            elif BULLET.match(line):
                content.append(("li", BULLET.sub("", line)))
            elif NUMBER.match(line):
                content.append(("ol", line))
            else:
                content.append(("p", line))
        if sum(kind == "p" for kind, _ in content) >= 2:
            documents.append((record.stem, title, content))
    return documents


def shared_documents(count: int) -> list[tuple[str, str, Content]]:
    """Article bodies from the shared corpus: a title from the address, the first paragraphs."""
    truth = json.loads((SHARED / "ground-truth.json").read_text(encoding="utf-8"))
    documents = []
    for key, record in sorted(truth.items()):
        body = [p.strip() for p in record["articleBody"].split("\n") if len(p.strip()) > 40]
        slug = [part for part in record["url"].rstrip("/").split("/") if part][-1]
        words = [w for w in re.split(r"[-_]+", re.sub(r"\.\w+$", "", slug)) if w.isalpha()]
        if len(body) < 4 or len(words) < 3 or not (SHARED / "html" / f"{key}.html.gz").exists():
            continue
        title = " ".join(words[:10]).capitalize()
        content: Content = [("h1", title)]
        size = 0
        for number, paragraph in enumerate(body):
            if size > MAX_CHARS:
                break
            if number and number % 3 == 0:  # sections, as an editor would add to a handout
                content.append(("h2", f"Part {number // 3 + 1}"))
            content.append(("p", paragraph))
            size += len(paragraph)
        documents.append((f"article-{key[:8]}", title, content))
        if len(documents) == count:
            break
    return documents


def html(title: str, content: Content, style: str) -> str:
    body, in_list = [], ""
    for kind, text in content:
        wanted = {"li": "ul", "ol": "ol"}.get(kind, "")
        if in_list and in_list != wanted:
            body.append(f"</{in_list}>")
            in_list = ""
        if wanted and not in_list:
            body.append(f"<{wanted}>")
            in_list = wanted
        if kind == "ol":
            body.append(f"<li>{escape(NUMBER.sub('', text))}</li>")
        elif kind == "li":
            body.append(f"<li>{escape(text)}</li>")
        elif kind.startswith("h") or kind == "p":
            body.append(f"<{kind}>{escape(text)}</{kind}>")
        elif kind != "said":  # what is said for a table or figure is only expected
            body.append(text)  # raw HTML (a table, a figure)
    if in_list:
        body.append(f"</{in_list}>")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{style}</style></head><body>{''.join(body)}</body></html>"
    )


def expected(title: str, content: Content, furniture: list[str], **extra: object) -> dict:
    """The record of a document; a numbered item is "N. text", numbered as the list shows it
    (from 1 in each list)."""
    headings = [[int(kind[1]), text] for kind, text in content if kind in ("h1", "h2", "h3")]
    paragraphs, text_in_order, number = [], [], 0
    for kind, text in content:
        number = number + 1 if kind == "ol" else 0
        if kind == "ol":
            paragraphs.append(f"{number}. {NUMBER.sub('', text)}")
        elif kind in ("p", "li", "said"):
            paragraphs.append(text)
        if kind in ("h1", "h2", "h3"):
            text_in_order.append(text)
        elif kind in ("p", "li", "said", "ol"):
            text_in_order.append(paragraphs[-1])
    return {"title": title, "headings": headings, "paragraphs": paragraphs,
            "text": text_in_order, "furniture": furniture, **extra}  # fmt: skip


def chromium(page: Path, out: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "chromium is needed"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={page.parent}/profile", f"--print-to-pdf={out}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def libreoffice(page: Path, out: Path, tagged: bool) -> None:
    options = json.dumps({"UseTaggedPDF": {"type": "boolean", "value": str(tagged).lower()},
                          "ExportBookmarks": {"type": "boolean", "value": "true"}})  # fmt: skip
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{page.parent}/lo",
         "--infilter=HTML (StarWriter)", "--convert-to", f"pdf:writer_pdf_Export:{options}",
         "--outdir", str(page.parent), str(page)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    shutil.move(page.with_suffix(".pdf"), out)


RECORDS_ONLY = "--records" in sys.argv  # rewrite the JSON records, not the PDFs


def write(name: str, pdf: Path, record: dict) -> None:
    if not RECORDS_ONLY:
        shutil.move(pdf, OUT / f"{name}.pdf")
    (OUT / f"{name}.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")


def render(name: str, title: str, content: Content, how: str, style: str, **extra: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / f"{name}.html"
        page.write_text(html(title, content, style), encoding="utf-8")
        pdf = Path(folder) / "out.pdf"
        if how == "chromium":
            RECORDS_ONLY or chromium(page, pdf)
            furniture = [f"{name}.html", "1/"]
        else:
            RECORDS_ONLY or libreoffice(page, pdf, tagged=how == "libreoffice-tagged")
            furniture = []
        write(f"{how}-{name}", pdf, expected(title, content, furniture, made_by=how, **extra))


MEDICATION = [
    ("h1", "Your Medicines After Discharge"),
    ("p", "This sheet lists the medicines to take at home. Bring it to every appointment and "
          "show it to your pharmacist."),  # fmt: skip
    ("h2", "Medicines to take"),
    ("table", "<table width='100%' border=1 style='border-collapse: collapse'><thead><tr>"
              "<th>Drug</th><th>Dose</th><th>When</th></tr></thead><tbody>"
              "<tr><td>Amoxicillin</td><td>500 mg</td><td>Three times a day</td></tr>"
              "<tr><td>Paracetamol</td><td>1 g</td><td>Up to four times a day</td></tr>"
              "<tr><td>Omeprazole</td><td>20 mg</td><td>Before breakfast</td></tr>"
              "</tbody></table>"),  # fmt: skip
    ("said", "Drug: Amoxicillin. Dose: 500 mg. When: Three times a day."),
    ("said", "Drug: Paracetamol. Dose: 1 g. When: Up to four times a day."),
    ("said", "Drug: Omeprazole. Dose: 20 mg. When: Before breakfast."),
    ("h2", "Questions"),
    ("p", "Call the pharmacy team if you are unsure about any of your medicines."),
]

FIGURE_LEAFLET = [
    ("h1", "How to Use Your Inhaler"),
    ("p", "An inhaler works only when the medicine reaches your lungs. These steps help."),
    ("figure", "<figure><img src='inhaler.png' alt='A person breathing in slowly through an "
               "inhaler held upright' width=300 height=150></figure>"),  # fmt: skip
    ("said", "Image: A person breathing in slowly through an inhaler held upright"),
    ("h2", "Steps"),
    ("ol", "1. Shake the inhaler and take off the cap."),
    ("ol", "2. Breathe out gently, away from the inhaler."),
    ("ol", "3. Breathe in slowly while you press the canister once."),
    ("h2", "Cleaning"),
    ("p", "Wipe the mouthpiece with a dry cloth once a week."),
]

LETTER = [
    ("h1", "Riverside Community Clinic"),
    ("p", "Dear Mrs Example,"),
    ("p", "Thank you for attending the clinic last week. Your blood tests are normal and no "
          "further treatment is needed at present."),  # fmt: skip
    ("p", "Your next appointment is on Monday the fourteenth of March at half past ten in the "
          "morning. Please bring your medication list and arrive ten minutes early."),  # fmt: skip
    ("p", "If you cannot attend, please telephone the appointments office so that we can offer "
          "the time to another patient."),  # fmt: skip
    ("p", "Yours sincerely,"),
    ("p", "Doctor Jane Smith"),
]


def make_made() -> None:
    """The documents made the way clinics make them."""
    render("medication-table", MEDICATION[0][1], MEDICATION, "chromium", STYLES[0],
           tables=True)  # fmt: skip
    for how in ("libreoffice", "libreoffice-tagged"):
        render("medication-table", MEDICATION[0][1], MEDICATION, how, STYLES[0], tables=True)
    from PIL import Image, ImageDraw

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "inhaler-leaflet.html"
        image = Image.new("RGB", (300, 150), "white")
        ImageDraw.Draw(image).ellipse((40, 20, 260, 130), outline="navy", width=6)
        image.save(Path(folder) / "inhaler.png")
        page.write_text(html(FIGURE_LEAFLET[0][1], FIGURE_LEAFLET, STYLES[1]), encoding="utf-8")
        pdf = Path(folder) / "out.pdf"
        RECORDS_ONLY or chromium(page, pdf)
        write("chromium-inhaler-leaflet", pdf, expected(
            FIGURE_LEAFLET[0][1], FIGURE_LEAFLET, ["inhaler-leaflet.html", "1/"],
            made_by="chromium", figures=True))  # fmt: skip
    make_scanned_letter()


def make_scanned_letter() -> None:
    """A letter as a scanner makes it: a 300 dpi greyscale picture of a page in a real font."""
    from PIL import Image, ImageDraw, ImageFont

    dpi = 300
    image = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 250)
    pen = ImageDraw.Draw(image)
    body = ImageFont.truetype(str(FONT), size=int(11 / 72 * dpi))
    bold = ImageFont.truetype(str(BOLD_FONT), size=int(18 / 72 * dpi))
    y, left, width = dpi, dpi, int(6.27 * dpi)
    for kind, text in LETTER:
        font = bold if kind == "h1" else body
        words, line = text.split(), ""
        for word in words:
            trial = f"{line} {word}".strip()
            if pen.textlength(trial, font=font) > width:
                pen.text((left, y), line, font=font, fill=20)
                y += int(font.size * 1.5)
                line = word
            else:
                line = trial
        pen.text((left, y), line, font=font, fill=20)
        y += int(font.size * 2.4)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "SCAN0001.pdf"  # Pillow takes the title from the name, as
        RECORDS_ONLY or image.save(pdf, "PDF", resolution=dpi)  # scanners name their files
        write("scanned-letter-300dpi", pdf, expected(LETTER[0][1], LETTER, [], made_by="scan",
                                                     ocr=True))  # fmt: skip


LABELLED = [  # (page label, heading, paragraph): a report whose front matter is numbered i, ii
    ("i", "Foreword", "This report was written for the members of the clinic's board and for "
     "everyone who uses the clinic. It describes the year and the plans for the next one."),
    ("A-1", "Appendix A: Opening Hours", "The clinic is open from eight in the morning to six "
     "in the evening on weekdays, and from nine to twelve on Saturdays."),
    ("A-2", "Appendix B: Contacts", "The reception answers the telephone during opening "
     "hours; outside them, the answering machine gives the out-of-hours number."),
]


def make_page_labels() -> None:
    """A report whose pages are named in print (/PageLabels): "i", then "A-1", "A-2"."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "out.pdf"
        page = canvas.Canvas(str(pdf), pagesize=A4, invariant=1)
        page.setTitle("Clinic Report with Appendices")
        page.setAuthor("Riverside Community Clinic")
        page.addPageLabel(0, style="ROMAN_LOWER", start=1)
        page.addPageLabel(1, style="ARABIC", start=1, prefix="A-")
        for _, heading, text in LABELLED:
            page.setFont("Helvetica-Bold", 18)
            page.drawString(72, A4[1] - 90, heading)
            page.setFont("Helvetica", 11)
            y = A4[1] - 130
            line = ""
            for word in text.split():
                if len(f"{line} {word}") > 80:
                    page.drawString(72, y, line)
                    y, line = y - 15, word
                else:
                    line = f"{line} {word}".strip()
            page.drawString(72, y, line)
            page.showPage()
        RECORDS_ONLY or page.save()
        content: Content = [("h1", "Clinic Report with Appendices")]
        for _, heading, text in LABELLED:
            content += [("h2", heading), ("p", text)]
        record = expected("Clinic Report with Appendices", content, [], made_by="reportlab",
                          page_labels=[label for label, _, _ in LABELLED])  # fmt: skip
        write("drawn-page-labels", pdf, record)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if "--made" in sys.argv:
        make_made()
        make_page_labels()
        return
    pasted = pasted_documents()
    shared = shared_documents(8)
    for number, (name, title, content) in enumerate(pasted):
        render(name, title, content, "chromium", STYLES[number % len(STYLES)])
    for number, (name, title, content) in enumerate(pasted[::3] + shared):
        how = "libreoffice-tagged" if number % 2 else "libreoffice"
        render(name, title, content, how, "")
    for number, (name, title, content) in enumerate(shared):
        render(name, title, content, "chromium", STYLES[number % len(STYLES)])
    make_made()
    make_page_labels()
    made = sorted(OUT.glob("*.pdf"))
    print(f"{len(made)} PDFs, {sum(p.stat().st_size for p in made):,} bytes")


if __name__ == "__main__":
    main()
