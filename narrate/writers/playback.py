"""The last check before an edition is published: its audio decodes, end to end, to the
length the manifest and the chapters claim (within 50 ms)."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from narrate.errors import NarrateError, OutputError
from narrate.ffmpeg import PIPE_BYTES, ffmpeg_exe
from narrate.writers.base import WRITERS

TOLERANCE_MS = 50
CHECK_RATE = 8000  # decoding to a low rate is enough to count the length, and fast


def decoded_ms(path: Path) -> int:
    """How long `path` plays, from decoding all of it (NarrateError if it does not decode).

    The decoded samples are counted as they stream out of ffmpeg, never held: a ten-hour
    book would otherwise be half a gigabyte of PCM in this process."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-xerror",
           "-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(CHECK_RATE),
           "-f", "s16le", "-"]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log) as proc:
            assert proc.stdout is not None  # stdout=PIPE
            size = 0
            while chunk := proc.stdout.read(PIPE_BYTES):
                size += len(chunk)
        if proc.returncode != 0:
            log.seek(0)
            said = log.read().decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise NarrateError(f"ffmpeg failed: {said[0]}")
    return round(size / 2 * 1000 / CHECK_RATE)


def check_playback(folder: Path, files: Mapping[str, str], duration_ms: int) -> None:
    """Raise OutputError unless each whole-programme audio file in `files` (relative to
    `folder`) decodes to `duration_ms`."""
    for name in files:
        if name not in WRITERS or not WRITERS[name].is_audio:  # only what listeners play whole
            continue
        path = folder / files[name]
        try:
            found = decoded_ms(path)
        except NarrateError:
            raise OutputError(
                f"{path.name} does not decode to its end: the encoded audio is damaged; "
                "nothing was published (run again with --no-cache if this repeats)"
            ) from None
        if abs(found - duration_ms) > TOLERANCE_MS:
            raise OutputError(
                f"{path.name} plays {found / 1000:.2f} s where the programme is "
                f"{duration_ms / 1000:.2f} s; nothing was published (run again with "
                "--no-cache if this repeats)"
            )
