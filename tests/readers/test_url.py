"""Articles by URL, fetched from a local HTTP server on 127.0.0.1 serving fixture pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from narrate.errors import ArticleError
from narrate.readers import read_article
from narrate.readers.url import FetchOptions, fetch, is_web_address

PAGE = (Path(__file__).parent.parent / "fixtures" / "articles" / "flu-clinic.html").read_bytes()
HTML = "text/html; charset=utf-8"
ACCENTED = "<html><head><title>Café à la carte</title></head><body><article><p>{}</p></article>"
PARAGRAPH = "Le café crème coûte deux euros à Noël, près de la plage. " * 12



@pytest.fixture
def site(server: HTTPServer) -> HTTPServer:
    server.clear()
    return server


def test_only_http_and_https_addresses_are_urls():
    assert is_web_address("https://example.org/post") and is_web_address("HTTP://example.org")
    assert not is_web_address("ftp://example.org/a.html")
    assert not is_web_address("notes/https.html")


def test_a_page_is_read_as_html_and_remembers_where_and_when(site):
    site.expect_request("/news/flu").respond_with_data(PAGE, content_type=HTML)
    url = site.url_for("/news/flu")
    article = read_article(url)
    assert article.title == "Getting Your Flu Shot This Autumn"
    assert article.sections[1].title == "Who Should Be Vaccinated"
    assert article.source == url
    assert article.fetched_from == url
    assert article.fetched_at.endswith("Z") and article.fetched_at[:2] == "20"
    assert len(article.source_sha256) == 64


def test_the_user_agent_names_narrate(site):
    agents = []

    def page(request: Request) -> Response:
        agents.append(request.headers.get("User-Agent", ""))
        return Response(PAGE, content_type=HTML)

    site.expect_request("/ua").respond_with_handler(page)
    read_article(site.url_for("/ua"))
    assert agents[0].startswith("narrate/")


def test_redirects_are_followed(site):
    site.expect_request("/old").respond_with_data("", 301, {"Location": "/middle"})
    site.expect_request("/middle").respond_with_data("", 302, {"Location": "/new"})
    site.expect_request("/new").respond_with_data(PAGE, content_type=HTML)
    article = read_article(site.url_for("/old"))
    assert article.source == site.url_for("/old")
    assert article.fetched_from == site.url_for("/new")


def test_redirects_in_a_circle_stop_at_the_limit(site):
    site.expect_request("/a").respond_with_data("", 302, {"Location": "/b"})
    site.expect_request("/b").respond_with_data("", 302, {"Location": "/a"})
    with pytest.raises(ArticleError, match="more than 5 redirects"):
        read_article(site.url_for("/a"))


def test_the_charset_comes_from_the_headers(site):
    body = ACCENTED.format(PARAGRAPH).encode("iso-8859-1")
    site.expect_request("/latin").respond_with_data(
        body, content_type="text/html; charset=ISO-8859-1"
    )
    article = read_article(site.url_for("/latin"))
    assert article.title == "Café à la carte"
    assert "coûte deux euros à Noël" in article.sections[0].blocks[0].text


def test_the_charset_comes_from_the_page_when_the_headers_say_none(site):
    body = ACCENTED.replace("<head>", '<head><meta charset="windows-1252">').format(PARAGRAPH)
    site.expect_request("/meta").respond_with_data(body.encode("cp1252"), content_type="text/html")
    assert read_article(site.url_for("/meta")).title == "Café à la carte"


def test_a_missing_page_is_an_error(site):
    site.expect_request("/gone").respond_with_data("<html>Not here</html>", 404, content_type=HTML)
    with pytest.raises(ArticleError, match="HTTP 404 NOT FOUND: no page at this address"):
        read_article(site.url_for("/gone"))


def test_a_server_that_does_not_answer_in_time(site):
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(PAGE, content_type=HTML)

    site.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(ArticleError, match=r"no answer within 0.3 s"):
        fetch(site.url_for("/slow"), FetchOptions(timeout_s=0.3))
    assert time.monotonic() - started < 1.4


def test_a_page_that_trickles_in_past_the_whole_download_limit(site):
    def trickle(request: Request) -> Response:
        def pieces():
            yield b"<html><body><p>"
            for _ in range(20):
                time.sleep(0.1)
                yield b"x" * 70_000  # past the reader's chunk size, so each piece is seen

        return Response(pieces(), content_type=HTML)

    site.expect_request("/trickle").respond_with_handler(trickle)
    with pytest.raises(ArticleError, match="took longer than 0.5 s to download"):
        fetch(site.url_for("/trickle"), FetchOptions(timeout_s=5, total_s=0.5))


def test_a_server_that_sends_a_byte_at_a_time_is_cut_off_at_the_deadline(site):
    """A hostile page that sends one byte every 50 ms would hold the fetch for 30 s; the whole
    download limit (0.5 s) ends it long before (each read from the socket is checked)."""

    def drip(request: Request) -> Response:
        def pieces():
            yield b"<html><body><p>"
            for _ in range(600):
                time.sleep(0.05)
                yield b"x"

        return Response(pieces(), content_type=HTML)

    site.expect_request("/drip").respond_with_handler(drip)
    started = time.monotonic()
    with pytest.raises(ArticleError, match="took longer than 0.5 s to download"):
        fetch(site.url_for("/drip"), FetchOptions(timeout_s=5, total_s=0.5))
    assert time.monotonic() - started < 15  # not the 30 s the server would take


def test_a_page_over_the_size_cap_by_its_declared_length(site):
    site.expect_request("/huge").respond_with_data(b"<html>" + b"x" * 5000, content_type=HTML)
    with pytest.raises(ArticleError, match="larger than 4,000 bytes"):
        fetch(site.url_for("/huge"), FetchOptions(max_bytes=4000))


def test_a_page_over_the_size_cap_without_a_declared_length(site):
    def chunked(request: Request) -> Response:
        return Response((b"x" * 100_000 for _ in range(30)), content_type=HTML)

    site.expect_request("/chunked").respond_with_handler(chunked)
    with pytest.raises(ArticleError, match="larger than 1,000,000 bytes"):
        fetch(site.url_for("/chunked"), FetchOptions(max_bytes=1_000_000))


@pytest.mark.parametrize(
    ("content_type", "said"),
    [("application/pdf", "is application/pdf, not an HTML page or plain text"),
     ("application/json", "is application/json, not an HTML page or plain text"),
     ("image/png", "is image/png, not an HTML page or plain text")],
)  # fmt: skip
def test_types_other_than_html_are_refused(site, content_type, said):
    site.expect_request("/file").respond_with_data(b"%PDF-1.7 ...", content_type=content_type)
    with pytest.raises(ArticleError, match=said):
        read_article(site.url_for("/file"))


SPEC = """The Widget Exchange Protocol

