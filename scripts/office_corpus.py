"""The Word, OpenDocument and EPUB corpus of scripts/make_office_documents.py: documents made
from known sources, so what a careful editor expects of each (title, headings with levels,
text) is known before any reader sees them.

Sources: pasted web pages from tests/fixtures/pasted (their furniture lines dropped, their
title and headings as their JSON names them), articles of the shared extraction benchmark (the
text its ground truth gives, the title from the page's <h1>; no headings, as many handouts
have none), and a clinic handout written here (heading styles, lists, a medication table,
footnotes). Each source becomes Markdown, then DOCX, ODT and EPUB by pandoc; some also go
through LibreOffice (pandoc's ODT saved as DOCX and EPUB, pandoc's DOCX saved as ODT), so the
readers meet the files both tools write. A hand-written EPUB 3 novel (cover, copyright page,
printed contents, nested nav, notes in a notes document) completes it.

Set-up (not needed by tests or CI, which read the committed files):
    apt-get install -y pandoc libreoffice-writer-nogui
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "documents" / "office" / "corpus"
PASTED = ROOT / "tests" / "fixtures" / "pasted"
BENCHMARK = Path("/work/shared/corpora/article-extraction-benchmark")
PASTED_SOURCES = (
    "agency-flu", "agency-heat", "agency-air-quality", "agency-vaccine-schedule",
    "blog-recipe", "blog-gut-health", "clinic-leaflet-no-nav", "clinic-telehealth",
    "hospital-surgery-prep", "hospital-visiting-hours", "policy-privacy", "faq-clinic",
)  # fmt: skip
ARTICLES = 6  # from the benchmark, the first in name order whose text is 1,500-6,000 chars
THROUGH_LIBREOFFICE = 6  # sources also saved by LibreOffice
LIST_ITEM = re.compile(r"^\s*(?:[-*•]|(\d{1,2})[.)])\s+(.*)$")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~^$@{}!+])")
EPOCH = "1796558400"
SET_UP = "pandoc libreoffice-writer-nogui"  # Debian packages


@dataclass
class Source:
    """A document before any tool: its title, author and blocks, each ("h", level, text),
    ("p", text), ("ul"/"ol", items), ("table", rows, header) or ("note", text) after a
    paragraph (a footnote of the paragraph before it)."""

    name: str
    title: str
    author: str | None = None
    blocks: list[tuple] = field(default_factory=list)

    def markdown(self) -> str:
        lines, notes = [], []
        for block in self.blocks:
            kind = block[0]
            if kind == "h":
                lines += ["#" * block[1] + " " + _escape(block[2]), ""]
            elif kind == "p":
                lines += [_escape(block[1]), ""]
            elif kind in ("ul", "ol"):
                for index, item in enumerate(block[1], 1):
                    lines.append(("- " if kind == "ul" else f"{index}. ") + _escape(item))
                lines.append("")
            elif kind == "table":
                rows = block[1]
                lines.append("| " + " | ".join(_escape(cell) for cell in rows[0]) + " |")
                lines.append("|" + "---|" * len(rows[0]))
                lines += ["| " + " | ".join(_escape(c) for c in row) + " |" for row in rows[1:]]
                lines.append("")
            elif kind == "note":
                notes.append(block[1])
                lines[-2] += f"[^n{len(notes)}]"
        lines += [f"[^n{index}]: {_escape(text)}" for index, text in enumerate(notes, 1)]
        return "\n".join(lines) + "\n"

    def expected(self) -> dict:
        """What a careful editor expects: the title, the headings, the paragraphs said (a
        table's rows with their headers, the notes at the end of their section) and all of it
        in reading order ("said")."""
        headings, said, pending = [], [self.title], []
        count = 0
        for block in self.blocks:
            kind = block[0]
            if kind == "h":
                said += ["Notes.", *pending] if pending else []
                pending = []
                headings.append([block[1], block[2]])
                said.append(block[2])
            elif kind == "p":
                said.append(block[1])
            elif kind in ("ul", "ol"):
                said += list(block[1])
            elif kind == "table":
                header, *rows = block[1]
                for row in rows:
                    said.append(" ".join(f"{h}: {c}." for h, c in zip(header, row, strict=True)))
            elif kind == "note":
                count += 1
                pending.append(f"Note {count}. {block[1]}")
        said += ["Notes.", *pending] if pending else []
        titles = {text for _, text in headings}
        paragraphs = [text for text in said[1:] if text not in titles]
        return {"title": self.title, "author": self.author, "headings": headings,
                "paragraphs": paragraphs, "said": said, "never": ["[^", "\\"]}  # fmt: skip


def _escape(text: str) -> str:
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)  # "2024. A year" is not a list


def pasted_source(name: str) -> Source:
    """A pasted page as a document: furniture gone, the title said once, each heading at its
    last occurrence (earlier ones are an "On this page" list), lists as lists."""
    wanted = json.loads((PASTED / f"{name}.json").read_text(encoding="utf-8"))
    drop = {*wanted.get("furniture", []), *wanted.get("either", [])}
    if wanted.get("byline"):
        drop.add(wanted["byline"])
    lines = [" ".join(line.split()) for line in
             (PASTED / f"{name}.txt").read_text(encoding="utf-8").splitlines()]  # fmt: skip
    lines = [line for line in lines if line and line not in drop]
    headings = [h if isinstance(h, str) else h[1] for h in wanted["headings"]]
    last = {line: index for index, line in enumerate(lines)}
    source = Source(f"pasted-{name}", wanted["title"])
    titled = False
    for index, line in enumerate(lines):
        if line == wanted["title"] and not titled:
            titled = True
        elif line in headings:
            if last[line] == index:
                source.blocks.append(("h", 1, line))
        elif match := LIST_ITEM.match(line):
            kind = "ol" if match.group(1) else "ul"
            previous = source.blocks[-1] if source.blocks else None
            if previous is not None and previous[0] == kind:
                previous[1].append(match.group(2))
            else:
                source.blocks.append((kind, [match.group(2)]))
        else:
            source.blocks.append(("p", line))
    return source


def article_sources() -> list[Source]:
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    found = []
    for key in sorted(truth):
        body = truth[key]["articleBody"]
        if not 1500 <= len(body) <= 6000 or not body.isascii() and len(found) % 2:
            continue
        page = BENCHMARK / "html" / f"{key}.html.gz"
        if not page.exists():
            continue
        heading = BeautifulSoup(gzip.decompress(page.read_bytes()), "lxml").find("h1")
        title = " ".join(heading.get_text(" ").split()) if heading else ""
        if not 10 <= len(title) <= 150:
            continue
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n+", body) if p.strip()]
        found.append(Source(f"article-{key[:8]}", title, None, [("p", p) for p in paragraphs]))
        if len(found) == ARTICLES:
            break
    return found


CLINIC = Source(
    "clinic-antibiotics",
    "Taking your antibiotics",
    "Harbour Street Surgery",
    [
        ("p", "Your doctor has prescribed a course of antibiotics for a chest infection."),
        ("h", 1, "How to take them"),
        ("p", "Take each dose with a glass of water, at evenly spaced times."),
        ("note", "Evenly spaced means about eight hours apart for three doses a day."),
        ("table", [["Drug", "Dose", "When"],
                   ["Amoxicillin", "500 mg", "Three times a day"],
                   ["Paracetamol", "1 g", "Up to four times a day"]]),  # fmt: skip
        ("h", 2, "If you miss a dose"),
        ("ol", ["Take it as soon as you remember.", "Do not take two doses together."]),
        ("h", 1, "Side effects"),
        ("p", "Most people have no side effects. Some people have:"),
        ("ul", ["an upset stomach", "diarrhoea", "a mild rash"]),
        ("p", "Stop taking them and call us if your lips or tongue swell."),
        ("note", "This can be an allergic reaction, which needs help straight away."),
        ("h", 1, "Finishing the course"),
        ("p", "Keep taking the antibiotics until the course is finished, even if you feel better."),
    ],
)


def sources() -> list[Source]:
    return [CLINIC, *(pasted_source(name) for name in PASTED_SOURCES), *article_sources()]


def _pandoc(markdown: str, source: Source, target: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "source.md"
        path.write_text(markdown, encoding="utf-8")
        meta = ["-M", f"title={source.title}", "-M", "lang=en-GB"]
        if source.author:
            meta += ["-M", f"author={source.author}"]
        subprocess.run(
            ["pandoc", "-f", "markdown-smart", str(path), "-o", str(target), *meta],
            check=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        )  # fmt: skip


def _libreoffice(paths: list[Path], target: str, folder: Path) -> None:
    """Save each file as `target` with LibreOffice, in one run."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", target, "--outdir", str(folder), *map(str, paths)],
            check=True, capture_output=True, timeout=1200,
        )  # fmt: skip


