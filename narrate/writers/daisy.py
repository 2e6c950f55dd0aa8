"""`daisy/`: a DAISY 2.02 full-text, full-audio talking book.

One section per heading of the outline (the title, then each chapter): a SMIL 1.0 file whose
`par`s pair each heading and sentence of `content.html` with its clip in the section's MP3,
and an MP3 cut from the programme WAV. `ncc.html` lists the headings at the article's levels;
`master.smil` lists the sections. For a paged document (a PDF), `ncc.html` also has a
`page-normal` target per printed page, after the heading of the part it falls in, linking to
the SMIL `text` of the page's first sentence. A clip runs from its cue's first sound to the
next cue's, so the pauses play too, and the clips of a section tile its MP3 exactly: the times
add up to `ncc:totalTime`.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from narrate import __version__
from narrate.disclosure import voice_label
from narrate.errors import OutputError
from narrate.fs import atomic_path, atomic_write_bytes
from narrate.model import TimedCue
from narrate.timefmt import hms, smil_clock
from narrate.writers.base import EditionContext, Writer, register
from narrate.writers.mp3 import Tags, encode_span
from narrate.writers.outline import Part, outline, page_starts
from narrate.writers.xml_build import XHTML, el, serialize

XHTML_DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
)
SMIL_DOCTYPE = (
    '<!DOCTYPE smil PUBLIC "-//W3C//DTD SMIL 1.0//EN" "http://www.w3.org/TR/REC-smil/SMIL10.dtd">'
)
FORMAT = "Daisy 2.02"
GENERATOR = f"narrate {__version__}"
CONTENT = "content.html"
FOLDER = "daisy"


@dataclass(frozen=True)
class Clip:
    """One `par`: a cue, its element id in the content document, and its span in the MP3."""

    cue: TimedCue
    text_id: str
    begin_ms: int  # from the start of the section's MP3
    end_ms: int


@dataclass(frozen=True)
class Section:
    """One SMIL file and its MP3: a part of the outline that has sound."""

    number: int
    part: Part
    start_ms: int  # on the programme's timeline
    end_ms: int
    clips: tuple[Clip, ...]

    @property
    def smil(self) -> str:
        return f"s{self.number:03d}.smil"

    @property
    def audio(self) -> str:
        return f"s{self.number:03d}.mp3"


def sections(parts: tuple[Part, ...]) -> tuple[Section, ...]:
    """The book's sections: each part with cues, its clips tiling its span of the programme."""
    result: list[Section] = []
    count = 0
    for part in parts:
        cues = part.cues
        if not cues:
            continue
        starts = [part.start_ms] + [t.start_ms for t in cues[1:]]
        ends = starts[1:] + [part.end_ms]
        clips = []
        for timed, begin, end in zip(cues, starts, ends, strict=True):
            count += 1
            clips.append(Clip(timed, f"t{count:04d}", begin - part.start_ms, end - part.start_ms))
        result.append(Section(len(result) + 1, part, part.start_ms, part.end_ms, tuple(clips)))
    return tuple(result)




def npt(ms: int) -> str:
    """A clip time: `npt=12.345s`."""
    return f"npt={ms / 1000:.3f}s"


def _meta(head: etree._Element, name: str, content: object) -> None:
    el(head, "meta", name=name, content=str(content))


def _xhtml(edition: EditionContext, title: str) -> tuple[etree._Element, etree._Element]:
    """An XHTML 1.0 page with its charset and title; returns (html, head)."""
    language = edition.article.language
    page = etree.Element(
        f"{{{XHTML}}}html",
        {"lang": language, "{http://www.w3.org/XML/1998/namespace}lang": language},
        nsmap={None: XHTML},
    )
    head = el(page, "head")
    el(head, "meta", **{"http-equiv": "Content-type", "content": "text/html; charset=utf-8"})
    el(head, "title", title)
    return page, head


