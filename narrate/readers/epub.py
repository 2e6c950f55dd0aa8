"""EPUB books (2 and 3): the spine in order, chapters titled and nested as the book's own table
of contents (the EPUB 3 nav, else the EPUB 2 NCX) says.

Each content document is read as HTML by narrate.readers.html_blocks, without main-content
extraction (the book is the content): its `<header>`s and sidebars are read, its footnote
marks and note asides are not. A nav entry becomes a heading where it points (replacing the
document's own heading when that says the same), at its depth in the nav; the document's other
headings nest under it. Not the work, and skipped: the cover, the nav document, a printed table
of contents, the copyright page, title page and index (by the package's guide or landmarks, an
`epub:type` on the document, or, for a book that marks nothing, a page that is mostly links or
a short page of copyright notices), and spine items marked non-linear. Title, author and
language from the package's metadata; a first chapter named as the book is not a chapter (the
title is said once).
"""

from __future__ import annotations

import posixpath
import re
import warnings
from dataclasses import dataclass
from urllib.parse import unquote, urldefrag

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from lxml import etree

from narrate.errors import ArticleError
from narrate.model import Article
from narrate.readers.cleanup import normalize_space
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.html_blocks import html_items
from narrate.readers.office import without_title_heading
from narrate.readers.sections import Heading, Item, build_sections
from narrate.readers.zipsafe import Container, refuse_entities

OPF = "http://www.idpf.org/2007/opf"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
DC = "http://purl.org/dc/elements/1.1/"
NOT_THE_WORK = frozenset(
    "cover cover-image toc copyright-page copyright titlepage title-page index loi lot".split()
)
NOTE_TYPES = frozenset(
    "footnote footnotes endnote endnotes rearnote rearnotes note noteref backlink".split()
)
NOTE_CLASSES = frozenset("footnotes endnotes footnote endnote footnote-ref noteref".split())
NOTE_MARK = re.compile(r"\[?(\d{1,3}|[a-z]|[*†‡§¶])\]?", re.IGNORECASE)  # a link "1", "[2]", "*"
COPYRIGHT_WORDS = re.compile(r"©|\bcopyright\b|all rights reserved|\bISBN\b|\bpublished by\b",
                             re.IGNORECASE)  # fmt: skip
COPYRIGHT_PAGE_WORDS = 300  # a copyright page is short
ENTRY_MARK = ("\ue000", "\ue001")  # private-use characters around a placeholder's number
ENTRY_PATTERN = re.compile("\ue000(\\d+)\ue001")
LINKS_SHARE = 0.6  # a page whose text is mostly links is a printed table of contents
MIN_LINKS = 3
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
Manifest = dict[str | None, tuple[str, str, str]]  # id: (member name, media type, properties)


@dataclass(frozen=True)
class Entry:
    """A table-of-contents entry: its title, depth (1 at the top) and target."""

    title: str
    level: int
    path: str
    fragment: str


def read_epub(container: Container, options: DocumentOptions = DEFAULT_DOCUMENT) -> Article:
    """Read an EPUB book into an Article."""
    opf_path = _package_path(container)
    package = container.xml(opf_path)
    folder = posixpath.dirname(opf_path)
    manifest: Manifest = {}
    for item in package.iter(f"{{{OPF}}}item"):
        href = posixpath.normpath(posixpath.join(folder, unquote(item.get("href") or "")))
        manifest[item.get("id")] = (
            href,
            item.get("media-type") or "",
            item.get("properties") or "",
        )
    spine = package.find(f"{{{OPF}}}spine")
    if spine is None:
        raise ArticleError(container.source, "is an EPUB with no spine (no reading order)")
    entries, landmarks = _contents(container, manifest, spine, folder)
    skipped = landmarks | _guide(package, folder)
    items: list[Item] = []
    depth = 0  # the nav level of the chapter being read
    for itemref in spine.iter(f"{{{OPF}}}itemref"):
        if itemref.get("linear") == "no" or itemref.get("idref") not in manifest:
            continue
        path, media, properties = manifest[itemref.get("idref")]
        if "nav" in properties.split() or path in skipped or "html" not in media:
            continue
        if not container.has(path):
            continue
        here = [entry for entry in entries if entry.path == path]
        items.extend(_document(container, path, here, depth))
        depth = here[-1].level if here else depth  # a document with no entry continues one
    metadata = package.find(f"{{{OPF}}}metadata")
    title, author, language = _metadata(metadata)
    return Article(
        title=title,
        sections=build_sections(without_title_heading(items, title) if title else items),
        byline=author,
        language=language or "en",
    )


