"""Chapters heard while a job is built, through a real `narrate serve`: the running job's page
lists each spoken chapter with a labelled player, its preview downloads and decodes to the
chapter's length, only the names its index lists can be fetched (never another file, another
job's, or a path), and once the job is done the previews are gone and the edition is shown."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.writers.playback import decoded_ms
from tests.serve.conftest import raw_get, wait_for

PARTS = 6  # some 6 s of speech: the job runs on while the tests look
ARTICLE = "# Harbour news\n\nThe harbour opens at dawn.\n\n" + "\n\n".join(
    f"## Part {n}\n\n" + " ".join(f"Line {k} of part {n} says one thing." for k in range(4))
    for n in range(1, PARTS + 1)
)


@pytest.fixture(scope="module")
def running_job(app_server):
    """A job (0.15 s a sentence) with its first chapter preview listed, while it runs."""
    posted = requests.post(f"{app_server.url}/api/editions",
                           json={"text": ARTICLE, "format": "md", "engine": "tone-paced"},
                           timeout=30)  # fmt: skip
    assert posted.status_code == 202, posted.text
    job_id = posted.json()["id"]
    deadline = time.monotonic() + 180  # a loaded CI machine may queue the job
    while time.monotonic() < deadline:
        listed = requests.get(f"{app_server.url}/editions/{job_id}/previews.json", timeout=10)
        if listed.json()["previews"]:
            return job_id, listed.json()["previews"]
        time.sleep(0.05)
    raise AssertionError(f"no chapter preview listed: {app_server.log()}")


def test_a_running_jobs_page_lists_each_spoken_chapter_with_a_player(
    app_server, running_job, tmp_path
):
    job_id, previews = running_job
    first = previews[0]
    assert first["number"] == 1 and first["title"] == "Harbour news"
    page = requests.get(f"{app_server.url}/editions/{job_id}", timeout=10).text
    assert requests.get(f"{app_server.url}/api/editions/{job_id}", timeout=10).json()[
        "status"] == "running", "the job ended before its page was seen"  # fmt: skip
    assert '<p id="previews-said" role="status" aria-live="polite"' in page
    assert "Chapters ready to hear" in page
    player = (f'<span id="preview-1">Chapter 1: Harbour news</span> <audio controls '
              f'preload="none" src="{first["url"]}" aria-labelledby="preview-1">')  # fmt: skip
    assert player in page
    assert "autoplay" not in page
    got = requests.get(app_server.url + first["url"], timeout=10)
    assert got.status_code == 200 and got.headers["content-type"] == "audio/mpeg"
    heard = tmp_path / "chapter-1.mp3"
    heard.write_bytes(got.content)
    assert abs(decoded_ms(heard) - first["duration_ms"]) <= 60


BAD_NAMES = ["owner", "index.json", "index.m3u", ".1.pcm", "..", "../manifest.json",
             "..%2F..%2Fnarrate.toml", "%2e%2e%2f%2e%2e%2fjobs.sqlite", "%2Fetc%2Fpasswd",
             "01-harbour-news.mp3%00.json", "01-harbour-news.mp3/", "01-HARBOUR-NEWS.MP3",
             "02-part-4.mp3"]  # fmt: skip


def _refused(app_server, path: str, listed: set[str]) -> bool:
    """404; a redirect (a trailing slash taken off) only to a listed preview or to a 404."""
    status, headers, _ = raw_get(app_server, path)
    if status != 307:
        return status == 404
    moved = urlsplit(headers["location"])
    if moved.path.rsplit("/", 1)[-1] in listed:
        return True
    return moved.netloc in ("", f"127.0.0.1:{app_server.port}") and _refused(
        app_server, moved.path, set()
    )


def test_only_the_names_the_index_lists_are_served(app_server, running_job):
    job_id, previews = running_job
    listed = {p["url"].rsplit("/", 1)[1] for p in previews}
    for name in BAD_NAMES:
        assert _refused(app_server, f"/editions/{job_id}/previews/{name}", listed), name
    for path in [f"/editions/000000000000/previews/{quote(previews[0]['url'].rsplit('/')[-1])}",
                 "/editions/..%2F..%2F/previews/owner", "/editions/NOTANID/previews.json",
                 f"/editions/{job_id}/previews/%2e%2e/%2e%2e/jobs.sqlite"]:  # fmt: skip
        assert _refused(app_server, path, set()), path


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(name=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1,
                    max_size=40))  # fmt: skip
def test_any_other_name_is_refused(app_server, running_job, name):
    job_id, previews = running_job
    listed = {p["url"].rsplit("/", 1)[1] for p in previews}
    encoded = quote(name, safe="")
    if encoded in listed:
        return
    assert _refused(app_server, f"/editions/{job_id}/previews/{encoded}", listed), name


def test_the_job_was_still_running_while_the_names_were_tried(app_server, running_job):
    job_id, _ = running_job
    job = requests.get(f"{app_server.url}/api/editions/{job_id}", timeout=10).json()
    assert job["status"] == "running", "the tests above tried the names after the job ended"


def test_when_the_job_is_done_the_previews_go_and_the_edition_is_shown(app_server, running_job):
    job_id, previews = running_job
    job = wait_for(f"{app_server.url}/api/editions/{job_id}", timeout=120)
    assert job["status"] == "done", job
    assert requests.get(f"{app_server.url}/editions/{job_id}/previews.json",
                        timeout=10).json() == {"previews": []}  # fmt: skip
    assert requests.get(app_server.url + previews[0]["url"], timeout=10).status_code == 404
    podcast = Path(app_server.library) / "podcast"
    assert [p.name for p in podcast.iterdir()] == ["harbour-news"]  # no preview folder left
    page = requests.get(f"{app_server.url}/editions/{job_id}", timeout=10).text
    assert "Chapters ready to hear" not in page and "Podcast edition" in page
