"""On-hold messages from the command line, as a clinic's phone administrator would make them."""

from __future__ import annotations

import json
import wave

from click.testing import CliRunner
from pydub import AudioSegment
from pydub.silence import detect_leading_silence

from narrate.cli import main
from tests.helpers import dominant_hz, tiny_article_text
from tests.tone_engine import pitch_of

HOLD = "Thank you for holding."


def test_phone_profile_writes_levelled_messages_with_the_hold_line_first(tmp_path, tone_calls):
    article = tmp_path / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    result = CliRunner(mix_stderr=False).invoke(main, [
        "build", str(article), "--profile", "phone", "--engine", "tone", "-o", str(tmp_path),
        "--format", "wav,ulaw,wav16", "--hold-intro", HOLD, "--gap-s", "0.5",
    ])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "tiny-article.phone")
    edition = tmp_path / "tiny-article.phone"
    phone = json.loads((edition / "manifest.json").read_text())["phone"]
    assert [m["title"] for m in phone["messages"]] == [
        "Tiny Article",
        "First Heading",
        "Second Heading",
        "About this audio",  # the synthetic-voice notice: once, as a message of its own
    ]
    for message in phone["messages"]:
        suffixes = sorted(f.rsplit(".", 1)[1] for f in message["files"])
        assert suffixes == ["ulaw", "wav", "wav16"]
        wav = next(edition / f for f in message["files"] if f.endswith(".wav"))
        with wave.open(str(wav)) as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (8000, 1, 2)
        assert abs(message["8khz"]["loudness_lufs"] - -19) <= 1
        assert message["8khz"]["true_peak_dbtp"] <= -3
        assert message["8khz"]["longest_pause_s"] <= 1.5
        wide = AudioSegment.from_wav(
            next(edition / f for f in message["files"] if f.endswith(".wav16"))
        )
        start = detect_leading_silence(wide, silence_threshold=-40)
        assert start <= 300
        assert abs(dominant_hz(wide[start + 20 : start + 220]) - pitch_of(HOLD)) < 15
