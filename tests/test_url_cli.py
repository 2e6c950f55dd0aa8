"""`narrate build|sections|script URL` against a local server: an edition, or one line and
nothing written."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from narrate.cli import main

PAGE = (Path(__file__).parent / "fixtures" / "articles" / "flu-clinic.html").read_bytes()
HTML = "text/html; charset=utf-8"



@pytest.fixture
def site(server: HTTPServer) -> HTTPServer:
    server.clear()
    server.expect_request("/news/flu").respond_with_data(PAGE, content_type=HTML)
    server.expect_request("/old").respond_with_data("", 301, {"Location": "/news/flu"})
    server.expect_request("/gone").respond_with_data("Not here", 404, content_type=HTML)
    server.expect_request("/leaflet.pdf").respond_with_data(
        b"%PDF-1.7", content_type="application/pdf"
    )
    server.expect_request("/huge").respond_with_data(b"<html>" + b"x" * 50_000, content_type=HTML)

    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(PAGE, content_type=HTML)

    server.expect_request("/slow").respond_with_handler(slow)
    return server


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return lambda *args: CliRunner(mix_stderr=False).invoke(main, list(args))


def test_build_from_a_url_writes_an_edition_and_records_the_url(site, run, tmp_path, tone_calls):
    url = site.url_for("/old")
    result = run("build", url, "--engine", "tone", "-q")
    assert result.exit_code == 0, result.stderr
    edition = tmp_path / "audio_out" / "getting-your-flu-shot-this-autumn"
    manifest = json.loads((edition / "manifest.json").read_text())
    source = manifest["source"]
    assert source["path"] == url
    assert source["url"] == site.url_for("/news/flu")  # where the redirect led
    assert source["fetched"].endswith("Z")
    assert len(source["sha256"]) == 64
    assert [c["title"] for c in manifest["chapters"]][1:] == [
        "Who Should Be Vaccinated", "Where and When", "What to Bring", "Notes",
        "About this audio",
    ]  # fmt: skip
    assert result.stdout.strip().endswith("getting-your-flu-shot-this-autumn.mp3")


def test_sections_and_script_read_a_url(site, run, tmp_path):
    url = site.url_for("/news/flu")
    sections = run("sections", url)
    assert sections.exit_code == 0, sections.stderr
    assert f"Getting Your Flu Shot This Autumn  [{url}]" in sections.stdout
    assert "Who Should Be Vaccinated" in sections.stdout
    script = run("script", url, "--max-bytes", "100000", "--fetch-timeout", "5")
    assert script.exit_code == 0, script.stderr
    assert "Flu season usually starts in October" in script.stdout
    assert "cookies" not in script.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "options", "said"),
    [
        ("/gone", [], "HTTP 404 NOT FOUND: no page at this address"),
        ("/slow", ["--fetch-timeout", "0.3"], "no answer within 0.3 s; the site is slow or down"),
        (
            "/huge",
            ["--max-bytes", "10000"],
            "is larger than 10,000 bytes (raise the cap with --max-bytes)",
        ),
        ("/leaflet.pdf", [], "is application/pdf, not an HTML page or plain text"),
    ],
)
def test_a_failed_fetch_is_one_line_exit_1_and_nothing_written(
    site, run, tmp_path, tone_calls, path, options, said
):
    url = site.url_for(path)
    result = run("build", url, "--engine", "tone", *options)
    assert result.exit_code == 1
    assert result.stderr == f"narrate: error: {url}: {said}\n"
    assert result.stdout == ""
    out = tmp_path / "audio_out"
    assert not out.exists() or not any(out.iterdir())
    assert tone_calls == []
