"""The address a fetch connects to is the address its check approved: for hostile URL strings,
through redirects, and when a name's answer changes (DNS rebinding).

Every test runs on a pretend internet (tests/readers/fake_internet.py): names come from a
table, a few public addresses are carried to servers on 127.0.0.1, and every other connection
is recorded and refused, so nothing leaves the machine.
"""

from __future__ import annotations

import ipaddress
import ssl
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from narrate.errors import ArticleError
from narrate.readers.addresses import approved_addresses, check_public
from narrate.readers.url import FetchOptions, fetch
from narrate.readers.weburl import parse_web_address
from tests.readers.fake_internet import PUBLIC_V4, PUBLIC_V6, FakeInternet, Site

PAGE = "<html><head><title>Clinic news</title></head><body><p>Open on Monday.</p></body></html>"
SECRET = "INTRANET-SECRET-7f3a"
PUBLIC = FetchOptions(public_only=True, timeout_s=5)
ANY = FetchOptions(public_only=False, timeout_s=5)

# Names the property test may meet, each with a fixed answer.
NAMES = {
    "news.example": [[PUBLIC_V4]],
    "v6.example": [[PUBLIC_V6]],
    "both.example": [[PUBLIC_V6, PUBLIC_V4]],
    "mixed.example": [[PUBLIC_V4, "10.0.0.5"]],
    "intranet": [["10.0.0.5"]],
    "intranet.example": [["192.168.1.20"]],
    "localhost": [["127.0.0.1", "::1"]],
    "metadata.example": [["169.254.169.254"]],
    "mapped.example": [["::ffff:127.0.0.1"]],
    "xn--bcher-kva.example": [[PUBLIC_V4]],
}
HOSTS = [
    *NAMES, "nowhere.example", "bücher.example", "NEWS.example.", "127.0.0.1", "127.1", "0x7f.1",
    "2130706433", "0177.0.0.1", "017700000001", "127.0.0.01", "0", "0.0.0.0", "10.0.0.1",
    "172.16.0.1", "192.168.0.1", "169.254.169.254", "100.64.0.1", "224.0.0.1", "240.0.0.1",
    "255.255.255.255", PUBLIC_V4, f"[{PUBLIC_V6}]", "[::1]", "[::]", "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]", "[::127.0.0.1]", "[64:ff9b::7f00:1]", f"[64:ff9b::{PUBLIC_V4}]",
    "[2002:7f00:1::]", "[2002:5db8:d70e::1]", "[2001::1]", "[fe80::1]", "[fe80::1%25eth0]",
    "[fc00::1]", "[fec0::1]", "[ff02::1]", "127。0。0。1", "%31%32%37.0.0.1", "ｌｏｃａｌｈｏｓｔ",
]  # fmt: skip
HOSTILE = "\\/@%:?#[]. \t\n\x00\x7f\u3002\uff0e\u200b\udc80é0x17f"
PIECES = st.text(alphabet=HOSTILE, max_size=3)
SCHEMES = st.sampled_from(
    ["http://", "https://", "HTTP://", "hTtPs://", "http:/", "http:\\\\", "http:", "ftp://", "//"]
)
USERINFO = st.sampled_from(["", "", "", "user@", "u:p@", "127.0.0.1@", "a@b@", "x\\@"]) | PIECES
PORTS = st.sampled_from(["", "", ":80", ":8080", ":443", ":0", ":65536", ":+80", ":", ": 80"])
PATHS = st.sampled_from(["", "/", "/a?b#c", "\\@news.example/", "/%2e%2e/", "/é", "?@x"]) | PIECES
URLS = st.builds(
    lambda *parts: "".join(parts),
    SCHEMES,
    USERINFO,
    st.sampled_from(HOSTS) | PIECES,
    st.sampled_from(["", "", "", "", "\\", "@", "#", "%", " ", "."]) | PIECES,
    PORTS | PIECES,
    PATHS,
)


