"""EPUB books (2 and 3): the spine in order, chapters titled and nested as the book's own table
of contents (the EPUB 3 nav, else the EPUB 2 NCX; narrate.readers.epub_package) says.

Each content document is read as HTML by narrate.readers.html_blocks, without main-content
extraction (the book is the content): its `<header>`s and sidebars are read; its footnotes and
endnotes are read at the end of their chapter or left out (narrate.readers.epub_notes); a data
table is read as in narrate.readers.office (row by row with its column headers, or announced and
skipped); an image's alternative text is read as "Image: ..." after the paragraph it sits in
(never in the middle of its sentence; an image with an empty one is decorative, and skipped). A
nav entry becomes a heading where it points (replacing the document's own heading when that says
the same), at its depth in the nav; the document's other headings nest under it. Not the work,
and skipped: the cover, the nav document, a printed table of contents, the copyright page, title
page and index (by the package's guide or landmarks, an `epub:type` on the document, or, for a
book that marks nothing, a page that is mostly links or a short page of copyright notices), and
spine items marked non-linear. Title, author and language from the package's metadata; a first
chapter named as the book is not a chapter (the title is said once).

Every lookup is by dictionary (members, entries by document, elements by id), so a book of
thousands of documents or nav entries is read in time proportional to its size.
"""

from __future__ import annotations

import posixpath
import re

from bs4 import BeautifulSoup, Tag

from narrate.added_words import image
from narrate.errors import ArticleError
from narrate.language import UNDECLARED
from narrate.model import Article
from narrate.readers.cleanup import normalize_space
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.epub_notes import BookNotes
from narrate.readers.epub_package import (
    NOT_THE_WORK,
    OPF,
    Entry,
    attribute,
    contents,
    guide,
    html,
    manifest,
    metadata,
    package_path,
)
from narrate.readers.html_blocks import LAYOUT_CELL_CONTENT, html_items
from narrate.readers.office import table_rows, without_byline, without_title_heading
from narrate.readers.sections import Heading, Item, build_sections
from narrate.readers.zipsafe import Container

COPYRIGHT_WORDS = re.compile(r"©|\bcopyright\b|all rights reserved|\bISBN\b|\bpublished by\b",
                             re.IGNORECASE)  # fmt: skip
COPYRIGHT_PAGE_WORDS = 300  # a copyright page is short
ENTRY_MARK = ("\ue000", "\ue001")  # private-use characters around a placeholder's number
ENTRY_PATTERN = re.compile("\ue000(\\d+)\ue001")
LINKS_SHARE = 0.6  # a page whose text is mostly links is a printed table of contents
MIN_LINKS = 3
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
LAYOUT_BLOCKS = ["table", "ul", "ol", *HEADINGS]  # in a cell: page layout, not data
INLINE_ONLY = frozenset("span a em strong i b".split())
INLINE_PARENTS = frozenset("p span a em strong i b h1 h2 h3 h4 h5 h6 li td th dd dt".split())


def read_epub(container: Container, options: DocumentOptions = DEFAULT_DOCUMENT) -> Article:
    """Read an EPUB book into an Article."""
    members = container.names  # once: a set, for every lookup below
    opf_path = package_path(container, members)
    package = container.xml(opf_path)
    folder = posixpath.dirname(opf_path)
    found = manifest(package, folder)
    spine = package.find(f"{{{OPF}}}spine")
    if spine is None:
        raise ArticleError(container.source, "is an EPUB with no spine (no reading order)")
    entries, landmarks = contents(container, members, found, spine)
    by_document: dict[str, list[tuple[int, Entry]]] = {}
    for index, entry in enumerate(entries):
        by_document.setdefault(entry.path, []).append((index, entry))
    skipped = landmarks | guide(package, folder)
    documents: list[tuple[str, BeautifulSoup, bool]] = []  # and whether it held notes
    notes = BookNotes(read=options.notes == "end")
    for itemref in spine.iter(f"{{{OPF}}}itemref"):
        if itemref.get("linear") == "no" or itemref.get("idref") not in found:
            continue
        path, media, properties = found[itemref.get("idref")]
        if "nav" in properties.split() or path in skipped or "html" not in media:
            continue
        if path not in members:
            continue
        soup = html(container, path)
        documents.append((path, soup, notes.collect(soup.body or soup, path)))
    items: list[Item] = []
    depth = 0  # the nav level of the chapter being read
    for path, soup, noted in documents:
        here = [entry for _, entry in by_document.get(path, [])]
        read = _document(soup, path, here, depth, notes, options)
        if noted and all(isinstance(item, Heading) for item in read):
            continue  # a document of notes, read with the chapters that refer to them
        items.extend(notes.place(read))
        depth = here[-1].level if here else depth  # a document with no entry continues one
    items.extend(notes.end())
    title, author, language = metadata(package)
    return Article(
        title=title,
        sections=build_sections(_title_said_once(items, title, author)),
        byline=author,
        language=language or UNDECLARED,
    )


def _title_said_once(items: list[Item], title: str, author: str | None) -> list[Item]:
    """Without a first chapter named as the book, and without paragraphs before the first
    heading that only repeat the title or name the author (a title page not marked as one)."""
    if not title:
        return items
    items = without_title_heading(items, title)
    return without_byline(without_byline(items, title), author)


