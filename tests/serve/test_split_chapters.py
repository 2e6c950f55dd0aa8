"""One audio file per chapter, asked for through a real `narrate serve`: the JSON API's
`split_chapters`, the multipart upload's field, and the new-edition form's checkbox. Only the
podcast edition has the files; the others are built as always."""

from __future__ import annotations

import json
import re

import requests

from tests.serve.conftest import ARTICLE, wait_for

CHAPTER_FILES = ["chapters/01-clinic-hours.mp3", "chapters/02-medicines.mp3",
                 "chapters/03-parking.mp3", "chapters/04-about-this-audio.mp3"]  # fmt: skip


def _chapter_files(app_server, edition: dict) -> list[str]:
    """The chapter files the edition's manifest lists, each checked to download."""
    playlist = edition["files"].get("split_chapters")
    if playlist is None:
        return []
    folder = playlist.split("/library/", 1)[1].rsplit("/chapters/", 1)[0]
    manifest = json.loads((app_server.library / folder / "manifest.json").read_text("utf-8"))
    base = playlist.rsplit("/chapters/", 1)[0]
    for name in manifest["chapter_files"]:
        got = requests.get(f"{app_server.url}{base}/{name}", timeout=10)
        assert got.status_code == 200 and got.content[:3] == b"ID3", name
    return manifest["chapter_files"]


def test_the_json_api_asks_for_a_file_per_chapter(app_server) -> None:
    posted = requests.post(
        f"{app_server.url}/api/editions",
        data=json.dumps({"text": ARTICLE, "engine": "tone", "title": "Split hours",
                         "profiles": ["podcast", "phone"], "split_chapters": True}),
        headers={"Content-Type": "application/json"}, timeout=30,
    )  # fmt: skip
    assert posted.status_code == 202, posted.text
    job = wait_for(f"{app_server.url}/api/editions/{posted.json()['id']}", timeout=120)
    assert job["status"] == "done", job
    podcast, phone = job["editions"]
    assert "split_chapters" in podcast["files"] and "split_chapters" not in phone["files"]
    found = _chapter_files(app_server, podcast)
    assert [name.split("-", 1)[0] for name in found] == ["chapters/01", "chapters/02",
                                                         "chapters/03", "chapters/04"]
    playlist = requests.get(app_server.url + podcast["files"]["split_chapters"], timeout=10)
    assert playlist.status_code == 200 and playlist.text.startswith("#EXTM3U")

    plain = requests.post(
        f"{app_server.url}/api/editions",
        data=json.dumps({"text": ARTICLE, "engine": "tone", "title": "Whole hours"}),
        headers={"Content-Type": "application/json"}, timeout=30,
    )  # fmt: skip
    done = wait_for(f"{app_server.url}/api/editions/{plain.json()['id']}", timeout=120)
    assert "split_chapters" not in done["edition"]["files"]  # not asked: not made


def test_an_upload_asks_with_a_field_and_a_wrong_value_is_refused(app_server) -> None:
    sent = requests.post(
        f"{app_server.url}/api/editions",
        files={"file": ("hours.md", ARTICLE.encode())},
        data={"engine": "tone", "split_chapters": "true"}, timeout=30,
    )  # fmt: skip
    assert sent.status_code == 202, sent.text
    job = wait_for(f"{app_server.url}/api/editions/{sent.json()['id']}", timeout=120)
    assert job["status"] == "done", job
    assert _chapter_files(app_server, job["edition"]) == CHAPTER_FILES

    wrong = requests.post(
        f"{app_server.url}/api/editions",
        files={"file": ("hours.md", ARTICLE.encode())},
        data={"engine": "tone", "split_chapters": "maybe"}, timeout=30,
    )  # fmt: skip
    assert wrong.status_code == 422
    assert wrong.json() == {"error": "split_chapters: give true or false, not 'maybe'"}


def test_the_form_has_a_labelled_checkbox_that_carries_to_the_build(app_server) -> None:
    browser = requests.Session()
    form = browser.get(f"{app_server.url}/", timeout=10).text
    box = re.search(r'<input type="checkbox" id="split-chapters"[^>]*>', form).group(0)
    assert 'name="split_chapters"' in box and "checked" not in box
    assert 'aria-describedby="split-chapters-note"' in box
    assert '<label for="split-chapters">One audio file per chapter</label>' in form
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    review = browser.post(
        f"{app_server.url}/editions",
        data={"csrf": csrf, "engine": "tone", "title": "Form hours", "text": ARTICLE,
              "profiles": "podcast", "split_chapters": "on"}, timeout=30,
    )  # fmt: skip
    assert review.status_code == 200, review.text
    job_id = re.search(r'action="/editions/([^/"]+)/build"', review.text).group(1)
    built = browser.post(f"{app_server.url}/editions/{job_id}/build", data={"csrf": csrf},
                         timeout=30)  # fmt: skip
    assert built.status_code == 200, built.text
    job = wait_for(f"{app_server.url}/api/editions/{job_id}", timeout=120)
    assert job["status"] == "done", job
    assert [n.split("-", 1)[0] for n in _chapter_files(app_server, job["edition"])] == [
        "chapters/01", "chapters/02", "chapters/03", "chapters/04"
    ]
