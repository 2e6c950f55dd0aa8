"""Web pages by URL: fetched with requests, within a time limit and a size cap, HTML only.

The address is read once (weburl.py); each request, the first and every redirect, goes only to
the addresses its host was resolved to and judged at (addresses.py, pinned.py).

Every failure is an ArticleError naming the URL and the probable cause: the server's status,
no answer in time, too many redirects, a page over the size cap, a type that is not HTML.
"""

from __future__ import annotations

import codecs
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from narrate import __version__
from narrate.errors import ArticleError
from narrate.plural import count
from narrate.readers.decode import decode
from narrate.readers.registry import HTML_START
from narrate.readers.weburl import WebAddress, parse_web_address
from narrate.timefmt import utc_stamp

if TYPE_CHECKING:
    import requests

SCHEMES = ("http://", "https://")
USER_AGENT = f"narrate/{__version__} (turns articles into audio; python-requests)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PLAIN_TYPES = frozenset({"text/plain"})  # read as a page that is one <pre> (narrate.readers.html)
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1"
CHUNK = 64 * 1024
# A charset declared in the page itself: <meta charset="..."> or http-equiv Content-Type.
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
META_WINDOW = 4096  # bytes: where a page's charset declaration must be (HTML says 1024)


@dataclass(frozen=True)
class FetchOptions:
    """Limits of a page fetch: bytes, seconds to connect and between reads, whole download,
    redirects followed."""

    max_bytes: int = 10_000_000
    timeout_s: float = 20.0
    total_s: float = 120.0
    max_redirects: int = 5
    public_only: bool = False  # refuse private, loopback and link-local hosts (narrate serve)


DEFAULT_FETCH = FetchOptions()


@dataclass(frozen=True)
class Fetched:
    """A fetched page: its bytes, their text, the address it finally came from, and when."""

    data: bytes
    text: str
    final_url: str
    fetched_at: str


def is_web_address(source: str) -> bool:
    """True for an http(s) address, which is fetched rather than opened as a file (where an
    article comes from; where editions go is narrate.storage.Place)."""
    return source.lower().startswith(SCHEMES)


def fetch(url: str, options: FetchOptions = DEFAULT_FETCH) -> Fetched:
    """Fetch an HTML page, or raise ArticleError saying why it cannot be had."""
    from narrate.readers.pinned import pinned_session

    address = parse_web_address(url)
    stamp = utc_stamp()
    with request_errors(url, options), pinned_session(public_only=options.public_only) as session:
        session.headers.update({"User-Agent": USER_AGENT, "Accept": ACCEPT})
        with follow_redirects(url, address, session, options) as (response, final):
            check_status(url, response)
            media_type, charset = content_type(response.headers.get("Content-Type", ""))
            if media_type and media_type not in HTML_TYPES | PLAIN_TYPES:
                raise ArticleError(url, f"is {media_type}, not an HTML page or plain text")
            data = read_body(url, response, options)
    if not media_type and not HTML_START.match(data[:1024].decode("latin-1")):
        raise ArticleError(url, "does not say what it is and does not look like an HTML page")
    text = _text(url, data, charset)
    if media_type in PLAIN_TYPES:  # a specification, an RFC: its text, shown as it is written
        text = f"<html><body><pre>{escape(text)}</pre></body></html>"
    return Fetched(data, text, final.url, stamp)


@contextmanager
def request_errors(url: str, options: FetchOptions) -> Iterator[None]:
    """Turn what requests raises while fetching `url` into an ArticleError saying why (a
    feed's fetch, narrate.follow, shares it)."""
    import requests

    try:
        yield
    except requests.exceptions.Timeout:
        raise ArticleError(
            url, f"no answer within {options.timeout_s:g} s; the site is slow or down"
        ) from None
    except requests.exceptions.InvalidURL as error:
        raise ArticleError(url, f"is not a valid web address ({error})") from None
    except requests.exceptions.SSLError:
        raise ArticleError(
            url, "the site's certificate cannot be verified (a secure connection failed)"
        ) from None
    except requests.exceptions.ConnectionError as error:
        if _timed_out(error):  # a read timeout while streaming the body comes wrapped
            raise ArticleError(
                url, f"no answer within {options.timeout_s:g} s; the site is slow or down"
            ) from None
        raise ArticleError(url, f"cannot connect: {_connection_cause(error)}") from None
    except requests.exceptions.RequestException as error:
        raise ArticleError(url, f"cannot fetch: {error}") from None


