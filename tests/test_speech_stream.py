"""narrate.api.speech in one process, with the test tone engines: what a stream refuses before
any audio, how it ends when the engine fails part-way, and that closing it ends ffmpeg."""

from __future__ import annotations

import pytest

import tests.tone_engine  # noqa: F401  (registers the tone engines)
from narrate import api
from narrate.errors import ArticleError, BadOption, EngineError
from narrate.speech_stream import SpeechOptions, open_stream


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
