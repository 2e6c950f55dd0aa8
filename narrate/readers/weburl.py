"""One reading of a web address: parsed once, strictly, into the value that is checked, resolved
and connected to (`WebAddress`), so no second parser can read another host.

What two URL parsers may read differently is refused, not guessed: backslashes, whitespace and
control characters, a user name or password before `@`, a port that is not 1 to 65535 in ASCII
digits, percent signs in the host, an IPv6 zone, and any host whose last label is a number but
which is not four decimal numbers (`http://2130706433/`, `http://0x7f.1/`, `http://127.1/`,
which some parsers read as 127.0.0.1 and others as names). A non-ASCII host name is encoded
with IDNA (UTS #46), as requests does, and must come out as an internationalised name, not as
an ASCII name or an address written in look-alike characters.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from narrate.errors import ArticleError

DEFAULT_PORTS = {"http": 80, "https": 443}
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
LABEL = re.compile(r"[a-z0-9_-]{1,63}")
NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*")  # what IPv4 parsers take as a number
DECIMAL_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
DOTTED_QUAD = re.compile(rf"{DECIMAL_OCTET}(?:\.{DECIMAL_OCTET}){{3}}")
PORT = re.compile(r"[0-9]{1,5}")
IPV6_TEXT = re.compile(r"[0-9a-f:.]+")
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
TARGET_SAFE = "!#$%&'()*+,/:;=?@[]~"  # kept as they are in a request target (as requests does)
MAX_HOST = 253
SHOWN_CHARS = 200  # how much of a refused address an error message repeats


@dataclass(frozen=True)
class WebAddress:
    """An http(s) address read once: what is resolved, judged and connected to."""

    scheme: str  # "http" or "https"
    host: str  # lower-case ASCII name, four-number IPv4, or IPv6 without brackets
    port: int
    target: str  # path and query, percent-encoded ASCII, starting with "/"
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None = None  # when the host is one

    @property
    def netloc(self) -> str:
        """The host as the Host header and the URL write it, with the port unless default."""
        host = f"[{self.host}]" if isinstance(self.ip, ipaddress.IPv6Address) else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.target}"

    def join(self, reference: str) -> WebAddress:
        """The address a link or a redirect's Location leads to from here, read as strictly."""
        _refuse_odd_characters(reference)
        return parse_web_address(urljoin(self.url, reference))


def parse_web_address(text: str) -> WebAddress:
    """Read an http(s) address, or raise ArticleError saying what in it is refused."""
    _refuse_odd_characters(text)
    scheme_match = SCHEME.match(text)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    rest = text[scheme_match.end() :] if scheme_match else text
    if scheme not in DEFAULT_PORTS or not rest.startswith("//"):
        raise ArticleError(shown(text), "only http:// and https:// addresses can be fetched")
    authority, target = _split_authority(rest[2:])
    if "@" in authority:
        raise ArticleError(
            shown(text),
            "a user name or password before @ is not accepted; give the address without it",
        )
    host_text, port_text = _split_port(text, authority)
    host, ip = _host(text, host_text)
    port = DEFAULT_PORTS[scheme]
    if port_text is not None:
        if not PORT.fullmatch(port_text) or not 0 < int(port_text) < 65536:
            raise ArticleError(
                shown(text), f"the port {port_text!r} is not a number from 1 to 65535"
            )
        port = int(port_text)
    address = WebAddress(scheme, host, port, _request_target(target), ip)
    _refuse_other_readings(text, address)
    return address


def shown(text: str) -> str:
    """`text` fit for a one-line message: invisible and unprintable characters as escapes,
    shortened past a couple of hundred characters."""
    visible = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text[:SHOWN_CHARS])
    return visible + ("…" if len(text) > SHOWN_CHARS else "")


