"""The feed as podcast clients read it: gPodder's parser (podcastparser, as AntennaPod reads
the same Podlove Simple Chapters) finds every chapter at its start with its title, and
feedparser the episode and its description with the synthetic-voice disclosure; `narrate feed`
warns, one line each, for every tag Apple Podcasts and Podcast Index require that is missing."""

from __future__ import annotations

import json
import re
import shutil

import feedparser
import podcastparser
import pytest
from click.testing import CliRunner

from narrate.cli import main
from tests.helpers import tiny_article_text

BASE = "https://example.org/pod/"
REQUIRED = ["--category", "Health", "--author", "Clinic", "--email", "a@example.org",
            "--image", "cover.png"]  # fmt: skip


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """Two editions of the tiny article, with the notice (default) and without."""
    tmp = tmp_path_factory.mktemp("feed")
    built = {}
    for name, more in (("with", []), ("without", ["--disclosure", "none"])):
        article = tmp / "tiny.txt"
        article.write_text(tiny_article_text(), encoding="utf-8")
        out = tmp / name
        result = CliRunner(mix_stderr=False).invoke(
            main, ["build", str(article), "--engine", "tone", "-q", "-o", str(out), *more]
        )
        assert result.exit_code == 0, result.stderr
        built[name] = out / "tiny-article"
    return built


def feed_of(edition, tmp_path, *options):
    site = tmp_path / "site"
    shutil.copytree(edition, site / edition.name)
    result = CliRunner(mix_stderr=False).invoke(
        main, ["feed", str(site), "--base-url", BASE, *options]
    )
    assert result.exit_code == 0, result.stderr
    return site / "feed.xml", result.stderr


def test_podcastparser_finds_the_chapters_with_their_starts_and_titles(editions, tmp_path):
    path, _ = feed_of(editions["with"], tmp_path, *REQUIRED)
    with path.open("rb") as stream:
        parsed = podcastparser.parse(BASE + "feed.xml", stream)
    (episode,) = parsed["episodes"]
    manifest = json.loads((editions["with"] / "manifest.json").read_text())
    chapters = [(c["start"], c["title"]) for c in episode["chapters"]]
    wanted = [(c["start_ms"] / 1000, c["title"]) for c in manifest["chapters"]]
    assert len(chapters) == len(wanted) == 4
    for (start, title), (start_wanted, title_wanted) in zip(chapters, wanted, strict=True):
        assert title == title_wanted
        assert start == int(start_wanted)  # podcastparser keeps whole seconds
    # the feed itself states each start to the millisecond (normal play time)
    starts = re.findall(r'<psc:chapter start="(\d\d):(\d\d):(\d\d)\.(\d{3})"',
                        path.read_text(encoding="utf-8"))  # fmt: skip
    in_ms = [((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms) for h, m, s, ms in starts]
    assert in_ms == [c["start_ms"] for c in manifest["chapters"]]


def test_feedparser_reads_the_episode_with_the_disclosure(editions, tmp_path):
    path, _ = feed_of(editions["with"], tmp_path, *REQUIRED)
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    (entry,) = parsed.entries
    notice = "This audio was read by a synthetic voice. Voice: tone (sine)."
    assert entry.summary.endswith(notice)
    assert parsed.namespaces.get("psc") == "http://podlove.org/simple-chapters"
    xml = path.read_text(encoding="utf-8")
    assert xml.count(notice) == 2  # description and itunes:summary
    assert '<psc:chapters version="1.2">' in xml


def test_without_the_notice_the_description_says_nothing_of_it(editions, tmp_path):
    path, _ = feed_of(editions["without"], tmp_path, *REQUIRED)
    (entry,) = feedparser.parse(path.read_bytes()).entries
    assert "synthetic" not in path.read_text(encoding="utf-8")
    assert entry.summary
    with path.open("rb") as stream:
        (episode,) = podcastparser.parse(BASE + "feed.xml", stream)["episodes"]
    assert [c["title"] for c in episode["chapters"]][-1] == "Second Heading"


def test_each_missing_required_tag_is_one_warning(editions, tmp_path):
    _, stderr = feed_of(editions["with"], tmp_path)
    warnings = [line for line in stderr.splitlines() if "warning" in line]
    assert len(warnings) == 4, stderr
    for flag in ("--category", "--author", "--email", "--image"):
        assert sum(f"no {flag}:" in line for line in warnings) == 1, flag


def test_no_warning_when_every_required_tag_is_given(editions, tmp_path):
    _, stderr = feed_of(editions["with"], tmp_path, *REQUIRED)
    assert "warning" not in stderr
