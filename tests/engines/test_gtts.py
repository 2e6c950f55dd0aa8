"""The gTTS engine, driving the real gTTS over real HTTPS against the local Google stand-in."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from gtts.lang import tts_langs

from narrate import ffmpeg
from narrate.control import RunControl
from narrate.engines.gtts import GttsEngine, GttsOptions, probe_google, resolve_language
from narrate.errors import EngineError
from tests.gtts_server import drop, hang, latency, malformed, proxy_env, status, tone_ms

LONG = (
    "The committee met on Tuesday, after a long delay, to consider the proposal in full; "
    "its members, who had read every page of the report, agreed that the evidence was strong."
)


class RecordingControl(RunControl):
    """A RunControl that records each backoff sleep and waits only a moment."""

    def __init__(self, jobs: int = 4):
        super().__init__(jobs)
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> bool:
        self.sleeps.append(seconds)
        return self.stop.wait(0.001)


def make_engine(control: RunControl | None = None, **options) -> GttsEngine:
    """An engine with quick timeouts and a backoff of milliseconds."""
    settings = {"retries": 3, "timeout_s": 2.0, "jobs": 4, **options}
    engine = GttsEngine(GttsOptions(**settings), control)
    engine.backoff_base_s = 0.01
    engine.backoff_cap_s = 0.05
    return engine


def test_a_sentence_comes_back_as_the_audio_google_sent(google):
    text = "Hello there, reader."
    audio = make_engine().synthesize(text)
    [request] = google.requests
    sent = ffmpeg.decode(request.audio)
    assert (audio.frame_rate, audio.channels, audio.sample_width) == (24_000, 1, 2)
    assert abs(len(audio) - len(sent)) <= 1
    assert abs(len(audio) - tone_ms(text)) < 120  # MP3 encoder delay and padding
    assert audio.dBFS > -20


def test_a_long_sentence_is_sent_in_pieces_in_order_and_joined(google):
    engine = make_engine()
    pieces = engine.pieces(LONG)
    assert len(pieces) >= 2 and all(len(piece) <= 100 for piece in pieces)
    audio = engine.synthesize(LONG)
    assert [r.text for r in google.requests] == pieces
    sent_ms = sum(len(ffmpeg.decode(r.audio)) for r in google.requests)
    assert abs(len(audio) - sent_ms) < 60 * len(pieces)


def test_never_more_requests_than_gtts_cli(google, tmp_path):
    cli = Path(sys.executable).with_name("gtts-cli")
    subprocess.run(
        [str(cli), LONG, "--output", str(tmp_path / "cli.mp3")], env=google.env(), check=True
    )
    by_cli = google.requests
    make_engine().synthesize(LONG)
    assert [r.text for r in google.requests[len(by_cli) :]] == [r.text for r in by_cli]


def test_requests_carry_language_accent_and_speed(google):
    make_engine(language="fr-CA", tld="ca", slow=True).synthesize("Bonjour à tous.")
    make_engine(language="en-GB", tld="co.uk").synthesize("Good morning.")
    first, second = google.requests
    assert (first.lang, first.tld, first.slow) == ("fr-CA", "ca", True)
    assert (second.lang, second.host, second.slow) == ("en", "translate.google.co.uk", False)


def test_a_429_is_retried_and_halves_the_limiter(google):
    google.inject(status(429), requests=[1])
    control = RecordingControl(jobs=4)
    make_engine(control, jobs=4).synthesize("Rate limited once.")
    assert google.count == 2
    assert control.limiter.size == 2
    assert len(control.sleeps) == 1 and 0 <= control.sleeps[0] <= 0.05


def test_retry_after_is_what_the_engine_waits(google):
    google.inject(status(429, retry_after=7), requests=[1])
    control = RecordingControl()
    make_engine(control).synthesize("Wait as you are told.")
    assert control.sleeps == [7.0]


def test_retry_after_really_delays_the_next_request(google):
    google.inject(status(503, retry_after=1), requests=[1])
    make_engine().synthesize("Come back in a second.")
    first, second = google.requests
    assert 0.95 <= second.time - first.time < 2.0


def test_a_long_retry_after_fails_at_once(google):
    google.inject(status(429, retry_after=3600), requests=[1])
    with pytest.raises(EngineError, match="rate limited, come back in 3600 s; use --engine piper"):
        make_engine().synthesize("Come back tomorrow.")
    assert google.count == 1


def test_server_errors_then_success(google):
    google.inject(status(500), requests=[1])
    google.inject(status(503), requests=[2])
    assert len(make_engine().synthesize("Third time lucky.")) > 0
    assert google.count == 3


def test_a_fault_can_target_a_text_a_number_of_times(google):
    google.inject(status(500), when=lambda request: "second" in request.text, times=1)
    engine = make_engine()
    engine.synthesize("The first sentence.")
    engine.synthesize("The second sentence.")
    assert [(r.number, r.fault) for r in google.requests] == [(1, None), (2, "status"), (3, None)]


def test_retries_are_bounded(google):
    google.inject(status(500))
    with pytest.raises(EngineError) as caught:
        make_engine(retries=2).synthesize("Never works.")
    assert google.count == 3
    message = str(caught.value)
    assert "500 (Internal Server Error)" in message and "gave up after 3 attempts" in message


def test_a_403_is_not_retried_and_suggests_piper(google):
    google.inject(status(403))
    with pytest.raises(EngineError) as caught:
        make_engine().synthesize("Forbidden fruit.")
    assert google.count == 1
    message = str(caught.value)
    assert message.startswith("Google answered 403 (Forbidden): the request or Google's API")
    assert "gTTS may need an update" in message and "--engine piper" in message


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("null_audio", r"without audio \(200 \(OK\) from TTS API"),
        ("no_audio_line", "without audio .no jQ1olc line"),
        ("garbled", "not audio ffmpeg can decode"),
    ],
)
def test_a_malformed_answer_is_a_clear_error_and_not_retried(google, kind, says):
    google.inject(malformed(kind))
    with pytest.raises(EngineError, match=says):
        make_engine().synthesize("Something odd.")
    assert google.count == 1


def test_an_answer_that_never_comes_is_retried_then_fails(google):
    google.inject(hang())
    started = time.monotonic()
    with pytest.raises(EngineError, match=r"no answer within 0.3 s; gave up after 2 attempts"):
        make_engine(timeout_s=0.3, retries=1).synthesize("Are you there?")
    assert google.count == 2
    assert time.monotonic() - started < 3


def test_a_hang_then_an_answer_succeeds(google):
    google.inject(hang(), requests=[1])
    assert len(make_engine(timeout_s=0.3).synthesize("Second try.")) > 0
    assert google.count == 2


def test_a_dropped_connection_is_retried(google):
    google.inject(drop(), requests=[1])
    assert len(make_engine().synthesize("Dropped once.")) > 0
    assert google.count == 2


def test_an_unsupported_language_fails_before_any_request(google):
    with pytest.raises(EngineError) as caught:
        make_engine(language="xx")
    assert str(caught.value) == (
        "unsupported language 'xx' for gtts; see `narrate voices --engine gtts`"
    )
    assert google.count == 0


@pytest.mark.parametrize(
    ("tag", "lang"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("pt_BR", "pt"),
        ("pt-PT", "pt-PT"),
        ("zh-cn", "zh-CN"),
        ("he", "iw"),
        ("fr-CA", "fr-CA"),
    ],
)
def test_language_tags_resolve_to_gtts_languages(tag, lang):
    assert resolve_language(tag) == lang


def test_only_punctuation_is_an_error_without_a_request(google):
    with pytest.raises(EngineError, match="nothing gtts can speak"):
        make_engine().synthesize(" … ")
    assert google.count == 0


def test_the_limiter_allows_jobs_requests_at_once(google):
    google.inject(latency(0.2))
    engine = make_engine(jobs=2)
    assert engine.control.limiter.size == 2
    threads = [
        threading.Thread(target=engine.synthesize, args=(f"Sentence number {n}.",))
        for n in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert google.count == 6 and google.max_in_flight == 2


def test_stop_during_backoff_returns_promptly(google):
    google.inject(status(503))
    control = RunControl(2)
    engine = make_engine(control, retries=5)
    engine.backoff_base_s = engine.backoff_cap_s = 20.0
    engine._delay = lambda attempt, after: 20.0  # a long, known wait
    errors: list[Exception] = []

    def run() -> None:
        try:
            engine.synthesize("Stop me.")
        except EngineError as error:
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 5
    while google.count < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)
    stopped_at = time.monotonic()
    control.stop.set()
    thread.join(timeout=5)
    assert time.monotonic() - stopped_at < 0.5
    assert [str(e) for e in errors] == ["interrupted"] and google.count == 1


def test_probe_reaches_the_stand_in(google):
    assert probe_google(timeout_s=2.0) is None
    assert google.probes == 1
    make_engine().check()


def test_probe_of_an_unknown_host_gives_the_cause_quickly():
    started = time.monotonic()
    cause = probe_google(timeout_s=2.0, tld="invalid")  # .invalid never resolves (RFC 2606)
    assert cause and time.monotonic() - started < 3
    with pytest.raises(EngineError) as caught:
        make_engine(tld="invalid").check()
    assert str(caught.value) == (
        f"cannot reach translate.google.invalid: {cause}; use --engine piper for offline narration"
    )


def test_probe_of_a_silent_proxy_times_out(monkeypatch):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        for name, value in proxy_env(url, {}).items():
            monkeypatch.setenv(name, value)
        started = time.monotonic()
        assert probe_google(timeout_s=0.5) == "timed out"
        assert time.monotonic() - started < 1.5


def test_info_and_cache_key_follow_accent_and_speed():
    engine = make_engine(language="en-GB", tld="co.uk")
    info = engine.info()
    assert (info.name, info.voice, info.language) == ("gtts", "en-co.uk", "en")
    assert info.extra == {"tld": "co.uk", "slow": "false"}
    others = {make_engine(tld="com").cache_key("Hi."), make_engine(slow=True).cache_key("Hi.")}
    assert engine.cache_key("Hi.") not in others and len(others) == 2


def test_voices_list_every_language_and_the_accents():
    voices = {voice.id: voice for voice in GttsEngine.voices()}
    assert set(voices) == set(tts_langs())
    assert "co.uk United Kingdom" in voices["en"].description
    assert "com.br Brazil" in voices["pt"].description


def test_the_stand_in_runs_as_a_script_for_gtts_cli(tmp_path):
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.gtts_server", "--port", "0"],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = server.stdout.readline().split(" on ")[1].split(";")[0]
        out = tmp_path / "hello.mp3"
        cli = Path(sys.executable).with_name("gtts-cli")
        subprocess.run(
            [str(cli), "Hello.", "-o", str(out)],
            env=proxy_env(url, os.environ),
            check=True,
            timeout=20,
        )
        assert len(ffmpeg.decode(out)) > 500
    finally:
        server.terminate()
        server.wait(timeout=5)


@pytest.mark.slow
def test_the_piper_voice_speaks_the_text(monkeypatch):
    from tests.gtts_server import serving

    with serving(monkeypatch, voice="piper") as google:
        audio = make_engine().synthesize("Hello from the stand-in.")
        assert len(audio) > 800 and audio.dBFS > -35
        assert ffmpeg.decode(google.requests[0].audio).frame_rate == 24_000


class SharedNote:
    """A SharedPause as every worker of a cluster sees it (narrate.cluster keeps it in a Dask
    Variable; tests/cluster checks that one worker's pause reaches another)."""

    def __init__(self) -> None:
        self.value = 0.0

    def until(self) -> float:
        return self.value

    def extend(self, until: float) -> None:
        self.value = max(self.value, until)


def test_a_429_pauses_every_worker_sharing_the_pause(google):
    google.inject(status(429, retry_after=5), requests=[1])
    shared = SharedNote()
    first = RecordingControl()
    first.pause = shared
    make_engine(first).synthesize("Rate limited here.")
    assert first.sleeps == [5.0]  # its own pause, slept once
    assert shared.value == pytest.approx(time.time() + 5, abs=1)
    other = RecordingControl()
    other.pause = shared
    make_engine(other).synthesize("Another worker's sentence.")
    assert len(other.sleeps) == 1 and 3 <= other.sleeps[0] <= 5  # waited before asking
    assert google.count == 3
