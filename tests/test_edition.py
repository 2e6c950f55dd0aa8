"""The sample article narrated by the real offline voice, read back as a user's tools would."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from narrate.assemble import CHAPTER_LEAD_MS, edged
from narrate.engines.piper import PiperEngine, PiperOptions
from narrate.ffmpeg import decode, metadata, run
from narrate.levelling import PHASE_ROTATOR
from tests.conftest import SAMPLE, speaking

pytestmark = pytest.mark.slow

HEADINGS = [
    "What Is a Ketamine Infusion?",
    "What Is Ketamine-Assisted Psychotherapy (KAP)?",
    "The Role of Therapy and Integration",
    "Choosing What’s Right for You",
]
TITLE = "Ketamine Infusion vs. Ketamine-Assisted Psychotherapy: Key Differences"
NOTICE = "About this audio"  # the synthetic-voice notice's chapter, last by default


@pytest.fixture(scope="module")
def edition(tmp_path_factory, piper_clips):
    """`narrate build` run as a user runs it, in a subprocess, with the deterministic voice
    (its clips from the run's Piper cache when another file spoke them first)."""
    out = tmp_path_factory.mktemp("out")
    env = {"NARRATE_CACHE_DIR": str(piper_clips), "PATH": "/usr/bin:/bin"}
    with speaking(piper_clips, SAMPLE):
        subprocess.run(
            [sys.executable, "-m", "narrate", "build", str(SAMPLE), "-o", str(out),
             "--engine", "piper", "--deterministic", "--quiet"],
            check=True, env=env,
        )  # fmt: skip
    (folder,) = out.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return folder, manifest


def chapters_by_mutagen(mp3):
    tags = ID3(mp3)
    (toc,) = tags.getall("CTOC")
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    return [
        (chaps[e].sub_frames["TIT2"].text[0], chaps[e].start_time, chaps[e].end_time)
        for e in toc.child_element_ids
    ]


def chapters_by_ffmpeg(mp3):
    blocks = metadata(mp3).split("[CHAPTER]")[1:]
    found = []
    for block in blocks:
        fields = dict(re.findall(r"^(\w+)=(.*)$", block, re.M))
        num, den = map(int, fields["TIMEBASE"].split("/"))
        to_ms = 1000 * num / den
        found.append(
            (
                fields["title"],
                round(int(fields["START"]) * to_ms),
                round(int(fields["END"]) * to_ms),
            )
        )
    return found


def test_the_edition_folder_holds_only_the_edition(edition):
    """No scratch WAVs, pre-encoded audio or temp files are published; nothing is hidden."""
    folder, manifest = edition
    published = sorted(p.name for p in folder.iterdir())
    assert published == sorted([*manifest["files"].values(), "manifest.json"])


def test_mutagen_and_ffmpeg_read_the_same_chapters_named_after_the_headings(edition):
    folder, manifest = edition
    mp3 = folder / manifest["files"]["mp3"]
    by_mutagen = chapters_by_mutagen(mp3)
    assert [title for title, _, _ in by_mutagen] == [TITLE, *HEADINGS, NOTICE]
    assert by_mutagen == chapters_by_ffmpeg(mp3)
    assert [(c["title"], c["start_ms"], c["end_ms"]) for c in manifest["chapters"]] == by_mutagen


def test_the_file_plays_for_as_long_as_its_chapters_say(edition):
    folder, manifest = edition
    mp3 = folder / manifest["files"]["mp3"]
    decoded = decode(mp3)
    chapters = chapters_by_mutagen(mp3)
    assert chapters[0][1] == 0
    assert all(a[2] == b[1] for a, b in zip(chapters, chapters[1:], strict=False))
    assert abs(len(decoded) - chapters[-1][2]) <= 50
    assert abs(len(decoded) - manifest["duration_ms"]) <= 50
    info = MP3(mp3).info
    assert info.channels == 1 and info.sample_rate == 44100
    tags = ID3(mp3)
    assert tags["TIT2"].text == [TITLE]
    assert tags["TCON"].text == ["Speech"]
    assert abs(int(tags["TLEN"].text[0]) - manifest["duration_ms"]) <= 1


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    n = min(len(a), len(b))
    a, b = a[:n] - a[:n].mean(), b[:n] - b[:n].mean()
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_each_chapter_starts_with_its_heading_spoken(edition):
    """0.4 s after each chapter mark, the audio is the heading's own clip, spoken afresh here
    (and turned by mastering's phase rotator, which moves every sample); before it, silence."""
    folder, manifest = edition
    decoded = decode(folder / manifest["files"]["mp3"], sample_rate=22050)
    samples = np.array(decoded.get_array_of_samples(), dtype=float)
    engine = PiperEngine(PiperOptions(deterministic=True))
    for title, start, _ in chapters_by_mutagen(folder / manifest["files"]["mp3"])[1:]:
        if title == NOTICE:  # its chapter says the notice, not its title
            title = "This audio was read by a synthetic voice."
        heading, _ = edged(engine.synthesize(title))
        raw = ["-f", "s16le", "-ar", str(heading.frame_rate), "-ac", "1"]
        turned = run([*raw, "-i", "pipe:0", "-af", PHASE_ROTATOR, "-f", "s16le", "pipe:1"],
                     stdin=heading.raw_data)  # fmt: skip
        clip = np.frombuffer(turned, dtype="<i2").astype(float)
        at = (start + CHAPTER_LEAD_MS) * 22050 // 1000
        assert np.abs(samples[start * 22050 // 1000 : at - 441]).max() < 33, title  # -60 dBFS
        best = max(correlation(samples[at + lag :], clip) for lag in range(-220, 221))
        later = at + 22050 * 3  # elsewhere: 3 s on, or before the mark in a chapter too short
        other = later if later + len(clip) <= len(samples) else max(0, at - 22050 * 3 - len(clip))
        elsewhere = correlation(samples[other:], clip)
        assert best > 0.8, title
        assert elsewhere < 0.5


def test_transcript_and_captions_say_what_the_article_says(edition):
    folder, manifest = edition
    transcript = (folder / manifest["files"]["transcript_md"]).read_text(encoding="utf-8")
    assert transcript.startswith(f"# {TITLE}\n")
    starts = {c["title"]: c["start_ms"] for c in manifest["chapters"]}
    for heading in HEADINGS:
        seconds = starts[heading] // 1000
        assert f"## {heading} [{seconds // 60:02d}:{seconds % 60:02d}]" in transcript
    assert "weaving in therapy before, during, and after sessions" in transcript
    vtt = (folder / manifest["files"]["vtt"]).read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT")
    for text in (transcript, vtt):
        assert "Previous" not in text and "Neuroplasticity" not in text
    chapters = json.loads((folder / manifest["files"]["chapters_json"]).read_text())
    assert chapters["version"] == "1.2.0"
    assert [c["title"] for c in chapters["chapters"]] == [TITLE, *HEADINGS, NOTICE]
