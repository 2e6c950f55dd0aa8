"""narrate.api.speech in one process, with the test tone engines: what a stream refuses before
any audio, how it ends when the engine fails part-way, and that closing it ends ffmpeg."""

from __future__ import annotations

import pytest

from narrate import api
from narrate.engines.base import register
from narrate.errors import ArticleError, BadOption, EngineError
from narrate.speech_stream import STREAM_RATE, SpeechOptions, open_stream
from tests.tone_engine import ToneEngine, sound_ms, tone


@register
class OddToneEngine(ToneEngine):
    """The tone voice at 16 kHz for a text with "low" in it, failing as a library would
    (not as narrate's engines do) on one with "BROKEN"."""

    name = "tone-odd"

    def synthesize(self, text: str):
        if "BROKEN" in text:
            raise RuntimeError("the model file is truncated")
        return tone(text).set_frame_rate(16_000) if "low" in text else tone(text)


@pytest.mark.parametrize(
    ("text", "options", "flag"),
    [
        ("", SpeechOptions(engine="tone"), "input"),
        ("x" * 5000, SpeechOptions(engine="tone"), "input"),
        ("Hello \udc00.", SpeechOptions(engine="tone"), "input"),
        ("Hello.", SpeechOptions(engine="tone", speed=0.1), "speed"),
        ("Hello.", SpeechOptions(engine="tone", speed=True), "speed"),
        ("Hello.", SpeechOptions(engine="tone", format="ogg"), "format"),
    ],
)
def test_what_cannot_be_spoken_is_refused_before_any_audio(text, options, flag):
    with pytest.raises(BadOption) as refused:
        api.speech(text, options)
    assert refused.value.option == flag


def test_text_with_nothing_to_say_is_an_article_error():
    with pytest.raises(ArticleError):
        api.speech("--- !!! ...", SpeechOptions(engine="tone"))
    with pytest.raises(BadOption):
        open_stream((), SpeechOptions(engine="tone"))


def test_an_engine_failing_on_the_first_sentence_fails_before_any_audio():
    with pytest.raises(EngineError, match="503"):
        api.speech("FAIL here. Then fine.", SpeechOptions(engine="tone-fail"))


def test_an_engine_failing_later_breaks_the_stream_after_its_first_audio():
    stream = api.speech("Fine at first. Then FAIL here.", SpeechOptions(engine="tone-fail"))
    received = []
    with pytest.raises(EngineError, match="503"):
        for chunk in stream:
            received.append(chunk)
    assert received  # the first sentence was sent before the failure


def test_closing_a_stream_ends_its_ffmpeg():
    text = " ".join(f"Sentence {n} is here." for n in range(30))
    stream = api.speech(text, SpeechOptions(engine="tone-slow", format="pcm"))
    chunks = iter(stream)
    assert next(chunks)
    stream.close()
    assert stream._process is not None and stream._process.poll() is not None
    assert b"".join(chunks) == b""  # nothing more comes


def test_a_clip_at_another_rate_is_resampled_not_garbled():
    text = "First at the usual rate. Then a low one."
    pcm = b"".join(api.speech(text, SpeechOptions(engine="tone-odd", format="pcm")))
    sentences = ("First at the usual rate.", "Then a low one.")
    expected_ms = sum(map(sound_ms, sentences)) + 350  # one sentence pause between
    assert len(pcm) / 2 / STREAM_RATE == pytest.approx(expected_ms / 1000, abs=0.06)


def test_an_engine_library_failing_is_said_in_one_line_naming_the_sentence():
    with pytest.raises(EngineError) as failed:
        api.speech("BROKEN here.", SpeechOptions(engine="tone-odd"))
    assert str(failed.value) == (
        "tone-odd could not speak 'BROKEN here.': the model file is truncated"
    )
