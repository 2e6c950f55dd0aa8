"""A followed source fetched as an article is (narrate.readers.url: its limits of size, time
and redirects, and the address rules of `FetchOptions.public_only`), with a conditional request:
the ETag and Last-Modified of the last fetch sent back, so a source that has not changed
answers 304 and costs nothing."""

from __future__ import annotations

from dataclasses import dataclass

from narrate.errors import ArticleError
from narrate.readers.pinned import pinned_session
from narrate.readers.url import (
    USER_AGENT,
    FetchOptions,
    check_status,
    content_type,
    follow_redirects,
    read_body,
    request_errors,
)
from narrate.readers.weburl import parse_web_address

ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
          "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1")  # fmt: skip
NOT_MODIFIED = 304
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class Validators:
    """What a server said identifies its answer, sent back to ask "changed since?"."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        sent = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in sent.items() if value}


@dataclass(frozen=True)
class FetchedSource:
    """A source's answer: its bytes (None: not modified since `validators` were given), and
    the validators to send next time."""

    data: bytes | None
    validators: Validators
    final_url: str

    @property
    def not_modified(self) -> bool:
        return self.data is None


def fetch_source(url: str, options: FetchOptions, validators: Validators) -> FetchedSource:
    """The feed or sitemap at `url`, or None data when the server says it has not changed;
    ArticleError saying why it cannot be had (an HTML page is not a feed)."""
    address = parse_web_address(url)
    with request_errors(url, options), pinned_session(public_only=options.public_only) as session:
        session.headers.update({"User-Agent": USER_AGENT, "Accept": ACCEPT,
                                **validators.headers()})  # fmt: skip
        with follow_redirects(url, address, session, options) as (response, final):
            if response.status_code == NOT_MODIFIED:
                return FetchedSource(None, validators, final.url)
            check_status(url, response)
            media_type, _ = content_type(response.headers.get("Content-Type", ""))
            if media_type in PAGE_TYPES:
                raise ArticleError(url, f"is a web page ({media_type}), not a feed or a sitemap; "
                                   "give the feed's address (often /feed or /rss.xml)")  # fmt: skip
            data = read_body(url, response, options)
            fresh = Validators(response.headers.get("ETag"),
                               response.headers.get("Last-Modified"))  # fmt: skip
    if not data.strip():
        raise ArticleError(url, "is empty")
    return FetchedSource(data, fresh, final.url)
