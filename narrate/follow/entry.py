"""One entry of a followed source: its article read (from its link, as `narrate build URL`
fetches it, or from the feed's own content when that is the whole article), and narrated into
one edition through narrate.api, with the entry's title, author, date and link."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import replace
from html import escape
from pathlib import Path

from narrate import api
from narrate.follow.sources import Listed, Listing
from narrate.model import Article, FeedEntry
from narrate.pipeline import Edition
from narrate.staging import SourceClash
from narrate.timefmt import utc_stamp

CONTENT_CHOICES = ("auto", "link", "feed")  # where an entry's article is read from


def uses_feed_content(listed: Listed, content: str) -> bool:
    """Whether the article is read from the feed: `feed` when it carries any content, `auto`
    when it carries the whole article, never for `link`."""
    if content == "feed":
        return bool(listed.content)
    return content == "auto" and listed.whole_content


def read_entry(
    listed: Listed, listing: Listing, source_url: str, options: api.BuildOptions, content: str
) -> Article:
    """The entry's article, its source its link, carrying its FeedEntry."""
    given = replace(options, title=listed.title or options.title)
    if uses_feed_content(listed, content):
        article = _read_content(listed, listing, given)
    else:
        article = api.read(listed.link, given)
    entry = FeedEntry(
        feed=source_url, id=listed.id, link=listed.link, title=listed.title,
        author=listed.author, published=utc_stamp(listed.date) if listed.date else None,
    )  # fmt: skip
    return replace(article, source=listed.link, entry=entry)


def _read_content(listed: Listed, listing: Listing, options: api.BuildOptions) -> Article:
    """The article from the feed's HTML, read by narrate's HTML reader as a page would be."""
    language = f' lang="{escape(listing.language)}"' if listing.language else ""
    title = f"<title>{escape(listed.title)}</title>" if listed.title else ""
    page = (f"<!DOCTYPE html><html{language}><head><meta charset=\"utf-8\">{title}</head>"
            f"<body><article>{listed.content}</article></body></html>")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="narrate-entry-") as scratch:
        path = Path(scratch) / "entry.html"
        path.write_text(page, encoding="utf-8")
        return api.read(path, options)


def text_sha256(article: Article) -> str:
    """A hash of what is spoken from the article (title, headings, text): an entry whose page
    changed only around it (a date, a sidebar) is not rebuilt."""
    digest = hashlib.sha256(article.title.encode("utf-8"))
    for section in article.sections:
        digest.update(b"\x1e" + (section.title or "").encode("utf-8"))
        for block in section.blocks:
            digest.update(b"\x1f" + block.text.encode("utf-8"))
    return digest.hexdigest()


def edition_folder(article: Article, options: api.BuildOptions) -> str:
    """The name of the folder the article's edition goes to in the output."""
    from narrate.pipeline import slug_for

    return options.settings().folder_name(slug_for(article))


def build_entry(
    article: Article, listed: Listed, options: api.BuildOptions, *, own_folder: str | None = None
) -> Edition:
    """The article's edition, with the entry's author and date (today's when it has none).
    `own_folder`: the entry's edition's folder, which it replaces even when the entry's link
    has moved. Another entry's edition under the same title is left alone: this one's title
    then takes its date ("Weekly notes, 2026-11-03"), and so a folder of its own."""
    dated = replace(
        options,
        author=listed.author or options.author,
        date=listed.date.date().isoformat() if listed.date else options.date,
    )
    folder = edition_folder(article, dated)
    try:
        return _build(article, replace(dated, overwrite=folder == own_folder))
    except SourceClash:
        if not listed.date:
            raise
        titled = replace(article, title=f"{article.title}, {listed.date.date().isoformat()}")
        folder = edition_folder(titled, dated)
        return _build(titled, replace(dated, overwrite=folder == own_folder))


def _build(article: Article, options: api.BuildOptions) -> Edition:
    prepared = api.prepare_articles([article], replace(options, title=article.title))
    if prepared is None:  # one article in, so one prepared
        raise AssertionError("nothing prepared for one article")
    return next(iter(api.build_prepared(prepared, options)))
