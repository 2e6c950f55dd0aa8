"""The clip cache's WAV files: the same bytes `wave` writes, read back alike."""

import io
import wave

import pytest
from pydub import AudioSegment

from narrate.cache import ClipCache
from narrate.wav import mono16_wav_bytes, mono16_writer, wav_duration_ms, wav_rate


def wave_module_bytes(pcm: bytes, rate: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)
    return buffer.getvalue()


@pytest.mark.parametrize("rate", [8000, 22050, 24000, 44100])
@pytest.mark.parametrize("frames", [0, 1, 2205, 12345])
def test_mono16_wav_bytes_equal_what_wave_writes(rate, frames):
    pcm = bytes((i * 7) % 256 for i in range(frames * 2))
    assert mono16_wav_bytes(pcm, rate) == wave_module_bytes(pcm, rate)


def test_a_stored_clip_reads_back_with_its_rate_length_and_samples(tmp_path):
    tone = AudioSegment(data=bytes(range(256)) * 441, sample_width=2, frame_rate=22050, channels=1)
    path = ClipCache(tmp_path).put("k" * 64, tone)
    assert wav_rate(path) == 22050
    assert wav_duration_ms(path) == round(len(tone.raw_data) / 2 * 1000 / 22050)
    with wave.open(str(path), "rb") as wav:
        assert wav.readframes(wav.getnframes()) == tone.raw_data


def test_a_stereo_clip_is_stored_as_mono(tmp_path):
    stereo = AudioSegment.silent(duration=100, frame_rate=16000).set_channels(2)
    path = ClipCache(tmp_path).put("s" * 64, stereo)
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 16000)


def test_a_wav_written_piece_by_piece_reads_back(tmp_path):
    with mono16_writer(tmp_path / "p.wav", 8000) as out:
        out.writeframes(b"\1\0" * 800)
        out.writeframes(b"\2\0" * 800)
    assert (wav_rate(tmp_path / "p.wav"), wav_duration_ms(tmp_path / "p.wav")) == (8000, 200)


def test_ctrl_c_before_the_header_is_set_stays_a_ctrl_c(tmp_path, monkeypatch):
    def interrupted(self, width):
        raise KeyboardInterrupt

    monkeypatch.setattr(wave.Wave_write, "setsampwidth", interrupted)
    with pytest.raises(KeyboardInterrupt) as stop:
        with mono16_writer(tmp_path / "p.wav", 8000):
            pass
    assert stop.value.__context__ is None
