"""The JSON API against a real `narrate serve` on 127.0.0.1: the round trip (post, poll, list,
download, delete) and every refusal as one line of JSON."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import requests

from tests.serve.conftest import ARTICLE, wait_for


def _post(app_server, body: dict | bytes, **headers) -> requests.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **headers}
    return requests.post(f"{app_server.url}/api/editions", data=data, headers=headers, timeout=30)


def test_post_poll_download_list_and_delete(app_server) -> None:
    posted = _post(
        app_server,
        {
            "text": ARTICLE,
            "format": "md",
            "engine": "tone",
            "author": "Front desk",
            "profiles": ["podcast"],
        },
    )
    assert posted.status_code == 202
    body = posted.json()
    assert body["status"] == "queued" and body["links"]["self"] == f"/api/editions/{body['id']}"
    job = wait_for(app_server.url + body["links"]["self"])
    assert job["status"] == "done", job
    assert job["progress"] == 1
    edition = job["edition"]
    assert edition["title"] == "Clinic hours"
    assert [c["title"] for c in edition["chapters"]] == [
        "Clinic hours", "Medicines", "Parking", "About this audio"  # the synthetic-voice notice
    ]
    assert edition["chapters"][-1]["end_ms"] == edition["duration_ms"] > 3000
    mp3 = requests.get(app_server.url + edition["files"]["mp3"], timeout=10)
    assert mp3.status_code == 200 and mp3.content[:3] in (b"ID3", b"\xff\xfb")
    transcript = requests.get(app_server.url + edition["files"]["transcript_md"], timeout=10).text
    assert "Take 5 mg of the medicine IV every morning." in transcript
    zipped = requests.get(app_server.url + job["links"]["zip"], timeout=10)
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert any(name.endswith(".mp3") for name in names)

    second = _post(app_server, {"text": "A second article. It is short.", "engine": "tone"}).json()
    wait_for(f"{app_server.url}/api/editions/{second['id']}")
    listed = [j["id"] for j in requests.get(f"{app_server.url}/api/editions", timeout=10).json()]
    assert listed.index(second["id"]) < listed.index(body["id"])  # newest first

    assert (
        requests.delete(f"{app_server.url}/api/editions/{body['id']}", timeout=10).status_code
        == 204
    )
    gone = requests.get(f"{app_server.url}/api/editions/{body['id']}", timeout=10)
    assert gone.status_code == 404 and "no edition" in gone.json()["error"]
    assert requests.get(app_server.url + edition["files"]["mp3"], timeout=10).status_code == 404
    assert not (app_server.library / "podcast" / "clinic-hours").exists()


@pytest.mark.parametrize(
    ("body", "title", "chapters"),
    [
        ({"text": "# Flu shots\n\nFree this week.\n\n## Where\n\nAt the desk.\n"}, "Flu shots",
         ["Flu shots", "Where"]),
        ({"text": "Flu jabs\n========\n\nFree this week.\n", "format": "auto"}, "Flu jabs",
         ["Flu jabs"]),
        ({"text": "Flu clinic\n\nFree this week. We are #1 in town.\n"}, "Flu clinic",
         ["Flu clinic"]),
        ({"text": "# Flu days\n\nFree this week.\n", "format": "txt"}, "# Flu days",
         ["# Flu days"]),  # the override: read as plain text, as asked
    ],
)  # fmt: skip  (each its own title: one library, one edition folder per title)
def test_pasted_text_is_read_in_the_format_it_has(app_server, body, title, chapters) -> None:
    posted = _post(app_server, {**body, "engine": "tone"}).json()
    job = wait_for(f"{app_server.url}/api/editions/{posted['id']}")
    assert job["status"] == "done", job
    assert job["edition"]["title"] == title
    assert [c["title"] for c in job["edition"]["chapters"]][:-1] == chapters  # then the notice


def test_the_openapi_document_describes_the_editions_api(app_server) -> None:
    document = requests.get(f"{app_server.url}/openapi.json", timeout=10).json()
    assert {"/api/editions", "/api/editions/{job_id}"} <= set(document["paths"])
    assert "202" in document["paths"]["/api/editions"]["post"]["responses"]


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"text": "   \n "}, 400, "the text is empty"),
        ({}, 400, "the text is empty"),
        ({"text": "Hello.", "format": "pdf"}, 415, "unsupported format 'pdf'"),
        ({"url": "ftp://example.org/a"}, 422, "not an http:// or https:// address"),
        ({"url": "http://127.0.0.1:9/article"}, 422, "URL refused"),
        ({"url": "http://10.20.30.40/article"}, 422, "URL refused"),
        ({"url": "http://[::1]/article"}, 422, "URL refused"),
        ({"url": "http://169.254.169.254/latest/meta-data"}, 422, "URL refused"),
        ({"text": "Hello.", "profiles": ["radio"]}, 422, "unknown profile 'radio'"),
        ({"text": "Hello.", "engine": "nope"}, 422, "unknown engine 'nope'"),
        ({"text": "Hello.", "title": "T" * 100_000}, 422, "give at most 300"),
        ({"text": "Hello.", "title": "Flu " * 76}, 422, "give at most 300"),
        ({"text": "Hello.", "author": "A" * 201}, 422, "give at most 200"),
        (b"{not json", 400, "not valid JSON"),
    ],
)
def test_bad_requests_get_one_line_of_json(app_server, body, status: int, says: str) -> None:
    response = _post(app_server, body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert says in error and "\n" not in error and "Traceback" not in response.text


def test_a_body_over_the_cap_is_refused(app_server) -> None:
    huge = {"text": "word " * 1_100_000}  # 5.5 MB, over the 5 MB cap
    response = _post(app_server, huge)
    assert response.status_code == 413
    assert "larger than 5,000,000 bytes" in response.json()["error"]
    chunked = requests.post(
        f"{app_server.url}/api/editions",
        timeout=30,
        data=iter([json.dumps(huge).encode()]),
        headers={"Content-Type": "application/json"},
    )
    assert chunked.status_code == 413 and "larger than" in chunked.json()["error"]


def test_an_article_that_cannot_be_spoken_fails_with_one_line(app_server) -> None:
    posted = _post(app_server, {"text": "<p>&nbsp;</p>", "format": "html", "engine": "tone"}).json()
    job = wait_for(f"{app_server.url}/api/editions/{posted['id']}")
    assert job["status"] == "failed"
    assert job["error"] and "\n" not in job["error"]


def test_unknown_ids_and_paths_outside_the_library_are_404(app_server) -> None:
    for path in (
        "/api/editions/0123456789ab",
        "/api/editions/../../etc",
        "/library/.narrate-serve/jobs.sqlite",
        "/library/../../etc/passwd",
    ):
        response = requests.get(app_server.url + path, timeout=10)
        assert response.status_code == 404, path
        assert "Traceback" not in response.text


def test_a_second_article_with_the_same_title_is_refused_not_replacing(app_server) -> None:
    first = _post(
        app_server,
        {"text": "# Opening times\n\nWe open at nine.", "format": "md", "engine": "tone"},
    ).json()
    assert wait_for(f"{app_server.url}/api/editions/{first['id']}")["status"] == "done"
    other = _post(
        app_server, {"text": "# Opening times\n\nWe open at ten.", "format": "md", "engine": "tone"}
    ).json()
    job = wait_for(f"{app_server.url}/api/editions/{other['id']}")
    assert job["status"] == "failed"
    assert "already has a podcast edition with this title" in job["error"]
    transcript = requests.get(
        app_server.url
        + wait_for(f"{app_server.url}/api/editions/{first['id']}")["edition"]["files"][
            "transcript_md"
        ],
        timeout=10,
    ).text
    assert "We open at nine." in transcript