def render_content(
    edition: EditionContext, book: tuple[Section, ...], parts: tuple[Part, ...]
) -> bytes:
    """The text document: an id on every heading and sentence a `par` points at."""
    ids = {clip.cue.cue.id: clip.text_id for s in book for clip in s.clips}
    page, head = _xhtml(edition, edition.article.title)
    _meta(head, "dc:title", edition.article.title)
    _meta(head, "dc:format", FORMAT)
    body = el(page, "body")
    for part in parts:
        heading = el(body, f"h{part.level}", part.title)
        if part.heading:
            heading.set("id", ids[part.heading.cue.id])
        items = None
        for passage in part.passages:
            if passage.kind == "list_item":
                items = items if items is not None else el(body, "ul")
                block = el(items, "li")
            else:
                items = None
                tag = f"h{min(part.level + 1, 6)}" if passage.kind == "heading" else "p"
                block = el(body, tag)
            for n, timed in enumerate(passage.cues):
                span = el(block, "span", timed.cue.display, id=ids[timed.cue.id])
                span.tail = " " if n < len(passage.cues) - 1 else None
    return serialize(page, XHTML_DOCTYPE)


def render_smil(edition: EditionContext, section: Section, elapsed_ms: int) -> bytes:
    """One section's SMIL: head metadata and a `par` per heading and sentence."""
    smil = etree.Element("smil")
    head = el(smil, "head")
    _meta(head, "dc:format", FORMAT)
    _meta(head, "dc:title", edition.article.title)
    _meta(head, "dc:identifier", identifier(edition))
    _meta(head, "title", section.part.title)
    _meta(head, "ncc:generator", GENERATOR)
    _meta(head, "ncc:totalElapsedTime", smil_clock(elapsed_ms))
    _meta(head, "ncc:timeInThisSmil", smil_clock(section.end_ms - section.start_ms))
    el(el(head, "layout"), "region", id="txtView")
    seq = el(el(smil, "body"), "seq", dur=f"{(section.end_ms - section.start_ms) / 1000:.3f}s")
    for clip in section.clips:
        number = clip.text_id[1:]
        par = el(seq, "par", endsync="last", id=f"p{number}")
        el(par, "text", src=f"{CONTENT}#{clip.text_id}", id=f"x{number}")
        el(
            par,
            "audio",
            src=section.audio,
            id=f"a{number}",
            **{"clip-begin": npt(clip.begin_ms), "clip-end": npt(clip.end_ms)},
        )
    return serialize(smil, SMIL_DOCTYPE)


def render_master(edition: EditionContext, book: tuple[Section, ...]) -> bytes:
    """`master.smil`: every section's SMIL in reading order."""
    smil = etree.Element("smil")
    head = el(smil, "head")
    _meta(head, "dc:format", FORMAT)
    _meta(head, "dc:title", edition.article.title)
    _meta(head, "dc:identifier", identifier(edition))
    _meta(head, "ncc:generator", GENERATOR)
    _meta(head, "ncc:timeInThisSmil", smil_clock(edition.timeline.duration_ms))
    el(el(head, "layout"), "region", id="txtView")
    body = el(smil, "body")
    for section in book:
        el(body, "ref", src=section.smil, title=section.part.title, id=f"ms{section.number:03d}")
    return serialize(smil, SMIL_DOCTYPE)


