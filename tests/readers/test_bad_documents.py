"""Hostile and oversized documents, as a user meets them: `narrate build FILE` in its own
process answers one line naming the file and the problem (and, for a limit, the option that
raises it), exits non-zero, writes nothing and shows no traceback. The documents are made here,
a few kilobytes each: PDF bombs (a stream that inflates to half a gigabyte, page trees too
deep or too wide), ZIP bombs (by ratio and in total), ZIPs that are not documents, and good
documents past each limit (--max-pages, --max-unzipped-mb, --parse-timeout, --parse-memory-mb).
The truncated, encrypted and zero-page files are in test_pdf.py, test_docx.py, test_odt.py and
test_epub_reader.py."""

from __future__ import annotations

import logging
import pickle
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate import api
from narrate.errors import ArticleError, BadOption
from narrate.readers import read_article
from narrate.readers.document_options import DocumentOptions
from narrate.readers.document_worker import ReaderFailed, decoded
from tests.helpers import narrate_process
from tests.helpers import pdf_of_objects as _pdf
from tests.readers.office_documents import OFFICE, fixture_parts, zip_bytes

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
MB = 2**20


PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>")  # fmt: skip
TEXT = b"BT /F1 12 Tf 72 700 Td (Rest your knee for two days after the visit.) Tj ET"


CONTENTS = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(TEXT), TEXT)
ONE_PAGE_TREE = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def _one_page(contents: bytes = CONTENTS, pages: bytes = ONE_PAGE_TREE) -> list[bytes]:
    return [b"<< /Type /Catalog /Pages 2 0 R >>", pages, PAGE, contents,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]  # fmt: skip


