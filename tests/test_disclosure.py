"""The synthetic-voice disclosure: spoken by default as a short chapter of its own at the end
(or the start), never inside chapter one, and said in every place a listener or a directory
reads (ID3, M4B, manifest, transcripts, player, captions, EPUB, phone messages); absent
everywhere with --disclosure none. Built from the command line with the tone engine, whose
pitch tells which text is sounding."""

from __future__ import annotations

import json
import logging

import pytest
from click.testing import CliRunner
from lxml import html
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from narrate.cli import main
from narrate.ffmpeg import decode
from narrate.model import Article, Block, Section
from narrate.profiles import PROFILES
from narrate.speech.script import build_script
from tests.epub_tools import Book, run_epubcheck
from tests.helpers import dominant_hz, tiny_article_text
from tests.tone_engine import pitch_of

NOTICE = "This audio was read by a synthetic voice."
LINE = f"{NOTICE} Voice: tone (sine)."
TITLE = "About this audio"
FOLDERS = {"podcast": "tiny-article", "accessible": "tiny-article.accessible",
           "phone": "tiny-article.phone"}  # fmt: skip


def build(tmp_path_factory, *options: str):
    tmp = tmp_path_factory.mktemp("disclosure")
    article = tmp / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    args = ["build", str(article), "--engine", "tone", "-q", "-o", str(tmp / "out"), *options]
    result = CliRunner(mix_stderr=False).invoke(main, args)
    assert result.exit_code == 0, result.stderr
    profile = options[options.index("--profile") + 1] if "--profile" in options else "podcast"
    folder = tmp / "out" / FOLDERS[profile]
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


ACCESSIBLE = ("--profile", "accessible", "--format", "mp3,m4b")


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    return build(tmp_path_factory, *ACCESSIBLE)


@pytest.fixture(scope="module")
def without(tmp_path_factory):
    return build(tmp_path_factory, *ACCESSIBLE, "--disclosure", "none")


def texts(folder, manifest) -> dict[str, str]:
    """Every text a listener or reader may see, by place."""
    mp3, m4b = folder / manifest["files"]["mp3"], folder / manifest["files"]["m4b"]
    book = Book(folder / manifest["files"]["epub"])
    return {
        "id3 comment": " ".join(t for c in ID3(mp3).getall("COMM") for t in c.text),
        "id3 txxx": " ".join(t for f in ID3(mp3).getall("TXXX") for t in f.text),
        "m4b comment": " ".join(MP4(m4b).tags.get("\xa9cmt", [])),
        "transcript": (folder / manifest["files"]["transcript_md"]).read_text("utf-8"),
        "html transcript": html.parse(str(folder / manifest["files"]["transcript_html"]))
        .getroot().text_content(),
        "player": html.parse(str(folder / manifest["files"]["player"])).getroot().text_content(),
        "captions": (folder / manifest["files"]["vtt"]).read_text("utf-8"),
        "epub summary": " ".join(book.metas("schema:accessibilitySummary")),
        "daisy": (folder / "daisy" / "content.html").read_text("utf-8"),
    }


def test_every_place_says_it_by_default(default):
    folder, manifest = default
    found = texts(folder, manifest)
    assert found["id3 comment"] == f"Narrated from tiny.txt — {LINE}"
    (txxx,) = ID3(folder / manifest["files"]["mp3"]).getall("TXXX:SYNTHETIC_VOICE")
    assert txxx.text == ["tone (sine)"]
    assert found["m4b comment"] == f"Narrated from tiny.txt — {LINE}"
    assert LINE in found["epub summary"]
    for place in ("transcript", "html transcript", "player", "captions", "daisy"):
        assert NOTICE in found[place], place
    assert manifest["disclosure"] == {"position": "end", "text": NOTICE, "voice": "tone (sine)"}


def test_none_leaves_it_out_everywhere(without):
    folder, manifest = without
    for place, text in texts(folder, manifest).items():
        assert "synthetic" not in text.lower(), place
    assert not ID3(folder / manifest["files"]["mp3"]).getall("TXXX:SYNTHETIC_VOICE")
    assert "disclosure" not in manifest
    assert [c["title"] for c in manifest["chapters"]][-1] == "Second Heading"


