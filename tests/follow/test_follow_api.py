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
    assert [(o.title, o.status) for o in report.outcomes] == [("Page 1", "built"),
                                                             ("Page 0", "built")]  # fmt: skip
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


def test_a_page_changed_around_its_text_is_not_rebuilt_and_a_new_title_moves_it(site, tmp_path):
    paths = pages(site, 1)
    site.pages["/source"] = (atom(site, paths), "application/atom+xml")
    source = Source(site.url("/source"), out=tmp_path / "out", base_url=BASE)
    follow_once(source, TONE)
    manifest = (tmp_path / "out" / "page-0" / "manifest.json").read_text()

    data = atom(site, paths).replace(b"2026-10-01T08", b"2026-10-05T08")  # only its date
    site.pages["/source"] = (data, "application/atom+xml")
    again = follow_once(source, TONE)
    assert [(o.title, o.status) for o in again.outcomes] == [("Page 0", "unchanged")]
    assert site.hits["/p0.html"] == 2  # read again, found the same
    assert (tmp_path / "out" / "page-0" / "manifest.json").read_text() == manifest

    site.page("/p0.html", "Clinic moves", "Page 0 has news.", "And more of it.")
    site.pages["/source"] = (data.replace(b"<title>Page 0", b"<title>Clinic moves"),
                             "application/atom+xml")  # fmt: skip
    moved = follow_once(source, TONE)
    assert [(o.title, o.status) for o in moved.outcomes] == [("Clinic moves", "updated")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".narrate-follow",
        "clinic-moves",
        "feed.xml",
    ]  # one episode, in its new folder


def test_an_entry_another_run_holds_is_left_to_it(site, tmp_path):
    site.pages["/source"] = (json_feed(site, pages(site, 2)), "application/feed+json")
    source = Source(site.url("/source"), out=tmp_path / "out")
    files = StateFiles(state_folder(source), source.url)
    with files.entry_lock("j1") as held:
        assert held
        with files.entry_lock("j1") as again:
            assert not again  # a lock is one holder's, even in one process
        report = follow_once(source, TONE)
    assert [(o.title, o.status, o.problem) for o in report.outcomes] == [
        ("Page 1", "skipped", "another run is building it"),
        ("Page 0", "built", None),
    ]
    later = follow_once(source, TONE)
    assert not later.not_modified  # an entry waited: the source is fetched whole
    assert [(o.title, o.status) for o in later.outcomes] == [
        ("Page 1", "built"), ("Page 0", "unchanged")]  # fmt: skip


def test_a_stop_asked_between_entries_leaves_the_rest_for_the_next_run(site, tmp_path):
    site.pages["/source"] = (json_feed(site, pages(site, 2)), "application/feed+json")
    source = Source(site.url("/source"), out=tmp_path / "out")
    settled = []
    report = follow_once(source, TONE, on_outcome=settled.append,
                         should_stop=lambda: len(settled) == 1)  # fmt: skip
    assert [(o.title, o.status) for o in report.outcomes] == [("Page 1", "built")]
    assert settled == list(report.outcomes)
    assert [o.status for o in follow_once(source, TONE).outcomes] == ["unchanged", "built"]


WHOLE = {"id": "w", "url": "/w.html", "title": "Whole", "content_html": "<p>In the feed.</p>"}


@pytest.mark.parametrize(("content", "read_page", "spoken"),
                         [("auto", False, "In the feed."), ("feed", False, "In the feed."),
                          ("link", True, "On the page.")])  # fmt: skip
def test_where_the_article_is_read_from(site, tmp_path, content, read_page, spoken):
    site.page("/w.html", "Whole", "On the page.")
    item = {**WHOLE, "url": site.url("/w.html")}
    site.pages["/source"] = (
        json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]}).encode(),
        "application/json",
    )
    source = Source(site.url("/source"), out=tmp_path / "out", content=content)
    follow_once(source, TONE)
    assert site.hits["/w.html"] == int(read_page)
    manifest = json.loads((tmp_path / "out" / "whole" / "manifest.json").read_text())
    assert manifest["description"] == spoken
    assert manifest["source"]["path"] == site.url("/w.html")