def render_ncc(
    edition: EditionContext, book: tuple[Section, ...], parts: tuple[Part, ...]
) -> bytes:
    """The navigation control centre: the book's metadata and its headings, linked to SMIL."""
    article = edition.article
    engine = edition.engine
    page, head = _xhtml(edition, article.title)
    first_clip = {id(s.part): (s, s.clips[0]) for s in book}
    pages = page_starts(edition.timeline, edition.article.page_labels)
    clip_of = {clip.cue.cue.id: (s, clip) for s in book for clip in s.clips}
    metadata = {
        "dc:title": article.title,
        "dc:creator": creator(edition),
        "dc:date": edition.date or date.today().isoformat(),
        "dc:format": FORMAT,
        "dc:identifier": identifier(edition),
        "dc:language": article.language,
        "dc:publisher": "narrate",
        "ncc:charset": "utf-8",
        "ncc:generator": GENERATOR,
        "ncc:narrator": voice_label(engine),
        "ncc:multimediaType": "audioFullText",
        "ncc:totalTime": hms(edition.timeline.duration_ms),
        "ncc:files": 3 + 2 * len(book),  # ncc, content, master; a SMIL and an MP3 per section
        "ncc:tocItems": len(parts) + len(pages),
        "ncc:depth": max(p.level for p in parts),
        "ncc:setInfo": "1 of 1",
        "ncc:pageFront": 0,
        "ncc:pageNormal": len(pages),
        "ncc:pageSpecial": 0,
        "ncc:maxPageNormal": max((p.page for p in pages), default=0),
        "ncc:footnotes": 0,
        "ncc:sidebars": 0,
        "ncc:prodNotes": 0,
    }
    for name, content in metadata.items():
        _meta(head, name, content)
    body = el(page, "body")
    for n, part in enumerate(parts, 1):
        # a part without sound (an unspoken title) links to the next sound, as players expect
        later = [first_clip[id(p)] for p in parts[n - 1 :] if id(p) in first_clip]
        section, clip = later[0] if later else (book[-1], book[-1].clips[-1])
        heading = el(body, f"h{part.level}", id=f"n{n:03d}")
        if n == 1:
            heading.set("class", "title")
        el(heading, "a", part.title, href=f"{section.smil}#x{clip.text_id[1:]}")
        ids = {t.cue.id for t in part.cues}
        for start in (p for p in pages if p.cue.cue.id in ids):
            section, clip = clip_of[start.cue.cue.id]
            target = el(body, "span", class_="page-normal", id=f"page{start.page}")
            el(target, "a", start.label, href=f"{section.smil}#x{clip.text_id[1:]}")
    return serialize(page, XHTML_DOCTYPE)


def creator(edition: EditionContext) -> str:
    """The author as the MP3 tags name them, else "Unknown"."""
    return Tags.for_article(edition.article, author=edition.author).author or "Unknown"


def identifier(edition: EditionContext) -> str:
    """A stable id for this book: the source's hash, the voice and the slug."""
    return f"narrate-{hashlib.sha256(edition.book_seed.encode()).hexdigest()[:16]}"


def write_daisy(edition: EditionContext, dest: Path) -> Path:
    """Write the book into the folder `dest` (inside the edition's staging folder, so it is
    published whole with the edition); return `dest`."""
    parts = outline(edition.timeline, edition.script, edition.article)
    book = sections(parts)
    if not book:
        raise OutputError("cannot write a DAISY book: the programme has no timed cues")
    try:
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        elapsed = 0
        for section in book:
            mp3 = dest / section.audio
            with atomic_path(mp3) as tmp:
                span = (section.start_ms, section.end_ms)
                encode_span(edition, span, tmp, f"DAISY audio {mp3.name}")
            atomic_write_bytes(dest / section.smil, render_smil(edition, section, elapsed))
            elapsed += section.end_ms - section.start_ms
        atomic_write_bytes(dest / CONTENT, render_content(edition, book, parts))
        atomic_write_bytes(dest / "master.smil", render_master(edition, book))
        atomic_write_bytes(dest / "ncc.html", render_ncc(edition, book, parts))
    except OSError as e:
        raise OutputError(f"cannot write the DAISY book {dest}: {e.strerror or e}") from e
    return dest


@register
class DaisyWriter(Writer):
    """`daisy/`: a DAISY 2.02 talking book; its path is the entry point, `daisy/ncc.html`."""

    format = "daisy"
    extension = ""
    media_type = "text/html"  # its entry point, ncc.html

    def filename(self, edition: EditionContext) -> str:
        """The book's entry point, `daisy/ncc.html`, which players open."""
        return f"{FOLDER}/ncc.html"

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        return write_daisy(edition, dest_dir / FOLDER) / "ncc.html"
