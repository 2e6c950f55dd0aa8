"""The clip cache: content-addressed WAV files, written atomically so a crash leaves none broken."""

from __future__ import annotations

import os
import tempfile
import wave
from pathlib import Path

from platformdirs import user_cache_dir
from pydub import AudioSegment

ENV_VAR = "NARRATE_CACHE_DIR"


def default_cache_dir() -> Path:
    """$NARRATE_CACHE_DIR as given (like --cache-dir), else the platform's cache folder."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else Path(user_cache_dir("narrate")) / "clips"


class ClipCache:
    """WAV clips stored under their cache key; `enabled=False` keeps clips for one run only."""

    def __init__(self, root: Path, enabled: bool = True):
        self._scratch = None if enabled else tempfile.TemporaryDirectory(prefix="narrate-")
        self.root = Path(self._scratch.name) if self._scratch else Path(root)

    def path_for(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def get(self, key: str) -> Path | None:
        """The clip's path when it is cached and complete, else None."""
        path = self.path_for(key)
        return path if path.is_file() else None

    def put(self, key: str, audio: AudioSegment) -> Path:
        """Store `audio` under `key` as 16-bit mono WAV: temp file, then rename."""
        path = self.path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key[:8]}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle, wave.open(handle, "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(audio.frame_rate)
                out.writeframes(audio.set_channels(1).set_sample_width(2).raw_data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def close(self) -> None:
        if self._scratch:
            self._scratch.cleanup()
