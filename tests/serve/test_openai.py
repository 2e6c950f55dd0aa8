"""The OpenAI-compatible speech endpoint, driven by the official `openai` client against a real
`narrate serve` with a token: every format plays, the audio streams, speed changes the length,
narrate's normaliser reads the text, errors are OpenAI's one-line 400s, tokens are checked."""

from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.engines import ENGINES
from narrate.ffmpeg import decode, run_for_log
from narrate.profiles import profile
from narrate.speech_stream import STREAM_RATE
from tests import voice_server
from tests.helpers import missing, narrate_process
from tests.serve.conftest import TOKEN, token_server
from tests.tone_engine import pitch_of, sound_ms

try:
    import openai
except ImportError:
    missing("the openai client", 'pip install "narrate-audio[test]"')

SENTENCES = "Take 5 mg BID. Call the clinic at 8 am."
SPOKEN = ("Take five milligrams twice a day.", "Call the clinic at eight AM.")
PAUSE_MS = profile("podcast").pauses.sentence
CONTAINERS = {"mp3": "mp3", "opus": "ogg", "aac": "aac", "flac": "flac", "wav": "wav"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    running, _ = token_server(tmp_path_factory.mktemp("openai"))
    yield running.start()
    running.stop()


@pytest.fixture(scope="module")
def client(server) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=TOKEN, max_retries=0, timeout=60)


def _pcm_seconds(data: bytes) -> float:
    assert len(data) % 2 == 0  # whole 16-bit samples
    return len(data) / 2 / STREAM_RATE


def _expected_seconds(spoken: tuple[str, ...]) -> float:
    """The tone engine's sound for each sentence (its silence trimmed) and the pauses between."""
    return (sum(map(sound_ms, spoken)) + PAUSE_MS * (len(spoken) - 1)) / 1000


def _container(data: bytes, tmp_path) -> str:
    """The container ffmpeg finds in `data` ("Input #0, mp3, from ...")."""
    path = tmp_path / "speech"
    path.write_bytes(data)
    log = run_for_log(["-i", str(path), "-f", "null", "-"])
    return re.search(r"Input #0, (\w+)", log).group(1)


@pytest.mark.parametrize("response_format", [*CONTAINERS, "pcm"])
def test_every_format_is_playable_audio_of_the_spoken_text(client, tmp_path, response_format):
    speech = client.audio.speech.create(
        model="tone", voice="alloy", input=SENTENCES, response_format=response_format
    )
    if response_format == "pcm":  # OpenAI's: raw 24 kHz 16-bit little-endian mono
        assert speech.response.headers["content-type"] == "audio/pcm"
        seconds = _pcm_seconds(speech.content)
    else:
        assert _container(speech.content, tmp_path) == CONTAINERS[response_format]
        seconds = len(decode(speech.content)) / 1000
    assert seconds == pytest.approx(_expected_seconds(SPOKEN), abs=0.12)


def test_the_text_is_read_by_narrates_normaliser_and_lexicons(client):
    speech = client.audio.speech.create(
        model="tone", voice="alloy", input="Take 5 mg BID.", response_format="pcm"
    )
    samples = np.frombuffer(speech.content, dtype="<i2").astype(float)
    spectrum = np.abs(np.fft.rfft(samples))
    loudest = np.fft.rfftfreq(len(samples), 1 / STREAM_RATE)[int(np.argmax(spectrum))]
    assert loudest == pytest.approx(pitch_of(SPOKEN[0]), abs=5)  # "five milligrams twice a day"
    assert pitch_of(SPOKEN[0]) != pitch_of("Take 5 mg BID.")
    assert _pcm_seconds(speech.content) == pytest.approx(sound_ms(SPOKEN[0]) / 1000, abs=0.06)


def test_audio_streams_as_each_sentence_is_spoken(client):
    """tone-paced takes 0.15 s a sentence: the first bytes come long before the last."""
    text = " ".join(f"Sentence number {n} is here." for n in range(16))
    arrivals = []
    started = time.monotonic()
    with client.audio.speech.with_streaming_response.create(
        model="tone-paced", voice="alloy", input=text, response_format="mp3"
    ) as response:
        assert response.headers["content-type"] == "audio/mpeg"
        for _chunk in response.iter_bytes(1024):
            arrivals.append(time.monotonic() - started)
    assert len(arrivals) > 10
    assert arrivals[-1] - arrivals[0] > 1.0  # 15 more sentences spoken after the first bytes


@pytest.mark.parametrize("speed", [0.5, 2.0, 4.0])
def test_speed_changes_the_length(client, speed):
    def seconds(speed: float) -> float:
        return _pcm_seconds(
            client.audio.speech.create(
                model="tone", voice="alloy", input=SENTENCES, response_format="pcm", speed=speed
            ).content
        )

    assert seconds(speed) == pytest.approx(seconds(1.0) / speed, rel=0.06)