@settings(max_examples=500, deadline=None)
@given(URLS, st.booleans())
def test_the_address_approved_is_the_address_connected_to(url, public_only):
    with FakeInternet(names=NAMES) as internet:  # no routes: every connection is refused
        try:
            approved = approved_addresses(parse_web_address(url), public_only=public_only)
            port = parse_web_address(url).port
        except ArticleError:
            approved = ()
        internet.attempts.clear()
        with pytest.raises(ArticleError) as refused:
            fetch(url, FetchOptions(public_only=public_only, timeout_s=5))
    message = str(refused.value)
    assert message.isprintable(), message  # one line, nothing unprintable
    connected = [(ipaddress.ip_address(host), at) for host, at in internet.attempts]
    assert connected == [(ip, port) for ip in approved]
    if approved:
        assert "nothing answers at that address" in message
    if public_only:
        assert all(_is_public_text(str(ip)) for ip, _ in connected)


@pytest.fixture
def site():
    """The public site news.example, which also has a page only the intranet should see."""
    site = Site()
    site.page("/story", PAGE)
    site.page("/secret", SECRET)
    yield site
    site.stop()


def _internet(site: Site, **names) -> FakeInternet:
    """news.example (public) is the local site; 127.0.0.1 is reachable, as an intranet is."""
    table = {"news.example": [[PUBLIC_V4]], "intranet.example": [["10.0.0.5"]]}
    table |= {name.replace("_", "."): answers for name, answers in names.items()}
    return FakeInternet(
        names={**table, "localhost": [["127.0.0.1"]]},
        routes={(PUBLIC_V4, 80): ("127.0.0.1", site.port)},
        loopback=True,
    )


def test_a_public_page_is_fetched_through_the_checked_address(site):
    site.redirect("/old", "/story")
    with _internet(site) as internet:
        fetched = fetch("http://news.example/old", PUBLIC)
    assert "Open on Monday" in fetched.text
    assert fetched.final_url == "http://news.example/story"
    assert set(internet.attempts) == {(PUBLIC_V4, 80)}
    assert site.requests == [("/old", "news.example"), ("/story", "news.example")]


PRIVATE_LOCATIONS = [
    "http://127.0.0.1:{port}/secret",
    "http://localhost:{port}/secret",
    "//127.0.0.1:{port}/secret",
    "http://[::1]:{port}/secret",
    "http://[::ffff:127.0.0.1]:{port}/secret",
    "http://[::ffff:7f00:1]:{port}/secret",
    "http://2130706433:{port}/secret",
    "http://0x7f.1:{port}/secret",
    "http://127.1:{port}/secret",
    "http://0177.0.0.1:{port}/secret",
    "http://127。0。0。1:{port}/secret",
    "http://127.0.0.1:{port}\\@news.example/secret",
    "/\\@127.0.0.1:{port}/secret",
    "\\\\127.0.0.1:{port}/secret",
    "http://news.example@127.0.0.1:{port}/secret",
    "http://127.0.0.1:{port}%5C@news.example/secret",
    "http://127.0.0.1:{port}\t/secret",
    "http://intranet.example:{port}/secret",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0:{port}/secret",
    "/hop",  # a second redirect, on the public site, to 127.0.0.1
]


@pytest.mark.parametrize("location", PRIVATE_LOCATIONS)
def test_a_public_page_redirecting_to_a_private_address_is_refused(site, location):
    site.redirect("/start", location.format(port=site.port))
    site.redirect("/hop", f"http://127.0.0.1:{site.port}/secret")
    with _internet(site) as internet, pytest.raises(ArticleError) as refused:
        fetch("http://news.example/start", PUBLIC)
    assert str(refused.value).startswith("http://news.example/start: redirects to ")
    assert str(refused.value).isprintable()
    assert set(internet.attempts) == {(PUBLIC_V4, 80)}
    assert "/secret" not in site.paths


def test_without_the_public_only_rule_a_redirect_to_this_machine_is_followed(site):
    """The command line fetches what its user points it at, as before."""
    site.redirect("/start", f"http://127.0.0.1:{site.port}/secret")
    with _internet(site):
        fetched = fetch("http://news.example/start", ANY)
    assert SECRET in fetched.text


def test_a_name_that_rebinds_after_the_check_is_still_connected_at_the_checked_address(site):
    """The first lookup (the check) answers a public address, every later one 127.0.0.1:
    the connection goes where the check looked, and the name is looked up once."""
    with _internet(site, rebind_example=[[PUBLIC_V4], ["127.0.0.1"]]) as internet:
        fetched = fetch("http://rebind.example/story", PUBLIC)
    assert "Open on Monday" in fetched.text
    assert internet.attempts == [(PUBLIC_V4, 80)]
    assert internet.lookups["rebind.example"] == 1


