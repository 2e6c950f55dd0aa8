"""HTML pages: the article itself, without the site around it.

Title: the article's own name among the h1s, og:title, the JSON-LD headline and <title>, by
agreement, without the site's name (narrate.readers.titles). Language: `<html lang>`. Byline:
the author the markup names (narrate.readers.html_author), else the one trafilatura finds, else
a byline line in the text (narrate.readers.bylines). Content: what the extractors find
(narrate.readers.extract), read into headings and blocks by narrate.readers.html_blocks; an h1
repeating the title is not a section, and the furniture lines narrate knows ("Share", "Read
more", a trailing "Related posts" list) are dropped as in every reader. A page whose text is
almost all in one `<pre>` (a specification, or a text/plain page fetched from the web) is read
as plain text. Footnotes and endnotes are taken out of the page before extraction
(narrate.readers.html_notes) and read at the end under "Notes", or left out with `--notes skip`
(narrate.readers.notes).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from narrate.language import UNDECLARED
from narrate.model import Article
from narrate.readers.bylines import author_name, without_metadata
from narrate.readers.cleanup import normalize_space
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.extract import main_content, page_tree
from narrate.readers.html_author import page_author
from narrate.readers.html_notes import take_notes
from narrate.readers.notes import notes_chapter, split_notes
from narrate.readers.registry import register
from narrate.readers.sections import Heading, build_sections, without_furniture
from narrate.readers.text import read_text
from narrate.readers.titles import page_title

if TYPE_CHECKING:
    from lxml.html import HtmlElement

PRE_SHARE = 0.9  # of the page's text in one <pre>: the page is plain text
TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•»:]+\s+")


@register(".html", ".htm")
def read_html(text: str, options: DocumentOptions = DEFAULT_DOCUMENT, /) -> Article:
    """Read an HTML page into an Article."""
    tree = page_tree(text)
    if tree is None:  # nothing lxml can parse: no article (read_article says so)
        return Article(title="", sections=())
    title = page_title(tree)
    language = _language(tree)
    plain = _plain_text(tree)
    if plain is not None:  # a page that is one <pre>: a specification, a text/plain page
        article = read_text(plain, options)
        return replace(article, title=title or article.title, language=language)
    author = page_author(tree)
    notes = take_notes(tree)
    content = main_content(tree)  # after the head is read: the extractors change the tree
    items = [
        item
        for item in content.items
        if not (isinstance(item, Heading) and item.level == 1 and _names_title(item.text, title))
    ]
    items, credited = without_metadata(items)
    items, shaped = split_notes(without_furniture(items))
    items += notes_chapter([*notes, *shaped], items, read=options.notes == "end")
    return Article(
        title=title,
        byline=author or author_name(content.author or "") or credited,
        language=language,
        sections=build_sections(items),
    )


def _plain_text(tree: HtmlElement) -> str | None:
    """The text of the page's one <pre> when it holds almost all of the page's text."""
    body = tree.find("body")
    pres = body.xpath(".//pre") if body is not None else []
    if body is None or not pres:
        return None
    longest = max((pre.text_content() for pre in pres), key=len)
    shown = len(normalize_space(body.text_content()))
    return longest if shown and len(normalize_space(longest)) >= PRE_SHARE * shown else None


def _language(tree: HtmlElement) -> str:
    """The <html lang> tag as written ("en-GB"), or UNDECLARED (the text decides)."""
    lang = tree.getroottree().getroot().get("lang") or ""
    return lang.strip().replace("_", "-") or UNDECLARED


def _names_title(heading: str, title: str) -> bool:
    """True when an h1 repeats the title, or the title's part without the site name."""
    return any(_same(heading, part) for part in (title, *TITLE_SEPARATOR.split(title)))


def _same(first: str, second: str) -> bool:
    return normalize_space(first).casefold() == normalize_space(second).casefold()