@contextmanager
def follow_redirects(
    url: str, address: WebAddress, session: requests.Session, options: FetchOptions
) -> Iterator[tuple[requests.Response, WebAddress]]:
    """The response at the end of the redirects from `address` (at most
    `options.max_redirects`), with the address it came from; each hop's address is read,
    resolved, judged and connected to as the first one is."""
    for hop in range(options.max_redirects + 1):
        try:
            response = session.get(
                address.url, timeout=options.timeout_s, stream=True, allow_redirects=False
            )
        except ArticleError as refused:
            if hop == 0:
                raise ArticleError(url, refused.problem) from None
            raise ArticleError(url, f"redirects to {address.url}: {refused.problem}") from None
        if not response.is_redirect:
            with response:
                yield response, address
            return
        location = session.get_redirect_target(response) or ""  # a redirect has a Location
        response.close()
        try:
            address = address.join(location)
        except ArticleError as refused:
            raise ArticleError(url, f"redirects to {refused.source}: {refused.problem}") from None
    raise ArticleError(
        url,
        f"more than {count(options.max_redirects, 'redirect')}; the site sends requests in circles",
    )


def _timed_out(error: Exception) -> bool:
    from urllib3.exceptions import ReadTimeoutError

    return any(isinstance(arg, ReadTimeoutError) for arg in error.args)


def _connection_cause(error: Exception) -> str:
    """Why a connection failed, in words: the name, a refusal, or the network."""
    from urllib3.exceptions import NameResolutionError

    reason = getattr(error.args[0], "reason", None) if error.args else None
    if isinstance(reason, NameResolutionError):
        return "the host name was not found; check the address"
    if "refused" in str(reason or error).lower():
        return "nothing answers at that address (connection refused)"
    return "check the address and the network, or try again later"


def check_status(url: str, response: requests.Response) -> None:
    if response.status_code < 400:
        return
    reason = f"HTTP {response.status_code} {response.reason or ''}".rstrip()
    if response.status_code in (404, 410):
        cause = "no page at this address"
    elif response.status_code in (401, 403):
        cause = "the site refuses to serve it (a login or a block on robots)"
    elif response.status_code >= 500:
        cause = "the site failed; try again later"
    else:
        cause = "the site refused the request"
    raise ArticleError(url, f"{reason}: {cause}")


def content_type(header: str) -> tuple[str, str | None]:
    """The media type (lower case, "" when absent) and the charset parameter of a header."""
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def read_body(url: str, response: requests.Response, options: FetchOptions) -> bytes:
    """The body, read in chunks so that the size cap and the deadline hold whatever the server
    says or does."""
    too_big = ArticleError(
        url, f"is larger than {options.max_bytes:,} bytes (raise the cap with --max-bytes)"
    )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > options.max_bytes:
        raise too_big
    deadline = time.monotonic() + options.total_s
    chunks: list[bytes] = []
    size = 0
    raw = response.raw  # read1: one read from the socket each time, so a server that trickles
    while chunk := raw.read1(CHUNK, decode_content=True):  # meets the deadline; and a gzip
        size += len(chunk)  # body is inflated CHUNK bytes at a time, checked against the cap
        if size > options.max_bytes:
            raise too_big
        if time.monotonic() > deadline:
            raise ArticleError(
                url, f"took longer than {options.total_s:g} s to download; the site is too slow"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _text(url: str, data: bytes, header_charset: str | None) -> str:
    """The page's text: in the charset the headers name, else the one the page declares, else
    as narrate decodes a file (a byte-order mark, UTF-8, then a guess)."""
    found = META_CHARSET.search(data[:META_WINDOW])
    page_charset = found.group(1).decode("ascii", "replace") if found else None
    for charset in (header_charset, page_charset):
        if charset and _known(charset):
            try:
                text = data.decode(charset)
            except UnicodeDecodeError:
                continue
            return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return decode(data, url)


def _known(charset: str) -> bool:
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True
