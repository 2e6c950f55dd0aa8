"""`narrate follow` as people run it (a command in its own process, the test tone engine for
speed) against a feed on 127.0.0.1 that changes between runs."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import podcastparser
from click.testing import CliRunner

from narrate.cli import main
from tests.follow.site import Site
from tests.helpers import narrate_process

BASE = "https://cdn.example/podcast/"


SHOW = (
    "--author",
    "Riverside Clinic",
    "--email",
    "pod@clinic.example",
    "--image",
    "cover.png",
    "--category",
    "Health & Fitness/Medicine",
)  # what podcast directories ask of a feed


def follow(site: Site, out: Path, *extra: str, feed: str = "/feed.xml"):
    return narrate_process("follow", site.url(feed), "-o", str(out), "--base-url", BASE,
                           "--engine", "tone", *SHOW, *extra, module="tests.tone_cli")  # fmt: skip


def episodes(out: Path) -> list[dict]:
    """The podcast feed's episodes as gPodder reads them, checked against feedparser's."""
    with (out / "feed.xml").open("rb") as handle:
        parsed = podcastparser.parse(BASE + "feed.xml", handle)
    other = feedparser.parse((out / "feed.xml").read_bytes())
    assert not other.bozo, other.bozo_exception
    assert [e.title for e in other.entries] == [e["title"] for e in parsed["episodes"]]
    assert [e.id for e in other.entries] == [e["guid"] for e in parsed["episodes"]]
    return parsed["episodes"]


def editions(out: Path) -> dict[str, dict]:
    """Each edition folder's manifest, by folder name."""
    return {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/manifest.json")}


def post(site: Site, path: str, title: str, text: str) -> None:
    site.page(path, title, text, "A second paragraph, so the page reads as an article.")


def test_new_edited_and_removed_entries_a_304_and_prune(site, tmp_path):
    out = tmp_path / "podcast"
    post(site, "/flu.html", "Flu shots are here", "Book a flu shot at the front desk.")
    whole = "<p>The clinic closes early on Friday.</p><p>It opens again on Monday at eight.</p>"
    items = [
        {"title": "Flu shots are here", "link": "/flu.html", "guid": "flu", "day": 2},
        {"title": "Friday hours", "link": "/hours.html", "guid": "hours", "day": 3,
         "content": whole},
    ]  # fmt: skip
    site.rss("/feed.xml", "Clinic news", items)

    first = follow(site, out)
    assert first.returncode == 0, first.stderr
    assert "2 built" in first.stderr
    assert "warning" not in first.stderr  # the feed has all that directories ask for
    assert first.stdout.strip() == str(out / "feed.xml")
    assert site.hits["/flu.html"] == 1 and site.hits["/hours.html"] == 0  # whole in the feed
    made = editions(out)
    assert sorted(made) == ["flu-shots-are-here", "friday-hours"]
    entry = made["friday-hours"]["entry"]
    assert entry["link"] == site.url("/hours.html")
    assert entry["title"] == "Friday hours" and entry["published"] == "2026-11-03T09:00:00Z"
    assert made["friday-hours"]["source"]["path"] == site.url("/hours.html")
    listed = episodes(out)
    channel = feedparser.parse((out / "feed.xml").read_bytes()).feed
    assert (channel.title, channel.author) == ("Clinic news", "Riverside Clinic")
    assert channel.image.href == BASE + "cover.png"
    assert [e["title"] for e in listed] == ["Friday hours", "Flu shots are here"]  # newest first
    assert listed[1]["link"] == site.url("/flu.html")
    guids = {e["title"]: e["guid"] for e in listed}

    again = follow(site, out)
    assert again.returncode == 0, again.stderr
    assert "not modified" in again.stderr
    assert site.not_modified["/feed.xml"] == 1 and site.hits["/flu.html"] == 1
    assert editions(out) == made

    post(site, "/flu.html", "Flu shots are here", "Flu shots now on Saturdays too.")
    post(site, "/masks.html", "Masks in the waiting room", "Please wear a mask when coughing.")
    items[0]["day"] = 4  # the edited post's date moves, as a blog's "updated" does
    items[1] = {"title": "Masks in the waiting room", "link": "/masks.html", "guid": "masks",
                "day": 5}  # the hours post leaves the feed, a new one comes  # fmt: skip
    site.rss("/feed.xml", "Clinic news", items)
    third = follow(site, out)
    assert third.returncode == 0, third.stderr
    assert "1 built, 1 updated" in third.stderr
    listed = episodes(out)
    assert [e["title"] for e in listed] == [
        "Masks in the waiting room",
        "Flu shots are here",
        "Friday hours",
    ]  # kept: no --prune
    assert [e["guid"] for e in listed][1:] == [
        guids["Flu shots are here"],
        guids["Friday hours"],
    ]  # the edited post's kept
    assert editions(out)["friday-hours"] == made["friday-hours"]  # not rebuilt
    rebuilt = editions(out)["flu-shots-are-here"]
    assert rebuilt["source"]["sha256"] != made["flu-shots-are-here"]["source"]["sha256"]

    pruned = follow(site, out, "--prune")  # the feed has not changed: 304, and the prune
    assert pruned.returncode == 0, pruned.stderr
    assert "not modified since the last run; 1 pruned" in pruned.stderr
    assert [e["title"] for e in episodes(out)] == ["Masks in the waiting room",
                                                   "Flu shots are here"]  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == [
        ".narrate-follow",
        "feed.xml",
        "flu-shots-are-here",
        "masks-in-the-waiting-room",
    ]


def test_a_broken_entry_and_a_slow_page_fail_in_one_line_each_and_are_retried(site, tmp_path):
    out = tmp_path / "podcast"
    post(site, "/ok.html", "A good post", "This one is fine.")
    post(site, "/slow.html", "A slow post", "This page takes its time.")
    site.slow["/slow.html"] = 5
    items = [
        {"title": "A good post", "link": "/ok.html", "guid": "ok", "day": 2},
        {"title": "A missing post", "link": "/gone.html", "guid": "gone", "day": 3},
        {"title": "A slow post", "link": "/slow.html", "guid": "slow", "day": 4},
    ]  # fmt: skip
    site.rss("/feed.xml", "Clinic news", items)
    first = follow(site, out, "--fetch-timeout", "0.5")
    assert first.returncode == 1, first.stderr
    lines = first.stderr.splitlines()
    assert [line for line in lines if line.startswith("failed: ")] == [
        f"failed: A slow post ({site.url('/slow.html')}: no answer within 0.5 s; the site is "
        "slow or down)",
        f"failed: A missing post ({site.url('/gone.html')}: HTTP 404 Not Found: no page at this "
        "address)",
    ]  # fmt: skip
    assert "Traceback" not in first.stderr
    assert sorted(editions(out)) == ["a-good-post"]
    assert [e["title"] for e in episodes(out)] == ["A good post"]

    site.slow.clear()
    post(site, "/gone.html", "A missing post", "It is back now.")
    retried = follow(site, out, "--fetch-timeout", "0.5")  # the feed itself has not changed
    assert retried.returncode == 0, retried.stderr
    assert "2 built, 1 unchanged" in retried.stderr
    assert sorted(editions(out)) == ["a-good-post", "a-missing-post", "a-slow-post"]


def test_an_entry_refused_for_good_is_given_up_once_and_the_304_comes_back(site, tmp_path):
    out = tmp_path / "podcast"
    post(site, "/fine.html", "A fine post", "This one is fine.")
    missing = {"title": "A missing post", "link": "/never.html", "guid": "never", "day": 3}
    site.rss("/feed.xml", "Clinic news", [
        {"title": "A fine post", "link": "/fine.html", "guid": "fine", "day": 2}, missing])
    runs = [follow(site, out) for _ in range(4)]  # fmt: skip
    assert [run.returncode for run in runs] == [1, 1, 0, 0], runs[-1].stderr
    said = [[line for line in run.stderr.splitlines() if "A missing post" in line]
            for run in runs]  # fmt: skip
    assert [len(lines) for lines in said] == [1, 1, 1, 0]
    assert said[1][0].startswith("failed: A missing post (") and "HTTP 404" in said[1][0]
    assert said[2][0].startswith("gave up: A missing post (") and "HTTP 404" in said[2][0]
    assert "failed 3 runs in a row" in said[2][0] and "1 gave up" in runs[2].stderr
    assert "not modified since the last run" in runs[3].stderr  # conditional requests again
    assert site.hits["/never.html"] == 3

    site.rss("/feed.xml", "Clinic news", [{**missing, "title": "A missing post, again"}])
    changed = follow(site, out)  # the source changed the entry: tried again
    assert changed.returncode == 1 and "failed: A missing post, again (" in changed.stderr


def in_process(site: Site, out: Path, *extra: str, feed: str = "/feed.xml"):
    """`narrate follow` run here (CliRunner): for what ends before any build."""
    return CliRunner().invoke(main, ["follow", site.url(feed), "-o", str(out), "--base-url", BASE,
                                     "--engine", "tone", *extra])  # fmt: skip


def test_a_huge_feed_is_refused_in_one_line(site, tmp_path):
    items = [{"title": f"Post {n}", "link": f"/{n}.html", "guid": str(n), "day": 1 + n % 28}
             for n in range(200)]  # fmt: skip
    site.rss("/feed.xml", "Clinic news", items)
    assert len(site.pages["/feed.xml"][0]) > 20_000
    result = in_process(site, tmp_path / "out", "--max-bytes", "20000")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"narrate: error: {site.url('/feed.xml')}: is larger than 20,000 bytes (raise the cap "
        "with --max-bytes)"]  # fmt: skip
    assert not (tmp_path / "out").exists()


def test_a_web_page_given_as_the_source_is_refused_in_one_line(site, tmp_path):
    post(site, "/blog/", "The blog", "Not a feed.")
    result = in_process(site, tmp_path / "out", feed="/blog/")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"narrate: error: {site.url('/blog/')}: is a web page (text/html), not a feed or a "
        "sitemap; give the feed's address (often /feed or /rss.xml)")  # fmt: skip


def test_an_out_that_is_a_file_is_a_one_line_usage_error_naming_o(site, tmp_path):
    site.rss("/feed.xml", "Clinic news", [])
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    for out in (afile, afile / "podcast"):
        ran = follow(site, out)
        assert ran.returncode == 2, ran.stderr
        [line] = ran.stderr.strip().splitlines()
        assert "'-o'" in line and f"{afile} is a file, not a folder" in line, line
    assert afile.read_text() == "not a folder" and site.hits["/feed.xml"] == 0