def test_the_notice_is_the_last_chapter_and_sounds_there(default, without):
    folder, manifest = default
    chapters = manifest["chapters"]
    assert [c["title"] for c in chapters][-1] == TITLE
    assert chapters[:-1][0]["title"] == "Tiny Article"
    audio = decode(folder / manifest["files"]["mp3"])
    notice = chapters[-1]
    sound = audio[notice["start_ms"] + 500 : notice["end_ms"] - 600]  # inside the tone
    assert abs(dominant_hz(sound) - pitch_of(NOTICE)) < 10
    # the article's chapters are as long as without the notice; the last pause grows to a
    # section's, so the notice stands apart
    _, plain = without
    assert [c["start_ms"] for c in chapters[:-1]] == [c["start_ms"] for c in plain["chapters"]]
    assert manifest["duration_ms"] > plain["duration_ms"] + (notice["end_ms"] - notice["start_ms"])


def test_chapter_one_does_not_hold_it(default):
    folder, manifest = default
    first = manifest["chapters"][1]["start_ms"]
    captions = (folder / manifest["files"]["vtt"]).read_text("utf-8").split("\n\n")
    before = [block for block in captions if "-->" in block and _start_ms(block) < first]
    assert before and all(NOTICE not in block for block in before)
    book = Book(folder / manifest["files"]["epub"])
    pages = ["".join(book.xml(book.href(item)).itertext()) for item in book.spine()]
    assert [NOTICE in page for page in pages] == [False] * (len(pages) - 1) + [True]


def _start_ms(block: str) -> int:
    stamp = block.strip().splitlines()[0].split(" --> ")[0]
    h, m, s = stamp.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)


def test_at_the_start_it_comes_before_the_title_in_a_chapter_of_its_own(tmp_path_factory):
    folder, manifest = build(tmp_path_factory, "--profile", "accessible", "--disclosure", "start")
    titles = [c["title"] for c in manifest["chapters"]]
    assert titles == [TITLE, "Tiny Article", "First Heading", "Second Heading"]
    assert manifest["disclosure"]["position"] == "start"
    book = Book(folder / manifest["files"]["epub"])
    pages = ["".join(book.xml(book.href(item)).itertext()) for item in book.spine()]
    assert NOTICE in pages[0] and all(NOTICE not in page for page in pages[1:])
    assert "Tiny Article" in pages[1] and "An opening sentence." in pages[1]  # chapter one
    transcript = (folder / manifest["files"]["transcript_md"]).read_text("utf-8")
    assert transcript.index(NOTICE) < transcript.index("An opening sentence.")
    report = run_epubcheck(book.path, folder.parent / "report.json")
    assert [m for m in report["messages"] if m["severity"] != "INFO"] == []


def test_the_phone_edition_says_it_once_as_a_message_of_its_own(tmp_path_factory):
    folder, manifest = build(tmp_path_factory, "--profile", "phone", "--format", "wav")
    messages = manifest["phone"]["messages"]
    assert [m["title"] for m in messages].count(TITLE) == 1
    assert messages[-1]["title"] == TITLE


def _article(language: str) -> Article:
    section = Section(None, 1, (Block("Une phrase."),))
    return Article("Titre", (section,), language=language)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("fr", "Ce contenu audio a été lu par une voix de synthèse."),
     ("pt-BR", "Este áudio foi lido por uma voz sintética."),
     ("en-GB", NOTICE)],
)  # fmt: skip
def test_the_notice_is_in_the_articles_language(language, sentence):
    script = build_script(_article(language), PROFILES["podcast"].pauses, disclosure="end")
    assert script.cues[-1].kind == "notice" and script.cues[-1].display == sentence
    assert script.cues[-1].chapter == len(script.chapters) - 1 == 1


def test_an_unknown_language_gets_the_english_notice_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="narrate"):
        script = build_script(_article("fi"), PROFILES["podcast"].pauses, disclosure="start")
    assert script.cues[0].display == NOTICE and script.cues[0].chapter == 0
    assert [c.chapter for c in script.cues[1:]] == [1] * (len(script.cues) - 1)
    assert "no synthetic-voice notice in 'fi'" in caplog.text