def make_corpus(restamp, write_zip, png: bytes) -> list[str]:
    """Write the corpus and its expectations; the names written."""
    for tool in ("pandoc", "soffice"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed: apt-get install -y {SET_UP}")
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    CORPUS.mkdir(parents=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        to_docx, to_odt = [], []
        every = sources()
        by_name = {source.name: source for source in every}
        for index, source in enumerate(every):
            markdown, expected = source.markdown(), source.expected()
            for suffix in ("docx", "odt", "epub"):
                name = f"{source.name}.pandoc.{suffix}"
                _pandoc(markdown, source, CORPUS / name)
                written.append(name)
            if index < THROUGH_LIBREOFFICE:
                for suffix, queue in (("odt", to_docx), ("docx", to_odt)):
                    copy = work / f"{source.name}.libreoffice.{suffix}"
                    shutil.copy(CORPUS / f"{source.name}.pandoc.{suffix}", copy)
                    queue.append(copy)
            for name in [n for n in written if n.startswith(f"{source.name}.")]:
                _write_expected(name, expected)
        out = work / "out"
        _libreoffice(to_docx, "docx", out)
        _libreoffice(to_odt, "odt", out)
        for made in sorted(out.iterdir()):
            name = made.name  # "agency-flu.libreoffice.docx", saved from pandoc's ODT
            shutil.copy(made, CORPUS / name)
            restamp(CORPUS / name)
            _write_expected(name, by_name[name.split(".")[0]].expected())
            written.append(name)
    for name in written:
        if ".pandoc." in name:
            restamp(CORPUS / name)
    write_zip(CORPUS / "winter-ferry.handmade.epub", novel_parts(png))
    _write_expected("winter-ferry.handmade.epub", NOVEL_EXPECTED)
    return [*written, "winter-ferry.handmade.epub"]


def _write_expected(name: str, expected: dict) -> None:
    (CORPUS / f"{name}.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


# ------------------------------------------------ an EPUB 3 novel, written as publishers do

NOVEL_TITLE = "The Winter Ferry"
NOVEL_CHAPTERS = {  # document: its body
    "cover.xhtml": '<section epub:type="cover"><img src="cover.png" alt="The Winter Ferry, a'
    ' novel"/></section>',
    "title.xhtml": '<section epub:type="titlepage"><h1>The Winter Ferry</h1><p>Iona Price</p>'
    "</section>",
    "copyright.xhtml": '<section epub:type="copyright-page"><p>Copyright © 2026 Iona Price.'
    " All rights reserved.</p><p>ISBN 978-0-00-000001-7. Published by Harbour Press.</p>"
    "</section>",
    "contents.xhtml": '<h1>Contents</h1><p><a href="part1.xhtml">Part One: Winter</a></p><p><a'
    ' href="ch1.xhtml">The Frozen Harbour</a></p><p><a href="ch2.xhtml">The Letter</a></p><p>'
    '<a href="part2.xhtml">Part Two: Spring</a></p><p><a href="ch3.xhtml">Thaw</a></p>',
    "part1.xhtml": '<section epub:type="part"><h1>Part One: Winter</h1></section>',
    "ch1.xhtml": '<section epub:type="chapter"><h2>The Frozen Harbour</h2><p>The ferry had not'
    ' sailed for nine days.<a epub:type="noteref" href="notes.xhtml#n1" id="r1">1</a> Ice held'
    ' the harbour from wall to wall.</p><h3 id="before-dawn">Before dawn</h3><p>Ruth lit the'
    ' stove and waited for the kettle.</p><img src="rule.png" alt=""/></section>',
    "ch2.xhtml": '<section epub:type="chapter"><h2>The Letter</h2><p>The letter came with the'
    ' post van, a week late.<a epub:type="noteref" href="notes.xhtml#n2" id="r2">2</a></p>'
    '<figure><img src="cover.png" alt="A handwritten envelope addressed to Ruth"/>'
    "<figcaption>The envelope, kept in a drawer for forty years.</figcaption></figure></section>",
    "part2.xhtml": '<section epub:type="part"><h1>Part Two: Spring</h1></section>',
    "ch3.xhtml": '<section epub:type="chapter"><h2>Thaw</h2><p>In April the ice broke with a'
    ' sound like gunfire.<a epub:type="noteref" href="notes.xhtml#n3" id="r3">3</a></p>'
    "<p>By May the ferry was running again.</p></section>",
    "thanks.xhtml": '<section epub:type="acknowledgments"><h1>Acknowledgements</h1><p>My thanks'
    " to the crew of the island ferry.</p></section>",
    "notes.xhtml": '<section epub:type="endnotes"><h1>Notes</h1><ol><li id="n1"><p>The longest'
    ' closure on record. <a epub:type="backlink" href="ch1.xhtml#r1">↩</a></p></li><li id="n2">'
    '<p>Post vans crossed on the ice road. <a href="ch2.xhtml#r2">↩</a></p></li><li id="n3">'
    '<p>Witnesses said it was heard on the mainland. <a href="ch3.xhtml#r3">↩</a></p></li></ol>'
    "</section>",
}
NOVEL_NAV = (
    '<li><a href="part1.xhtml">Part One: Winter</a><ol><li><a href="ch1.xhtml">The Frozen'
    ' Harbour</a><ol><li><a href="ch1.xhtml#before-dawn">Before dawn</a></li></ol></li><li><a'
    ' href="ch2.xhtml">The Letter</a></li></ol></li><li><a href="part2.xhtml">Part Two: Spring'
    '</a><ol><li><a href="ch3.xhtml">Thaw</a></li></ol></li><li><a href="thanks.xhtml">'
    'Acknowledgements</a></li><li><a href="notes.xhtml">Notes</a></li>'
)
NOVEL_EXPECTED = {
    "title": NOVEL_TITLE,
    "author": "Iona Price",
    "headings": [[1, "Part One: Winter"], [2, "The Frozen Harbour"], [3, "Before dawn"],
                 [2, "The Letter"], [1, "Part Two: Spring"], [2, "Thaw"],
                 [1, "Acknowledgements"]],  # fmt: skip
    "paragraphs": [
        "The ferry had not sailed for nine days. Ice held the harbour from wall to wall.",
        "Notes.",
        "Note 1. The longest closure on record.",
        "Ruth lit the stove and waited for the kettle.",
        "The letter came with the post van, a week late.",
        "Image: A handwritten envelope addressed to Ruth",
        "The envelope, kept in a drawer for forty years.",
        "Notes.",
        "Note 2. Post vans crossed on the ice road.",
        "In April the ice broke with a sound like gunfire.",
        "By May the ferry was running again.",
        "Notes.",
        "Note 3. Witnesses said it was heard on the mainland.",
        "My thanks to the crew of the island ferry.",
    ],
    "never": ["ISBN", "All rights reserved", "Harbour Press", "Contents", "↩", "days.1",
              "a novel"],  # fmt: skip
}
NOVEL_EXPECTED["said"] = [NOVEL_TITLE, "Part One: Winter", "The Frozen Harbour",
                          *NOVEL_EXPECTED["paragraphs"][:3], "Before dawn",
                          NOVEL_EXPECTED["paragraphs"][3], "The Letter",
                          *NOVEL_EXPECTED["paragraphs"][4:9], "Part Two: Spring", "Thaw",
                          *NOVEL_EXPECTED["paragraphs"][9:13], "Acknowledgements",
                          NOVEL_EXPECTED["paragraphs"][13]]  # fmt: skip


def _xhtml(title: str, body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"'
            ' xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en-GB"><head><title>'
            f"{title}</title></head><body>{body}</body></html>")  # fmt: skip


def novel_parts(png: bytes) -> dict[str, str | bytes]:
    """The members of the hand-written EPUB 3 novel."""
    spine = [name for name in NOVEL_CHAPTERS]
    items = "".join(
        f'<item id="d{i}" href="{name}" media-type="application/xhtml+xml"/>'
        for i, name in enumerate(spine)
    )
    package = (
        '<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf"'
        ' version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/'
        '1.1/"><dc:identifier id="id">urn:uuid:5b3f0e8e-27a1-4d8e-9a57-2f3c3c1e0a27'
        f"</dc:identifier><dc:title>{NOVEL_TITLE}</dc:title><dc:creator>Iona Price"
        "</dc:creator><dc:language>en-GB</dc:language><meta property=\"dcterms:modified\">"
        "2026-12-07T12:00:00Z</meta></metadata><manifest>"
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="png" href="cover.png" media-type="image/png" properties="cover-image"/>'
        '<item id="rule" href="rule.png" media-type="image/png"/>'
        f"{items}</manifest><spine>"
        + "".join(f'<itemref idref="d{i}"/>' for i in range(len(spine)))
        + "</spine></package>"
    )
    nav = _xhtml("Contents", f'<nav epub:type="toc"><h1>Contents</h1><ol>{NOVEL_NAV}</ol></nav>'
                 '<nav epub:type="landmarks"><ol><li><a epub:type="cover" href="cover.xhtml">'
                 'Cover</a></li><li><a epub:type="bodymatter" href="part1.xhtml">Start</a></li>'
                 "</ol></nav>")  # fmt: skip
    container = (
        '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:'
        'xmlns:container"><rootfiles><rootfile full-path="EPUB/package.opf" media-type='
        '"application/oebps-package+xml"/></rootfiles></container>'
    )
    parts: dict[str, str | bytes] = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": container,
        "EPUB/package.opf": package,
        "EPUB/nav.xhtml": nav,
        "EPUB/cover.png": png,
        "EPUB/rule.png": png,
    }
    for name, body in NOVEL_CHAPTERS.items():
        parts[f"EPUB/{name}"] = _xhtml(NOVEL_TITLE, body)
    return parts
