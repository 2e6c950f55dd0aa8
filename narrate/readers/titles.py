"""A web page's title: the article's own name, chosen among what the page says it is called.

The sources are the visible `<h1>`s, `og:title`, `twitter:title`, the JSON-LD `headline` and
`<title>`. The site's name (`og:site_name`, `application-name`, the JSON-LD publisher, the
domain of the page's canonical address, the alt text of the logo linking home, the owner its
copyright notice names, the author of a one-person blog) is cut off any of them where it
stands before or after a separator ("Headline - Site News", "Site | Headline", "Headline
[Site]"), never elsewhere.

The choice, by agreement:
- an h1 that another source repeats (whole, or as the part of it before or after a separator)
  is the article's name; an h1 that is the site's name, or another source's site part, is not;
- else a lone h1 that is not a menu word ("Games") or the site's name: the page shows it as
  the article's heading;
- else og:title, the JSON-LD headline, twitter:title or <title>, without the site's name.
A headline the page cut short ("… to contrac") is replaced by the source that holds it whole.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from narrate.readers.cleanup import normalize_space

if TYPE_CHECKING:
    from lxml.html import HtmlElement

SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»:/~]|::)\s+|\s+[|–—]|[|–—]\s+")
BRACKETED_SITE = re.compile(r"\s*[\[(]([^\[\]()]{1,60})[\])]\s*$")
MAX_H1S = 5
MIN_H1_WORDS = 3  # a lone h1 shorter than this may be a menu word or a logo's text
MIN_CUT = 60  # characters: a shorter headline is not one the page cut short
HOME_LOGO = "//a[@href='/' or @href='./' or @href='index.html']//img/@alt"
COPYRIGHT_TEXT = "//body//text()[contains(., '©') or contains(., 'ⓒ') or contains(., 'opyright')]"
COPYRIGHT = re.compile(
    r"(?:[©ⓒ]|\(c\)|copyright)\s*(?:\(c\)|[©ⓒ])?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?"
    r"([A-Za-z][\w.&' -]{1,40}?)(?=[.,]?\s*(?:all rights|$|\.\s|,|\||-))",
    re.IGNORECASE,
)
MAX_NOTICES = 5
MAX_NOTICE_CHARS = 300
DOMAIN_WORDS = frozenset({"www", "com", "org", "net", "co", "uk", "in", "de", "news", "m"})


def page_title(tree: HtmlElement) -> str:
    """The article's name as the page gives it ("" when the page names nothing)."""
    sites = _site_names(tree)
    metas = [m for m in _meta_titles(tree) if m]
    h1s = [h for h in _h1s(tree) if h and not _is_site(h, sites)]
    cleaned = [_without_site(m, sites) for m in metas]
    cleaned = [c for c in cleaned if c and not _is_site(c, sites)]
    parts = {_key(part) for meta in metas for part in _parts(meta)}
    whole = {_key(meta) for meta in cleaned}
    supported = [h for h in h1s if _key(h) in whole or _key(h) in parts]
    if supported:
        return _uncut(supported[0], cleaned)
    lone = [h for h in h1s if len(h.split()) >= MIN_H1_WORDS]
    if lone:
        return _uncut(lone[0], cleaned)
    if cleaned:
        return cleaned[0]
    return metas[0] if metas else (h1s[0] if h1s else "")


def _meta_titles(tree: HtmlElement) -> list[str]:
    """og:title, the JSON-LD headline, twitter:title and <title>, in that order."""
    found = [_meta(tree, "property", "og:title"), *_ld_headlines(tree)]
    found += [_meta(tree, "name", "twitter:title"), _meta(tree, "property", "twitter:title")]
    title = next(tree.iter("title"), None)
    found.append(normalize_space(title.text_content()) if title is not None else "")
    return found


def _h1s(tree: HtmlElement) -> list[str]:
    return [normalize_space(h.text_content()) for h in list(tree.iter("h1"))[:MAX_H1S]]


