"""pydub's AudioSegment, imported without its warning that no ffmpeg is on PATH.

narrate only reads and writes WAV through pydub (ffmpeg, from imageio-ffmpeg, does the rest,
see narrate/ffmpeg.py), so the warning would only mislead; it is silenced for this import alone.
"""

import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Couldn't find ffmpeg", category=RuntimeWarning)
    from pydub import AudioSegment
    from pydub.silence import detect_leading_silence

__all__ = ["AudioSegment", "detect_leading_silence"]
