# Types for the part of pydub narrate uses (pydub ships none); checked by mypy (mypy_path).
from pydub.audio_segment import AudioSegment as AudioSegment
