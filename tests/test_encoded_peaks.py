"""Every audio file a build writes keeps the true-peak promise, as a listener's meter (ffmpeg's
ebur128 at 192 kHz) reads it: the edition's MP3 and M4B, which mastering decodes in its own
pass and renders again when they peak too high, and the stretches encoded apart from the whole
(chapter files, DAISY sections), which the guard under the limit covers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrate.loudness import measure
from narrate.master import EXCERPT_GUARD_DB
from scripts.record_regression import EXAMPLES, build
from tests.conftest import speaking

pytestmark = pytest.mark.slow
LIMIT_DBTP = -1.5  # the podcast and accessible profiles'

CASES = {
    "podcast-chapters": ("ketamine-infusion-vs-kap.txt", "podcast", "--split-chapters",
                         "--format", "mp3,m4b"),
    "accessible": ("first-visit.txt", "accessible", "--split-chapters"),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_every_audio_file_peaks_under_the_limit(piper_clips: Path, tmp_path: Path, case: str):
    article, profile, *more = CASES[case]
    with speaking(piper_clips, EXAMPLES / article):
        edition = build(article, profile, tmp_path / "out", piper_clips, *more)
    manifest = json.loads((edition / "manifest.json").read_text(encoding="utf-8"))
    reported = manifest["loudness"]["encoded_true_peak_dbtp"]
    assert reported <= LIMIT_DBTP - EXCERPT_GUARD_DB
    audio = sorted(p for p in edition.rglob("*") if p.suffix in {".mp3", ".m4b"})
    whole = [p for p in audio if p.parent == edition and "chapter" not in p.name]
    assert len(audio) > len(whole) + 3, "chapter files or sections beside the whole"
    for path in audio:
        heard = measure(path).true_peak_dbtp
        assert heard <= LIMIT_DBTP, f"{path.relative_to(edition)} peaks at {heard} dBTP"
    highest = max(measure(path).true_peak_dbtp for path in whole)  # the MP3's or the M4B's
    assert highest == pytest.approx(reported, abs=0.2)
