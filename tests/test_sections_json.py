"""`narrate sections --json`: the article as narrate reads it, for editors and CMS checks."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from narrate.cli import main

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


def sections_json(*args: str) -> list[dict]:
    result = CliRunner(mix_stderr=False).invoke(main, ["sections", "--json", *args])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_an_html_article_as_read(tmp_path):
    [article] = sections_json(str(ARTICLES / "flu-clinic.html"))
    assert {key: article[key] for key in ("schema", "source", "title", "language", "author")} == {
        "schema": 1,
        "source": str(ARTICLES / "flu-clinic.html"),
        "title": "Getting Your Flu Shot This Autumn",
        "language": "en-US",
        "author": "Dana Whitfield",
    }
    assert [(c["heading"], c["level"]) for c in article["chapters"]] == [
        (None, 1),
        ("Who Should Be Vaccinated", 2),
        ("Where and When", 2),
        ("What to Bring", 3),
        ("Notes", 2),  # its footnote, read once at the end
    ]
    assert article["chapters"][-1]["blocks"] == [{"kind": "paragraph", "text": "Note 1. Centers "
        "for Disease Control and Prevention, Key Facts About Seasonal Flu Vaccine."}]  # fmt: skip
    vaccinated = article["chapters"][1]["blocks"]
    assert [block["kind"] for block in vaccinated] == ["paragraph"] + ["list_item"] * 4
    assert vaccinated[1] == {"kind": "list_item", "text": "adults aged sixty-five and older;"}
    # as written, not as spoken: the table's "8 to 11 am" is not "eight to eleven a m"
    assert (
        article["chapters"][2]["blocks"][2]["text"] == "Main Street, Monday to Friday, 8 to 11 am"
    )
    assert "fetched_at" not in article


def test_one_line_per_article_and_no_author_is_null():
    first, second = sections_json(
        str(ARTICLES / "bread-basics.md"), str(ARTICLES / "budget-travel.txt")
    )
    assert first["source"].endswith("bread-basics.md")
    assert second["source"].endswith("budget-travel.txt")
    assert second["author"] is None
    assert all(chapter["blocks"] or chapter["heading"] for chapter in first["chapters"])


def test_a_url_source_says_where_and_when_it_was_fetched():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        server.expect_request("/flu").respond_with_data(
            (ARTICLES / "flu-clinic.html").read_bytes(), content_type="text/html"
        )
        [article] = sections_json(server.url_for("/flu"))
    finally:
        server.stop()
    assert article["source"] == article["fetched_from"] == server.url_for("/flu")
    assert article["fetched_at"].endswith("Z")
    assert article["chapters"][1]["heading"] == "Who Should Be Vaccinated"