def _inflating(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to `megabytes` MB of spaces, deflated
    twice: about 3 KB. The deflated megabyte is the same bytes each time after a full flush,
    so the stream is made by repeating it (no gigabyte is compressed here)."""
    chunk = b" " * MB
    compressor = zlib.compressobj(9)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()[:-4]  # the last block; the checksum is the whole stream's
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    once = head + again * (megabytes - 1) + end + checksum.to_bytes(4, "big")
    twice = zlib.compress(once, 9)
    stream = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice)
    return _pdf(_one_page(stream + twice + b"\nendstream"))


def _deep_tree(depth: int) -> bytes:
    """A page tree `depth` levels deep over its one page."""
    objects = _one_page(pages=b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>")
    for level in range(depth):
        kid = 6 + level + 1 if level < depth - 1 else 3
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % kid)
    return _pdf(objects)


def _wide_tree(fan: int) -> bytes:
    """A page tree of fan × fan pages from two nodes: each lists the next `fan` times."""
    refs = b" ".join([b"6 0 R"] * fan)
    objects = _one_page(pages=b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, fan * fan))
    objects[2] = PAGE.replace(b"/Parent 2 0 R", b"/Parent 6 0 R")
    refs = b" ".join([b"3 0 R"] * fan)
    objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (refs, fan))
    return _pdf(objects)


def _pages(count: int) -> bytes:
    """A PDF of `count` pages, each with a sentence of its own."""
    objects = _one_page()
    kids = []
    for n in range(count):
        text = b"BT /F1 12 Tf 72 700 Td (Page %d says its own sentence, number %d.) Tj ET" % (
            n + 1, n + 1)  # fmt: skip
        kids.append(b"%d 0 R" % (len(objects) + 1))
        objects.append(PAGE.replace(b"4 0 R", b"%d 0 R" % (len(objects) + 2)))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), count)
    return _pdf(objects)


def _refused(path: Path, tmp_path: Path, *problem: str, options: tuple[str, ...] = ()) -> str:
    """`narrate build PATH` refuses it in one line naming the file and each of `problem`,
    exits non-zero and writes nothing; the line."""
    out = tmp_path / "out"
    result = narrate_process("build", str(path), "--engine", "tone", "-o", str(out), *options,
                             module="tests.tone_cli")  # fmt: skip
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"narrate: error: {path}: "), lines[0]
    for words in problem:
        assert words in lines[0], lines[0]
    assert not out.exists() or not any(out.rglob("*"))
    return lines[0]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# PDF bombs


def test_a_stream_that_inflates_past_the_memory_ceiling_is_one_line(tmp_path):
    bomb = _write(tmp_path, "bomb.pdf", _inflating(512))
    assert bomb.stat().st_size < 10_000
    _refused(bomb, tmp_path, "256 MB", "--parse-memory-mb raises it",
             options=("--parse-memory-mb", "256"))  # fmt: skip


@pytest.mark.parametrize(
    ("name", "make"),
    [("deep", lambda: _deep_tree(5000)), ("wide", lambda: _wide_tree(3000))],
)
def test_a_page_tree_too_deep_or_too_wide_is_one_line(tmp_path, name, make):
    _refused(_write(tmp_path, f"{name}.pdf", make()), tmp_path, "damaged")


def test_a_pdf_over_the_page_limit_names_the_option_and_the_option_raises_it(tmp_path):
    path = _write(tmp_path, "pages.pdf", _pages(4))
    _refused(path, tmp_path, "has 4 pages, over the limit of 3; --max-pages raises it",
             options=("--max-pages", "3"))  # fmt: skip
    result = narrate_process("sections", str(path), "--max-pages", "4", "--json")
    assert result.returncode == 0, result.stderr
    assert [n for n in range(1, 5) if f"Page {n} says its own sentence" in result.stdout] == [
        1, 2, 3, 4]  # fmt: skip


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(limit=st.integers(1, 6))
def test_a_pdf_is_refused_exactly_when_its_pages_pass_the_limit(limit):
    source = DOCUMENTS / "report-outline.pdf"  # 3 pages
    options = DocumentOptions(max_pages=limit)
    if limit < 3:
        with pytest.raises(ArticleError, match=rf"over the limit of {limit}; --max-pages"):
            read_article(source, document=options)
    else:
        assert read_article(source, document=options).title == "Annual Report 2026"


# ZIP bombs and ZIPs that are not documents


def test_a_part_that_unpacks_a_thousand_times_its_size_is_a_zip_bomb(tmp_path):
    parts = {**fixture_parts("handout.docx"), "word/document.xml": b"\0" * (20 * MB)}
    path = _write(tmp_path, "handout.docx", zip_bytes(parts))
    assert path.stat().st_size < 100_000
    _refused(path, tmp_path, "word/document.xml", "times its size", "ZIP bomb")


@pytest.mark.parametrize("name", ["handout.docx", "handout.odt", "novel.epub"])
def test_a_container_past_the_unzipped_limit_names_the_option(tmp_path, name):
    parts = fixture_parts(name)
    biggest = max(parts, key=lambda part: len(parts[part]) if part.endswith("ml") else 0)
    parts[biggest] = parts[biggest] + b"<!-- " + bytes(range(256)) * (5 * 4096) + b" -->"
    path = _write(tmp_path, name, zip_bytes(parts))  # 5 MB that packs only so much
    _refused(path, tmp_path, "would unpack to more than 1 MB, the limit",
             "--max-unzipped-mb raises it", options=("--max-unzipped-mb", "1"))  # fmt: skip


def test_an_epub_of_more_documents_than_the_page_limit_names_the_option(tmp_path):
    book = OFFICE / "novel.epub"
    _refused(book, tmp_path, "is an EPUB of", "documents, over the limit of 2",
             "--max-pages raises it", options=("--max-pages", "2"))  # fmt: skip


@pytest.mark.parametrize(
    ("parts", "what"),
    [
        ({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
         "is an OpenDocument spreadsheet, not a Word"),
        ({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"},
         "is a PowerPoint presentation, not a Word"),
        ({"photos/one.jpg": b"\xff\xd8\xff", "readme.txt": "holiday"}, "is a ZIP archive, not"),
    ],
)  # fmt: skip
def test_a_zip_that_is_no_document_says_what_it_is(tmp_path, parts, what):
    _refused(_write(tmp_path, "handout.docx", zip_bytes(parts)), tmp_path, what)


# Any document cut anywhere, as a user meets a download that stopped


CUTTABLE = [DOCUMENTS / "report-outline.pdf", OFFICE / "handout.docx", OFFICE / "handout.odt",
            OFFICE / "novel.epub"]  # fmt: skip


@pytest.mark.slow  # a process a cut (the in-process variants: each reader's tests)
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(which=st.sampled_from(CUTTABLE), share=st.floats(0.0, 0.999))
def test_a_document_cut_anywhere_is_read_or_refused_in_one_line_never_a_traceback(
    tmp_path, which, share
):
    whole = which.read_bytes()
    cut = _write(tmp_path, f"cut{which.suffix}", whole[: max(1, int(len(whole) * share))])
    result = narrate_process("sections", str(cut))
    assert "Traceback" not in result.stderr
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"narrate: error: {cut}: "), lines
        assert "please report this" not in lines[0]  # a reader's bug, not the document's


# The reading process: its deadline, its answer


def test_a_document_past_the_parse_deadline_names_the_option(tmp_path):
    # the deadline is shorter than any process takes to start: the child is always killed
    _refused(DOCUMENTS / "report-outline.pdf", tmp_path,
             "took longer than 0.001 s to read, the limit; --parse-timeout raises it",
             options=("--parse-timeout", "0.001"))  # fmt: skip


def test_what_the_reader_logs_in_its_process_is_logged_by_the_caller(caplog):
    """The reading process's log records come back and are logged again in the caller, at the
    caller's level (here INFO: the PDF reader says which notes `--notes skip` left out)."""
    caplog.set_level(logging.INFO, logger="narrate")
    read_article(DOCUMENTS / "report-outline.pdf", document=DocumentOptions(notes="skip"))
    assert "left out the notes at the foot of 1 page" in caplog.text


def test_the_reading_process_can_send_back_an_article_and_nothing_that_runs_code(tmp_path):
    article = read_article(OFFICE / "handout.docx")
    reply, records = decoded(pickle.dumps((("ok", article), [("narrate", 30, "said")])), "x")
    assert reply == ("ok", article) and records == [("narrate", 30, "said")]
    pwned = tmp_path / "pwned"
    evil = b"cposix\nsystem\n(S'touch %s'\ntR." % str(pwned).encode()
    for answer, why in [
        (pickle.dumps((("ok", Path("x")), [])), "pathlib.PosixPath is not allowed"),
        (pickle.dumps(((print,), [])), "builtins.print is not allowed"),
        (evil, "posix.system is not allowed"),
        (pickle.dumps(("ok", [])), "not a reply and its log records"),
        (pickle.dumps(((), [])), "not a reply and its log records"),
        (pickle.dumps((("ok",), [("narrate", "30", "said")])), "not a reply and its log"),
        (b"\x80\x05garbage", "answered wrongly"),
    ]:
        with pytest.raises(ReaderFailed, match=re.escape(why)):
            decoded(answer, "x.docx")
    assert not pwned.exists()


@pytest.mark.parametrize("name", ["handout.docx", "novel.epub"])
def test_max_chars_counts_a_documents_text_in_the_reading_process(tmp_path, name):
    _refused(OFFICE / name, tmp_path, "characters of text, over the limit of 50 characters",
             "--max-chars", options=("--max-chars", "50"))  # fmt: skip


# The options


@pytest.mark.parametrize(
    ("field", "value", "flag"),
    [
        ("max_pages", 0, "--max-pages"),
        ("max_pages", "many", "--max-pages"),
        ("max_unzipped_mb", -1, "--max-unzipped-mb"),
        ("parse_timeout_s", 0, "--parse-timeout"),
        ("parse_timeout_s", 1e9, "--parse-timeout"),
        ("parse_timeout_s", True, "--parse-timeout"),
        ("parse_memory_mb", 100, "--parse-memory-mb"),
    ],
)
def test_a_limit_out_of_range_is_a_bad_option_naming_it(field, value, flag):
    with pytest.raises(BadOption) as raised:
        api.ReadOptions(**{field: value}).validate()
    assert raised.value.option == flag


@pytest.mark.parametrize("flag", ["--max-pages", "--max-unzipped-mb", "--parse-timeout",
                                  "--parse-memory-mb"])  # fmt: skip
def test_the_cli_refuses_a_limit_of_zero_in_one_line(flag):
    result = narrate_process("sections", str(DOCUMENTS / "report-outline.pdf"), flag, "0")
    assert result.returncode == 2
    assert flag in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        (("memory",), "needed more than 1,024 MB of memory to read, the limit; "
                      "--parse-memory-mb raises it"),
        (("bug", "TypeError: odd", "Traceback ..."), "narrate failed to read it (TypeError: odd); "
                                                     "please report this"),
        (("refused", "x.pdf", "is a PDF with no pages"), "is a PDF with no pages"),
        (("ok", "a string"), "narrate failed to read it (a string); please report this"),
    ],
)  # fmt: skip
def test_each_answer_of_the_reading_process_is_an_article_or_one_line(reply, said):
    from narrate.errors import NarrateError
    from narrate.readers.document_worker import _result

    with pytest.raises(NarrateError) as raised:
        _result(reply, "x.pdf", DocumentOptions())
    assert str(raised.value) == f"x.pdf: {said}" and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("returncode", "how"),
    [(-9, "killed by SIGKILL"), (1, "exit status 1"), (-200, "killed by signal 200")],
)
def test_a_reading_process_that_dies_is_said_with_how(returncode, how):
    from narrate.readers.document_worker import _died

    said = _died(returncode, DocumentOptions(parse_memory_mb=300))
    assert said.startswith(f"the process reading it stopped ({how}):")
    assert "300 MB of memory (--parse-memory-mb raises it)" in said


def test_a_python_file_beside_the_document_is_never_run(tmp_path):
    """The reading process starts without the current folder on its path: a `resource.py`
    (a module it imports) in the folder a user runs narrate from is not imported."""
    shutil.copy(DOCUMENTS / "report-outline.pdf", tmp_path / "report.pdf")
    planted = tmp_path / "planted"
    for module in ("resource", "pickle", "logging"):
        (tmp_path / f"{module}.py").write_text(
            f"open({str(planted)!r}, 'a').write({module!r})\n")  # fmt: skip
    narrate = Path(sys.executable).with_name("narrate")  # the command pip installed
    result = subprocess.run([str(narrate), "sections", "report.pdf"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not planted.exists(), planted.read_text()
