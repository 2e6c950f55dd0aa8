"""`narrate feed` over tampered manifests: each bad one is left out with one warning naming
the file and the field; the feed still holds every sound edition; no file outside an edition
is ever offered."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from narrate.cli import main
from narrate.engines.base import EngineOptions
from narrate.pipeline import BuildSettings, build_edition, plan
from narrate.profiles import PROFILES
from tests.helpers import tiny_article_text
from tests.tone_engine import ToneEngine


@pytest.fixture(scope="module")
def good_edition(tmp_path_factory) -> Path:
    sources = tmp_path_factory.mktemp("sources")
    article = sources / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    options = BuildSettings(profile=PROFILES["podcast"], out_dir=sources / "out", use_cache=False)
    edition = build_edition(*plan(article, options), ToneEngine(EngineOptions()), options)
    return edition.folder


def _set(path: str, value):
    """A tamper that sets the dotted `path` of the manifest to `value` (None deletes it)."""

    def tamper(manifest: dict, folder: Path) -> dict:
        *parents, last = path.split(".")
        node = manifest
        for key in parents:
            node = node[key]
        if value is None:
            del node[last]
        else:
            node[last] = value
        return manifest

    return tamper


def _symlink_out(manifest: dict, folder: Path) -> dict:
    (folder / "evil.mp3").symlink_to("/etc/passwd")
    manifest["files"]["mp3"] = "evil.mp3"
    return manifest


def _remove_mp3(manifest: dict, folder: Path) -> dict:
    (folder / manifest["files"]["mp3"]).unlink()
    return manifest


TAMPERED = {
    "created missing": (_set("created", None), "created is missing"),
    "created a number": (_set("created", 5), "created is a number, not text"),
    "created not a time": (_set("created", "yesterday"), "created 'yesterday' is not an ISO"),
    "duration missing": (_set("duration_ms", None), "duration_ms is missing"),
    "duration text": (_set("duration_ms", "12"), "duration_ms is text, not a number"),
    "duration negative": (_set("duration_ms", -5), "duration_ms -5 is not a whole number"),
    "title missing": (_set("title", None), "title is missing"),
    "title a list": (_set("title", ["x"]), "title is a list, not text"),
    "files missing": (_set("files", None), "files is missing"),
    "disclosure text": (_set("disclosure", "yes"), "disclosure is text, not an object"),
    "disclosure voice missing": (_set("disclosure.voice", None), "disclosure.voice is missing"),
    "mp3 a number": (_set("files.mp3", 5), "files.mp3 is not a file name"),
    "mp3 climbs out": (_set("files.mp3", "../../../../etc/passwd"), "files.mp3 '../../../../"),
    "mp3 absolute": (_set("files.mp3", "/etc/shadow"), "files.mp3 '/etc/shadow' is not a path"),
    "mp3 symlink out": (_symlink_out, "files.mp3 'evil.mp3' points outside"),
    "vtt climbs out": (_set("files.vtt", "../other/x.vtt"), "files.vtt '../other/x.vtt' points"),
    "mp3 gone": (_remove_mp3, "files.mp3 tiny-article.mp3 is missing"),
    "source missing": (_set("source", None), "source is missing"),
    "source text": (_set("source", "x.txt"), "source is text, not an object"),
    "chapters text": (_set("chapters", "x"), "chapters is not a list"),
    "chapter start": (_set("chapters", [{"title": "a", "end_ms": 1}]), "chapters[0].start_ms"),
    "newer schema": (_set("schema", 99), "schema 99 is newer than this narrate"),
    "a list": (lambda manifest, folder: [manifest], "manifest is a JSON list, not an object"),
    "not json": (lambda manifest, folder: "{oops", "file cannot be read as JSON"),
}


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_a_tampered_manifest_is_left_out_with_one_warning(tmp_path, good_edition, case):
    tamper, expected = TAMPERED[case]
    site = tmp_path / "site"
    shutil.copytree(good_edition, site / "good")
    bad = site / "bad"
    shutil.copytree(good_edition, bad)
    manifest = json.loads((bad / "manifest.json").read_text())
    manifest["source"]["sha256"] = "other"  # another article, so both would be episodes
    tampered = tamper(manifest, bad)
    text = tampered if isinstance(tampered, str) else json.dumps(tampered)
    (bad / "manifest.json").write_text(text)
    result = CliRunner(mix_stderr=False).invoke(
        main, ["feed", str(site), "--base-url", "https://example.org/pod/", "--image", "c.png",
               "--category", "Health", "--author", "Clinic", "--email", "a@example.org"],
    )  # fmt: skip  (every tag directories require given: no warning about the channel)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1, result.stderr
    assert str(bad / "manifest.json") in warnings[0] and expected in warnings[0], warnings[0]
    assert "Traceback" not in result.stderr
    feed = etree.parse(str(site / "feed.xml"))
    urls = [e.get("url") for e in feed.iter("enclosure")]
    assert urls == ["https://example.org/pod/good/tiny-article.mp3"]
    lengths = [int(e.get("length")) for e in feed.iter("enclosure")]
    assert lengths == [(site / "good" / "tiny-article.mp3").stat().st_size]


def test_feed_options_are_cleaned_with_a_warning(tmp_path, good_edition):
    site = tmp_path / "site"
    shutil.copytree(good_edition, site / "good")
    result = CliRunner(mix_stderr=False).invoke(
        main, ["feed", str(site), "--base-url", "https://example.org/pod/", "--image", "c.png",
               "--title", "Clinic\x1b Notes\x07", "--description", "About\udcff us"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "--title: removed 2 control" in result.stderr
    assert "--description: removed 1 control" in result.stderr
    channel = etree.parse(str(site / "feed.xml")).find("channel")
    assert channel.findtext("title") == "Clinic Notes"
    assert channel.findtext("description") == "About us"


def test_the_enclosure_is_the_in_feed_writers_file_with_its_media_type(tmp_path, good_edition):
    """A new audio format reaches the feed by declaring itself, with no edit to feed.py."""
    from narrate.feed import build_feed
    from narrate.writers.base import WRITERS, Writer

    class OggWriter(Writer):
        format, extension, media_type, in_feed, is_audio = "ogg", ".ogg", "audio/ogg", True, True

        def write(self, edition, dest_dir):
            raise NotImplementedError  # only its declarations are used here

    folder = tmp_path / "site" / good_edition.name
    shutil.copytree(good_edition, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    mp3 = folder / manifest["files"].pop("mp3")
    mp3.rename(folder / "episode.ogg")
    manifest["files"] = {"ogg": "episode.ogg", **manifest["files"]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    WRITERS["ogg"] = OggWriter
    try:
        build_feed(tmp_path / "site", base_url="https://example.org/pod/", image="c.png")
    finally:
        del WRITERS["ogg"]
    (enclosure,) = etree.parse(str(tmp_path / "site" / "feed.xml")).iter("enclosure")
    assert enclosure.get("type") == "audio/ogg"
    assert enclosure.get("url").endswith("/episode.ogg")
