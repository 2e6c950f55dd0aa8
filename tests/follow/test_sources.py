"""What a followed source lists, read from its bytes: feeds, sitemaps, and what is refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.errors import ArticleError
from narrate.follow.sources import Listed, parse_listing

URL = "https://clinic.example/feed"
RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Clinic</title><language>es</language>
<item><title>Whole</title><link>https://clinic.example/whole</link><guid>w</guid>
<author>ada@clinic.example (Dr Ada)</author>
<description>Short.</description>
<content:encoded><![CDATA[<p>All of it.</p><script>alert(1)</script>]]></content:encoded></item>
<item><title>Excerpt</title><link>https://clinic.example/excerpt</link>
<author>desk@clinic.example</author>
<content:encoded><![CDATA[<p>The start of it &#8230; <a href="/x">Read more</a></p>]]>
</content:encoded></item>
<item><title>No link</title><guid isPermaLink="false">nolink</guid></item>
<item><title>Mail</title><link>mailto:a@clinic.example</link></item>
</channel></rss>"""


def test_rss_entries_with_their_content_cleaned_and_only_web_links():
    listing = parse_listing(RSS.encode(), URL)
    assert (listing.kind, listing.title, listing.language) == ("rss", "Clinic", "es")
    whole, excerpt = listing.entries
    assert whole.id == "w" or whole.id.endswith("/w")
    assert whole.content == "<p>All of it.</p>" and whole.whole_content  # the script removed
    assert (whole.author, excerpt.author) == ("Dr Ada", None)  # a bare address is no name
    assert excerpt.id == "https://clinic.example/excerpt"  # no guid: the link
    assert excerpt.content and not excerpt.whole_content  # cut short: read from its link


@pytest.mark.parametrize("ending", ["…", "...", "[…]", "Read more", "Continue reading →",
                                    "Read the full story"])  # fmt: skip
def test_content_cut_short_is_not_the_whole_article(ending):
    entry = Listed("i", "https://x.example/a", content=f"<p>Some text {ending}</p>")
    assert not entry.whole_content


def test_the_signature_changes_with_what_the_source_says():
    entry = Listed("i", "https://x.example/a", title="A", content="<p>x</p>")
    assert entry.signature == Listed("i", "https://x.example/a", title="A",
                                     content="<p>x</p>").signature  # fmt: skip
    assert entry.signature != Listed("i", "https://x.example/a", title="B",
                                     content="<p>x</p>").signature  # fmt: skip


BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel><title>&b;</title>
</channel></rss>"""


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (BILLION_LAUGHS, "declares XML entities"),
        (BILLION_LAUGHS.replace(b"rss", b"urlset"), "declares XML entities"),
        (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/'
         b'0.9"><sitemap><loc>https://x.example/s1.xml</loc></sitemap></sitemapindex>',
         "is a sitemap index"),
        (b"<urlset><url><loc>https://x.example/a</loc></url>", "is not well-formed XML"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "without a list"),
        (b'{"title": "not a feed"}', "is JSON, but not a JSON Feed"),
        (b"{not json", "is not valid JSON"),
        (b"[" * 100_000, "nested too deeply"),
        (b"Just some words, not a feed.", "is not an RSS, Atom or JSON feed, nor a sitemap"),
    ],
    ids=["entities", "entities-sitemap", "sitemap-index", "broken-sitemap", "json-items",
         "json-not-feed", "bad-json", "deep-json", "text"],
)  # fmt: skip
def test_what_is_not_a_source_is_refused_in_one_line(data, problem):
    with pytest.raises(ArticleError) as error:
        parse_listing(data, URL)
    assert str(error.value).startswith(f"{URL}: ")
    assert problem in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_entities_are_refused_in_a_wide_encoding_and_such_a_feed_without_them_is_read(encoding):
    declared = f'version="1.0" encoding="{encoding}"'
    laughs = BILLION_LAUGHS.decode().replace('version="1.0"', declared)
    with pytest.raises(ArticleError, match="declares XML entities"):
        parse_listing(laughs.encode(encoding), URL)
    plain = (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>'
             "Clinic news</title><item><title>A post</title><link>https://x.example/a</link>"
             "</item></channel></rss>")  # fmt: skip
    listing = parse_listing(plain.encode(encoding), URL)
    assert listing.title == "Clinic news" and [e.link for e in listing.entries] == [
        "https://x.example/a"]  # fmt: skip


def test_json_feed_items_without_a_web_address_are_left_out():
    feed = {"version": "https://jsonfeed.org/version/1", "author": {"name": "Dr Ada"}, "items": [
        {"id": 1, "url": "https://x.example/a", "content_text": "One.\n\nTwo & three."},
        {"id": 2, "url": "file:///etc/passwd"}, {"id": 3}, "junk",
        {"id": 4, "external_url": "https://y.example/b", "date_modified": "2026-01-02"},
    ]}  # fmt: skip
    listing = parse_listing(json.dumps(feed).encode(), URL)
    first, second = listing.entries
    assert first.id == "1" and first.author == "Dr Ada"
    assert first.content == "<p>One.</p><p>Two &amp; three.</p>"
    assert second.link == "https://y.example/b" and second.date.isoformat() == (
        "2026-01-02T00:00:00+00:00")  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda t: f"<rss version='2.0'><channel>{t}".encode()),
    st.text(max_size=300).map(lambda t: f"<urlset><url><loc>{t}</loc></url></urlset>".encode()),
    st.text(max_size=300).map(lambda t: ('{"version":"https://jsonfeed.org/version/1",'
                                         f'"items":[{t}]}}').encode()),
))  # fmt: skip
def test_any_bytes_are_a_listing_or_one_line_refusal(data):
    try:
        listing = parse_listing(data, URL)
    except ArticleError as error:
        assert "\n" not in str(error)
        return
    assert all(entry.link.startswith(("http://", "https://")) for entry in listing.entries)


def test_a_long_title_and_author_are_cut_to_what_an_edition_takes():
    item = {"id": "1", "url": "https://x.example/a", "title": "word " * 100,
            "authors": [{"name": "Dr " + "Ada " * 80}]}  # fmt: skip
    feed = {"version": "https://jsonfeed.org/version/1.1", "items": [item]}
    (entry,) = parse_listing(json.dumps(feed).encode(), URL).entries
    assert len(entry.title) <= 300 and entry.title.endswith("word…")
    assert len(entry.author) <= 200 and entry.author.endswith("Ada…")
