"""pydub's AudioSegment, imported without its warning that no ffmpeg is on PATH, and WAV
read without `AudioSegment.from_wav`.

narrate only reads and writes WAV through pydub (ffmpeg, from imageio-ffmpeg, does the rest,
see narrate/ffmpeg.py), so the warning would only mislead; it is silenced for this import alone.
`from_wav` wraps its WAV parser in a bare `except:`, so a Ctrl-C or SIGTERM landing there was
swallowed and pydub went on to ask ffprobe (which narrate does not have) about the file: a
stopped build said "ffprobe: No such file or directory". `read_wav` parses the same way with
nothing around it.
"""

import warnings
from pathlib import Path

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Couldn't find ffmpeg", category=RuntimeWarning)
    from pydub import AudioSegment
    from pydub.silence import detect_leading_silence

__all__ = ["AudioSegment", "detect_leading_silence", "read_wav"]


def read_wav(source: Path | bytes) -> AudioSegment:
    """The WAV file at `source` (or WAV bytes) as audio; an interrupt while it is read stays
    an interrupt. Raises pydub's CouldntDecodeError for bytes that are not WAV."""
    return AudioSegment(data=source if isinstance(source, bytes) else source.read_bytes())