Abstract

This document specifies how widgets & gadgets <exchange> messages over a reliable stream.

1. Introduction

Widgets exchange messages in frames; each frame starts with a length and a type byte.
"""


def test_a_plain_text_page_is_read_as_text(site):
    site.expect_request("/spec.txt").respond_with_data(
        SPEC.encode(), content_type="text/plain; charset=utf-8"
    )
    article = read_article(site.url_for("/spec.txt"))
    assert article.title == "The Widget Exchange Protocol"
    assert [s.title for s in article.sections] == ["Abstract", "1. Introduction"]
    assert "widgets & gadgets <exchange> messages" in article.sections[0].blocks[0].text


@pytest.mark.parametrize(
    ("body", "accepted"), [(PAGE, True), (b"Just some words, no markup.", False)]
)
def test_without_a_content_type_only_what_looks_like_html_is_read(site, body, accepted):
    def untyped(request: Request) -> Response:
        response = Response(body)
        del response.headers["Content-Type"]
        return response

    site.expect_request("/untyped").respond_with_handler(untyped)
    if accepted:
        assert read_article(site.url_for("/untyped")).title == "Getting Your Flu Shot This Autumn"
    else:
        with pytest.raises(ArticleError, match="does not look like an HTML page"):
            read_article(site.url_for("/untyped"))


def test_no_server_at_the_address(site):
    url = site.url_for("/x").replace(str(site.port), "9")  # the discard port: nothing listens
    with pytest.raises(ArticleError, match=r"cannot connect: nothing answers at that address"):
        read_article(url)
