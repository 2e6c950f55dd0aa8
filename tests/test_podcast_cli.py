"""A podcast edition and its feed, made from the command line as a publisher would."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from narrate.cli import main
from narrate.ffmpeg import decode
from narrate.loudness import measure
from tests.helpers import tiny_article_text

PODCAST = Path(__file__).parent / "fixtures" / "podcast"
NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
}


@pytest.fixture
def published(tmp_path, tone_calls):
    article = tmp_path / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    runner = CliRunner(mix_stderr=False)
    out = tmp_path / "pod"
    built = runner.invoke(
        main,
        [
            "build",
            str(article),
            "--engine",
            "tone",
            "-o",
            str(out),
            "--format",
            "mp3,m4b",
            "--cover",
            str(PODCAST / "cover.png"),
            "--intro",
            str(PODCAST / "intro.mp3"),
            "--split-chapters",
            "--author",
            "Riverside & <Co>",
        ],
    )
    assert built.exit_code == 0, built.stderr
    fed = runner.invoke(
        main,
        [
            "feed",
            str(out),
            "--base-url",
            "https://example.org/pod",
            "--title",
            'Clinic <Notes> & "Q"',
            "--email",
            "a@example.org",
            "--image",
            "cover.png",
            "--category",
            "Health & Fitness",
        ],
    )
    assert fed.exit_code == 0, fed.stderr
    return out / "tiny-article"


def test_mp3_is_levelled_tagged_with_cover_and_chapters_after_the_intro(published):
    mp3 = published / "tiny-article.mp3"
    loudness = measure(mp3)
    assert abs(loudness.integrated_lufs - -16) <= 1
    assert loudness.true_peak_dbtp <= -1.5
    tags = ID3(mp3)
    (cover,) = tags.getall("APIC")
    assert cover.mime == "image/png" and cover.data == (PODCAST / "cover.png").read_bytes()
    starts = [c.start_time for c in tags.getall("CHAP")]
    intro_ms = len(decode(PODCAST / "intro.mp3"))
    assert starts[0] == 0
    assert all(s >= intro_ms for s in starts[1:])


def test_m4b_and_chapter_files_carry_the_same_chapters(published):
    mp3_titles = [
        c.sub_frames["TIT2"].text[0] for c in ID3(published / "tiny-article.mp3").getall("CHAP")
    ]
    m4b = MP4(published / "tiny-article.m4b")
    assert [c.title for c in m4b.chapters] == mp3_titles
    files = sorted((published / "chapters").glob("*.mp3"))
    assert len(files) == len(mp3_titles)
    assert [ID3(f)["TIT2"].text[0] for f in files] == mp3_titles


def test_feed_lists_the_episode_with_exact_enclosure_and_escaped_text(published):
    feed = etree.parse(str(published.parent / "feed.xml"))
    assert feed.findtext("channel/title") == 'Clinic <Notes> & "Q"'
    (item,) = feed.findall("channel/item")
    enclosure = item.find("enclosure")
    assert int(enclosure.get("length")) == (published / "tiny-article.mp3").stat().st_size
    assert enclosure.get("url") == "https://example.org/pod/tiny-article/tiny-article.mp3"
    assert item.find("podcast:chapters", NS).get("type") == "application/json+chapters"
    assert item.findtext("itunes:duration", namespaces=NS)