def _meta(tree: HtmlElement, attribute: str, value: str) -> str:
    for meta in tree.iter("meta"):
        if meta.get(attribute) == value and (content := meta.get("content")):
            return normalize_space(html.unescape(content))
    return ""


def _ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    def walk(data: Any) -> Iterator[dict[str, Any]]:
        if isinstance(data, list):
            for each in data:
                yield from walk(each)
        elif isinstance(data, dict):
            yield data
            yield from walk(data.get("@graph"))

    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            yield from walk(json.loads(script.text or ""))
        except ValueError:
            continue


def _ld_headlines(tree: HtmlElement) -> list[str]:
    headlines = [o.get("headline") for o in _ld_objects(tree)]
    return [normalize_space(html.unescape(h)) for h in headlines if isinstance(h, str)][:1]


def _site_names(tree: HtmlElement) -> set[str]:
    """Keys of the site's names: og:site_name, application-name, the JSON-LD publisher, and
    the words of the canonical address's host."""
    names = {_meta(tree, "property", "og:site_name"), _meta(tree, "name", "application-name")}
    names.add(_meta(tree, "name", "author"))  # a one-person blog: "My Post | Jane Doe"
    for found in _ld_objects(tree):
        publisher = found.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.add(publisher["name"])
    names.update(str(alt) for alt in tree.xpath(HOME_LOGO))
    addresses = [_meta(tree, "property", "og:url")]
    addresses += [link.get("href") or "" for link in tree.xpath("//link[@rel='canonical']")]
    for address in addresses:
        names.update(_host_words(urlsplit(address).hostname or ""))
    for node in tree.xpath(COPYRIGHT_TEXT)[:MAX_NOTICES]:
        parent = node.getparent()
        notice = normalize_space(parent.text_content() if parent is not None else str(node))
        if owner_match := COPYRIGHT.search(notice[:MAX_NOTICE_CHARS]):
            owner = owner_match.group(1).strip()
            names.update([owner, *(_host_words(owner) if "." in owner else [])])
    return {key for name in names if (key := _key(name))}


def _host_words(host: str) -> list[str]:
    """A host's distinctive words and itself: "www.entermedia.co.kr" → entermedia, the host."""
    host = host.casefold()
    return [*(w for w in host.split(".") if w and w not in DOMAIN_WORDS), host]


def _is_site(text: str, sites: set[str]) -> bool:
    key = _key(text)
    return bool(key) and any(key == site or _host_key(site) == key for site in sites)


def _host_key(site: str) -> str:
    return site.replace("www", "", 1) if site.startswith("www") else site


def _parts(text: str) -> list[str]:
    return [part for part in SEPARATOR.split(text) if part.strip()]


def _without_site(text: str, sites: set[str]) -> str:
    """The text without the site's name before or after a separator, or bracketed at its end."""
    bracketed = BRACKETED_SITE.search(text)
    if bracketed and _is_site(bracketed.group(1), sites):
        text = text[: bracketed.start()]
    pieces = SEPARATOR.split(text)
    separators = SEPARATOR.findall(text)
    while len(pieces) > 1 and _is_site(pieces[-1], sites):
        pieces, separators = pieces[:-1], separators[:-1]
    while len(pieces) > 1 and _is_site(pieces[0], sites):
        pieces, separators = pieces[1:], separators[1:]
    joined = pieces[0]
    for separator, piece in zip(separators, pieces[1:], strict=True):
        joined += separator + piece
    return normalize_space(joined)


def _uncut(chosen: str, sources: list[str]) -> str:
    """A longer source that starts with the chosen headline when the page cut it short."""
    key = _key(chosen)
    if len(chosen) < MIN_CUT:
        return chosen
    longer = [
        source
        for source in sources
        if _key(source).startswith(key)
        and len(source) > len(chosen)
        and _key(_parts(source)[0]) != key  # "Headline | News": a section after it, not a cut
    ]
    return min(longer, key=len) if longer else chosen


def _key(text: str) -> str:
    """Letters and digits only, case folded: what two spellings of one title share."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())
