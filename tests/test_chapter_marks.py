"""Chapter marks lead their headings by a breath, and every output agrees on where they are.

One accessible edition with an intro, an MP3 and an M4B is built from the command line with the
tone engine; each chapter's time is read back from every file that states it, and the decoded
audio is checked: from the mark to the heading's first sound is silence of CHAPTER_LEAD_MS.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from lxml import etree, html
from mutagen.id3 import ID3
from mutagen.mp4 import MP4
from pydub import AudioSegment

from narrate.assemble import CHAPTER_LEAD_MS
from narrate.cli import main
from narrate.ffmpeg import decode
from narrate.timefmt import clock, iso_duration
from tests.epub_tools import Book, seconds
from tests.helpers import tiny_article_text

INTRO = Path(__file__).parent / "fixtures" / "podcast" / "intro.mp3"
SOUND_DBFS = -40.0  # a tone at -10 dBFS starts well above this; codec noise stays well below
ONSET_TOLERANCE_MS = 15  # an MP3 frame's pre-echo and the decoder's rounding


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("marks")
    article = tmp / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    args = ["build", str(article), "--engine", "tone", "--profile", "accessible"]
    args += ["--format", "mp3,m4b", "--intro", str(INTRO), "-o", str(tmp / "out")]
    result = CliRunner(mix_stderr=False).invoke(main, args)
    assert result.exit_code == 0, result.stderr
    return tmp / "out" / "tiny-article.accessible"


@pytest.fixture(scope="module")
def starts(folder: Path) -> list[int]:
    """The chapter starts in ms as the manifest records them (the Timeline's)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert [c["title"] for c in manifest["chapters"]] == [
        "Tiny Article",
        "First Heading",
        "Second Heading",
        "About this audio",  # the synthetic-voice notice, a chapter of its own (disclosure)
    ]
    return [c["start_ms"] for c in manifest["chapters"]]


def first_sound_ms(audio: AudioSegment, from_ms: int) -> int:
    """The first millisecond at or after `from_ms` where a sample is louder than SOUND_DBFS."""
    samples = np.abs(np.array(audio.get_array_of_samples(), dtype=float))
    level = audio.max_possible_amplitude * 10 ** (SOUND_DBFS / 20)
    at = from_ms * audio.frame_rate // 1000
    loud = np.flatnonzero(samples[at:] > level)
    return from_ms + round(loud[0] * 1000 / audio.frame_rate)


@pytest.mark.parametrize("name", ["tiny-article.mp3", "tiny-article.m4b"])
def test_decoded_audio_is_silent_from_each_mark_to_its_heading(folder, starts, name):
    audio = decode(folder / name)
    assert starts[1] > len(decode(INTRO)), "chapters moved with the intro"
    for start in starts[1:]:
        onset = first_sound_ms(audio, start)
        assert abs(onset - (start + CHAPTER_LEAD_MS)) <= ONSET_TOLERANCE_MS, (name, start, onset)
        before = audio[start - 100 : start]
        assert before.max_dBFS < SOUND_DBFS, "the mark is inside the pause, not in a sentence"


def test_daisy_sections_start_at_the_marks_with_the_same_silence(folder, starts):
    book = folder / "daisy"
    smils = sorted(book.glob("s*.smil"))
    elapsed = []
    for smil in smils:
        tree = etree.parse(str(smil))
        (value,) = tree.xpath("//meta[@name='ncc:totalElapsedTime']/@content")
        h, m, s = value.split(":")
        elapsed.append(round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000))
    assert elapsed == starts
    for smil in smils[1:]:
        audio = decode(book / smil.with_suffix(".mp3").name)
        onset = first_sound_ms(audio, 0)
        assert abs(onset - CHAPTER_LEAD_MS) <= ONSET_TOLERANCE_MS, smil.name


def test_every_file_states_the_same_chapter_times(folder, starts):
    mp3 = sorted(ID3(folder / "tiny-article.mp3").getall("CHAP"), key=lambda c: c.start_time)
    assert [c.start_time for c in mp3] == starts
    m4b = MP4(folder / "tiny-article.m4b").chapters
    assert [round(c.start * 1000) for c in m4b] == starts
    chapters_json = json.loads((folder / "tiny-article.chapters.json").read_text())["chapters"]
    assert [round(c["startTime"] * 1000) for c in chapters_json] == starts
    vtt = (folder / "tiny-article.chapters.vtt").read_text(encoding="utf-8")
    stamps = re.findall(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) -->", vtt, flags=re.M)
    vtt_ms = [((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms) for h, m, s, ms in stamps]
    assert vtt_ms == starts
    transcript = (folder / "tiny-article.transcript.md").read_text(encoding="utf-8")
    titles = ("First Heading", "Second Heading", "About this audio")
    for title, start in zip(titles, starts[1:], strict=True):
        assert f"## {title} [{clock(start)}]" in transcript
    page = html.parse(str(folder / "tiny-article.transcript.html")).getroot()
    assert [h.find("time").get("datetime") for h in page.iter("h2")] == [
        iso_duration(s) for s in starts[1:]
    ]
    player = html.parse(str(folder / "index.html")).getroot()
    links = player.xpath("//a[contains(@class, 'chapter')]/@data-start")
    assert [round(float(s) * 1000) for s in links] == starts
    book = Book(folder / "tiny-article.epub")  # each chapter's audio starts where the last ended
    overlays = [item.get("media-overlay") for item in book.spine()]
    lengths = [seconds(book.metas("media:duration", refines=f"#{o}")[0]) for o in overlays]
    assert [round(sum(lengths[:n]) * 1000) for n in range(len(lengths))] == starts
