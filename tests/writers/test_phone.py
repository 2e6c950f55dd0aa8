"""Phone editions: every file read back and measured, not assumed."""

from __future__ import annotations

import json
import struct
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from pydub import AudioSegment
from pydub.generators import Sine

from narrate.errors import OutputError
from narrate.ffmpeg import decode, run
from narrate.loudness import measure
from narrate.model import Timeline
from narrate.profiles import Pauses, Profile
from narrate.telephony import FORMATS
from narrate.writers.base import EditionContext, EditionOptions, SpokenExtra
from narrate.writers.phone import (
    EDGE_MS,
    INTRO_PAUSE_MS,
    MAX_PAUSE_MS,
    PhoneOptions,
    PhoneWriter,
    split_messages,
)
from tests.helpers import dominant_hz

PHONE = Profile(
    name="phone", pauses=Pauses(), formats=("phone",), loudness_lufs=-19.0, true_peak_dbtp=-3.0
)
GAP_S = 0.5
SILENCE_DBFS = -50.0


def _phone(edition: EditionContext, **options) -> EditionContext:
    own = PhoneOptions(**options)
    return replace(edition, profile=PHONE, options=EditionOptions(writer_options=own))


@pytest.fixture(scope="module")
def written(edition: EditionContext, tmp_path_factory: pytest.TempPathFactory):
    """The test edition in every phone format, with a gap after each message."""
    dest = tmp_path_factory.mktemp("phone")
    written = PhoneWriter().write_recorded(_phone(edition, gap_s=GAP_S), dest)
    index = json.loads(written.path.read_text(encoding="utf-8"))
    # the manifest records the index the writer hands over: the same as the file it wrote
    assert written.record == index
    return dest, index


def _entries(index: dict) -> list[dict]:
    return [*index["messages"], index["full"]]


def _fmt_chunk(path: Path) -> tuple[int, int, int, int]:
    """(format tag, channels, sample rate, bits per sample) from a RIFF file's fmt chunk."""
    data = path.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    at = 12
    while at < len(data):
        chunk, size = data[at : at + 4], int.from_bytes(data[at + 4 : at + 8], "little")
        if chunk == b"fmt ":
            tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", data[at + 8 : at + 24])
            return tag, channels, rate, bits
        at += 8 + size + size % 2
    raise AssertionError(f"{path} has no fmt chunk")


def _decoded(path: Path) -> AudioSegment:
    """Any output as 16-bit PCM at its own rate; raw formats are described to ffmpeg."""
    raw = {
        ".ulaw": ["-f", "mulaw", "-ar", "8000"],
        ".alaw": ["-f", "alaw", "-ar", "8000"],
        ".sln": ["-f", "s16le", "-ar", "8000"],
        ".sln16": ["-f", "s16le", "-ar", "16000"],
    }.get(path.suffix, [])
    wav = run([*raw, "-ac", "1", "-i", str(path), "-c:a", "pcm_s16le", "-f", "wav", "pipe:1"])
    return decode(wav)


