"""Whether a page is markup at all, and the HTML page inside an envelope.

- A file named .html (or a page fetched from the web) with no HTML tag in it is plain text:
  an interview saved as bare text, a text/plain answer. It is read as text, not parsed into
  one paragraph the extractors cannot find an article in.
- Markup before the `<html>` element in tags HTML does not have is an envelope (an SEC EDGAR
  filing's `<DOCUMENT><TYPE>…<TEXT>` wrapper): the page is the `<html>` element inside it.
  Parsed whole, the envelope's unknown elements swallow the page's head and body and neither
  extractor finds the article.
"""

from __future__ import annotations

import re

from lxml.html.defs import tags as HTML_TAGS

TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
DOCTYPE = re.compile(r"<!doctype\s", re.IGNORECASE)
HTML_OPEN = re.compile(r"<html[\s>]", re.IGNORECASE)
HTML_CLOSE = re.compile(r"</html\s*>", re.IGNORECASE)


def has_markup(text: str) -> bool:
    """Whether text holds an HTML tag (or a doctype): "<p>", "</div>", "<br/>"."""
    if DOCTYPE.search(text):
        return True
    return any(match.group(1).lower() in HTML_TAGS for match in TAG.finditer(text))


def unwrapped(page: str) -> str:
    """The page's `<html>` element when what comes before it is an envelope: tags, none of
    them HTML's. Any other page is returned as it is."""
    start = HTML_OPEN.search(page)
    if start is None or not start.start():
        return page
    before = [match.group(1).lower() for match in TAG.finditer(page, 0, start.start())]
    if not before or any(name in HTML_TAGS for name in before):
        return page
    ends = list(HTML_CLOSE.finditer(page, start.start()))
    return page[start.start() : ends[-1].end() if ends else len(page)]
