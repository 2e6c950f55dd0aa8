"""Shared by the Word, OpenDocument and EPUB reader tests: the fixtures made by
scripts/make_office_documents.py with what a careful editor expects of each, `narrate` run in
its own process, and the checks every document format must pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OFFICE = ROOT / "tests" / "fixtures" / "documents" / "office"


def narrate(*args: str, module: str = "narrate", stdin: bytes | None = None):
    """`narrate ARGS` in its own process (`tests.tone_cli` adds the test tone engine)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT, env=env, capture_output=True, input=stdin, timeout=600,
    )  # fmt: skip


def expected(name: str) -> dict:
    return json.loads((OFFICE / f"{name}.json").read_text(encoding="utf-8"))


@cache
def described(name: str) -> dict:
    """The fixture as `narrate sections --json` prints it."""
    result = narrate("sections", str(OFFICE / name), "--json")
    assert result.returncode == 0, result.stderr.decode()
    assert not result.stderr, result.stderr.decode()  # no warning for a good document
    return json.loads(result.stdout)


def blocks(article: dict) -> list[dict]:
    return [block for chapter in article["chapters"] for block in chapter["blocks"]]


def headings(article: dict) -> list[list]:
    return [[c["level"], c["heading"]] for c in article["chapters"] if c["heading"] is not None]


def everything_said(article: dict) -> list[str]:
    said = [article["title"], *(c["heading"] or "" for c in article["chapters"])]
    return said + [block["text"] for block in blocks(article)]


def check_document(name: str) -> None:
    """Title, author, chapters, text, kinds and what is never said, as the JSON expects."""
    article, wanted = described(name), expected(name)
    assert article["title"] == wanted["title"]
    assert article["author"] == wanted["author"]
    assert headings(article) == wanted["headings"]
    assert [block["text"] for block in blocks(article)] == wanted["paragraphs"]
    if "kinds" in wanted:
        assert [block["kind"] for block in blocks(article)] == wanted["kinds"]
    for text in wanted["never"]:
        assert not [said for said in everything_said(article) if text in said], text


def zip_bytes(parts: dict[str, str | bytes], *, stored: bool = False) -> bytes:
    """A ZIP file made of these parts (mimetype first, as the formats ask)."""
    import io

    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name in sorted(parts, key=lambda name: name != "mimetype"):
            data = parts[name]
            archive.writestr(name, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def fixture_parts(name: str) -> dict[str, bytes]:
    """A fixture's members, to be changed and zipped again."""
    with zipfile.ZipFile(OFFICE / name) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def refused_in_one_line(path: Path, tmp_path: Path, problem: str) -> None:
    """`narrate build PATH` fails with one line naming the file and the problem, and writes
    nothing; `narrate sections PATH --json` prints nothing on standard output."""
    out = tmp_path / "out"
    result = narrate("build", str(path), "--engine", "tone", "-o", str(out),
                     module="tests.tone_cli")  # fmt: skip
    lines = result.stderr.decode().strip().splitlines()
    assert result.returncode != 0
    assert len(lines) == 1, result.stderr.decode()
    assert lines[0].startswith(f"narrate: error: {path}: "), lines[0]
    assert problem in lines[0], lines[0]
    assert not out.exists() or not any(out.iterdir())
    listed = narrate("sections", str(path), "--json")
    assert listed.returncode != 0 and not listed.stdout
    assert len(listed.stderr.decode().strip().splitlines()) == 1


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )  # fmt: skip
    + "]>"
)


def damaged_is_refused_or_read(
    name: str, tmp_path: Path, cut: int, flip: int, part: str | None = None
) -> None:
    """A fixture with one byte changed, in the file or (given `part`) inside one of its XML
    parts, and maybe cut short, is read or refused with an ArticleError naming it; never
    another exception."""
    from narrate.errors import ArticleError
    from narrate.readers import read_article

    if part:
        parts = fixture_parts(name)
        xml = bytearray(parts[part])
        xml[cut % len(xml)] ^= flip
        parts[part] = bytes(xml[: max(cut, 1)]) if flip % 7 == 0 else bytes(xml)
        data = bytearray(zip_bytes(parts))
    else:
        data = bytearray((OFFICE / name).read_bytes())
        data[cut % len(data)] ^= flip
        if flip % 2:
            data = data[: max(cut, 4)]
    path = tmp_path / f"damaged-{name}"
    path.write_bytes(bytes(data))
    try:
        read_article(path)
    except ArticleError as error:
        assert str(error).startswith(str(path))
