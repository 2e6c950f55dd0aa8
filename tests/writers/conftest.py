"""A synthetic edition for the writers: tones instead of speech, three chapters, exact times."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydub import AudioSegment
from pydub.generators import Sine

from narrate.assemble import lead_in
from narrate.model import (
    Article,
    Block,
    Chapter,
    ChapterSpec,
    Cue,
    EngineInfo,
    Script,
    Section,
    TimedCue,
    Timeline,
)
from narrate.profiles import Pauses, Profile
from narrate.writers import EditionContext, all_formats

SAMPLE_RATE = 22050
TITLE = "Understanding Ketamine Therapy"
CHOOSING = "Choosing What’s Right for You"
KAP = "KAP (Ketamine-Assisted) & <You>"
LONG = (
    "Ketamine-assisted psychotherapy combines a carefully measured dose of the medicine with "
    "preparation sessions beforehand and integration sessions afterwards, so that whatever "
    "comes up during the experience can be understood, talked through and put to good use in "
    "daily life over the following weeks and months."
)
ITEMS = ("Ask about the clinic’s experience.", "Check the cost & insurance.")

# (kind, display, spoken, chapter, paragraph, duration_ms, pause_after_ms)
CUES = [
    ("title", TITLE, TITLE, 0, 0, 1800, 700),
    ("sentence", "Ketamine is an old anaesthetic.", "Ketamine is an old anaesthetic.", 0, 1,
     2100, 400),
    ("sentence", "It is finding new uses.", "It is finding new uses.", 0, 1, 1500, 800),
    ("sentence", "Dr. Lee gave 5 mg at 3 p.m.", "Doctor Lee gave five milligrams at three P M.",
     0, 2, 2600, 900),
    ("heading", CHOOSING, CHOOSING, 1, 0, 1900, 700),
    ("sentence", LONG, LONG, 1, 1, 16000, 500),
    ("sentence", ITEMS[0], ITEMS[0], 1, 2, 2200, 300),
    ("sentence", ITEMS[1], ITEMS[1], 1, 3, 2000, 36000),
    ("heading", KAP, "K A P, ketamine-assisted, and you", 2, 0, 2300, 700),
    ("sentence", "Sessions last about 2 hrs.", "Sessions last about two hours.", 2, 1, 2400, 400),
    ("sentence", "Bring a friend.", "Bring a friend.", 2, 1, 1200, 0),
]  # fmt: skip
LEAD_IN_MS = 250
TAIL_MS = 600


HEADINGS = (None, CHOOSING, KAP)  # each chapter's heading, as the script gives it to its cues


def _timeline_cues() -> tuple[TimedCue, ...]:
    timed, at = [], LEAD_IN_MS
    for i, (kind, display, spoken, chapter, paragraph, length, pause) in enumerate(CUES):
        block = None if kind != "sentence" else "list_item" if display in ITEMS else "paragraph"
        heading = None if kind == "title" else HEADINGS[chapter]
        cue = Cue(f"c{i}", kind, display, spoken, chapter, pause, paragraph, block, heading)
        timed.append(TimedCue(cue, at, at + length))
        at += length + pause
    return tuple(timed)


@pytest.fixture(scope="session")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    """About 75 s of tones, one per cue, with the third chapter starting past one minute."""
    cues = _timeline_cues()
    duration = cues[-1].end_ms + TAIL_MS
    audio = AudioSegment.silent(duration, frame_rate=SAMPLE_RATE).set_sample_width(2)
    for n, timed in enumerate(cues):
        tone = Sine(300 + 40 * n, sample_rate=SAMPLE_RATE).to_audio_segment(
            timed.end_ms - timed.start_ms, volume=-12
        )
        audio = audio.overlay(tone, position=timed.start_ms)
    path = tmp_path_factory.mktemp("timeline") / "programme.wav"
    audio.export(path, format="wav")
    titles = [(TITLE, 1), (CHOOSING, 2), (KAP, 2)]
    firsts = [next(n for n, t in enumerate(cues) if t.cue.chapter == i) for i in (1, 2)]
    starts = [0] + [lead_in(cues[n].start_ms, cues[n - 1].end_ms) for n in firsts]
    ends = starts[1:] + [duration]
    chapters = tuple(
        Chapter(title, level, start, end)
        for (title, level), start, end in zip(titles, starts, ends, strict=True)
    )
    return Timeline(cues, chapters, duration, path, SAMPLE_RATE)


@pytest.fixture(scope="session")
def article() -> Article:
    return Article(
        title=TITLE,
        byline="By Jane Doe",
        language="en",
        source="articles/ketamine.md",
        source_sha256="ab" * 32,
        sections=(
            Section(None, 1, (
                Block("Ketamine is an old anaesthetic. It is finding new uses."),
                Block("Dr. Lee gave 5 mg at 3 p.m."),
            )),
            Section(CHOOSING, 2, (
                Block(LONG),
                Block(ITEMS[0], "list_item"),
                Block(ITEMS[1], "list_item"),
            )),
            Section(KAP, 2, (Block("Sessions last about 2 hrs. Bring a friend."),)),
        ),
    )  # fmt: skip


@pytest.fixture(scope="session")
def script(timeline: Timeline) -> Script:
    return Script(
        title=TITLE,
        language="en",
        cues=tuple(t.cue for t in timeline.cues),
        chapters=tuple(ChapterSpec(c.title, c.level) for c in timeline.chapters),
    )


@pytest.fixture(scope="session")
def edition(timeline: Timeline, script: Script, article: Article) -> EditionContext:
    return EditionContext(
        timeline=timeline,
        script=script,
        article=article,
        engine=EngineInfo("tone", "1.0", "sine", "en", {"speed": "1.0"}),
        slug="understanding-ketamine-therapy",
        profile=Profile(name="podcast", pauses=Pauses(), formats=all_formats()),
        date="2024-05-01",
    )


@pytest.fixture(scope="session")
def edition_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("edition")
