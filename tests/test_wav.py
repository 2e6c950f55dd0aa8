"""The clip cache's WAV files: the same bytes `wave` writes, read back alike."""

import io
import wave

import pytest
from pydub import AudioSegment

from narrate.cache import ClipCache
from narrate.wav import mono16_wav_bytes, wav_duration_ms, wav_rate


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