def _document(
    soup: BeautifulSoup,
    path: str,
    entries: list[Entry],
    depth: int,
    notes: BookNotes,
    options: DocumentOptions,
) -> list[Item]:
    """The headings and blocks of one content document, nav entries placed where they point."""
    body = soup.body or soup
    if _not_the_work(body):
        return []
    notes.mark_references(body, path, posixpath.dirname(path))
    for tag in body.find_all(["header", "footer", "aside", "section", "article"]):
        tag.name = "div"  # inside a book these are the book: keep them from the widget filter
    _images(soup, body)
    _tables(soup, body, options)
    ids = {attribute(tag, "id"): tag for tag in body.find_all(id=True)}
    for index, entry in enumerate(entries):
        target = ids.get(entry.fragment) if entry.fragment else None
        if target is None and entry.fragment:
            continue  # an anchor the document does not have
        mark = soup.new_tag("h6")
        mark.string = f"{ENTRY_MARK[0]}{index}{ENTRY_MARK[1]}"
        if target is None:
            body.insert(0, mark)
        else:
            target.insert_before(mark)
    for tag in body.find_all(True):  # a book's classes style it; they name no widgets
        for name in ("class", "id", "role"):
            tag.attrs.pop(name, None)
    return _placed(html_items(body), entries, depth)


def _images(soup: BeautifulSoup, body: Tag) -> None:
    """Images as "Image: <alternative text>" (an empty one marks a decorative image), read
    after the paragraph holding them; a figure's caption read unless it repeats the text or is
    hidden from screen readers."""
    for figure in body.find_all("figure"):
        alts = {normalize_space(attribute(img, "alt")) for img in figure.find_all("img")}
        for caption in figure.find_all("figcaption"):
            text = normalize_space(caption.get_text(" "))
            hidden = attribute(caption, "aria-hidden") == "true"
            caption.name = "p"
            if hidden or text in alts:
                caption.extract()
        figure.name = "div"
    after: dict[int, Tag] = {}  # a paragraph holding images → the last image read after it
    for img in body.find_all("img"):
        alt = normalize_space(attribute(img, "alt"))
        if not alt or attribute(img, "role") in ("presentation", "none"):
            img.extract()
            continue
        paragraph = soup.new_tag("p")
        paragraph.string = image(alt)
        block = _holding_block(img)
        if block is None:
            img.replace_with(paragraph)
            continue
        img.extract()
        after.get(id(block), block).insert_after(paragraph)
        after[id(block)] = paragraph


def _holding_block(img: Tag) -> Tag | None:
    """The paragraph (heading, list item, cell) an image sits in, through inline elements; None
    when it stands alone in a container."""
    for parent in img.parents:
        if not isinstance(parent, Tag) or parent.name not in INLINE_PARENTS:
            return None
        if parent.name not in INLINE_ONLY:
            return parent
    return None


def _tables(soup: BeautifulSoup, body: Tag, options: DocumentOptions) -> None:
    """Data tables as paragraphs, as narrate.readers.office reads them; a layout table (a cell
    holding a table, a heading, a list or several blocks) is left for its cells to be read as
    containers."""
    for table in body.find_all("table"):
        rows = table.find_all("tr")
        if table.parent is None or any(_layout(cell) for cell in table.find_all(["td", "th"])):
            continue
        cells = [[normalize_space(cell.get_text(" ")) for cell in row.find_all(["td", "th"])]
                 for row in rows]  # fmt: skip
        first = rows[0] if rows else None
        header = first is not None and (
            first.find_parent("thead") is not None
            or all(cell.name == "th" for cell in first.find_all(["td", "th"]))
        )
        replacement = soup.new_tag("div")
        caption = table.find("caption")
        blocks = table_rows(cells, header, options)
        texts = [normalize_space(caption.get_text(" "))] if caption is not None else []
        for text in [*texts, *(block.text for block in blocks)]:
            if text:
                paragraph = soup.new_tag("p")
                paragraph.string = text
                replacement.append(paragraph)
        table.replace_with(replacement)


def _layout(cell: Tag) -> bool:
    if cell.find(LAYOUT_BLOCKS) is not None:
        return True
    return len(cell.find_all(LAYOUT_CELL_CONTENT, recursive=False)) > 1


def _placed(items: list[Item], entries: list[Entry], depth: int) -> list[Item]:
    """Nav headings at their nav level; the document's own heading (or paragraph) right after
    one, when it says the same, dropped; the document's other headings nested under the last
    nav heading (in this document, else `depth`, the level of the chapter it continues)."""
    own = [item.level for item in items if isinstance(item, Heading) and _entry(item) is None]
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
        repeats = awaiting is not None and _same(item.text, awaiting.title)
        if isinstance(item, Heading):
            if not repeats:
                placed.append(Heading(item.text, min(level + 1 + item.level - top, 6)))
        elif not repeats:  # a heading set as a styled paragraph (LibreOffice's EPUB) is said once
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


def _not_the_work(body: Tag) -> bool:
    """Whether a content document is front or back matter that is not the work."""
    for tag in [body, *body.find_all(["section", "div", "body"], limit=3)]:
        kinds = set(attribute(tag, "epub:type").split())
        kinds |= {role.removeprefix("doc-") for role in attribute(tag, "role").split()}
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
