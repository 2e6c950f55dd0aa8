"""Documents uploaded to a real `narrate serve` on 127.0.0.1: PDF, Word, OpenDocument and EPUB
files posted to the JSON API as a multipart `file` part build editions whose chapters are the
document's headings; the type comes from the bytes, never the name; a file that is not an
article, or is over the upload cap, is refused in one line; a bad document fails its job in
one line."""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.serve.conftest import wait_for

DOCUMENTS = Path(__file__).parents[1] / "fixtures" / "documents"


def _png(width: int = 4, height: int = 4) -> bytes:
    """A real PNG image (grey pixels)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = _png()
PAGE = (
    "<!doctype html><html><head><title>Opening hours</title></head><body><main>"
    + "".join(
        f"<h2>Day {n}</h2><p>The clinic opens at {n + 7} in the morning on this day.</p>"
        for n in range(1, 4)
    )
    + "</main></body></html>"
)


def _upload(running, name: str, data: bytes, **fields) -> requests.Response:
    form = {"engine": "tone", "profiles": "podcast", **fields}
    return requests.post(
        f"{running.url}/api/editions", files={"file": (name, data)}, data=form, timeout=30
    )


def _expected(fixture: Path) -> dict:
    for candidate in (fixture.with_name(fixture.name + ".json"), fixture.with_suffix(".json")):
        if candidate.exists():
            return json.loads(candidate.read_text())
    raise FileNotFoundError(fixture)


@pytest.mark.parametrize(
    "fixture",
    [
        DOCUMENTS / "report-outline.pdf",
        DOCUMENTS / "office" / "handout.docx",
        DOCUMENTS / "office" / "handout.odt",
        DOCUMENTS / "office" / "novel.epub",
    ],
    ids=lambda path: path.name,
)
def test_a_document_uploaded_to_the_api_builds_with_its_headings_as_chapters(
    app_server, fixture: Path
) -> None:
    posted = _upload(app_server, fixture.name, fixture.read_bytes(), title=fixture.name)
    assert posted.status_code == 202, posted.text
    assert posted.headers["Location"] == posted.json()["links"]["self"]
    job = wait_for(app_server.url + posted.json()["links"]["self"], timeout=120)
    assert job["status"] == "done", job.get("error")
    chapters = [chapter["title"] for chapter in job["edition"]["chapters"]]
    headings = [text for _, text in _expected(fixture)["headings"]]
    found = iter(chapters)
    assert all(heading in found for heading in headings), (headings, chapters)  # in order
    assert chapters[-1] == "About this audio"
    kept = list((app_server.library / ".narrate-serve").rglob(f"*{fixture.suffix}"))
    assert kept, "the upload is kept as the job's source with its type's suffix"


def test_the_type_comes_from_the_bytes_not_the_name(app_server) -> None:
    """A web page called .pdf is read as a web page; a Word file called .txt as Word."""
    page = _upload(app_server, "hours.pdf", PAGE.encode(), title="Hours")
    handout = DOCUMENTS / "office" / "handout.docx"
    word = _upload(app_server, "notes.txt", handout.read_bytes())
    assert page.status_code == word.status_code == 202, (page.text, word.text)
    built = wait_for(app_server.url + page.json()["links"]["self"])
    assert built["status"] == "done", built
    assert [c["title"] for c in built["edition"]["chapters"]][:3] == ["Day 1", "Day 2", "Day 3"]
    assert built["edition"]["title"] == "Hours"
    built = wait_for(app_server.url + word.json()["links"]["self"], timeout=120)
    assert built["status"] == "done", built
    assert "Looking after the wound" in [c["title"] for c in built["edition"]["chapters"]]
    sources = app_server.library / ".narrate-serve" / "sources"
    assert (sources / word.json()["id"] / "notes.docx").read_bytes() == handout.read_bytes()
    assert [p.name for p in (sources / page.json()["id"]).iterdir()] == ["hours.html"]


@pytest.mark.parametrize(
    ("name", "data", "status", "said"),
    [
        ("scan.pdf", PNG, 415, "scan.pdf: looks like binary data"),
        ("leaflet.docx", b"PK\x03\x04" + bytes(40), 422, "leaflet.docx"),
        ("sheet.docx", None, 415, "is a ZIP archive, not a Word"),
        ("empty.pdf", b"  \n", 400, "empty"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), 415, "password"),
    ],
    ids=["png-as-pdf", "damaged-zip", "plain-zip", "empty", "compound"],
)
def test_what_is_not_a_document_is_refused_in_one_line(
    app_server, name: str, data: bytes | None, status: int, said: str
) -> None:
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notes/readme.txt", "Hello.")
        data = buffer.getvalue()
    before = requests.get(f"{app_server.url}/api/editions", timeout=10).json()
    refused = _upload(app_server, name, data)
    assert refused.status_code == status, refused.text
    error = refused.json()["error"]
    assert said in error and "\n" not in error
    assert requests.get(f"{app_server.url}/api/editions", timeout=10).json() == before


def test_an_encrypted_pdf_fails_its_job_in_one_line(app_server) -> None:
    locked = DOCUMENTS / "leaflet-user-password.pdf"
    posted = _upload(app_server, "../../etc/passwd.pdf", locked.read_bytes())
    assert posted.status_code == 202, posted.text
    job = wait_for(app_server.url + posted.json()["links"]["self"])
    assert job["status"] == "failed"
    assert "password" in job["error"] and "\n" not in job["error"]
    assert "Traceback" not in app_server.log()
    names = [p.name for p in (app_server.library / ".narrate-serve").rglob("*.pdf")]
    assert "passwd.pdf" in names and all("/" not in n and ".." not in n for n in names)


def test_uploads_over_the_cap_are_refused_and_text_keeps_its_own(start_server) -> None:
    running = start_server("--max-upload-mb", "1")
    pdf = (DOCUMENTS / "report-outline.pdf").read_bytes()
    big = pdf + b"%" + b"x" * (2**20) + b"\n"
    refused = _upload(running, "big.pdf", big)
    assert refused.status_code == 413
    assert "1,048,576 bytes" in refused.json()["error"]
    assert _upload(running, "report.pdf", pdf).status_code == 202
    text = requests.post(
        f"{running.url}/api/editions",
        json={"text": "word " * 1_100_000, "engine": "tone"},
        timeout=30,
    )
    assert text.status_code == 413  # pasted text keeps the 5 MB cap
    assert "5,000,000 bytes" in text.json()["error"]


def test_a_form_field_over_the_text_cap_is_refused_under_the_upload_cap(app_server) -> None:
    """The upload cap (50 MB) lets a document through; a text field keeps 5 MB: 413."""
    pdf = (DOCUMENTS / "report-outline.pdf").read_bytes()
    long_title = "t" * 5_100_000
    refused = _upload(app_server, "report.pdf", pdf, title=long_title)
    assert refused.status_code == 413, refused.text
    assert "larger than 5,000,000 bytes" in refused.json()["error"]


def test_the_openapi_description_offers_the_upload(app_server) -> None:
    spec = requests.get(f"{app_server.url}/openapi.json", timeout=10).json()
    body = spec["paths"]["/api/editions"]["post"]["requestBody"]["content"]
    assert "application/json" in body
    upload = body["multipart/form-data"]["schema"]
    assert upload["properties"]["file"]["format"] == "binary"
    assert {"title", "author", "profiles", "engine", "voice"} <= set(upload["properties"])


def _csrf(browser: requests.Session, url: str) -> str:
    page = browser.get(url, timeout=10).text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_the_form_offers_documents_and_reviews_an_uploaded_one(app_server) -> None:
    browser = requests.Session()
    form = browser.get(f"{app_server.url}/", timeout=10).text
    accepted = re.search(r'id="file"[^>]*accept="([^"]+)"', form).group(1).split(",")
    assert {".pdf", ".docx", ".odt", ".epub"} <= set(accepted)
    csrf = _csrf(browser, f"{app_server.url}/")
    handout = DOCUMENTS / "office" / "handout.odt"
    sent = browser.post(
        f"{app_server.url}/editions",
        data={"csrf": csrf, "engine": "tone", "title": "Knee leaflet"},
        files={"file": ("Knee handout.odt", handout.read_bytes())},
        timeout=30,
    )
    assert sent.status_code == 200, sent.text
    for heading in ("Looking after the wound", "Dressings", "Your medicines"):
        assert heading in sent.text
    image = browser.post(
        f"{app_server.url}/editions",
        data={"csrf": csrf, "engine": "tone"},
        files={"file": ("leaflet.pdf", PNG)},
        timeout=10,
    )
    assert image.status_code == 415 and "leaflet.pdf: looks like binary data" in image.text
    locked = browser.post(
        f"{app_server.url}/editions",
        data={"csrf": csrf, "engine": "tone"},
        files={"file": ("locked.pdf", (DOCUMENTS / "leaflet-user-password.pdf").read_bytes())},
        timeout=30,
    )
    assert 400 <= locked.status_code < 500 and "password" in locked.text
    assert "Traceback" not in app_server.log()


def _multipart(name: str, data: bytes) -> tuple[str, list[bytes]]:
    """A multipart body in pieces (sent chunked: no Content-Length) and its content type."""
    boundary = "narrate-test-boundary"
    fields = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in (("engine", "tone"), ("profiles", "podcast"))
    )
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    pieces = [fields, head] + [data[i : i + 65536] for i in range(0, len(data), 65536)]
    return f"multipart/form-data; boundary={boundary}", [
        *pieces,
        f"\r\n--{boundary}--\r\n".encode(),
    ]


def test_a_chunked_upload_is_counted_as_it_streams(start_server) -> None:
    running = start_server("--max-upload-mb", "1")
    pdf = (DOCUMENTS / "report-outline.pdf").read_bytes()
    url = f"{running.url}/api/editions"
    content_type, pieces = _multipart("report.pdf", pdf)
    taken = requests.post(
        url, data=iter(pieces), headers={"Content-Type": content_type}, timeout=30
    )
    assert taken.status_code == 202, taken.text
    assert wait_for(url + "/" + taken.json()["id"], timeout=120)["status"] == "done"
    content_type, pieces = _multipart("big.pdf", pdf + b"%" + b"x" * 2**21)
    refused = requests.post(
        url, data=iter(pieces), headers={"Content-Type": content_type}, timeout=30
    )
    assert refused.status_code == 413 and "1,048,576 bytes" in refused.json()["error"]
    assert "Traceback" not in running.log()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.sampled_from(
        [
            b"%PDF-1.7\n",
            b"PK\x03\x04",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            b"\x89PNG\r\n\x1a\n",
            b"",
        ]
    ),
    rest=st.binary(max_size=2048),
    name=st.sampled_from(["a.pdf", "a.docx", "a.epub", "../a.odt", "a", "a.txt", "a.html"]),
)
def test_any_bytes_uploaded_get_a_job_or_one_line_never_a_server_error(
    app_server, start: bytes, rest: bytes, name: str
) -> None:
    answer = _upload(app_server, name, start + rest)
    assert answer.status_code in (202, 400, 413, 415, 422), answer.text
    if answer.status_code != 202:
        error = answer.json()["error"]
        assert error and "\n" not in error
    else:  # built, or failed with the reader's one line
        job = wait_for(f"{app_server.url}/api/editions/{answer.json()['id']}")
        assert job["status"] == "done" or "\n" not in job["error"], job
        requests.delete(f"{app_server.url}/api/editions/{job['id']}", timeout=10)
    assert "Traceback" not in app_server.log()


# How a document is read: the form's and the API's choices, and the limits


def test_ocr_asked_for_with_an_upload_reads_a_scan(app_server) -> None:
    scan = (DOCUMENTS / "scanned-letter.pdf").read_bytes()
    without = _upload(app_server, "letter.pdf", scan)
    read = _upload(app_server, "letter.pdf", scan, ocr="true", tables="skip", notes="skip")
    assert without.status_code == read.status_code == 202, (without.text, read.text)
    refused = wait_for(app_server.url + without.json()["links"]["self"], timeout=120)
    assert refused["status"] == "failed" and "no text layer" in refused["error"]
    built = wait_for(app_server.url + read.json()["links"]["self"], timeout=180)
    assert built["status"] == "done", built.get("error")
    transcript = requests.get(
        app_server.url + built["edition"]["files"]["transcript_md"], timeout=10
    ).text
    assert "Dear Mrs Example" in transcript


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"tables": "sideways"}, "tables: 'sideways'; choose read or skip"),
        ({"notes": "margin"}, "notes: 'margin'; choose end or skip"),
        ({"ocr": "perhaps"}, "ocr: 'perhaps' is not on or off (true or false)"),
    ],
)
def test_a_reading_choice_that_does_not_exist_is_refused_in_one_line(
    app_server, fields: dict, said: str
) -> None:
    handout = (DOCUMENTS / "office" / "handout.docx").read_bytes()
    refused = _upload(app_server, "handout.docx", handout, **fields)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"] == said
    body = {"text": "Hello there.", "engine": "tone", **fields}
    if "ocr" in fields:  # JSON has booleans: pydantic's own message, one line
        body["ocr"] = [fields["ocr"]]
    answered = requests.post(f"{app_server.url}/api/editions", json=body, timeout=10)
    assert answered.status_code == 422 and "\n" not in answered.json()["error"]


def _pdf_of(pages: int) -> bytes:
    """A PDF of `pages` pages, each saying its own sentence (about 200 bytes a page)."""
    from tests.readers.test_bad_documents import _pages

    return _pages(pages)


def _docx_bomb() -> bytes:
    """A Word file whose document part unpacks a thousand times its size (20 MB of zeros)."""
    from tests.readers.office_documents import fixture_parts, zip_bytes

    return zip_bytes({**fixture_parts("handout.docx"), "word/document.xml": b"\0" * 20 * 2**20})


@pytest.mark.parametrize(
    ("name", "make", "said"),
    [
        ("pages.pdf", lambda: _pdf_of(5001), "pages.pdf: has 5,001 pages, over the limit of 5,000"),
        ("handout.docx", _docx_bomb, "handout.docx: holds a part (word/document.xml) that would"),
    ],
    ids=["pages", "zip-bomb"],
)
def test_an_upload_over_a_limit_fails_in_one_line_on_the_page_and_in_the_api(
    app_server, name: str, make, said: str
) -> None:
    data = make()
    posted = _upload(app_server, name, data)
    assert posted.status_code == 202, posted.text
    job = wait_for(app_server.url + posted.json()["links"]["self"], timeout=120)
    assert job["status"] == "failed" and job["error"].startswith(said), job
    assert "--" not in job["error"] and "\n" not in job["error"]  # no advice for a terminal
    browser = requests.Session()
    csrf = _csrf(browser, f"{app_server.url}/")
    page = browser.post(f"{app_server.url}/editions", data={"csrf": csrf, "engine": "tone"},
                        files={"file": (name, data)}, headers={"Accept": "text/html"},
                        timeout=120)  # fmt: skip
    assert 400 <= page.status_code < 500, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert said in page.text and "--max" not in page.text and ".narrate-serve" not in page.text
    assert "Traceback" not in app_server.log()