def test_a_name_checked_when_posted_is_judged_again_when_fetched(site):
    """narrate serve checks a URL when it is posted; by the fetch the name says 127.0.0.1."""
    with _internet(site, rebind_example=[[PUBLIC_V4], ["127.0.0.1"]]) as internet:
        check_public("http://rebind.example/secret")
        with pytest.raises(ArticleError, match="resolves to 127.0.0.1, which is a loopback"):
            fetch("http://rebind.example/secret", PUBLIC)
    assert internet.attempts == []


def test_a_redirect_to_a_name_that_now_answers_privately_is_refused(site):
    site.redirect("/start", "http://rebind.example/secret")
    with _internet(site, rebind_example=[["127.0.0.1"]]) as internet:
        with pytest.raises(ArticleError, match="redirects to http://rebind.example/secret"):
            fetch("http://news.example/start", PUBLIC)
    assert set(internet.attempts) == {(PUBLIC_V4, 80)}


def test_a_name_with_one_private_address_among_public_ones_is_refused(site):
    with _internet(site, split_example=[[PUBLIC_V4, "127.0.0.1"]]) as internet:
        with pytest.raises(ArticleError, match="split.example resolves to 127.0.0.1"):
            fetch("http://split.example/story", PUBLIC)
    assert internet.attempts == []


def test_each_checked_address_is_tried_in_turn(site):
    """An IPv6 address that does not answer, then the IPv4 one that does (as a connection to a
    name has always done), both checked, nothing else."""
    with _internet(site, both_example=[[PUBLIC_V6, PUBLIC_V4]]) as internet:
        fetched = fetch("http://both.example/story", PUBLIC)
    assert "Open on Monday" in fetched.text
    assert [ipaddress.ip_address(h) for h, _ in internet.attempts] == [
        ipaddress.ip_address(PUBLIC_V6),
        ipaddress.ip_address(PUBLIC_V4),
    ]


def test_https_connects_to_the_address_but_checks_the_certificate_of_the_name(
    tmp_path, monkeypatch
):
    authority, context = _tls_site(tmp_path, "secure.example")
    names_seen: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names_seen.append(name)
    https = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    https.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    https.start()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(authority))
    try:
        with FakeInternet(
            names={"secure.example": [[PUBLIC_V4]], "other.example": [[PUBLIC_V4]]},
            routes={(PUBLIC_V4, 443): ("127.0.0.1", https.port)},
        ) as internet:
            fetched = fetch("https://secure.example/page", PUBLIC)
            with pytest.raises(ArticleError, match="certificate cannot be verified"):
                fetch("https://other.example/page", PUBLIC)  # same address, another name
    finally:
        https.stop()
    assert "Open on Monday" in fetched.text
    assert names_seen[:2] == ["secure.example", "other.example"]
    assert set(internet.attempts) == {(PUBLIC_V4, 443)}


def test_a_proxy_from_the_environment_is_used_as_before_unless_only_public_pages_may_be_fetched(
    site, monkeypatch
):
    proxy = Site()  # a forward proxy that answers every request itself
    proxy.page("http://news.example/story", PAGE.replace("Open on Monday", "proxied"))
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("NO_PROXY", "")
    try:
        with _internet(site) as internet:
            through_proxy = fetch("http://news.example/story", ANY)
            direct = fetch("http://news.example/story", PUBLIC)
    finally:
        proxy.stop()
    assert "proxied" in through_proxy.text and proxy.paths == ["http://news.example/story"]
    assert "Open on Monday" in direct.text
    assert internet.attempts[-1] == (PUBLIC_V4, 80)  # public only: to the checked address


def _is_public_text(text: str) -> bool:
    from narrate.readers.addresses import is_public

    return is_public(ipaddress.ip_address(text))


def _tls_site(folder: Path, name: str) -> tuple[Path, ssl.SSLContext]:
    """A self-signed certificate for `name` (made with the `openssl` CLI, as the gTTS stand-in's
    is): the file to trust, and a server context that presents it."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return cert, context
