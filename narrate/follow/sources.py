"""What a followed source lists: the entries of an RSS 2.0, Atom or JSON Feed feed, or the
pages of a sitemap, each as a `Listed` entry (id, link, title, author, dates, and the article's
HTML when the feed carries it).

RSS and Atom are read by feedparser (which also reads RSS 0.9x and RDF, and cleans the HTML it
hands over); JSON Feed, which feedparser 6 does not read, and sitemaps (`<urlset>` with `<loc>`
and `<lastmod>`) are read here, the sitemap as XML by lxml with entities, DTDs and the network
off. A document that declares XML entities is refused before any parser sees it: entities are
how a small file expands into gigabytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import urljoin

from narrate.errors import ArticleError
from narrate.lengths import MAX_AUTHOR_CHARS, MAX_TITLE_CHARS, shortened
from narrate.readers.url import is_web_address

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
JSON_FEED = "https://jsonfeed.org/version/"
ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")  # where ENTITY's bytes differ
ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(urlset|sitemapindex|rss|feed|rdf:RDF|RDF)\b")
SNIFF = 4096  # bytes in which a document's root element is looked for
# How an excerpt ends: the feed's text stops and points to the page for the rest.
CUT_SHORT = re.compile(
    r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading|read the full|full story)"
    r"[\s\W]*$",
    re.IGNORECASE,
)
TAGS = re.compile(r"<[^>]*>")
ADDRESS = re.compile(r"\S+@\S+")
RSS_AUTHOR = re.compile(r"\S+@\S+\s*\((.*)\)")  # RSS's author: "mail@example.org (Name)"


@dataclass(frozen=True)
class Listed:
    """One entry a source lists: its id there, the article's address, and what the source
    says of it. `content` is the article as HTML when the source carries it (a feed's full
    content, not its summary)."""

    id: str
    link: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None  # aware, UTC
    updated: datetime | None = None
    content: str | None = None

    @property
    def date(self) -> datetime | None:
        """When the entry was published, else last changed (a sitemap's lastmod)."""
        return self.published or self.updated

    @property
    def whole_content(self) -> bool:
        """Whether `content` is the whole article: present, with text, not cut short with an
        ellipsis or a "read more" link."""
        if not self.content:
            return False
        text = " ".join(TAGS.sub(" ", self.content).split())
        return bool(text) and not CUT_SHORT.search(text)

    @property
    def signature(self) -> str:
        """A hash of what the source says of the entry: when it changes, the article is read
        again (and rebuilt if its text changed)."""
        said = [self.link, self.title, self.author, _iso(self.published), _iso(self.updated),
                self.content]  # fmt: skip
        return hashlib.sha256(json.dumps(said).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Listing:
    """What a source lists: its kind (rss, atom, json, sitemap), title, language, entries."""

    kind: str
    title: str | None
    language: str | None
    entries: tuple[Listed, ...]


def parse_listing(data: bytes, url: str) -> Listing:
    """The entries of the feed or sitemap `data` fetched from `url`, or ArticleError saying
    what it is instead."""
    head = data[:SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return _json_feed(data, url)
    if _declares_entities(data, head):
        raise ArticleError(url, "declares XML entities, which narrate does not expand (a few "
                           "lines of them can stand for gigabytes); refused")  # fmt: skip
    root = ROOT.search(head)
    if root and root.group(1) in (b"urlset", b"sitemapindex"):
        return _sitemap(data, url)
    return _feed(data, url)


def _declares_entities(data: bytes, head: bytes) -> bool:
    """Whether the XML document declares entities, in whichever encoding it is written: the
    bytes are searched as they are (UTF-8 and every ASCII-based encoding) and, when its start
    holds NUL bytes (UTF-16, UTF-32), as decoded text."""
    if ENTITY.search(data):
        return True
    if b"\0" not in head:
        return False
    return any("<!entity" in data.decode(wide, errors="ignore").lower() for wide in WIDE)


def _feed(data: bytes, url: str) -> Listing:
    """An RSS or Atom feed, read by feedparser."""
    import feedparser  # loaded only to follow a feed

    parsed = feedparser.parse(
        io.BytesIO(data), response_headers={"content-location": url}, sanitize_html=True
    )
    version = str(parsed.get("version") or "")
    if not version:
        if parsed.get("bozo") and b"<" in data[:SNIFF]:
            cause = str(parsed.get("bozo_exception", "")).split("\n")[0]
            raise ArticleError(url, f"is not a feed narrate can read ({cause})")
        raise ArticleError(url, "is not an RSS, Atom or JSON feed, nor a sitemap")
    kind = "atom" if version.startswith("atom") else "rss"
    entries = []
    for entry in parsed.get("entries", ()):
        link = entry.get("link") or ""
        if not is_web_address(link):
            continue  # nothing narrate could fetch or point a listener to
        content = _feed_content(entry)
        entries.append(Listed(
            id=str(entry.get("id") or link),
            link=link,
            title=_capped(_text(entry.get("title")), MAX_TITLE_CHARS),
            author=_capped(_feed_author(entry), MAX_AUTHOR_CHARS),
            published=_struct_time(entry.get("published_parsed")),
            updated=_struct_time(dict.get(entry, "updated_parsed")),  # not feedparser's
            # get(), which gives published_parsed for a missing updated_parsed, with a warning
            content=content,
        ))  # fmt: skip
    feed = parsed.get("feed", {})
    return Listing(kind, _text(feed.get("title")), _text(feed.get("language")), tuple(entries))


def _feed_content(entry: Any) -> str | None:
    """An entry's full content (content:encoded, atom:content) as HTML; None when it has
    only a summary."""
    for part in entry.get("content") or ():
        value = part.get("value") or ""
        kind = part.get("type") or "text/html"
        if value.strip() and kind in ("text/html", "application/xhtml+xml"):
            return str(value)
        if value.strip() and kind == "text/plain":
            return _paragraphs(str(value))
    return None


def _feed_author(entry: Any) -> str | None:
    """An entry's author's name: RSS writes "mail@example.org (Name)", Atom a name; an
    address alone is no name to give."""
    author = _text(entry.get("author"))
    if author is None:
        return None
    named = RSS_AUTHOR.fullmatch(author)
    if named:
        return named.group(1).strip() or None
    return None if ADDRESS.fullmatch(author) else author


def _json_feed(data: bytes, url: str) -> Listing:
    """A JSON Feed (version 1 or 1.1: jsonfeed.org)."""
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ArticleError(url, f"is not valid JSON ({error})") from None
    except RecursionError:
        raise ArticleError(url, "is JSON nested too deeply to be a feed") from None
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(JSON_FEED):
        raise ArticleError(url, "is JSON, but not a JSON Feed (no jsonfeed.org version)")
    items = feed.get("items")
    if not isinstance(items, list):
        raise ArticleError(url, "is a JSON Feed without a list of items")
    feed_authors = _json_authors(feed)
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        if not isinstance(link, str):
            continue
        try:
            link = urljoin(url, link.strip())  # a relative address: the feed's own is its base
        except ValueError:  # e.g. an IPv6 host left unclosed
            continue
        if not is_web_address(link):
            continue
        html = item.get("content_html")
        plain = item.get("content_text")
        content = html if isinstance(html, str) and html.strip() else (
            _paragraphs(plain) if isinstance(plain, str) and plain.strip() else None)  # fmt: skip
        entries.append(Listed(
            id=str(item.get("id") or link),
            link=link,
            title=_capped(_text(item.get("title")), MAX_TITLE_CHARS),
            author=_capped(_json_authors(item) or feed_authors, MAX_AUTHOR_CHARS),
            published=_iso_date(item.get("date_published")),
            updated=_iso_date(item.get("date_modified")),
            content=content,
        ))  # fmt: skip
    return Listing("json", _text(feed.get("title")), _text(feed.get("language")), tuple(entries))


def _json_authors(holder: dict[str, Any]) -> str | None:
    """The names of `authors` (1.1), else `author` (1.0), joined."""
    authors = holder.get("authors")
    if not isinstance(authors, list):
        authors = [holder.get("author")]
    names = [a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
    return ", ".join(names) or None


def _sitemap(data: bytes, url: str) -> Listing:
    """A sitemap's pages: each <url>'s <loc>, dated by its <lastmod>."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ArticleError(
            url, f"is not well-formed XML ({' '.join(str(error).split())})"
        ) from None
    name = etree.QName(root).localname
    if name == "sitemapindex":
        raise ArticleError(url, "is a sitemap index (a list of sitemaps); follow one of the "
                           "sitemaps it names")  # fmt: skip
    entries = []
    for page in root:
        if not isinstance(page.tag, str) or etree.QName(page).localname != "url":
            continue
        fields = {etree.QName(child).localname: (child.text or "").strip()
                  for child in page if isinstance(child.tag, str)}  # fmt: skip
        link = fields.get("loc", "")
        if is_web_address(link):
            entries.append(Listed(id=link, link=link, updated=_iso_date(fields.get("lastmod"))))
    return Listing("sitemap", None, None, tuple(entries))


def _paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs, one per blank-line-separated block."""
    blocks = (block.strip() for block in re.split(r"\n\s*\n", text))
    return "".join(f"<p>{escape(block)}</p>" for block in blocks if block)


def _text(value: Any) -> str | None:
    """A title or name: text without surrounding space; None when empty or not text."""
    return value.strip() or None if isinstance(value, str) else None


def _capped(text: str | None, cap: int) -> str | None:
    """A title or author cut to the length an edition takes (narrate.lengths)."""
    return shortened(text, cap) if text else None


def _struct_time(value: Any) -> datetime | None:
    """feedparser's parsed date (a UTC struct_time) as an aware datetime."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except ValueError:
        return None


def _iso_date(value: Any) -> datetime | None:
    """An ISO 8601 / W3C date or time (a date alone is midnight UTC), in UTC; None if not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None
