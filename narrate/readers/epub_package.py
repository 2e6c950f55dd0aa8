"""An EPUB's package: where the package document is, its manifest and metadata, the documents
its guide or landmarks say are not the work, and its table of contents (the EPUB 3 nav, else the
EPUB 2 NCX) as a flat list of entries with their depth."""

from __future__ import annotations

import posixpath
import warnings
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from urllib.parse import unquote, urldefrag

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from lxml import etree

from narrate.errors import ArticleError
from narrate.readers.cleanup import normalize_space
from narrate.readers.zipsafe import Container, refuse_entities

OPF = "http://www.idpf.org/2007/opf"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
DC = "http://purl.org/dc/elements/1.1/"
NOT_THE_WORK = frozenset(
    "cover cover-image toc copyright-page copyright titlepage title-page index loi lot".split()
)
Manifest = dict[str | None, tuple[str, str, str]]  # id: (member name, media type, properties)


@dataclass(frozen=True)
class Entry:
    """A table-of-contents entry: its title, depth (1 at the top) and target."""

    title: str
    level: int
    path: str
    fragment: str


def package_path(container: Container, members: AbstractSet[str]) -> str:
    """The package document's member name (from META-INF/container.xml, else the first .opf)."""
    if "META-INF/container.xml" in members:
        rootfile = next(container.xml("META-INF/container.xml").iter(f"{{{CONTAINER}}}rootfile"),
                        None)  # fmt: skip
        if rootfile is not None and rootfile.get("full-path"):
            return rootfile.get("full-path") or ""
    found = sorted(name for name in members if name.endswith(".opf"))
    if not found:
        raise ArticleError(container.source, "is an EPUB with no package document (.opf)")
    return found[0]


def manifest(package: etree._Element, folder: str) -> Manifest:
    found: Manifest = {}
    for item in package.iter(f"{{{OPF}}}item"):
        href = posixpath.normpath(posixpath.join(folder, unquote(item.get("href") or "")))
        found[item.get("id")] = (href, item.get("media-type") or "", item.get("properties") or "")
    return found


def metadata(package: etree._Element) -> tuple[str, str | None, str]:
    """The book's title, author(s) and language."""
    element = package.find(f"{{{OPF}}}metadata")
    if element is None:
        return "", None, ""

    def first(tag: str) -> str:
        found = element.find(f"{{{DC}}}{tag}")
        return normalize_space("".join(found.itertext())) if found is not None else ""

    creators = element.findall(f"{{{DC}}}creator")
    authors = [c for c in creators if c.get(f"{{{OPF}}}role") in (None, "aut")]
    names = [normalize_space("".join(c.itertext())) for c in authors or creators]
    author = ", ".join(name for name in names if name) or None
    return first("title"), author, first("language")


def guide(package: etree._Element, folder: str) -> set[str]:
    """Documents the EPUB 2 guide names as not the work (cover, table of contents...)."""
    found = set()
    for reference in package.iter(f"{{{OPF}}}reference"):
        if (reference.get("type") or "").lower() in NOT_THE_WORK:
            found.add(resolve(folder, reference.get("href") or "")[0])
    return found


def resolve(folder: str, href: str, here: str = "") -> tuple[str, str]:
    """A link's member name and fragment; a link to a fragment alone points into `here`."""
    path, fragment = urldefrag(href)
    if not path and here:
        return here, fragment
    return posixpath.normpath(posixpath.join(folder, unquote(path))), fragment


def contents(
    container: Container, members: AbstractSet[str], found: Manifest, spine: etree._Element
) -> tuple[list[Entry], set[str]]:
    """The table of contents (nav, else NCX) and the documents its landmarks say to skip."""
    nav = next((href for href, _, props in found.values() if "nav" in props.split()), None)
    if nav and nav in members:
        root = html(container, nav)
        entries: list[Entry] = []
        landmarks: set[str] = set()
        base = posixpath.dirname(nav)
        for element in root.find_all("nav"):
            kind = attribute(element, "epub:type") or attribute(element, "type")
            if "landmarks" in kind:
                for link in element.find_all("a"):
                    if set(attribute(link, "epub:type").split()) & NOT_THE_WORK:
                        landmarks.add(resolve(base, attribute(link, "href"))[0])
            elif "toc" in kind.split() and not entries:
                list_ = element.find(["ol", "ul"])
                if list_ is not None:
                    _nav_entries(list_, base, 1, entries)
        if entries:
            return entries, landmarks
    ncx = found.get(spine.get("toc"), (None,))[0] or next(
        (href for href, media, _ in found.values() if media == "application/x-dtbncx+xml"), None
    )
    if ncx and ncx in members:
        nav_map = container.xml(ncx).find(f"{{{NCX}}}navMap")
        if nav_map is not None:
            entries = []
            _ncx_entries(nav_map, posixpath.dirname(ncx), 1, entries)
            return entries, set()
    return [], set()


def _nav_entries(list_: Tag, base: str, level: int, entries: list[Entry]) -> None:
    """Append the entries of a nav list and its nested lists, in order (one list, no copies)."""
    for item in list_.find_all("li", recursive=False):
        link = item.find(["a", "span"], recursive=False)
        if link is not None and attribute(link, "href"):
            path, fragment = resolve(base, attribute(link, "href"))
            title = normalize_space(link.get_text(" "))
            if title:
                entries.append(Entry(title, min(level, 6), path, fragment))
        inner = item.find(["ol", "ul"], recursive=False)
        if inner is not None:
            _nav_entries(inner, base, level + 1, entries)


def _ncx_entries(parent: etree._Element, base: str, level: int, entries: list[Entry]) -> None:
    for point in parent.findall(f"{{{NCX}}}navPoint"):
        label = point.find(f"{{{NCX}}}navLabel/{{{NCX}}}text")
        content = point.find(f"{{{NCX}}}content")
        title = normalize_space("".join(label.itertext())) if label is not None else ""
        if title and content is not None and content.get("src"):
            path, fragment = resolve(base, content.get("src") or "")
            entries.append(Entry(title, min(level, 6), path, fragment))
        _ncx_entries(point, base, level + 1, entries)


def html(container: Container, path: str) -> BeautifulSoup:
    """A content document parsed as HTML (lxml's HTML parser), entity declarations refused."""
    data = container.read(path)
    refuse_entities(data, container.source, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # XHTML, read as HTML on purpose
        return BeautifulSoup(data, "lxml")


def attribute(tag: Tag, name: str) -> str:
    """An HTML attribute as text ("" when missing; a multi-valued one joined by spaces)."""
    value = tag.get(name)
    return " ".join(value) if isinstance(value, list) else value or ""