BAD = [
    ({"model": "tts-2"}, "model"),
    ({"model": ""}, "model"),
    ({"voice": "marin"}, "voice"),  # an OpenAI voice narrate does not map
    ({"voice": "/etc/passwd"}, "voice"),  # never a path on the server
    ({"voice": {"id": "voice_1234"}}, "voice"),
    ({"input": ""}, "input"),
    ({"input": " \n "}, "input"),
    ({"input": "x" * 4097}, "input"),
    ({"input": "!!! --- ..."}, "input"),  # nothing speakable
    ({"input": 42}, "input"),
    ({"input": "Hello \ud800 there."}, "input"),  # not text any file could hold
    ({"speed": 0.2}, "speed"),
    ({"speed": 4.5}, "speed"),
    ({"speed": "fast"}, "speed"),
    ({"speed": True}, "speed"),
    ({"response_format": "ogg"}, "response_format"),
    ({"response_format": None}, "response_format"),
    ({"stream_format": "sse"}, "stream_format"),
    ({"temperature": 1}, "temperature"),
]


@pytest.mark.parametrize(("change", "param"), BAD)
def test_a_bad_request_is_a_one_line_400_in_openais_shape(server, change, param):
    body = {"model": "tone", "voice": "alloy", "input": "Hello there.", **change}
    response = requests.post(f"{server.url}/v1/audio/speech", json=body, timeout=30,
                             headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["type"] == "invalid_request_error" and error["param"] == param
    assert "\n" not in error["message"] and len(error["message"]) < 400


def test_the_client_raises_its_bad_request_error(client):
    with pytest.raises(openai.BadRequestError) as raised:
        client.audio.speech.create(model="tone", voice="nobody", input="Hello.")
    assert raised.value.body["param"] == "voice"
    assert "no voice 'nobody'" in raised.value.body["message"]


@settings(max_examples=25, deadline=None)
@given(body=st.dictionaries(
    st.sampled_from(["model", "voice", "input", "speed", "response_format"]),
    st.one_of(st.text(max_size=30), st.floats(allow_nan=True), st.integers(), st.none(),
              st.lists(st.integers(), max_size=2)),
))  # fmt: skip
def test_any_malformed_body_is_refused_in_one_line(server, body):
    """No body without a known model and voice is spoken, and none breaks the server."""
    body = {**body, "model": body.get("model", "tts-2")}
    if body["model"] in ("tts-1", "tts-1-hd", "gpt-4o-mini-tts", *ENGINES):
        body["model"] = "tts-2"
    raw = json.dumps(body, allow_nan=True)
    response = requests.post(f"{server.url}/v1/audio/speech", data=raw, timeout=30,
                             headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert response.status_code == 400
    assert "\n" not in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("raw", "said"),
    [(b"{model: tts-1", "the body is not valid JSON"), (b'["tts-1", "alloy"]',
     "the body must be a JSON object")],
)  # fmt: skip
def test_a_body_that_is_no_json_object_is_a_400(server, raw, said):
    response = requests.post(f"{server.url}/v1/audio/speech", data=raw, timeout=10,
                             headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"]["message"] == said


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
def test_a_body_over_the_cap_is_a_413_in_openais_shape(server, chunked):
    """Over the 5 MB body cap, said in OpenAI's shape whether the size is declared or not."""
    body = b'{"model": "tts-1", "voice": "alloy", "input": "' + b"a" * 5_100_000 + b'"}'
    data = iter([body[i : i + 65536] for i in range(0, len(body), 65536)]) if chunked else body
    response = requests.post(f"{server.url}/v1/audio/speech", data=data, timeout=30,
                             headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and error["code"] == "request_too_large"
    assert "larger than 5,000,000 bytes" in error["message"]


def test_a_voice_whose_files_are_not_here_is_a_400(client):
    """Kokoro's voices come from one download, not made here: a 400 saying how to add them."""
    with pytest.raises(openai.BadRequestError) as raised:
        client.audio.speech.create(model="kokoro", voice="alloy", input="Hello.")
    assert raised.value.body["param"] == "voice"
    assert "narrate voices --add" in raised.value.body["message"]


@pytest.mark.parametrize("key", [None, "wrong-token-0123456789abcdef"])
def test_a_missing_or_wrong_token_is_refused(server, key):
    headers = {} if key is None else {"Authorization": f"Bearer {key}"}
    for method, path in (("POST", "/v1/audio/speech"), ("GET", "/v1/models")):
        body = {"model": "tone", "voice": "alloy", "input": "Hello."}
        response = requests.request(method, f"{server.url}{path}", json=body, headers=headers,
                                    timeout=10)  # fmt: skip
        assert response.status_code == 401
        assert response.json()["error"]["type"] == "authentication_error"
        assert not response.content.startswith((b"ID3", b"\xff"))  # no audio


def test_the_client_without_the_token_raises_its_authentication_error(server):
    stranger = openai.OpenAI(base_url=f"{server.url}/v1", api_key="sk-not-this-server",
                             max_retries=0)  # fmt: skip
    with pytest.raises(openai.AuthenticationError):
        stranger.audio.speech.create(model="tone", voice="alloy", input="Hello.")


def test_models_are_listed_in_openais_shape(client):
    ids = [model.id for model in client.models.list()]
    assert ids[:3] == ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"]
    assert {"piper", "tone"} <= set(ids)


def test_more_streams_than_the_server_speaks_at_once_wait_their_turn(server):
    """Two long streams take the server's two slots: a third is told 429 (Retry-After), and
    a slot comes back when a listener leaves."""
    url, headers = f"{server.url}/v1/audio/speech", {"Authorization": f"Bearer {TOKEN}"}
    long = {"model": "tone-paced", "voice": "alloy", "response_format": "pcm",
            "input": " ".join(f"Sentence {n} is here." for n in range(60))}  # fmt: skip

    def hold(_: int) -> requests.Response:
        return requests.post(url, json=long, headers=headers, stream=True, timeout=30)

    with ThreadPoolExecutor(2) as pool:
        held = list(pool.map(hold, range(2)))
    assert [r.status_code for r in held] == [200, 200]
    third = requests.post(url, json={**long, "input": "Hello."}, headers=headers, timeout=30)
    assert third.status_code == 429 and third.headers["retry-after"] == "1"
    assert third.json()["error"]["code"] == "rate_limit_exceeded"
    for response in held:
        response.close()
    deadline = time.monotonic() + 15
    short = {**long, "input": "Hello."}
    while (
        status := requests.post(url, json=short, headers=headers, timeout=30).status_code
    ) == 429:
        assert time.monotonic() < deadline, "no slot came back when the listeners left"
        time.sleep(0.2)
    assert status == 200


def test_an_engine_failing_part_way_ends_the_audio_there_and_logs_why(server):
    """The first sentence (and its pause) is sent; the failure on the second ends the
    response there, and the server's log says why."""
    speech = requests.post(
        f"{server.url}/v1/audio/speech",
        json={"model": "tone-fail", "voice": "alloy", "response_format": "pcm",
              "input": "Fine at first. Then FAIL here."},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )  # fmt: skip
    assert speech.status_code == 200
    said = (sound_ms("Fine at first.") + PAUSE_MS) / 1000
    assert _pcm_seconds(speech.content) == pytest.approx(said, abs=0.06)
    assert "speech ended early: 503 (Service Unavailable)" in server.log()


def test_an_engine_failing_on_the_first_sentence_is_a_500_before_any_audio(client):
    with pytest.raises(openai.InternalServerError) as raised:
        client.audio.speech.create(model="tone-fail", voice="alloy", input="FAIL at once.")
    assert raised.value.body["type"] == "server_error"
    assert "503 (Service Unavailable)" in raised.value.body["message"]


@pytest.mark.slow
def test_openai_voices_speak_in_their_piper_voices(start_server, tmp_path, monkeypatch):
    """tts-1 and tts-1-hd are Piper. fable is en_GB-alan-medium (served by the stand-in
    repository): once added, fable speaks in it; nova's voice (en_US-kristin-medium) is not
    added, so the bundled voice speaks for it; narrate's own voice names are taken too."""
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path / "data"))
    stand_in = voice_server.serve()
    try:
        monkeypatch.setenv("NARRATE_VOICES_URL", stand_in.url)
        assert narrate_process("voices", "--refresh").returncode == 0
        assert narrate_process("voices", "--add", voice_server.ENGLISH).returncode == 0
    finally:
        stand_in.stop()
    running = start_server()
    asked = (("tts-1-hd", "fable", "flac", voice_server.ENGLISH),
             ("tts-1", "nova", "wav", "en_US-joe-medium"),
             ("piper", "en_US-joe-medium", "mp3", "en_US-joe-medium"))  # fmt: skip
    for model, voice, response_format, spoken_by in asked:
        body = {"model": model, "voice": voice, "input": "Take 5 mg BID.",
                "response_format": response_format}  # fmt: skip
        response = requests.post(f"{running.url}/v1/audio/speech", json=body, timeout=120)
        assert response.status_code == 200
        assert response.headers["x-narrate-voice"] == f"piper/{spoken_by}"
        assert _container(response.content, tmp_path) == CONTAINERS[response_format]
        assert 1.0 < len(decode(response.content)) / 1000 < 5.0