def _silences(audio: AudioSegment) -> list[tuple[float, float]]:
    """Runs of samples under SILENCE_DBFS lasting 50 ms or more (silencedetect's rule), in s."""
    x = np.abs(np.array(audio.get_array_of_samples(), dtype=float))
    quiet = np.concatenate(([False], x < 32768 * 10 ** (SILENCE_DBFS / 20), [False]))
    edges = np.flatnonzero(np.diff(quiet.astype(int)))
    rate = audio.frame_rate
    runs = [(a / rate, b / rate) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    return [(a, b) for a, b in runs if b - a >= 0.05]


def _expected_ms(message_spans, intro_ms: int = 0) -> int:
    speech = sum(end - start for start, end in message_spans)
    lead_in = EDGE_MS + intro_ms + INTRO_PAUSE_MS if intro_ms else 0
    return speech + lead_in


def test_one_message_per_chapter_plays_in_file_name_order(written, timeline: Timeline) -> None:
    dest, index = written
    names = [m["name"] for m in index["messages"]]
    assert names == [
        "01-understanding-ketamine-therapy",
        "02-choosing-whats-right-for-you",
        "03-kap-ketamine-assisted-you",
    ]
    assert sorted(names) == names
    assert index["full"]["name"] == "understanding-ketamine-therapy"
    assert sorted(p.name for p in (dest / "phone" / "messages").iterdir()) == sorted(
        f"{n}{f.suffix}" for n in names for f in FORMATS.values() if f.asterisk
    )
    # Asterisk plays every base name it finds: nothing but messages in its folders
    assert {p.name for p in (dest / "phone").iterdir()} == {
        "messages", "full", "messages-mulaw-wav", "full-mulaw-wav",
        "index.json", "playlist.txt", "musiconhold.conf.example",
    }  # fmt: skip
    assert (dest / "phone/messages-mulaw-wav/01-understanding-ketamine-therapy.mulaw.wav").is_file()
    for entry in _entries(index):
        assert len(entry["files"]) == len(FORMATS)
        assert all((dest / f).is_file() for f in entry["files"])


def test_each_format_has_its_rate_channels_and_sample_format(written) -> None:
    dest, index = written
    for entry in _entries(index):
        base = dest / entry["files"][0].rsplit(".", 1)[0]
        frames = {}
        for suffix, expected in ((".wav", (1, 1, 8000, 16)), (".wav16", (1, 1, 16000, 16))):
            assert _fmt_chunk(base.with_name(base.name + suffix)) == expected
            with wave.open(str(base.with_name(base.name + suffix))) as w:
                frames[w.getframerate()] = w.getnframes()
        mulaw = [f for f in entry["files"] if f.endswith(".mulaw.wav")][0]
        assert _fmt_chunk(dest / mulaw) == (7, 1, 8000, 8)
        size = {s: base.with_name(base.name + s).stat().st_size for s in FORMATS_SUFFIXES}
        assert size[".ulaw"] == size[".alaw"] == frames[8000]
        assert size[".sln"] == 2 * frames[8000]
        assert size[".sln16"] == 2 * frames[16000]
        assert abs(frames[16000] / 16 - frames[8000] / 8) <= 2  # the same length, in ms
        assert abs(frames[8000] / 8 - entry["duration_ms"]) <= 1


FORMATS_SUFFIXES = (".ulaw", ".alaw", ".sln", ".sln16")


def test_a_raw_ulaw_file_round_trips_through_ffmpeg(written) -> None:
    dest, index = written
    entry = index["messages"][1]
    ulaw = dest / next(f for f in entry["files"] if f.endswith(".ulaw"))
    back = decode(run(["-f", "mulaw", "-ar", "8000", "-ac", "1", "-i", str(ulaw), "-f", "wav",
                       "pipe:1"]))  # fmt: skip
    assert back.frame_rate == 8000
    assert abs(len(back) - entry["duration_ms"]) <= 1
    pcm = _decoded(dest / next(f for f in entry["files"] if f.endswith("-you.wav")))
    a = np.array(back.get_array_of_samples(), dtype=float)
    b = np.array(pcm.get_array_of_samples(), dtype=float)
    assert np.sqrt(np.mean((a - b) ** 2)) < 0.02 * np.sqrt(np.mean(b**2))  # µ-law's own error


def test_durations_are_the_chapters_with_pauses_capped(written, timeline: Timeline) -> None:
    dest, index = written
    messages = split_messages(timeline, "understanding-ketamine-therapy", "T", None)
    for message, entry in zip(messages, _entries(index), strict=True):
        expected = _expected_ms(message.spans) + GAP_S * 1000
        for path in (f for f in entry["files"] if not f.endswith(".mulaw.wav")):
            assert abs(len(_decoded(dest / path)) - expected) <= 50, path
    # the 36 s pause after the second chapter's last item is cut to the edge
    chapter = timeline.chapters[1]
    assert messages[1].speech_ms < chapter.end_ms - chapter.start_ms - 30000


def test_no_pause_is_longer_than_1_5_s_and_the_edges_are_short(written) -> None:
    dest, index = written
    for entry in _entries(index):
        for path in (f for f in entry["files"] if f.endswith((".wav", ".ulaw", ".wav16"))):
            audio = _decoded(dest / path)
            length = len(audio) / 1000
            runs = _silences(audio)
            lead = next((b for a, b in runs if a == 0), 0.0)
            tail = next((b - a for a, b in runs if abs(b - length) < 0.002), 0.0)
            inner = [b - a for a, b in runs if a > 0 and abs(b - length) >= 0.002]
            assert lead <= 0.3, path
            assert tail <= 0.3 + GAP_S, path
            assert tail >= GAP_S, path
            assert max(inner, default=0) <= MAX_PAUSE_MS / 1000, path
    assert any(e["8khz"]["longest_pause_s"] > 1.0 for e in _entries(index))  # pauses do get capped


def test_loudness_and_true_peak_are_measured_within_targets(written) -> None:
    dest, index = written
    for entry in _entries(index):
        for path in (f for f in entry["files"] if f.endswith((".wav", ".ulaw", ".wav16"))):
            wav = dest.parent / f"measured-{Path(path).name}.wav"
            _decoded(dest / path).export(wav, format="wav")
            loudness = measure(wav)
            assert abs(loudness.integrated_lufs - -19.0) <= 1.0, (path, loudness)
            assert loudness.true_peak_dbtp <= -3.0, (path, loudness)
        assert abs(entry["8khz"]["loudness_lufs"] - -19.0) <= 0.5


def test_max_message_splits_a_chapter_between_sentences(
    edition: EditionContext, timeline: Timeline, tmp_path: Path
) -> None:
    messages = split_messages(timeline, "slug", "T", 8000)
    names = [m.name for m in messages if m.chapter == 2]
    assert names == [
        "02a-choosing-whats-right-for-you",
        "02b-choosing-whats-right-for-you",
    ]
    cue_edges = {t.start_ms for t in timeline.cues}
    for message in (m for m in messages if m.chapter == 2):
        first_sound = message.spans[0][0] + EDGE_MS
        assert first_sound in cue_edges  # each part starts at a sentence
    # the heading stays with the 16 s sentence after it, which is longer than the limit
    second = [m for m in messages if m.chapter == 2]
    assert second[0].spans[0][0] + EDGE_MS == timeline.cues[4].start_ms
    assert second[1].spans[0][0] + EDGE_MS == timeline.cues[6].start_ms
    assert [m.part for m in second] == [1, 2]
    others = [m for m in messages if m.group == "messages" and m.chapter != 2]
    assert all(m.speech_ms <= 8000 for m in others)
    assert [m.name[:3] for m in others] == ["01a", "01b", "03-"]
    index = json.loads(
        PhoneWriter()
        .write(_phone(edition, formats=("wav",), max_message_s=8.0), tmp_path)
        .read_text()
    )
    assert [m["name"] for m in index["messages"]] == [m.name for m in messages[:-1]]
    assert sorted(p.name for p in (tmp_path / "phone/messages").iterdir()) == [
        f"{m.name}.wav" for m in messages[:-1]
    ]


def test_a_music_bed_plays_about_duck_db_under_the_voice(
    edition: EditionContext, tmp_path: Path
) -> None:
    music = tmp_path / "music.wav"
    bed = Sine(1000, sample_rate=44100).to_audio_segment(3000, volume=-6).set_channels(2)
    bed.export(music, format="wav")  # shorter than a message: it must loop
    index = json.loads(
        PhoneWriter()
        .write(_phone(edition, formats=("wav",), music=music, gap_s=1.0), tmp_path)
        .read_text()
    )
    entry = index["messages"][2]
    audio = _decoded(tmp_path / entry["files"][0])
    x = np.array(audio.get_array_of_samples(), dtype=float)

    def rms_db(a_ms: int, b_ms: int) -> float:
        part = x[a_ms * 8 : b_ms * 8]
        return 20 * np.log10(np.sqrt(np.mean(part**2)))

    end = len(audio)
    music_only = rms_db(end - 900, end - 100)  # inside the 1 s gap
    voice = rms_db(EDGE_MS + 300, EDGE_MS + 1800)  # the heading's tone
    assert abs((voice - music_only) - 18.0) <= 2.5
    assert dominant_hz(audio[end - 900 : end - 100]) == pytest.approx(1000, abs=20)
    assert not _silences(audio)  # the bed fills every pause
    assert abs(entry["8khz"]["loudness_lufs"] - -19.0) <= 0.5


def test_the_writer_asks_for_its_hold_intro_to_be_spoken_only_when_given() -> None:
    def asks(**options) -> tuple[SpokenExtra, ...]:
        return PhoneWriter().extra_speech(EditionOptions(writer_options=PhoneOptions(**options)))

    assert asks() == ()
    assert asks(hold_intro_text="Thank you for holding.") == (
        SpokenExtra("hold-intro", "Thank you for holding."),
    )


@pytest.mark.parametrize("given", ["spoken by the run's engine", "a sound of the user's"])
def test_the_hold_intro_starts_every_message(
    edition: EditionContext, timeline: Timeline, tmp_path: Path, given: str
) -> None:
    intro = tmp_path / "intro.wav"
    pad = AudioSegment.silent(200, frame_rate=22050)
    (pad + Sine(2000, sample_rate=22050).to_audio_segment(800, volume=-10) + pad).export(
        intro, format="wav"
    )
    if given == "a sound of the user's":
        context = _phone(edition, formats=("wav", "wav16"), hold_intro_wav=intro)
    else:  # what the pipeline hands the writer for its extra_speech
        context = _phone(edition, formats=("wav", "wav16"), hold_intro_text="Hello.")
        context = replace(context, spoken={"hold-intro": intro})
    index = json.loads(PhoneWriter().write(context, tmp_path).read_text())
    messages = split_messages(timeline, edition.slug, "T", None)
    for message, entry in zip(messages, _entries(index), strict=True):
        for path in entry["files"]:
            audio = _decoded(tmp_path / path)
            assert dominant_hz(audio[EDGE_MS + 50 : EDGE_MS + 750]) == pytest.approx(2000, abs=20)
            assert abs(len(audio) - _expected_ms(message.spans, intro_ms=800)) <= 50
            runs = _silences(audio)
            assert next((b for a, b in runs if a == 0), 0.0) <= 0.3


def test_playlist_and_asterisk_examples_list_the_messages_in_order(written) -> None:
    dest, index = written
    playlist = (dest / "phone/playlist.txt").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in playlist if not line.startswith("#")]
    assert [r[0] for r in rows] == [f"{e['group']}/{e['name']}" for e in _entries(index)]
    for row, entry in zip(rows, _entries(index), strict=True):
        minutes, seconds = row[1].split(":")
        assert abs(int(minutes) * 60 + float(seconds) - entry["duration_ms"] / 1000) <= 0.05
    assert rows[0][2] == "Understanding Ketamine Therapy"
    assert rows[-1][2] == "Understanding Ketamine Therapy"
    conf = (dest / "phone/musiconhold.conf.example").read_text(encoding="utf-8")
    for line in ("mode=files", "sort=alpha", "mode=playlist", "announcement="):
        assert line in conf
    assert "directory=/var/lib/asterisk/moh/understanding-ketamine-therapy/messages" in conf
    entries = [line[6:] for line in conf.splitlines() if line.startswith("entry=")]
    assert [Path(e).name for e in entries] == [m["name"] for m in index["messages"]]


def test_unknown_formats_and_stale_messages(edition: EditionContext, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="unknown phone format 'gsm'; choose from: wav"):
        PhoneWriter().write(_phone(edition, formats=("gsm",)), tmp_path)
    stale = tmp_path / "phone/messages/09-old-chapter.wav"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"RIFF")
    PhoneWriter().write(_phone(edition, formats=("ulaw",)), tmp_path)
    assert not stale.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert {p.suffix for p in (tmp_path / "phone/messages").iterdir()} == {".ulaw"}
