"""The EPUB 3 read-along book, read back as a reading system reads it: the package, the nav
document, one content document and overlay per chapter, every clip inside its audio, and
epubcheck (Debian's) finding no errors and no warnings. One book built with the tone engine
for the module (the example page with a list); the epubcheck of the Piper example is in
tests/test_epub_example.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from narrate import api
from narrate.writers.playback import decoded_ms
from tests.epub_tools import (
    NS,
    Book,
    ace_command,
    run_ace,
    run_epubcheck,
    seconds,
)
from tests.helpers import needs

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("epub")
    options = api.BuildOptions(profile="accessible", out_dir=out, date="2026-05-01",
                               engine=api.EngineChoice("tone"), author="Front Desk")  # fmt: skip
    (edition,) = api.build([EXAMPLES / "medication-safety.html"], options)
    return edition


@pytest.fixture(scope="module")
def book(edition) -> Book:
    return Book(edition.folder / edition.manifest.files["epub"])


def test_zip_starts_with_the_stored_mimetype(book):
    first = book.zip.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == 0 and not first.extra
    assert book.zip.read("mimetype") == b"application/epub+zip"


def test_epubcheck_finds_no_errors_or_warnings(book, tmp_path):
    report = run_epubcheck(book.path, tmp_path / "report.json")
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert [m for m in messages if m[0] in ("FATAL", "ERROR", "WARNING")] == []
    assert report["publication"]["ePubVersion"].startswith("3")


@needs(ace_command() is not None, "DAISY Ace or chromium",
       "`npm ci` in tests/ace and apt-get install chromium (scripts/test does both)")  # fmt: skip
def test_daisy_ace_finds_no_violation(book, tmp_path):
    report = run_ace(book.path, tmp_path / "ace")
    violations = [
        (subject["earl:testSubject"]["url"], test["earl:test"]["dct:title"])
        for subject in report["assertions"]
        for test in subject["assertions"]
        if test["earl:result"]["earl:outcome"] == "fail"
    ]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    present = set(report["a11y-metadata"]["present"])
    assert {"schema:accessMode", "schema:accessibilitySummary"} <= present


def test_package_metadata(book, edition):
    assert book.opf.get("version") == "3.0"
    unique = book.opf.get("unique-identifier")
    (identifier,) = book.opf.xpath(f"//dc:identifier[@id='{unique}']/text()", namespaces=NS)
    assert identifier.startswith("urn:uuid:")
    assert book.opf.findtext(".//dc:language", namespaces=NS) == "en-US"  # the page says
    assert book.opf.findtext(".//dc:source", namespaces=NS) == "medication-safety.html"
    assert book.opf.findtext(".//dc:creator", namespaces=NS) == "Front Desk"
    (modified,) = book.metas("dcterms:modified")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified)
    assert book.metas("media:narrator") == ["tone (sine)"]
    assert book.metas("media:active-class") == ["-epub-media-overlay-active"]
    assert ".-epub-media-overlay-active" in book.zip.read("EPUB/css/book.css").decode()
    assert set(book.metas("schema:accessMode")) == {"textual", "auditory"}
    assert {"textual", "auditory"} <= set(book.metas("schema:accessModeSufficient"))
    features = set(book.metas("schema:accessibilityFeature"))
    assert {"synchronizedAudioText", "structuralNavigation"} <= features
    assert book.metas("schema:accessibilityHazard") == ["none"]
    (summary,) = book.metas("schema:accessibilitySummary")
    assert "This audio was read by a synthetic voice. Voice: tone (sine)." in summary


def test_each_chapter_has_its_document_overlay_and_audio_in_spine_order(book, edition):
    spine = book.spine()
    # one document per chapter: the text under the title is the first chapter, with the title
    assert edition.manifest.chapters[0].title == edition.manifest.title
    assert len(spine) == len(edition.manifest.chapters)
    items = book.items()
    overlays = [items[item.get("media-overlay")] for item in spine]
    for item, overlay in zip(spine, overlays, strict=True):
        smil = book.xml(book.href(overlay))
        (seq,) = smil.findall("smil:body/smil:seq", NS)
        document = seq.get(f"{{{NS['epub']}}}textref").split("#")[0]
        assert book.href(item).endswith(document.removeprefix("../"))  # in spine order
        assert overlay.get("media-type") == "application/smil+xml"


def test_every_overlay_points_at_sentence_elements_that_exist(book):
    for item in book.spine():
        page = book.xml(book.href(item))
        ids = set(page.xpath("//@id"))
        overlay = book.xml(book.href(book.items()[item.get("media-overlay")]))
        texts = [t.get("src").split("#")[1] for t in overlay.iter(f"{{{NS['smil']}}}text")]
        assert texts and set(texts) <= ids
        spans = page.xpath("//x:span/@id", namespaces=NS)
        assert texts == spans  # every sentence and spoken heading, in reading order, once


def test_clips_lie_inside_their_audio_and_follow_the_captions(book, edition, tmp_path):
    cues = {t.cue.display: t for t in edition.timeline.cues}
    chapters = edition.manifest.chapters
    for item, chapter in zip(book.spine()[1:], chapters[1:], strict=True):  # after the title
        overlay = book.xml(book.href(book.items()[item.get("media-overlay")]))
        page = book.xml(book.href(item))
        audio_src = {a.get("src") for a in overlay.iter(f"{{{NS['smil']}}}audio")}
        (src,) = audio_src
        name = book.root + src.removeprefix("../")
        (tmp_path / "a.mp3").write_bytes(book.zip.read(name))
        length = decoded_ms(tmp_path / "a.mp3")
        assert abs(length - (chapter.end_ms - chapter.start_ms)) <= 30
        for par in overlay.iter(f"{{{NS['smil']}}}par"):
            text_id = par.find("smil:text", NS).get("src").split("#")[1]
            audio = par.find("smil:audio", NS)
            begin, end = seconds(audio.get("clipBegin")), seconds(audio.get("clipEnd"))
            assert 0 <= begin < end <= length / 1000
            (span,) = page.xpath(f"//*[@id='{text_id}']")
            timed = cues["".join(span.itertext())]
            # the captions' times, moved to the chapter's own audio
            assert round(begin * 1000) == timed.start_ms - chapter.start_ms
            assert round(end * 1000) == timed.end_ms - chapter.start_ms


def test_durations_add_up(book, edition):
    items = book.items()
    per_overlay = [
        seconds(book.metas("media:duration", refines=f"#{item.get('media-overlay')}")[0])
        for item in book.spine()
    ]
    (total,) = book.metas("media:duration")
    assert sum(per_overlay) == pytest.approx(seconds(total), abs=0.002)
    assert seconds(total) == pytest.approx(edition.manifest.duration_ms / 1000, abs=0.002)
    assert all(item.get("media-overlay") in items for item in book.spine())


def test_nav_lists_the_chapters_at_their_headings(book, edition):
    nav_item = next(i for i in book.items().values() if i.get("properties") == "nav")
    nav = book.xml(book.href(nav_item))
    (toc,) = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)
    links = toc.xpath(".//x:a", namespaces=NS)
    titles = [a.text for a in links]
    assert titles[0] == edition.manifest.title
    assert titles[1:] == [c.title for c in edition.manifest.chapters[1:]]
    for link in links:
        document, anchor = link.get("href").split("#")
        page = book.xml(book.root + document)
        (target,) = page.xpath(f"//*[@id='{anchor}']")
        assert re.fullmatch(r"h[1-6]", etree_name(target))
        assert "".join(target.itertext()) == link.text


def test_content_documents_have_language_headings_and_lists(book):
    pages = [book.xml(book.href(item)) for item in book.spine()]
    for page in pages:
        assert page.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US"
        assert page.get("lang") == "en-US"
    assert pages[0].xpath("//x:h1", namespaces=NS)
    assert any(page.xpath("//x:ul/x:li/x:span", namespaces=NS) for page in pages)


def test_the_notice_is_a_chapter_of_its_own_after_the_last(book):
    pages = [book.xml(book.href(item)) for item in book.spine()]
    texts = ["".join(page.itertext()) for page in pages]
    notice = "This audio was read by a synthetic voice."
    assert notice in texts[-1]
    assert all(notice not in text for text in texts[:-1])


def etree_name(element) -> str:
    return element.tag.split("}")[1]
