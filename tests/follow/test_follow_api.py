"""narrate.follow.follow_once as the web app calls it: Atom, JSON Feed and sitemaps, the
address rules of `narrate serve`, --limit, --since and a damaged state."""

from __future__ import annotations

import json
from datetime import date

import pytest

from narrate import api
from narrate.errors import ArticleError, BadOption
from narrate.follow import Source, StateError, StateFiles, follow_once, state_folder
from tests.follow.site import Site

TONE = api.BuildOptions(engine=api.EngineChoice("tone"))
BASE = "https://cdn.example/p/"


def pages(site: Site, count: int) -> list[str]:
    """`count` article pages; their paths."""
    paths = []
    for n in range(count):
        site.page(f"/p{n}.html", f"Page {n}", f"Page {n} has news.", "And more of it.")
        paths.append(f"/p{n}.html")
    return paths


def atom(site: Site, paths: list[str]) -> bytes:
    entries = "".join(
        f"<entry><title>Page {n}</title><id>urn:page:{n}</id>"
        f'<link href="{site.url(path)}"/><updated>2026-10-0{n + 1}T08:00:00Z</updated>'
        f"<author><name>Dr Ada</name></author><summary>Short.</summary></entry>"
        for n, path in enumerate(paths)
    )
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news'
            f"</title><id>urn:news</id><updated>2026-10-09T00:00:00Z</updated>{entries}</feed>"
            ).encode()  # fmt: skip


def json_feed(site: Site, paths: list[str]) -> bytes:
    items = [{"id": f"j{n}", "url": site.url(path), "title": f"Page {n}",
              "date_published": f"2026-10-0{n + 1}T08:00:00Z", "authors": [{"name": "Dr Ada"}]}
             for n, path in enumerate(paths)]  # fmt: skip
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "JSON news",
                       "items": items}).encode()  # fmt: skip


def sitemap(site: Site, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{site.url(path)}</loc><lastmod>2026-10-0{n + 1}</lastmod></url>"
                   for n, path in enumerate(paths))  # fmt: skip
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
        f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


@pytest.mark.parametrize(
    ("make", "media_type", "author"),
    [(atom, "application/atom+xml", "Dr Ada"), (json_feed, "application/feed+json", "Dr Ada"),
     (sitemap, "application/xml", None)],
    ids=["atom", "json-feed", "sitemap"],
)  # fmt: skip
def test_each_kind_of_source_becomes_editions_and_a_feed(site, tmp_path, make, media_type, author):
    site.pages["/source"] = (make(site, pages(site, 2)), media_type)
    source = Source(site.url("/source"), out=tmp_path / "out", base_url=BASE)
    report = follow_once(source, TONE)
    assert [(o.title or o.link, o.status) for o in report.outcomes] == [
        ("Page 1" if make is not sitemap else site.url("/p1.html"), "built"),
        ("Page 0" if make is not sitemap else site.url("/p0.html"), "built"),
    ]
    assert report.feed == str(tmp_path / "out" / "feed.xml")
    manifest = json.loads((tmp_path / "out" / "page-1" / "manifest.json").read_text())
    assert manifest["title"] == "Page 1" and manifest["author"] == author
    day = "2026-10-02T00:00:00Z" if make is sitemap else "2026-10-02T08:00:00Z"  # lastmod: a day
    assert manifest["entry"]["published"] == day
    assert follow_once(source, TONE).not_modified


def test_the_web_apps_address_rules_refuse_a_private_source(site, tmp_path):
    site.pages["/source"] = (sitemap(site, pages(site, 1)), "application/xml")
    public_only = api.BuildOptions(engine=api.EngineChoice("tone"), public_urls_only=True)
    with pytest.raises(ArticleError, match="127.0.0.1 is a loopback address, not public"):
        follow_once(Source(site.url("/source"), out=tmp_path / "out"), public_only)
    assert site.hits["/source"] == 0  # refused before anything was sent
    assert not (tmp_path / "out").exists()


def test_limit_builds_the_newest_first_and_the_rest_next_time(site, tmp_path):
    site.pages["/source"] = (json_feed(site, pages(site, 3)), "application/feed+json")
    source = Source(site.url("/source"), out=tmp_path / "out", limit=2)
    first = follow_once(source, TONE)
    assert [(o.title, o.status) for o in first.outcomes] == [
        ("Page 2", "built"), ("Page 1", "built"), ("Page 0", "waiting")]  # fmt: skip
    assert first.feed is None  # no base URL: no feed.xml
    second = follow_once(source, TONE)
    assert not second.not_modified  # something waited: the source was fetched whole
    assert [(o.title, o.status) for o in second.outcomes] == [
        ("Page 2", "unchanged"), ("Page 1", "unchanged"), ("Page 0", "built")]  # fmt: skip


def test_since_leaves_older_entries_out(site, tmp_path):
    site.pages["/source"] = (atom(site, pages(site, 3)), "application/atom+xml")
    source = Source(site.url("/source"), out=tmp_path / "out", since=date(2026, 10, 2))
    report = follow_once(source, TONE)
    assert [(o.title, o.status) for o in report.outcomes] == [("Page 2", "built"),
                                                             ("Page 1", "built")]  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "out").glob("page-*")) == ["page-1", "page-2"]


def test_a_damaged_state_file_is_one_line_and_is_left_as_it_is(site, tmp_path):
    site.pages["/source"] = (sitemap(site, pages(site, 1)), "application/xml")
    source = Source(site.url("/source"), out=tmp_path / "out")
    files = StateFiles(state_folder(source), source.url)
    files.folder.mkdir(parents=True)
    files.path.write_text("{not json")
    with pytest.raises(StateError, match=r"\.json is damaged \(.*\); remove it to start again"):
        follow_once(source, TONE)
    assert files.path.read_text() == "{not json"


@pytest.mark.parametrize(
    ("field", "value", "flag"), [("content", "page", "--content"), ("limit", 0, "--limit")]
)
def test_bad_source_options_name_their_flag(tmp_path, field, value, flag):
    source = Source("https://example.org/feed", out=tmp_path, **{field: value})
    with pytest.raises(BadOption) as error:
        follow_once(source, TONE)
    assert error.value.option == flag
