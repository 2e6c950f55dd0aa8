"""The title of a web page is the article's own name, without the site's (issue 28): chosen
among the h1s, og:title, the JSON-LD headline and <title> by agreement, and measured on the
shared corpus's 181 pages against labels written by reading each page."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from narrate.readers.html import read_html
from tests.helpers import needs

ROOT = Path(__file__).resolve().parents[2]
BODY = "<p>" + "The article's text, long enough for the extractors to keep it. " * 6 + "</p>"


def page(head: str, h1s: tuple[str, ...] = (), body: str = BODY) -> str:
    headings = "".join(f"<h1>{h1}</h1>" for h1 in h1s)
    return f"<html><head>{head}</head><body>{body}<article>{headings}{body}</article></body></html>"


def meta(prop: str, content: str) -> str:
    return f'<meta property="{prop}" content="{content}">'


@pytest.mark.parametrize(
    ("head", "h1s", "title"),
    [
        pytest.param(  # the site's name kept after a separator
            "<title>Why Oats Help - Site News</title>" + meta("og:site_name", "Site News"),
            (),
            "Why Oats Help",
            id="site-suffix",
        ),
        pytest.param(
            '<title>Why Oats Help | Maria Chen</title><meta name="author" content="Maria Chen">',
            (),
            "Why Oats Help",
            id="author-suffix",
        ),
        pytest.param(
            "<title>Why Oats Help [Site News]</title>" + meta("og:site_name", "Site News"),
            (),
            "Why Oats Help",
            id="bracketed-site",
        ),
        pytest.param(
            "<title>Site News | Why Oats Help</title>"
            '<link rel="canonical" href="https://www.sitenews.example/oats">',
            (),
            "Why Oats Help",
            id="domain-prefix",
        ),
        pytest.param(  # the site's name taken instead of the article's
            meta("og:title", "Why Oats Help") + meta("og:site_name", "Site News"),
            ("Site News",),
            "Why Oats Help",
            id="h1-is-the-site",
        ),
        pytest.param(
            meta("og:title", "Why Oats Help"),
            ("Games",),
            "Why Oats Help",
            id="h1-is-a-menu-word",
        ),
        pytest.param(  # the part after a separator taken instead of the article's own name
            "<title>Fact Check: Is Oat Milk Healthy? - Site News</title>"
            + meta("og:site_name", "Site News"),
            (),
            "Fact Check: Is Oat Milk Healthy?",
            id="colon-in-the-name",
        ),
        pytest.param(
            meta("og:title", "Design Week | Light Installations for FLOS | Inexhibit")
            + meta("og:site_name", "Inexhibit"),
            ("Design Week | Light Installations for FLOS",),
            "Design Week | Light Installations for FLOS",
            id="separator-in-the-name",
        ),
        pytest.param(
            meta("og:title", "Opinion | Why Oats Help"),
            ("Why Oats Help",),
            "Why Oats Help",
            id="section-label-before",
        ),
        pytest.param(
            "<title>Oats are back | News | Site</title>" + meta("og:site_name", "Site"),
            ("Oats are back, and here is why the porridge aisle is full again this winter",),
            "Oats are back, and here is why the porridge aisle is full again this winter",
            id="headline-over-search-title",
        ),
        pytest.param(
            "<title>Why Oats Help - Entermedia</title>",
            (),
            "Why Oats Help",
            id="copyright-names-the-site",
        ),
    ],
)
def test_the_title_is_the_articles_own_name(head, h1s, title):
    body = BODY
    if "Entermedia" in head:
        body += "<div>Copyright (C) <span>EnterMedia.co.kr</span>. All right reserved.</div>"
    assert read_html(page(head, h1s, body)).title == title


def test_a_headline_the_page_cut_short_is_read_whole():
    whole = "Hunter diagnosed with bubonic plague after eating a rabbit making him third local"
    head = f"<title>{whole} – The Sun</title>" + meta("og:site_name", "The Sun")
    assert read_html(page(head, (whole[:70],))).title == whole


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_titles", ROOT / "scripts" / "bench_titles.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _bench()


def test_the_labels_split_120_to_tune_and_61_held_out():
    labels = json.loads(bench.LABELS.read_text(encoding="utf-8"))
    tune, held = bench.split(sorted(labels))
    assert (len(tune), len(held)) == (120, 61) and not set(tune) & set(held)
    assert all(entry["title"].strip() for entry in labels.values())


@needs(
    (bench.CORPUS / "ground-truth.json").exists(), "the shared extraction corpus",
    f"a copy of shared/ beside the clone (looked in {bench.CORPUS})", required_by="CI",
)  # fmt: skip
@pytest.mark.slow
def test_titles_match_the_labels_on_the_shared_corpus():
    labels = json.loads(bench.LABELS.read_text(encoding="utf-8"))
    truth = json.loads((bench.CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    assert set(labels) == set(truth)
    right = [
        key
        for key in labels
        if bench.same_title(
            bench.narrate_title(bench.page_html(bench.CORPUS, key)), labels[key]["title"]
        )
    ]
    assert len(right) / len(labels) >= 0.95


def test_a_json_ld_headline_in_a_graph_names_the_article():
    article = {"@type": "NewsArticle", "headline": "Why Oats Help", "publisher": {"name": "Site"}}
    script = '<script type="application/ld+json">{}</script>'
    head = script.format("{no") + script.format(json.dumps({"@graph": [article]}))
    assert read_html(page(head + "<title>Site</title>")).title == "Why Oats Help"


def test_a_page_that_names_nothing_has_no_title():
    assert read_html(page("")).title == ""