def _package_path(container: Container) -> str:
    if container.has("META-INF/container.xml"):
        rootfile = next(container.xml("META-INF/container.xml").iter(f"{{{CONTAINER}}}rootfile"),
                        None)  # fmt: skip
        if rootfile is not None and rootfile.get("full-path"):
            return rootfile.get("full-path") or ""
    found = sorted(name for name in container.names if name.endswith(".opf"))
    if not found:
        raise ArticleError(container.source, "is an EPUB with no package document (.opf)")
    return found[0]


def _metadata(metadata: etree._Element | None) -> tuple[str, str | None, str]:
    if metadata is None:
        return "", None, ""

    def first(tag: str) -> str:
        element = metadata.find(f"{{{DC}}}{tag}")
        return normalize_space("".join(element.itertext())) if element is not None else ""

    creators = metadata.findall(f"{{{DC}}}creator")
    authors = [c for c in creators if c.get(f"{{{OPF}}}role") in (None, "aut")]
    names = [normalize_space("".join(c.itertext())) for c in authors or creators]
    author = ", ".join(name for name in names if name) or None
    return first("title"), author, first("language")


def _guide(package: etree._Element, folder: str) -> set[str]:
    """Documents the EPUB 2 guide names as not the work (cover, table of contents...)."""
    found = set()
    for reference in package.iter(f"{{{OPF}}}reference"):
        if (reference.get("type") or "").lower() in NOT_THE_WORK:
            found.add(_resolve(folder, reference.get("href") or "")[0])
    return found


def _resolve(folder: str, href: str) -> tuple[str, str]:
    path, fragment = urldefrag(href)
    return posixpath.normpath(posixpath.join(folder, unquote(path))), fragment


def _contents(
    container: Container, manifest: Manifest, spine: etree._Element, folder: str
) -> tuple[list[Entry], set[str]]:
    """The table of contents (nav, else NCX) and the documents its landmarks say to skip."""
    nav = next((href for href, _, props in manifest.values() if "nav" in props.split()), None)
    if nav and container.has(nav):
        root = _html(container, nav)
        entries: list[Entry] = []
        landmarks: set[str] = set()
        base = posixpath.dirname(nav)
        for element in root.find_all("nav"):
            kind = _attribute(element, "epub:type") or _attribute(element, "type")
            if "landmarks" in kind:
                for link in element.find_all("a"):
                    if set(_attribute(link, "epub:type").split()) & NOT_THE_WORK:
                        landmarks.add(_resolve(base, _attribute(link, "href"))[0])
            elif "toc" in kind.split() and not entries:
                list_ = element.find(["ol", "ul"])
                if list_ is not None:
                    entries = _nav_entries(list_, base, 1)
        if entries:
            return entries, landmarks
    ncx = manifest.get(spine.get("toc"), (None,))[0] or next(
        (href for href, media, _ in manifest.values() if media == "application/x-dtbncx+xml"), None
    )
    if ncx and container.has(ncx):
        nav_map = container.xml(ncx).find(f"{{{NCX}}}navMap")
        if nav_map is not None:
            return _ncx_entries(nav_map, posixpath.dirname(ncx), 1), set()
    return [], set()


def _nav_entries(list_: Tag, base: str, level: int) -> list[Entry]:
    entries = []
    for item in list_.find_all("li", recursive=False):
        link = item.find(["a", "span"], recursive=False)
        if link is not None and _attribute(link, "href"):
            path, fragment = _resolve(base, _attribute(link, "href"))
            title = normalize_space(link.get_text(" "))
            if title:
                entries.append(Entry(title, min(level, 6), path, fragment))
        inner = item.find(["ol", "ul"], recursive=False)
        if inner is not None:
            entries.extend(_nav_entries(inner, base, level + 1))
    return entries


def _ncx_entries(parent: etree._Element, base: str, level: int) -> list[Entry]:
    entries = []
    for point in parent.findall(f"{{{NCX}}}navPoint"):
        label = point.find(f"{{{NCX}}}navLabel/{{{NCX}}}text")
        content = point.find(f"{{{NCX}}}content")
        title = normalize_space("".join(label.itertext())) if label is not None else ""
        if title and content is not None and content.get("src"):
            path, fragment = _resolve(base, content.get("src") or "")
            entries.append(Entry(title, min(level, 6), path, fragment))
        entries.extend(_ncx_entries(point, base, level + 1))
    return entries


