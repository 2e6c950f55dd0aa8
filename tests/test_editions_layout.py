"""One article's editions in several profiles, side by side in one output folder: `<slug>/`
(podcast), `<slug>.accessible/`, `<slug>.phone/`, each built and rebuilt on its own, `narrate
feed` over them all, and one slug for one source whatever the profile. Run as users run
`narrate`: in a subprocess, with the tone engine for a voice."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from narrate import api
from tests.helpers import tiny_article_text

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"podcast": "tiny-article", "accessible": "tiny-article.accessible",
           "phone": "tiny-article.phone"}  # fmt: skip
BASE = "https://example.org/pod/"


def narrate(*args: str, cache: Path) -> subprocess.CompletedProcess:
    """`narrate ARGS` in its own process, the tone engine registered (tests/tone_cli.py)."""
    env = {**os.environ, "NARRATE_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "tests.tone_cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


def build(article: Path, out: Path, profile: str, cache: Path, *more: str):
    return narrate("build", str(article), "--engine", "tone", "-q", "-o", str(out),
                   "--profile", profile, *more, cache=cache)  # fmt: skip


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in an edition folder and its digest."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def complete(folder: Path, profile: str) -> None:
    """The folder is a whole edition of `profile`: its manifest names it, and every file the
    manifest lists is there and not empty."""
    manifest = manifest_of(folder)
    assert manifest["profile"] == profile
    assert manifest["files"], folder
    for name, relative in manifest["files"].items():
        path = folder / relative
        assert path.exists(), (folder, name)
        if path.is_file():
            assert path.stat().st_size > 0, (folder, name)


@pytest.fixture(scope="module")
def shelf(tmp_path_factory):
    """The tiny article built as podcast, then accessible, then phone, into one folder."""
    tmp = tmp_path_factory.mktemp("shelf")
    article = tmp / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    out, cache = tmp / "out", tmp / "cache"
    printed = {}
    for profile in ("podcast", "accessible", "phone"):
        result = build(article, out, profile, cache)
        assert result.returncode == 0, result.stderr
        printed[profile] = result.stdout.strip()
    return article, out, cache, printed


def test_three_profiles_of_one_article_live_side_by_side(shelf):
    _, out, _, printed = shelf
    assert sorted(p.name for p in out.iterdir()) == sorted(FOLDERS.values())
    for profile, name in FOLDERS.items():
        complete(out / name, profile)
    # what `narrate build` prints is where each edition is (a phone edition: its folder)
    assert printed == {
        "podcast": str(out / "tiny-article" / "tiny-article.mp3"),
        "accessible": str(out / "tiny-article.accessible" / "tiny-article.mp3"),
        "phone": str(out / "tiny-article.phone"),
    }
    assert (out / "tiny-article.accessible" / "daisy" / "ncc.html").is_file()
    assert (out / "tiny-article.phone" / "phone" / "index.json").is_file()


def test_a_rebuild_replaces_only_its_own_profile(shelf, tmp_path):
    article, out, cache, _ = shelf
    copy = tmp_path / "out"
    subprocess.run(["cp", "-a", str(out), str(copy)], check=True)
    before = {name: fingerprint(copy / name) for name in FOLDERS.values()}
    edited = tmp_path / "tiny.txt"  # the same file, edited: a rebuild, not another source
    edited.write_text(tiny_article_text().replace("Zeta", "Omega"), encoding="utf-8")
    article_copy = article.read_text(encoding="utf-8")
    try:
        article.write_text(edited.read_text(encoding="utf-8"), encoding="utf-8")
        result = build(article, copy, "accessible", cache)
    finally:
        article.write_text(article_copy, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in copy.iterdir()) == sorted(FOLDERS.values())
    after = {name: fingerprint(copy / name) for name in FOLDERS.values()}
    assert after["tiny-article"] == before["tiny-article"]
    assert after["tiny-article.phone"] == before["tiny-article.phone"]
    assert after["tiny-article.accessible"] != before["tiny-article.accessible"]
    complete(copy / "tiny-article.accessible", "accessible")
    transcript = (copy / "tiny-article.accessible" / "tiny-article.transcript.md").read_text()
    assert "Omega" in transcript and "Zeta" not in transcript


def _feed(folder: Path, cache: Path) -> etree._Element:
    result = narrate("feed", str(folder), "--base-url", BASE, cache=cache)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(folder / "feed.xml")
    return etree.parse(str(folder / "feed.xml")).getroot()


def test_the_feed_over_all_three_has_the_podcast_edition_once(shelf, tmp_path):
    _, out, cache, _ = shelf
    copy = tmp_path / "site"
    subprocess.run(["cp", "-a", str(out), str(copy)], check=True)
    items = _feed(copy, cache).findall("channel/item")
    assert len(items) == 1  # the accessible edition (newer, with an MP3 too) is no second one
    enclosure = items[0].find("enclosure")
    assert enclosure.get("url") == BASE + "tiny-article/tiny-article.mp3"
    size = (copy / "tiny-article" / "tiny-article.mp3").stat().st_size
    assert enclosure.get("length") == str(size)
    sha256 = manifest_of(copy / "tiny-article")["source"]["sha256"]
    assert items[0].findtext("guid") == f"narrate:{sha256}"


def test_without_its_podcast_edition_the_accessible_one_is_the_episode(shelf, tmp_path):
    """As before editions had folders of their own: an edition with an MP3 is an episode."""
    _, out, cache, _ = shelf
    site = tmp_path / "site"
    site.mkdir()
    for name in ("tiny-article.accessible", "tiny-article.phone"):
        subprocess.run(["cp", "-a", str(out / name), str(site / name)], check=True)
    items = _feed(site, cache).findall("channel/item")
    assert [item.find("enclosure").get("url") for item in items] == [
        BASE + "tiny-article.accessible/tiny-article.mp3"
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [("podcast", "accessible"), ("accessible", "phone"), ("phone", "podcast"),
     ("accessible", "accessible"), ("phone", "phone")],
)  # fmt: skip
def test_another_source_with_the_same_slug_is_refused_in_any_profile(tmp_path, first, second):
    mine, theirs = tmp_path / "a" / "tiny.txt", tmp_path / "b" / "other.txt"
    for path, word in ((mine, "Zeta"), (theirs, "Omega")):
        path.parent.mkdir()
        path.write_text(tiny_article_text().replace("Zeta", word), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert build(mine, out, first, cache).returncode == 0
    before = sorted(p.name for p in out.iterdir())
    refused = build(theirs, out, second, cache)
    assert refused.returncode == 1
    line = refused.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert str(mine.resolve()) in line and str(theirs.resolve()) in line and "--overwrite" in line
    assert str(out / FOLDERS[first]) in line  # where the other source's edition is
    assert ("same folder name" if first == second else "same slug") in line
    assert sorted(p.name for p in out.iterdir()) == before  # nothing written, nothing left
    replaced = build(theirs, out, second, cache, "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert manifest_of(out / FOLDERS[second])["source"]["location"] == str(theirs.resolve())


def test_an_older_edition_of_another_profile_in_the_slug_folder_is_not_replaced(tmp_path):
    """Before each profile had its folder, `<slug>/` held whichever was built last: a
    podcast build does not silently replace the accessible edition it finds there."""
    article = tmp_path / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert build(article, out, "accessible", cache).returncode == 0
    (out / "tiny-article.accessible").rename(out / "tiny-article")  # as the old layout had it
    refused = build(article, out, "podcast", cache)
    assert refused.returncode == 1
    line = refused.stderr.strip()
    assert "\n" not in line and "accessible edition" in line
    assert "tiny-article.accessible" in line and "--overwrite" in line
    assert manifest_of(out / "tiny-article")["profile"] == "accessible"
    (out / "tiny-article").rename(out / "tiny-article.accessible")  # as the line says
    assert build(article, out, "podcast", cache).returncode == 0
    complete(out / "tiny-article", "podcast")
    complete(out / "tiny-article.accessible", "accessible")


def test_one_profile_per_run(tmp_path):
    """--profile takes one name; a list is a usage error that names the choices."""
    article = tmp_path / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    result = build(article, tmp_path / "out", "podcast,accessible", tmp_path / "cache")
    assert result.returncode == 2
    assert "podcast,accessible" in result.stderr and "accessible" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_of_one_profile_names_editions_by_slug_alone(tmp_path, tone_calls):
    """side_by_side=False: the web app's `<library>/<profile>/<slug>/`."""
    article = tmp_path / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    out = tmp_path / "library" / "accessible"
    options = api.BuildOptions(profile="accessible", out_dir=out, side_by_side=False,
                               engine=api.EngineChoice("tone"))  # fmt: skip
    (edition,) = api.build([article], options)
    assert edition.folder == out / "tiny-article"
    assert [p.name for p in out.iterdir()] == ["tiny-article"]
    complete(edition.folder, "accessible")
