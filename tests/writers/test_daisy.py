"""The DAISY 2.02 book: ncc, SMIL and content agree, and the clips tile the audio."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from narrate.assemble import CHAPTER_LEAD_MS
from narrate.ffmpeg import decode
from narrate.model import Article, Script, Timeline
from narrate.timefmt import hms as ncc_clock
from narrate.timefmt import smil_clock
from narrate.writers import EditionContext, writer_for
from narrate.writers.outline import outline
from tests.writers.conftest import CHOOSING, KAP, TITLE

XHTML = {"h": "http://www.w3.org/1999/xhtml"}
CLOCK = re.compile(r"(\d+):(\d\d):(\d\d(?:\.\d+)?)$")


def _seconds(clock: str) -> float:
    hours, minutes, secs = CLOCK.match(clock).groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(secs)


def _npt(value: str) -> float:
    return float(re.fullmatch(r"npt=(\d+(?:\.\d+)?)s", value).group(1))


def _meta(tree: etree._ElementTree, name: str) -> str:
    [content] = tree.xpath("//*[local-name()='meta'][@name=$n]/@content", n=name)
    return content


@pytest.fixture(scope="module")
def book(edition: EditionContext, edition_dir: Path) -> Path:
    path = writer_for("daisy").write(edition, edition_dir)
    assert path == edition_dir / "daisy" / "ncc.html"
    return path.parent


@pytest.fixture(scope="module")
def ncc(book: Path) -> etree._ElementTree:
    return etree.parse(book / "ncc.html")


@pytest.fixture(scope="module")
def smils(book: Path, ncc: etree._ElementTree) -> dict[str, etree._ElementTree]:
    master = etree.parse(book / "master.smil")
    names = master.xpath("//ref/@src")
    return {name: etree.parse(book / name) for name in names}


def test_ncc_metadata(ncc: etree._ElementTree, edition: EditionContext) -> None:
    assert ncc.docinfo.public_id == "-//W3C//DTD XHTML 1.0 Transitional//EN"
    assert ncc.getroot().get("lang") == "en"
    expected = {
        "dc:title": TITLE,
        "dc:creator": "Jane Doe",
        "dc:date": "2024-05-01",
        "dc:format": "Daisy 2.02",
        "dc:language": "en",
        "ncc:charset": "utf-8",
        "ncc:multimediaType": "audioFullText",
        "ncc:narrator": "tone (sine)",
        "ncc:tocItems": "3",
        "ncc:depth": "2",
        "ncc:totalTime": ncc_clock(edition.timeline.duration_ms),
    }
    assert {name: _meta(ncc, name) for name in expected} == expected
    assert _meta(ncc, "dc:identifier").startswith("narrate-")
    assert _meta(ncc, "ncc:generator").startswith("narrate ")


def test_headings_carry_the_article_levels(ncc: etree._ElementTree) -> None:
    headings = ncc.xpath("//h:body/*", namespaces=XHTML)
    assert [(etree.QName(h).localname, "".join(h.itertext())) for h in headings] == [
        ("h1", TITLE),
        ("h2", CHOOSING),
        ("h2", KAP),
    ]
    assert headings[0].get("class") == "title"


def test_every_heading_links_to_a_smil_text(
    ncc: etree._ElementTree, smils: dict[str, etree._ElementTree]
) -> None:
    links = ncc.xpath("//h:body/*/h:a/@href", namespaces=XHTML)
    assert len(links) == 3
    for link in links:
        name, fragment = link.split("#")
        [target] = smils[name].xpath("//*[@id=$f]", f=fragment)
        assert target.tag in ("par", "text")
    # the book starts at its first par; each section's heading is that section's first par
    assert [link.split("#")[0] for link in links] == list(smils)


def test_every_par_points_at_the_content_and_a_clip(
    book: Path, smils: dict[str, etree._ElementTree]
) -> None:
    content = etree.parse(book / "content.html")
    ids = set(content.xpath("//@id"))
    texts = [t for tree in smils.values() for t in tree.xpath("//par/text/@src")]
    assert len(texts) == 11  # a title, two headings, eight sentences
    for src in texts:
        name, fragment = src.split("#")
        assert name == "content.html" and fragment in ids
    spoken = [
        "".join(content.xpath("//*[@id=$f]", f=src.split("#")[1])[0].itertext()) for src in texts
    ]
    assert spoken[:2] == [TITLE, "Ketamine is an old anaesthetic."]
    assert spoken[4] == CHOOSING


def test_content_has_sentences_in_paragraphs_under_headings(book: Path) -> None:
    content = etree.parse(book / "content.html")
    assert content.docinfo.public_id == "-//W3C//DTD XHTML 1.0 Transitional//EN"
    body = content.xpath("//h:body/*", namespaces=XHTML)
    assert [etree.QName(e).localname for e in body] == ["h1", "p", "p", "h2", "p", "ul", "h2", "p"]
    first = content.xpath("//h:body/h:p[1]/h:span/text()", namespaces=XHTML)
    assert first == ["Ketamine is an old anaesthetic.", "It is finding new uses."]
    items = content.xpath("//h:li/h:span/text()", namespaces=XHTML)
    assert items == ["Ask about the clinic’s experience.", "Check the cost & insurance."]


def test_clips_are_ordered_and_tile_their_audio(
    book: Path, smils: dict[str, etree._ElementTree]
) -> None:
    for tree in smils.values():
        audios = tree.xpath("//par/audio")
        [src] = {a.get("src") for a in audios}
        duration = len(decode(book / src)) / 1000
        spans = [(_npt(a.get("clip-begin")), _npt(a.get("clip-end"))) for a in audios]
        assert spans[0][0] == 0
        assert all(end > begin for begin, end in spans)
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert spans[-1][1] == pytest.approx(duration, abs=0.03)
        assert spans[-1][1] <= duration + 0.03


def test_clip_begins_are_the_cue_starts(
    smils: dict[str, etree._ElementTree], edition: EditionContext
) -> None:
    begins = []
    for tree in smils.values():
        elapsed = _seconds(_meta(tree, "ncc:totalElapsedTime"))
        begins += [elapsed + _npt(b) for b in tree.xpath("//par/audio/@clip-begin")]
    cues, chapters = edition.timeline.cues, edition.timeline.chapters
    # a chapter's first clip begins at its mark, inside the pause before its heading
    starts = [
        (chapters[t.cue.chapter] if t.cue.chapter != cues[n - 1].cue.chapter else t).start_ms
        for n, t in enumerate(cues)
    ]
    assert begins[0] == 0  # the book's first clip holds the lead-in silence
    assert begins[1:] == pytest.approx([s / 1000 for s in starts[1:]], abs=0.0005)


def test_times_add_up(
    ncc: etree._ElementTree, smils: dict[str, etree._ElementTree], edition: EditionContext
) -> None:
    elapsed = 0.0
    for tree in smils.values():
        assert tree.docinfo.public_id == "-//W3C//DTD SMIL 1.0//EN"
        assert _meta(tree, "dc:format") == "Daisy 2.02"
        assert _meta(tree, "dc:title") == TITLE
        assert _meta(tree, "ncc:generator").startswith("narrate ")
        assert _seconds(_meta(tree, "ncc:totalElapsedTime")) == pytest.approx(elapsed)
        in_this = _seconds(_meta(tree, "ncc:timeInThisSmil"))
        clips = tree.xpath("//par/audio")
        assert sum(_npt(a.get("clip-end")) - _npt(a.get("clip-begin")) for a in clips) == (
            pytest.approx(in_this)
        )
        assert tree.xpath("//body/seq/@dur") == [f"{in_this:.3f}s"]
        elapsed += in_this
    assert elapsed == pytest.approx(edition.timeline.duration_ms / 1000)
    assert abs(elapsed - _seconds(_meta(ncc, "ncc:totalTime"))) <= 1


def test_every_file_counted_exists(
    book: Path, ncc: etree._ElementTree, smils: dict[str, etree._ElementTree]
) -> None:
    referenced = {"ncc.html", "master.smil"}
    referenced |= {link.split("#")[0] for link in ncc.xpath("//@href")}
    for tree in smils.values():
        referenced |= {src.split("#")[0] for src in tree.xpath("//@src")}
    assert all((book / name).is_file() for name in referenced)
    assert int(_meta(ncc, "ncc:files")) == len(referenced)
    assert referenced == {p.name for p in book.iterdir()}


def test_rewriting_replaces_the_folder(edition: EditionContext, tmp_path: Path) -> None:
    stale = tmp_path / "daisy" / "s099.smil"
    stale.parent.mkdir()
    stale.write_text("old")
    writer_for("daisy").write(edition, tmp_path)
    assert not stale.exists()
    assert (tmp_path / "daisy" / "ncc.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["daisy"]


def test_an_article_without_introduction_gets_a_title_section(
    timeline: Timeline, script: Script, article: Article
) -> None:
    cues = tuple(
        replace(t, cue=replace(t.cue, chapter=t.cue.chapter - 1 if t.cue.chapter else 0))
        for t in timeline.cues
        if t.cue.chapter != 0 or t.cue.kind == "title"
    )
    chapters = timeline.chapters[1:]
    headless = replace(timeline, cues=cues, chapters=chapters)
    parts = outline(headless, script, replace(article, sections=article.sections[1:]))
    assert [(p.title, p.level, p.chapter) for p in parts] == [
        (TITLE, 1, None),
        (CHOOSING, 2, 0),
        (KAP, 2, 1),
    ]
    assert parts[0].heading.cue.kind == "title"
    assert parts[0].end_ms == parts[1].start_ms == cues[1].start_ms - CHAPTER_LEAD_MS


def test_clock_formats() -> None:
    assert smil_clock(65_250) == "0:01:05.250"
    assert ncc_clock(3_725_600) == "01:02:06"
