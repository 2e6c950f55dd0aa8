"""Markdown articles, parsed with markdown-it-py (CommonMark plus tables).

Headings keep their level (number of #). A level-1 heading that comes first is the title;
otherwise the front matter's `title:` is, or none (the caller falls back to the file name).
Front matter (`---` lines around `key: value` pairs) may give `title`, `author` and `lang`.
List items become list_item blocks (nested lists flattened), block quotes paragraphs, links
their text, emphasis and code spans plain text, HTML blocks their text without tags.
Skipped silently: fenced and indented code blocks, images, tables, inline HTML tags.
Footnotes (`[^1]: …` definitions, their `[^1]` references never spoken) are read at the end
under "Notes", or left out with `--notes skip` (narrate.readers.notes).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from narrate.language import UNDECLARED
from narrate.model import Article, Block, BlockKind
from narrate.readers.bylines import author_name, without_metadata
from narrate.readers.cleanup import normalize_space
from narrate.readers.document_options import DEFAULT_DOCUMENT, DocumentOptions
from narrate.readers.notes import notes_chapter, split_notes, without_references
from narrate.readers.registry import register
from narrate.readers.sections import Heading, Item, build_sections, without_furniture

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
FRONT_MATTER_FIELD = re.compile(r"([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)")
PARSER = MarkdownIt("commonmark").enable("table")
# A footnote's definition: "[^1]: text", its continuation lines indented.
FOOTNOTE = re.compile(r"^ {0,3}\[\^([^\]\s]{1,20})\]:[ \t]*(.*(?:\n[ \t]+\S.*)*)", re.MULTILINE)


@register(".md", ".markdown")
def read_markdown(text: str, options: DocumentOptions = DEFAULT_DOCUMENT, /) -> Article:
    """Read a Markdown document into an Article."""
    fields, body = _front_matter(text)
    footnotes = [normalize_space(match[2]) for match in FOOTNOTE.finditer(body)]
    items = _items(PARSER.parse(FOOTNOTE.sub("", body)))
    title = fields.get("title", "")
    if items and isinstance(items[0], Heading) and items[0].level == 1:
        title, items = items[0].text, items[1:]
    items, credited = without_metadata(items)
    items, shaped = split_notes(without_furniture(items))
    items += notes_chapter([*footnotes, *shaped], items, read=options.notes == "end")
    return Article(
        title=title,
        byline=author_name(fields.get("author", "")) or credited,
        language=fields.get("lang") or fields.get("language") or UNDECLARED,
        sections=build_sections(items),
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """The `key: value` pairs of a leading front-matter block, and the text after it."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    fields = {}
    for line in match.group(1).split("\n"):
        field = FRONT_MATTER_FIELD.fullmatch(line.strip())
        if field:
            fields[field.group(1).lower()] = field.group(2).strip().strip("\"'")
    return fields, text[match.end() :]


def _items(tokens: list[Token]) -> list[Item]:
    """Headings and blocks in document order; table cells and code never produce any."""
    items: list[Item] = []
    numbering: list[int | None] = []  # per open list: the next item's number, None if bulleted
    place = None  # the number of the list item whose first paragraph comes next
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start") if token.type == "ordered_list_open" else None
            numbering.append(int(start or 1) if token.type == "ordered_list_open" else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            numbering.pop()
        elif token.type == "list_item_open" and numbering[-1] is not None:
            place, numbering[-1] = numbering[-1], numbering[-1] + 1
        elif token.type == "html_block":
            from bs4 import BeautifulSoup  # only for HTML inside Markdown: 57 ms to import

            text = normalize_space(BeautifulSoup(token.content, "lxml").get_text(" "))
            if text:
                items.append(Block(text))
        elif token.type == "inline":
            parent = tokens[index - 1]
            text = _inline_text(token)
            if not text:
                continue
            if parent.type == "heading_open":
                items.append(Heading(text, int(parent.tag[1])))
            elif parent.type == "paragraph_open":
                kind: BlockKind = "list_item" if numbering else "paragraph"
                items.append(Block(text, kind, place if numbering else None))
                place = None
    return items


def _inline_text(token: Token) -> str:
    """The readable text of an inline token: link text kept, images and HTML tags dropped."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return without_references("".join(parts))
