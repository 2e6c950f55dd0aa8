"""narrate: turn a written article into accessible, chaptered audio with a transcript."""

import warnings

# pydub warns at import when no ffmpeg is on PATH; narrate points it at imageio-ffmpeg's binary.
warnings.filterwarnings("ignore", message="Couldn't find ffmpeg", category=RuntimeWarning)

__version__ = "0.1.0"
