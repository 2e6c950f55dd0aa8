"""One strict reading of a web address: the forms every parser reads alike are kept (in one
written form), the rest are refused with one line naming the address and the problem."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from urllib3.util import parse_url

from narrate.errors import ArticleError
from narrate.readers.weburl import parse_web_address

# What parsers disagree about, and what hides it: separators, escapes, spaces and controls,
# look-alike dots and digits, brackets, a lone surrogate.
HOSTILE = "\\/@%:?#[]. \t\n\r\x00\x0b\x7f\x85\xa0\u3002\uff0e\uff61\u200b\u00ad\u2474\u2460\udc80"
WORDS = ("http", "https", "//", "127.0.0.1", "0x7f", "1", "[::1]", "example", "xn--bcher-kva")
URLISH = st.lists(st.sampled_from(WORDS) | st.text(alphabet=HOSTILE + "aZ09-_é", max_size=4))


@pytest.mark.parametrize(
    ("given_url", "read_as"),
    [
        ("http://Example.ORG", "http://example.org/"),
        ("HTTPS://example.org:443/a?b=c#part", "https://example.org/a?b=c"),
        ("http://example.org:8080", "http://example.org:8080/"),
        ("http://example.org?q", "http://example.org/?q"),
        ("http://93.184.215.14/news", "http://93.184.215.14/news"),
        ("http://[2606:2800:21F:CB07::8B2C]:81/", "http://[2606:2800:21f:cb07::8b2c]:81/"),
        ("https://bücher.example/süß?q=ü", "https://xn--bcher-kva.example/s%C3%BC%C3%9F?q=%C3%BC"),
        ("http://example.org/100%/a%41%zz", "http://example.org/100%25/a%41%25zz"),
        ("http://example.org./", "http://example.org./"),
        ("http://my_host.example/x/@y", "http://my_host.example/x/@y"),
    ],
)
def test_an_ordinary_address_is_read_in_one_written_form(given_url, read_as):
    address = parse_web_address(given_url)
    assert address.url == read_as
    assert parse_web_address(address.url) == address  # reading it again changes nothing


@pytest.mark.parametrize(
    ("given_url", "said"),
    [
        ("http://127.0.0.1:8080\\@203.0.113.7/", "has a backslash"),
        ("http://203.0.113.7\\@127.0.0.1/", "has a backslash"),
        ("http:\\\\127.0.0.1/", "has a backslash"),
        ("http://127.0.0.1:80@203.0.113.7/", "a user name or password before @"),
        ("http://user:pw@example.org/", "a user name or password before @"),
        ("http://a@b@example.org/", "a user name or password before @"),
        ("http://example.org /", "a space or an invisible character (U+0020)"),
        ("http://exa\tmple.org/", "(U+0009)"),
        ("http://127.0.0.1\n.example.org/", "(U+000A)"),
        ("http://example.org\x00.evil/", "(U+0000)"),
        ("http://exam\u200bple.org/", "(U+200B)"),
        ("http://example.org/\udc80", "lone surrogate"),
        ("ftp://example.org/", "only http:// and https://"),
        ("http:/example.org/", "only http:// and https://"),
        ("http:example.org", "only http:// and https://"),
        ("//example.org/", "only http:// and https://"),
        ("http:///path", "has no host name"),
        ("http://example.org:0/", "the port '0' is not a number from 1 to 65535"),
        ("http://example.org:65536/", "the port '65536'"),
        ("http://example.org:/", "the port ''"),
        ("http://example.org:+80/", "the port '+80'"),
        ("http://example.org:0x50/", "the port '0x50'"),
        ("http://example.org:８０/", "the port '８０'"),
        ("http://example.org:80:81/", "the port '80:81'"),
        ("http://2130706433/", "reads as a number"),
        ("http://0x7f.1/", "reads as a number"),
        ("http://0x7f000001/", "reads as a number"),
        ("http://127.1/", "reads as a number"),
        ("http://0177.0.0.1/", "reads as a number"),
        ("http://127.0.0.01/", "reads as a number"),
        ("http://127.0.0.1./", "reads as a number"),
        ("http://256.0.0.1/", "reads as a number"),
        ("http://foo.0x10/", "reads as a number"),
        ("http://%31%32%37.0.0.1/", "percent-encoded"),
        ("http://127。0。0。1/", "is 127.0.0.1 written in other characters"),
        ("http://①②⑦.0.0.1/", "is 127.0.0.1 written in other characters"),
        ("http://ｌｏｃａｌｈｏｓｔ/", "is localhost written in other characters"),
        ("http://⑴.example/", "not a valid international name"),
        ("http://[::1/", "not closed properly"),
        ("http://[::1]x/", "not closed properly"),
        ("http://[fe80::1%25eth0]/", "not an IPv6 address"),
        ("http://[v1.abc]/", "not an IPv6 address"),
        ("http://[127.0.0.1]/", "not an IPv6 address"),
        ("http://exa..mple.org/", "not a valid host name"),
        ("http://exa$mple.org/", "not a valid host name"),
        (f"http://{'a' * 64}.org/", "not a valid host name"),
    ],
)
def test_what_parsers_could_read_differently_is_refused(given_url, said):
    with pytest.raises(ArticleError) as refused:
        parse_web_address(given_url)
    assert said in refused.value.problem
    _assert_one_clean_line(str(refused.value))


@pytest.mark.parametrize(
    ("location", "leads_to"),
    [
        ("/next", "http://news.example:8080/next"),
        ("next?page=2", "http://news.example:8080/a/next?page=2"),
        ("//other.example/x", "http://other.example/x"),
        ("https://other.example/", "https://other.example/"),
        ("http:/same-host", "http://news.example:8080/same-host"),
    ],
)
def test_a_redirect_is_read_from_where_it_was_given(location, leads_to):
    here = parse_web_address("http://news.example:8080/a/b")
    assert here.join(location).url == leads_to


@pytest.mark.parametrize(
    "location", ["/\\@127.0.0.1/", "http://127.0.0.1\t/", "//user@127.0.0.1/", "//2130706433/"]
)
def test_a_redirect_is_read_as_strictly_as_the_first_address(location):
    with pytest.raises(ArticleError):
        parse_web_address("http://news.example/").join(location)


@settings(max_examples=600, deadline=None)
@given(URLISH)
def test_every_string_is_read_one_way_or_refused_in_one_line(parts):
    text = "".join(parts)
    try:
        address = parse_web_address(text)
    except ArticleError as refused:
        _assert_one_clean_line(str(refused))
        return
    split, parsed = urlsplit(address.url), parse_url(address.url)
    assert split.hostname == address.host == parsed.host.strip("[]")
    assert (split.port or address.port) == address.port == (parsed.port or address.port)
    assert parse_web_address(address.url) == address
    assert address.url.isascii() and "\\" not in address.url and "@" not in split.netloc


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.sampled_from(["http://", "https://", "http://a", ""]))
def test_any_text_after_a_scheme_is_read_or_refused_in_one_line(rest, scheme):
    try:
        parse_web_address(scheme + rest)
    except ArticleError as refused:
        _assert_one_clean_line(str(refused))


def _assert_one_clean_line(message: str) -> None:
    assert message.isprintable(), message  # no newline, control character or surrogate
    message.encode("utf-8")
