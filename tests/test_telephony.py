"""Telephone DSP: band limits, levelling and G.711, each measured on the rendered audio."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from narrate.errors import OutputError
from narrate.ffmpeg import run
from narrate.loudness import measure
from narrate.telephony import (
    FORMATS,
    NARROWBAND,
    WIDEBAND,
    Band,
    Levels,
    Measured,
    band_filter,
    encode,
    master,
    pauses,
    prepare_music,
    prepare_voice,
)

RATE = 22050
LEVELS = Levels(target_lufs=-19.0, true_peak_dbtp=-3.0)


def _write(path: Path, samples: np.ndarray, rate: int = RATE) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    return path


def _read(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16) / 32768
        return data, w.getframerate()


def _noise(seconds: float, level: float = 0.3, seed: int = 1) -> np.ndarray:
    return level * np.random.default_rng(seed).uniform(-1, 1, int(RATE * seconds))


def _speechlike(level: float) -> np.ndarray:
    """Three 'words' of band noise at `level`, with a quiet one, and pauses between."""
    word = _noise(0.6, level)
    gap = np.zeros(int(RATE * 0.3))
    return np.concatenate([gap, word, gap, word / 4, gap, word, gap])


def _energy(path: Path, low_hz: float, high_hz: float) -> float:
    """The power of the file between `low_hz` and `high_hz`, by FFT."""
    x, rate = _read(path)
    power = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(len(x), 1 / rate)
    return float(power[(f >= low_hz) & (f < high_hz)].sum())


def _db(ratio: float) -> float:
    return float(10 * np.log10(ratio))


@pytest.mark.parametrize(
    ("band", "render_rate"),
    [(NARROWBAND, 16000), (WIDEBAND, 32000)],
    ids=["narrowband-at-16k", "wideband-at-32k"],
)
def test_white_noise_leaves_the_band_filter_without_its_top(
    band: Band, render_rate: int, tmp_path: Path
) -> None:
    noise = _write(tmp_path / "noise.wav", _noise(4.0), 44100)
    plain, limited = tmp_path / "plain.wav", tmp_path / "limited.wav"
    for dest, chain in ((plain, ""), (limited, f",{band_filter(band)}")):
        run(["-i", str(noise), "-af", f"aresample={render_rate}{chain}", "-c:a", "pcm_s16le",
             "-y", str(dest)])  # fmt: skip
    inside = _energy(limited, band.low_hz, band.high_hz)
    assert _db(_energy(plain, band.high_hz, 1e6) / _energy(plain, band.low_hz, band.high_hz)) > -3
    assert _db(_energy(limited, band.high_hz, 1e6) / inside) <= -30
    middle = (2 * band.low_hz, band.high_hz - 300)  # the band itself passes untouched
    assert abs(_db(_energy(limited, *middle) / _energy(plain, *middle))) <= 0.5
    if band is NARROWBAND:
        assert _db(_energy(limited, 0, 200) / _energy(plain, 0, 200)) <= -10  # RFC 7874


@pytest.mark.parametrize("level", [0.01, 0.9], ids=["quiet", "loud"])
def test_any_input_level_comes_out_at_the_target_under_the_ceiling(
    level: float, tmp_path: Path
) -> None:
    source = _write(tmp_path / "source.wav", _speechlike(level))
    length_s = len(_speechlike(level)) / RATE
    voice = tmp_path / "voice.wav"
    prepared = prepare_voice(source, voice, NARROWBAND, length_s)
    out = tmp_path / "out.wav"
    reported = master((voice, prepared), out, NARROWBAND, LEVELS, gap_ms=400)
    measured = measure(out)
    assert abs(measured.integrated_lufs - -19.0) <= 1.0
    assert measured.true_peak_dbtp <= -3.0
    assert abs(reported.loudness_lufs - measured.integrated_lufs) <= 0.2
    assert abs(reported.true_peak_dbtp - measured.true_peak_dbtp) <= 0.3
    x, rate = _read(out)
    assert rate == 8000
    assert abs(len(x) / rate - (length_s + 0.4)) <= 0.002  # the FIR adds no tail


def test_gentle_compression_lifts_the_quiet_word(tmp_path: Path) -> None:
    samples = _speechlike(0.3)
    source = _write(tmp_path / "source.wav", samples)
    voice, out = tmp_path / "voice.wav", tmp_path / "out.wav"
    master((voice, prepare_voice(source, voice, NARROWBAND, len(samples) / RATE)), out,
           NARROWBAND, LEVELS)  # fmt: skip
    x, rate = _read(out)

    def rms_db(start_s: float) -> float:
        part = x[int((start_s + 0.15) * rate) : int((start_s + 0.45) * rate)]
        return 20 * np.log10(np.sqrt(np.mean(part**2)))

    loud, quiet = rms_db(0.3), rms_db(1.2)
    assert 6 < loud - quiet < 10.5  # 12 dB apart in the source: closer, still in order


def test_a_silent_message_gets_no_gain(tmp_path: Path) -> None:
    source = _write(tmp_path / "source.wav", np.zeros(RATE))
    voice, out = tmp_path / "voice.wav", tmp_path / "out.wav"
    result = master((voice, prepare_voice(source, voice, NARROWBAND, 1.0)), out, NARROWBAND, LEVELS)
    assert result.loudness_lufs == -70.0
    assert not _read(out)[0].any()


def test_g711_and_raw_formats_are_encoded_as_phone_systems_expect(tmp_path: Path) -> None:
    samples = _speechlike(0.3)
    source = _write(tmp_path / "source.wav", samples)
    voice, mastered = tmp_path / "voice.wav", tmp_path / "master.wav"
    master((voice, prepare_voice(source, voice, NARROWBAND, len(samples) / RATE)), mastered,
           NARROWBAND, LEVELS)  # fmt: skip
    names = ("ulaw", "alaw", "sln", "mulaw-wav")
    outputs = [(FORMATS[n], tmp_path / f"out{FORMATS[n].suffix}") for n in names]
    encode(mastered, outputs)
    frames = len(_read(mastered)[0])
    sizes = {fmt.name: path.stat().st_size for fmt, path in outputs}
    assert sizes["ulaw"] == sizes["alaw"] == frames
    assert sizes["sln"] == 2 * frames
    header = (tmp_path / "out.mulaw.wav").read_bytes()[:44]
    assert header[20:22] == (7).to_bytes(2, "little")  # WAVE_FORMAT_MULAW
    assert int.from_bytes(header[24:28], "little") == 8000
    alaw = run(["-f", "alaw", "-ar", "8000", "-ac", "1", "-i", str(tmp_path / "out.alaw"),
                "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1"])  # fmt: skip
    back = np.frombuffer(alaw, dtype=np.int16) / 32768
    reference = _read(mastered)[0]
    assert len(back) == frames
    assert np.sqrt(np.mean((back - reference) ** 2)) < 0.03 * np.sqrt(np.mean(reference**2))


def test_music_that_ffmpeg_cannot_read_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "music.mp3"
    bad.write_bytes(b"not music")
    with pytest.raises(OutputError, match="cannot use .*music.mp3 as music.*ffmpeg can decode"):
        prepare_music(bad, tmp_path / "bed.wav", NARROWBAND)


def test_pauses_split_silences_into_lead_inside_and_tail() -> None:
    measured = Measured(-19.0, -4.0, ((0.0, 0.12), (2.0, 3.1), (4.0, 4.4), (9.5, 10.0)))
    assert pauses(measured, 10.0) == (0.12, 1.1, 0.5)
    assert pauses(Measured(-19.0, -4.0), 10.0) == (0.0, 0.0, 0.0)
