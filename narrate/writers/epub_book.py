"""The EPUB 3 book's documents, rendered with lxml: one XHTML content document and one SMIL
Media Overlay per chapter, the navigation document, the stylesheet and the package document.

`plan_book` turns the outline into `Chapter`s: a content document per part (the title with
the text under it, then each heading's part, the synthetic-voice notice's part last or first),
each sentence and spoken heading an element with an id, and each such element's clip in the
chapter's MP3: from the cue's first sound to its last, the times the captions show, moved to
the start of the chapter's audio. narrate.writers.epub zips them with the audio.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from narrate.timefmt import smil_clock
from narrate.writers.outline import PageStart, Part
from narrate.writers.xml_build import XHTML, el, serialize

OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
SMIL = "http://www.w3.org/ns/SMIL"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ACTIVE_CLASS = "-epub-media-overlay-active"
HEADING = "heading"  # the id of each content document's heading, which the nav links to
CSS = f"""body {{ font-family: serif; line-height: 1.5; margin: 0 5%; }}
h1, h2, h3, h4, h5, h6 {{ font-family: sans-serif; line-height: 1.2; }}
.{ACTIVE_CLASS} {{ background-color: #ffef9e; color: #000; }}
"""


@dataclass(frozen=True)
class Clip:
    """One `par`: the element id in the chapter's document and its span in the chapter's MP3."""

    text_id: str
    begin_ms: int
    end_ms: int


@dataclass(frozen=True)
class Chapter:
    """One content document, its overlay and audio (None for a part that says nothing)."""

    number: int
    part: Part
    clips: tuple[Clip, ...]
    pages: tuple[PageStart, ...] = ()  # the printed pages that start in it, in order

    @property
    def name(self) -> str:
        return f"c{self.number:03d}"

    @property
    def has_audio(self) -> bool:
        return bool(self.clips)

    @property
    def duration_ms(self) -> int:
        """The chapter's audio: its part's span of the programme (the parts tile it)."""
        return self.part.end_ms - self.part.start_ms if self.clips else 0


@dataclass(frozen=True)
class BookInfo:
    """What the package document says of the book besides its chapters."""

    identifier: str  # urn:uuid:...
    title: str
    language: str
    creator: str | None
    source: str | None  # the article's URL, or its file's name
    date: str
    modified: str  # CCYY-MM-DDThh:mm:ssZ
    narrator: str  # the engine and voice
    summary: str  # schema:accessibilitySummary


def plan_book(
    parts: tuple[Part, ...], pages: tuple[PageStart, ...] = ()
) -> tuple[Chapter, ...]:
    """A chapter per part, each element a `par` points at numbered across the book, with the
    printed pages (outline.page_starts) whose first cue it holds."""
    chapters, count = [], 0
    for number, part in enumerate(parts, 1):
        clips = []
        for timed in part.cues:
            count += 1
            clips.append(Clip(f"s{count:04d}", timed.start_ms - part.start_ms,
                              timed.end_ms - part.start_ms))  # fmt: skip
        ids = {t.cue.id for t in part.cues}
        own = tuple(p for p in pages if p.cue.cue.id in ids)
        chapters.append(Chapter(number, part, tuple(clips), own))
    return tuple(chapters)


def page_id(page: int) -> str:
    """The id of a printed page's break marker, which the page list links to."""
    return f"page{page}"


def _page(language: str, title: str, css: str | None) -> tuple[etree._Element, etree._Element]:
    """An XHTML5 page in `language`; returns (html, body)."""
    html = etree.Element(f"{{{XHTML}}}html", {XML_LANG: language, "lang": language},
                         nsmap={None: XHTML, "epub": OPS})  # fmt: skip
    head = el(html, "head")
    el(head, "meta", charset="utf-8")
    el(head, "title", title)
    if css:
        el(head, "link", rel="stylesheet", type="text/css", href=css)
    return html, el(html, "body")


def render_chapter(chapter: Chapter, language: str) -> bytes:
    """The chapter's XHTML: its heading, paragraphs, lists and sub-headings, a span with an id
    for every sentence, and a page-break marker before the first sentence of a printed page."""
    part = chapter.part
    breaks = {p.cue.cue.id: p for p in chapter.pages}
    ids = iter(clip.text_id for clip in chapter.clips)
    html, body = _page(language, part.title, "../css/book.css")
    section = el(body, "section", id=chapter.name, role="doc-chapter",
                 **{f"{{{OPS}}}type": "chapter", "aria-labelledby": HEADING})  # fmt: skip
    heading = el(section, f"h{part.level}", id=HEADING)
    if part.heading:
        el(heading, "span", part.title, id=next(ids))
    else:
        heading.text = part.title
    items = None
    for passage in part.passages:
        if passage.kind == "list_item":
            items = items if items is not None else el(section, "ul")
            block = el(items, "li")
        else:
            items = None
            level = min(part.level + 1, 6)
            block = el(section, f"h{level}" if passage.kind == "heading" else "p")
        for timed in passage.cues:
            if (start := breaks.get(timed.cue.id)) is not None:
                el(block, "span", id=page_id(start.page), role="doc-pagebreak", **{
                    f"{{{OPS}}}type": "pagebreak", "aria-label": start.label})  # fmt: skip
            el(block, "span", timed.cue.display, id=next(ids))
    return serialize(html, "<!DOCTYPE html>")


def render_overlay(chapter: Chapter) -> bytes:
    """The chapter's Media Overlay: one `par` per element, in reading order."""
    smil = etree.Element(f"{{{SMIL}}}smil", version="3.0", nsmap={None: SMIL, "epub": OPS})
    body = el(smil, "body")
    text = f"../text/{chapter.name}.xhtml"
    seq = el(body, "seq", id="seq", **{f"{{{OPS}}}textref": f"{text}#{chapter.name}"})
    for n, clip in enumerate(chapter.clips, 1):
        par = el(seq, "par", id=f"par{n:04d}")
        el(par, "text", src=f"{text}#{clip.text_id}")
        el(par, "audio", src=f"../audio/{chapter.name}.mp3", clipBegin=smil_clock(clip.begin_ms),
            clipEnd=smil_clock(clip.end_ms))  # fmt: skip
    return serialize(smil)


def render_nav(chapters: tuple[Chapter, ...], info: BookInfo, contents_title: str) -> bytes:
    """The navigation document: the table of contents, nested by heading level, each entry
    linking to its chapter's heading; the page list of a paged document; and the landmarks."""
    html, body = _page(info.language, info.title, None)
    nav = el(body, "nav", id="toc", **{f"{{{OPS}}}type": "toc", "role": "doc-toc"})
    el(nav, "h1", contents_title)
    top = el(nav, "ol")
    stack: list[tuple[int, etree._Element]] = [(1, top)]  # (level, its list)
    last_item: etree._Element | None = None
    for chapter in chapters:
        level = max(chapter.part.level, 2)  # the title and its chapters side by side
        while len(stack) > 1 and stack[-1][0] >= level:
            stack.pop()
        if level > stack[-1][0] + 1 and last_item is not None:
            stack.append((level - 1, el(last_item, "ol")))
        href = f"text/{chapter.name}.xhtml#{HEADING}"
        last_item = el(stack[-1][1], "li")
        el(last_item, "a", chapter.part.title, href=href)
    if any(chapter.pages for chapter in chapters):
        page_list = el(body, "nav", hidden="hidden", **{f"{{{OPS}}}type": "page-list"})
        el(page_list, "h1", "Pages")
        entries = el(page_list, "ol")
        for chapter in chapters:
            for start in chapter.pages:
                el(el(entries, "li"), "a", start.label,
                    href=f"text/{chapter.name}.xhtml#{page_id(start.page)}")  # fmt: skip
    landmarks = el(body, "nav", hidden="hidden", **{f"{{{OPS}}}type": "landmarks"})
    el(landmarks, "h1", "Landmarks")
    marks = el(landmarks, "ol")
    body_start = next(
        (c for c in chapters if any(t.cue.kind != "notice" for t in c.part.cues)), chapters[0]
    )
    el(el(marks, "li"), "a", body_start.part.title, href=f"text/{body_start.name}.xhtml",
        **{f"{{{OPS}}}type": "bodymatter"})  # fmt: skip
    return serialize(html, "<!DOCTYPE html>")


def render_package(chapters: tuple[Chapter, ...], info: BookInfo) -> bytes:
    """The package document: metadata (Dublin Core, media overlays, accessibility), the
    manifest of every file, and the spine in reading order."""
    package = etree.Element(f"{{{OPF}}}package", {"version": "3.0",
                            "unique-identifier": "pub-id", XML_LANG: info.language},
                            nsmap={None: OPF})  # fmt: skip
    metadata = etree.SubElement(package, f"{{{OPF}}}metadata", nsmap={"dc": DC})
    el(metadata, f"{{{DC}}}identifier", info.identifier, id="pub-id")
    el(metadata, f"{{{DC}}}title", info.title)
    el(metadata, f"{{{DC}}}language", info.language)
    if info.creator:
        el(metadata, f"{{{DC}}}creator", info.creator)
    paged = any(c.pages for c in chapters)
    # a paged book read from stdin names its printed edition by the title
    source = info.source or (info.title if paged else None)
    if source:
        el(metadata, f"{{{DC}}}source", source, id="source")
        if paged:  # the printed edition the page list follows
            el(metadata, "meta", "pagination", refines="#source", property="source-of")
    el(metadata, f"{{{DC}}}date", info.date)
    el(metadata, f"{{{DC}}}publisher", "narrate")
    properties = [("dcterms:modified", info.modified)]
    audio = [c for c in chapters if c.has_audio]
    properties += [("media:duration", smil_clock(sum(c.duration_ms for c in audio))),
                   ("media:narrator", info.narrator), ("media:active-class", ACTIVE_CLASS)]
    properties += [("schema:accessMode", "textual"), ("schema:accessMode", "auditory"),
                   ("schema:accessModeSufficient", "textual"),
                   ("schema:accessModeSufficient", "auditory"),
                   ("schema:accessModeSufficient", "textual,auditory"),
                   ("schema:accessibilityFeature", "synchronizedAudioText"),
                   ("schema:accessibilityFeature", "structuralNavigation"),
                   ("schema:accessibilityFeature", "tableOfContents"),
                   ("schema:accessibilityFeature", "readingOrder"),
                   *([("schema:accessibilityFeature", "pageBreakMarkers"),
                      ("schema:accessibilityFeature", "pageNavigation")]
                     if paged else []),
                   ("schema:accessibilityHazard", "none"),
                   ("schema:accessibilitySummary", info.summary)]  # fmt: skip
    for name, value in properties:
        el(metadata, "meta", value, property=name)
    for chapter in audio:
        el(metadata, "meta", smil_clock(chapter.duration_ms), property="media:duration",
            refines=f"#mo-{chapter.name}")  # fmt: skip
    manifest = el(package, "manifest")
    el(manifest, "item", id="nav", href="nav.xhtml", properties="nav",
        **{"media-type": "application/xhtml+xml"})  # fmt: skip
    el(manifest, "item", id="css", href="css/book.css", **{"media-type": "text/css"})
    for chapter in chapters:
        name = chapter.name
        item = el(manifest, "item", id=name, href=f"text/{name}.xhtml",
                  **{"media-type": "application/xhtml+xml"})  # fmt: skip
        if chapter.has_audio:
            item.set("media-overlay", f"mo-{name}")
            el(manifest, "item", id=f"mo-{name}", href=f"smil/{name}.smil",
                **{"media-type": "application/smil+xml"})  # fmt: skip
            el(manifest, "item", id=f"audio-{name}", href=f"audio/{name}.mp3",
                **{"media-type": "audio/mpeg"})  # fmt: skip
    spine = el(package, "spine")
    for chapter in chapters:
        el(spine, "itemref", idref=chapter.name)
    return serialize(package)


CONTAINER = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