def _refuse_odd_characters(text: str) -> None:
    """Refuse what parsers drop, keep or read as a separator each in their own way."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ArticleError(shown(text), "is not valid text (it holds a lone surrogate)") from None
    if "\\" in text:
        raise ArticleError(shown(text), "has a backslash; a web address uses / only")
    for char in text:
        if char.isspace() or not char.isprintable():
            raise ArticleError(
                shown(text),
                f"has a space or an invisible character (U+{ord(char):04X}); remove it",
            )


def _split_authority(rest: str) -> tuple[str, str]:
    """The authority (up to the first /, ? or #) and what follows it."""
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    return rest[:end], rest[end:]


def _split_port(text: str, authority: str) -> tuple[str, str | None]:
    if authority.startswith("["):
        host, bracket, after = authority[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            raise ArticleError(shown(text), "the IPv6 address in [ ] is not closed properly")
        return f"[{host}]", after[1:] if after else None
    host, colon, port = authority.partition(":")
    return host, port if colon else None


def _host(text: str, host: str) -> tuple[str, ipaddress.IPv4Address | ipaddress.IPv6Address | None]:
    """The host in its one ASCII form, and its address when it is written as one."""
    if host.startswith("["):
        inner = host[1:-1].lower()
        try:
            if not IPV6_TEXT.fullmatch(inner):
                raise ValueError(inner)
            ip = ipaddress.IPv6Address(inner)
        except ValueError:
            raise ArticleError(
                shown(text),
                f"{shown(host)} is not an IPv6 address (zones and other forms are not accepted)",
            ) from None
        return ip.compressed, ip
    if not host:
        raise ArticleError(shown(text), "has no host name")
    if "%" in host:
        raise ArticleError(
            shown(text), f"the host {shown(host)} is percent-encoded; write it plainly"
        )
    if not host.isascii():
        host = _idna(text, host)
    host = host.lower()
    labels = host.split(".")
    if labels[-1] == "" and len(labels) > 1:
        labels.pop()  # a trailing dot: the fully qualified form of the same name
    if NUMERIC_LABEL.fullmatch(labels[-1]):
        if not DOTTED_QUAD.fullmatch(host):
            raise ArticleError(
                shown(text),
                f"the host {shown(host)} reads as a number: write an IPv4 address as four "
                "decimal numbers, e.g. 93.184.215.14",
            )
        return host, ipaddress.IPv4Address(host)
    if len(host) > MAX_HOST or not all(LABEL.fullmatch(label) for label in labels):
        raise ArticleError(shown(text), f"the host {shown(host)} is not a valid host name")
    return host, None


def _idna(text: str, host: str) -> str:
    """A non-ASCII host name in ASCII, encoded as requests encodes it; refused when it is
    only another way of writing an ASCII name or an address (fullwidth letters, ideographic
    full stops, circled digits)."""
    import idna  # installed with requests

    try:
        encoded = idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as error:
        raise ArticleError(
            shown(text), f"the host {shown(host)} is not a valid international name ({error})"
        ) from None
    if not any(label.startswith("xn--") for label in encoded.split(".")):
        raise ArticleError(
            shown(text),
            f"the host {shown(host)} is {encoded} written in other characters; write it plainly",
        )
    return encoded


def _request_target(rest: str) -> str:
    """Path and query as sent: the fragment dropped, non-ASCII and unsafe characters escaped."""
    target = rest.partition("#")[0]
    if not target.startswith("/"):
        target = "/" + target
    return quote(BAD_ESCAPE.sub("%25", target), safe=TARGET_SAFE)


def _refuse_other_readings(text: str, address: WebAddress) -> None:
    """The address written out must read the same to urllib.parse and to urllib3 (which
    requests uses): otherwise something here is wrong, and nothing is fetched."""
    from urllib3.util import parse_url

    split, parsed = urlsplit(address.url), parse_url(address.url)
    readings = {
        (split.hostname, split.port or address.port),
        ((parsed.host or "").strip("[]").lower(), parsed.port or address.port),
        (address.host, address.port),
    }
    if len(readings) != 1:
        raise ArticleError(shown(text), "is read differently by different URL parsers")
