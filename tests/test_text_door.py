"""Text at the door: arbitrary Unicode (controls, surrogates, noncharacters) through every
reader and every profile's writers; every XML and HTML output still parses."""

from __future__ import annotations

import codecs
import io
import logging
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from narrate.engines.base import EngineOptions
from narrate.errors import ArticleError
from narrate.pipeline import BuildSettings, build_edition, plan
from narrate.profiles import PROFILES
from narrate.readers import read_article
from narrate.textclean import NEWLINES, UNWANTED, clean
from narrate.writers.base import EditionOptions
from tests.tone_engine import ToneEngine

# Every code point, surrogates included, weighted toward the troublesome ones.
TROUBLE = st.sampled_from(
    ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\udfff", "\ufffe", "\uffff",
     "\ufdd0", "\U0010ffff", "\x0b", "\x0c", "\r", "\t", "&#1;", "&#x1b;", "<", "&", "]]>"]
)  # fmt: skip
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)
MESSY = st.lists(st.one_of(ANY_CHAR, TROUBLE), min_size=0, max_size=40).map("".join)
XML_SUFFIXES = {".xml", ".smil", ".opf", ".ncx", ".xhtml"}
FAST = settings(max_examples=25, deadline=None)


@given(MESSY)
@settings(max_examples=300, deadline=None)
def test_clean_leaves_nothing_unwanted_and_is_stable(text: str) -> None:
    cleaned, removed = clean(text)
    assert not UNWANTED.search(cleaned)
    assert "\r" not in cleaned and "\x0b" not in cleaned and "\x0c" not in cleaned
    assert clean(cleaned) == (cleaned, 0)
    cleaned.encode("utf-8")  # no lone surrogate left
    assert removed == len(UNWANTED.findall(NEWLINES.sub("\n", text)))


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def _body(suffix: str, heading: str, body: str) -> str:
    if suffix == ".md":
        return f"# Title {heading}\n\nOpening words.\n\n## Part {heading}\n\nSome {body} text.\n"
    if suffix == ".html":
        return (f"<html><head><title>T {heading}</title></head><body><article><h1>T {heading}"
                f"</h1><p>Opening words here.</p><h2>Part {heading}</h2><p>Some {body} text."
                "</p></article></body></html>")  # fmt: skip
    return f"Title {heading}\n\nOpening words here.\n\nPart {heading}\n\nSome {body} text.\n"


def _all_text(article) -> str:
    parts = [article.title, article.byline or "", article.language]
    for section in article.sections:
        parts.append(section.title or "")
        parts.extend(block.text for block in section.blocks)
    return "".join(parts)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", "stdin"])
@given(heading=MESSY, body=MESSY, title=st.one_of(st.none(), MESSY))
@settings(FAST, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_reader_returns_clean_text(tmp_path, monkeypatch, suffix, heading, body, title):
    source = _write(tmp_path / f"a{suffix}", _body(suffix, heading, body))
    if suffix == "stdin":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(source.read_bytes())))
        source = "-"
    try:
        article = read_article(source, title=title)
    except ArticleError:
        return  # one clear line (e.g. undecodable bytes), which is fine: no traceback
    assert not UNWANTED.search(_all_text(article))


def test_utf16_with_bom_and_nul_reads_cleanly(tmp_path, caplog) -> None:
    text = "Null Title\n\nBody\x00 with a null. And ESC\x1b here.\n"
    source = tmp_path / "u16.txt"
    source.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    with caplog.at_level(logging.WARNING):
        article = read_article(source)
    assert "\x00" not in _all_text(article) and "\x1b" not in _all_text(article)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [f"{source}: removed 2 control or invalid characters (they cannot be "
                        "spoken or written to XML)"]  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, encoding) -> None:
    source = tmp_path / "u16.txt"
    source.write_bytes("Über Title\n\nA body sentence, café.\n".encode(encoding))
    article = read_article(source)
    assert article.title == "Über Title"
    assert article.sections[0].blocks[0].text == "A body sentence, café."


def _references(text: str) -> str:
    return "".join(f"&#{ord(c)};" if ord(c) > 126 or ord(c) < 32 or c in "<&" else c
                   for c in text)  # fmt: skip


def _parse_outputs(folder: Path) -> int:
    """Parse every XML and HTML file of an edition; the number parsed."""
    parsed = 0
    for path in folder.rglob("*"):
        if path.suffix in XML_SUFFIXES or (
            path.suffix == ".html" and path.read_bytes().startswith(b"<?xml")
        ):
            etree.parse(str(path), etree.XMLParser(recover=False))
        elif path.suffix == ".html":
            html.parse(str(path))
        else:
            continue
        text = path.read_text(encoding="utf-8")
        assert not UNWANTED.search(text), path
        parsed += 1
    return parsed


@pytest.mark.slow
@pytest.mark.parametrize("profile", sorted(PROFILES))
@given(heading=MESSY, body=MESSY, author=MESSY)
@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
def test_every_profile_writes_parseable_files(tmp_path_factory, profile, heading, body, author):
    tmp = tmp_path_factory.mktemp("edition")
    # as character references, so that the bytes decode and only the parser makes controls
    source = _write(tmp / "a.html", _body(".html", _references(heading), _references(body)))
    every_audio = EditionOptions(formats=("mp3", "m4b"), split_chapters=True)
    options = BuildSettings(
        profile=PROFILES[profile], out_dir=tmp / "out", use_cache=False,
        title=f"Esc\x1b title {heading}", author=author or None,
        edition=every_audio if profile == "podcast" else EditionOptions(),
    )  # fmt: skip
    article, script = plan(source, options)
    edition = build_edition(article, script, ToneEngine(EngineOptions()), options)
    for path in edition.folder.rglob("*"):
        if path.suffix in (".md", ".vtt", ".srt", ".json", ".m3u"):
            assert not UNWANTED.search(path.read_text(encoding="utf-8")), path
    if profile == "accessible":
        assert _parse_outputs(edition.folder) >= 3
    else:
        _parse_outputs(edition.folder)


def test_control_characters_in_title_option_and_heading_build_accessible(tmp_path) -> None:
    from click.testing import CliRunner

    from narrate.cli import main

    source = tmp_path / "a.md"
    source.write_text("# Esc\x1b title\n\nOpening.\n\n## Part\x01 one\n\nSome text.\n")
    result = CliRunner(mix_stderr=False).invoke(
        main,
        ["build", str(source), "--profile", "accessible", "--engine", "tone", "-q",
         "--title", "Esc\x1b title", "-o", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("removed") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert _parse_outputs(tmp_path / "out" / "esc-title.accessible") >= 3


def test_a_parser_warning_becomes_one_line(tmp_path) -> None:
    from click.testing import CliRunner

    from narrate.cli import main

    # an XML block inside Markdown goes to BeautifulSoup, which warns (ten lines) about XML
    source = tmp_path / "notes.md"
    source.write_text(
        '# Feed Title\n\n<?xml version="1.0"?>\n<note>Some words here.</note>\n\n'
        "A paragraph of the article that is spoken.\n"
    )
    result = CliRunner(mix_stderr=False).invoke(main, ["sections", str(source)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (f"narrate: warning: {source}: looks like XML, not HTML; read as "
                             "HTML, which may miss text\n")  # fmt: skip