@pytest.mark.parametrize(
    ("state", "problem"),
    [("[]", "not a JSON object"), ('{"schema": 9}', "schema 9, this narrate writes 1"),
     ('{"schema": 1, "source": "https://other.example/feed"}', "it follows"),
     ('{"schema": 1, "source": "%s", "entries": [{"id": 1, "link": "l", "signature": "s", '
      '"status": "built"}]}', "is not text"),
     ('{"schema": 1, "source": "%s", "etag": 5, "entries": []}', "etag, last_modified")],
    ids=["list", "schema", "other-source", "entry-id", "etag"],
)  # fmt: skip
def test_each_kind_of_damaged_state_is_named(site, tmp_path, state, problem):
    source = Source(site.url("/source"), out=tmp_path / "out")
    files = StateFiles(state_folder(source), source.url)
    files.folder.mkdir(parents=True)
    files.path.write_text(state.replace("%s", source.url))
    with pytest.raises(StateError, match=problem):
        files.load()


def test_two_posts_with_one_title_get_a_folder_each_and_a_moved_post_keeps_its_own(site, tmp_path):
    for path, text in (("/w1.html", "First week."), ("/w2.html", "Second week.")):
        site.page(path, "Weekly notes", text, "And the rest.")
    items = [{"id": f"w{n}", "url": site.url(f"/w{n}.html"), "title": "Weekly notes",
              "date_published": f"2026-11-0{n}T08:00:00Z"} for n in (1, 2)]  # fmt: skip
    feed = {"version": "https://jsonfeed.org/version/1.1", "items": items}
    site.pages["/source"] = (json.dumps(feed).encode(), "application/feed+json")
    source = Source(site.url("/source"), out=tmp_path / "out", base_url=BASE)
    report = follow_once(source, TONE)
    assert [o.status for o in report.outcomes] == ["built", "built"], report.outcomes
    folders = sorted(p.name for p in (tmp_path / "out").glob("weekly-notes*"))
    assert folders == ["weekly-notes", "weekly-notes-2026-11-01"]  # the newest came first
    feed_xml = (tmp_path / "out" / "feed.xml").read_text()
    assert "<title>Weekly notes, 2026-11-01</title>" in feed_xml

    site.page("/moved.html", "Weekly notes", "Second week, corrected.", "And the rest.")
    items[1]["url"] = site.url("/moved.html")  # the newest post moves, same id
    site.pages["/source"] = (json.dumps(feed).encode(), "application/feed+json")
    moved = follow_once(source, TONE)
    assert [(o.link, o.status) for o in moved.outcomes] == [
        (site.url("/moved.html"), "updated"),
        (site.url("/w1.html"), "unchanged"),
    ]
    manifest = json.loads((tmp_path / "out" / "weekly-notes" / "manifest.json").read_text())
    assert manifest["source"]["path"] == site.url("/moved.html")


def test_an_entry_that_leaves_and_comes_back_is_not_built_again(site, tmp_path):
    paths = pages(site, 2)
    site.pages["/source"] = (sitemap(site, paths), "application/xml")
    source = Source(site.url("/source"), out=tmp_path / "out")
    follow_once(source, TONE)
    site.pages["/source"] = (sitemap(site, paths[1:]).replace(b"10-01", b"10-02"),
                             "application/xml")  # fmt: skip
    assert [o.status for o in follow_once(source, TONE).outcomes] == ["unchanged"]
    files = StateFiles(state_folder(source), source.url)
    assert files.load().entries[site.url("/p0.html")].status == "gone"
    site.pages["/source"] = (sitemap(site, paths), "application/xml")
    back = follow_once(source, TONE)
    assert [(o.title, o.status) for o in back.outcomes] == [("Page 1", "unchanged"),
                                                           ("Page 0", "unchanged")]  # fmt: skip
    assert files.load().entries[site.url("/p0.html")].status == "built"


def test_a_failed_entry_that_leaves_the_source_is_forgotten(site, tmp_path):
    paths = pages(site, 1)
    feed = json.loads(json_feed(site, [*paths, "/missing.html"]))
    site.pages["/source"] = (json.dumps(feed).encode(), "application/feed+json")
    source = Source(site.url("/source"), out=tmp_path / "out")
    first = follow_once(source, TONE)
    assert [(o.title, o.status) for o in first.outcomes] == [("Page 1", "failed"),
                                                            ("Page 0", "built")]  # fmt: skip
    assert "HTTP 404" in first.failed[0].problem
    feed["items"] = feed["items"][:1]
    site.pages["/source"] = (json.dumps(feed).encode(), "application/feed+json")
    assert [o.status for o in follow_once(source, TONE).outcomes] == ["unchanged"]
    assert list(StateFiles(state_folder(source), source.url).load().entries) == ["j0"]
    assert follow_once(source, TONE).not_modified  # nothing waits any more
