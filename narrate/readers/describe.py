"""The article as narrate reads it, as JSON-ready data: what `narrate sections --json` prints.

Schema (version 1), one object per article:
`{"schema": 1, "source", "title", "language", "author", "chapters": [{"heading", "level",
"blocks": [{"kind", "text"}]}]}`. `heading` is null for the text before the first heading;
`kind` is "paragraph" or "list_item"; texts are as written (not the spoken form); `author` is
null when none was found; a URL source adds `"fetched_from"` and `"fetched_at"`; a block of a
paged document (a PDF) adds `"page"`, the page it starts on, counted from 1, and when the
document names its pages in print, `"page_label"`, that name ("iv", "A-1").
"""

from __future__ import annotations

from typing import Any

from narrate.model import Article, Block

SCHEMA_VERSION = 1


def describe(article: Article) -> dict[str, Any]:
    """The article's source, title, language, author and chapters with their blocks."""
    described: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "source": article.source,
        "title": article.title,
        "language": article.language,
        "author": article.byline,
    }
    if article.fetched_at:
        described.update(fetched_from=article.fetched_from, fetched_at=article.fetched_at)
    described["chapters"] = [
        {
            "heading": section.title,
            "level": section.level,
            "blocks": [_block(block, article) for block in section.blocks],
        }
        for section in article.sections
    ]
    return described


def _block(block: Block, article: Article) -> dict[str, Any]:
    described: dict[str, Any] = {"kind": block.kind, "text": block.text}
    if block.page is not None:
        described["page"] = block.page
        if article.page_labels:
            described["page_label"] = article.page_name(block.page)
    return described
