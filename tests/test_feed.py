"""The podcast feed: RSS 2.0 + iTunes + Podcasting 2.0, parsed back with lxml."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from lxml import etree

from narrate.engines.base import EngineOptions
from narrate.errors import OutputError
from narrate.feed import build_feed
from narrate.pipeline import BuildSettings, build_edition, plan
from narrate.profiles import PROFILES
from tests.tone_engine import ToneEngine

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "podcast": "https://podcastindex.org/namespace/1.0"}  # fmt: skip
BASE = "https://example.org/casts"
ODD_TITLE = """Dosing <5 mg> & "quotes" 'too'"""
ARTICLES = {
    "odd.md": f'# {ODD_TITLE}\n\nIs 5 < 10 & "so" on?\n\nSecond one.\n',
    "plain.md": "# Plain Article\n\nBy Ann Lee\n\nPlain opening.\n\n## Part\n\nBody.\n",
}
CREATED = {"odd.md": "2024-05-01T10:00:00Z", "plain.md": "2024-06-02T08:30:00Z"}


def _build(source: Path, out: Path) -> Path:
    options = BuildSettings(profile=PROFILES["podcast"], out_dir=out, use_cache=False)
    article, script = plan(source, options)
    edition = build_edition(article, script, ToneEngine(EngineOptions()), options)
    manifest = edition.folder / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["created"] = CREATED[source.name]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    return edition.folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two editions built by the pipeline, a build in progress and a folder without audio."""
    sources, out = tmp_path_factory.mktemp("sources"), tmp_path_factory.mktemp("site")
    for name, text in ARTICLES.items():
        (sources / name).write_text(text, encoding="utf-8")
        _build(sources / name, out)
    for hidden in (".plain-article.tmp-x", "phone-only"):
        (out / hidden).mkdir()
        (out / hidden / "manifest.json").write_text(
            json.dumps({"title": "no", "files": {"wav": "x.wav"}, "created": CREATED["odd.md"]})
        )
    return out


def _feed(site: Path, **options) -> etree._Element:
    path = build_feed(
        site, base_url=BASE, title="Narrated <Notes> & Co", author="Ann Lee",
        email="ann@example.org", image="cover.png", category="Health & Fitness/Mental Health",
        description="Articles, read aloud.", language="en", **options,
    )  # fmt: skip
    assert path == site / "feed.xml"
    assert not list(site.glob(".feed.xml.tmp-*"))
    return etree.parse(str(path)).getroot()


def test_channel_has_every_required_element(site: Path) -> None:
    rss = _feed(site)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    assert rss.nsmap["itunes"] == NS["itunes"] and rss.nsmap["podcast"] == NS["podcast"]
    channel = rss.find("channel")
    assert channel.findtext("title") == "Narrated <Notes> & Co"
    assert channel.findtext("link") == BASE + "/"
    assert channel.findtext("description") == "Articles, read aloud."
    assert channel.findtext("language") == "en"
    assert channel.findtext("itunes:author", namespaces=NS) == "Ann Lee"
    assert channel.find("itunes:image", NS).get("href") == f"{BASE}/cover.png"
    category = channel.find("itunes:category", NS)
    assert category.get("text") == "Health & Fitness"
    assert category.find("itunes:category", NS).get("text") == "Mental Health"
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    owner = channel.find("itunes:owner", NS)
    assert owner.findtext("itunes:name", namespaces=NS) == "Ann Lee"
    assert owner.findtext("itunes:email", namespaces=NS) == "ann@example.org"
    assert len(channel.findtext("podcast:guid", namespaces=NS)) == 36


def test_items_are_the_editions_newest_first(site: Path) -> None:
    items = _feed(site).findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Plain Article", ODD_TITLE]
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert dates == [datetime(2024, 6, 2, 8, 30, tzinfo=UTC), datetime(2024, 5, 1, 10, tzinfo=UTC)]


def test_each_item_points_at_its_files(site: Path) -> None:
    for item in _feed(site).findall("channel/item"):
        enclosure = item.find("enclosure")
        url = enclosure.get("url")
        assert url.startswith(BASE + "/") and url.endswith(".mp3")
        local = site / url.removeprefix(BASE + "/")
        assert int(enclosure.get("length")) == local.stat().st_size
        assert enclosure.get("type") == "audio/mpeg"
        manifest = json.loads((local.parent / "manifest.json").read_text(encoding="utf-8"))
        notice = "This audio was read by a synthetic voice. Voice: tone (sine)."
        assert item.findtext("description") == f"{manifest['description']}\n\n{notice}"
        assert item.findtext("itunes:summary", namespaces=NS) == item.findtext("description")
        seconds = round(manifest["duration_ms"] / 1000)
        assert item.findtext("itunes:duration", namespaces=NS) == (
            f"00:{seconds // 60:02d}:{seconds % 60:02d}"
        )
        chapters = item.find("podcast:chapters", NS)
        assert chapters.get("type") == "application/json+chapters"
        assert (site / chapters.get("url").removeprefix(BASE + "/")).is_file()
        transcripts = {t.get("type"): t for t in item.findall("podcast:transcript", NS)}
        assert {"text/vtt", "text/markdown"} <= set(transcripts)
        assert transcripts["text/vtt"].get("rel") == "captions"
        for transcript in transcripts.values():
            assert (site / transcript.get("url").removeprefix(BASE + "/")).is_file()


def test_text_with_markup_characters_survives(site: Path) -> None:
    (odd,) = [i for i in _feed(site).findall("channel/item") if i.findtext("title") == ODD_TITLE]
    assert odd.findtext("description").split("\n\n")[0] == 'Is 5 < 10 & "so" on?'
    raw = (site / "feed.xml").read_text(encoding="utf-8")
    assert "<5 mg>" not in raw and "&lt;5 mg&gt; &amp;" in raw


def test_guid_is_stable_across_rebuilds(site: Path, tmp_path: Path) -> None:
    def guids() -> dict[str, str]:
        items = _feed(site).findall("channel/item")
        return {i.findtext("title"): i.find("guid") for i in items}

    before = guids()
    assert all(g.get("isPermaLink") == "false" for g in before.values())
    (tmp_path / "plain.md").write_text(ARTICLES["plain.md"], encoding="utf-8")
    _build(tmp_path / "plain.md", site)
    after = guids()
    assert {t: g.text for t, g in after.items()} == {t: g.text for t, g in before.items()}
    assert len({g.text for g in after.values()}) == 2


def test_base_url_must_be_absolute(site: Path) -> None:
    with pytest.raises(OutputError, match="not an absolute http"):
        build_feed(site, base_url="casts/")