def _html(container: Container, path: str) -> BeautifulSoup:
    """A content document parsed as HTML (lxml's HTML parser), entity declarations refused."""
    data = container.read(path)
    refuse_entities(data, container.source, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # XHTML, read as HTML on purpose
        return BeautifulSoup(data, "lxml")


def _document(container: Container, path: str, entries: list[Entry], depth: int) -> list[Item]:
    """The headings and blocks of one content document, nav entries placed where they point."""
    soup = _html(container, path)
    body = soup.body or soup
    if _not_the_work(body):
        return []
    for note in body.find_all(_is_note):
        note.extract()
    for tag in body.find_all(["header", "footer", "aside", "section", "article"]):
        tag.name = "div"  # inside a book these are the book: keep them from the widget filter
    for index, entry in enumerate(entries):
        target = body.find(id=entry.fragment) if entry.fragment else None
        if target is None and entry.fragment:
            continue  # an anchor the document does not have
        mark = soup.new_tag("h6")
        mark.string = f"{ENTRY_MARK[0]}{index}{ENTRY_MARK[1]}"
        if target is None:
            body.insert(0, mark)
        else:
            target.insert_before(mark)
    for tag in body.find_all(True):  # a book's classes style it; they name no widgets
        for attribute in ("class", "id", "role"):
            tag.attrs.pop(attribute, None)
    return _placed(html_items(body), entries, depth)


def _placed(items: list[Item], entries: list[Entry], depth: int) -> list[Item]:
    """Nav headings at their nav level; the document's own heading right after one, when it
    says the same, dropped; the document's other headings nested under the last nav heading (in
    this document, else `depth`, the level of the chapter it continues)."""
    own = [item.level for item in items if isinstance(item, Heading) and not _entry(item)]
    top = min(own, default=1)
    level = entries[0].level - 1 if entries else depth
    placed: list[Item] = []
    awaiting: Entry | None = None
    for item in items:
        index = _entry(item)
        if index is not None:
            awaiting = entries[index]
            level = awaiting.level
            placed.append(Heading(awaiting.title, awaiting.level))
            continue
        if isinstance(item, Heading):
            if not (awaiting is not None and _same(item.text, awaiting.title)):
                placed.append(Heading(item.text, min(level + 1 + item.level - top, 6)))
        else:
            placed.append(item)
        awaiting = None
    return placed


def _entry(item: Item) -> int | None:
    """The index of the nav entry a placeholder heading stands for, None for other items."""
    if not isinstance(item, Heading):
        return None
    match = ENTRY_PATTERN.fullmatch(item.text)
    return int(match.group(1)) if match else None


def _same(first: str, second: str) -> bool:
    a, b = normalize_space(first).casefold(), normalize_space(second).casefold()
    return a == b or (len(a) > 3 and a in b)


def _is_note(tag: Tag) -> bool:
    """A note, a list of notes, or a note's mark (a short link to a note) in the text."""
    types = set(_attribute(tag, "epub:type").split())
    types |= {role.removeprefix("doc-") for role in _attribute(tag, "role").split()}
    if types & NOTE_TYPES or set(tag.get_attribute_list("class")) & NOTE_CLASSES:
        return True
    href = _attribute(tag, "href") if tag.name == "a" else ""
    return "#" in href and NOTE_MARK.fullmatch(normalize_space(tag.get_text())) is not None


def _not_the_work(body: Tag) -> bool:
    """Whether a content document is front or back matter that is not the work."""
    for tag in [body, *body.find_all(["section", "div", "body"], limit=3)]:
        kinds = set(_attribute(tag, "epub:type").split())
        kinds |= {role.removeprefix("doc-") for role in _attribute(tag, "role").split()}
        if kinds & NOT_THE_WORK:
            return True
    text = normalize_space(body.get_text(" "))
    headings = " ".join(h.get_text(" ") for h in body.find_all(HEADINGS))
    links = body.find_all("a")
    linked = sum(len(normalize_space(link.get_text(" "))) for link in links)
    listed = len(text) - len(normalize_space(headings))  # a contents page's own title aside
    if len(links) >= MIN_LINKS and listed > 0 and linked >= LINKS_SHARE * listed:
        return True
    return len(text.split()) < COPYRIGHT_PAGE_WORDS and len(COPYRIGHT_WORDS.findall(text)) >= 2


def _attribute(tag: Tag, name: str) -> str:
    """An HTML attribute as text ("" when missing; a multi-valued one joined by spaces)."""
    value = tag.get(name)
    return " ".join(value) if isinstance(value, list) else value or ""
