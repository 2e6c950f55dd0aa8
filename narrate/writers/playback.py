"""The last check before an edition is published: each whole-programme audio file is sound
and plays for the length the manifest and the chapters claim (within 50 ms), found in
milliseconds rather than by decoding it all (which takes minutes for a book).

An MP3 is checked by walking its frames (narrate.mp3_frames: every header valid, none cut
off, their count and the audio's CRC as its Info frame gives them); an M4B or other container
by the length its own header gives (mutagen), and the last few seconds decoded, which a file
cut short or damaged at its end fails. A file mutagen cannot read is decoded whole.
"""

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
TAIL_S = 3  # how much of a container's end is decoded


class _Damaged(Exception):
    """The audio file is not sound; the message says how."""


def decoded_ms(path: Path, *, last_s: float | None = None) -> int:
    """How long `path` plays, from decoding all of it (or only its last `last_s` seconds);
    NarrateError if it does not decode.

    The decoded samples are counted as they stream out of ffmpeg, never held: a ten-hour
    book would otherwise be half a gigabyte of PCM in this process."""
    tail = ["-sseof", f"-{last_s}"] if last_s else []
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-xerror", *tail,
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


def played_ms(path: Path) -> int:
    """How long `path` plays, from its frames (MP3) or its container; _Damaged if it is not
    sound."""
    if path.suffix.lower() == ".mp3":
        from narrate.mp3_frames import Mp3Damaged, mp3_length

        try:
            return mp3_length(path).ms
        except Mp3Damaged as damage:
            raise _Damaged(str(damage)) from None
    import mutagen

    try:
        found = mutagen.File(path)
    except mutagen.MutagenError as error:
        raise _Damaged(f"its container is damaged ({error})") from None
    try:
        if found is None or not found.info.length:  # not a container mutagen knows
            return decoded_ms(path)
        tail_ms = decoded_ms(path, last_s=TAIL_S)
    except NarrateError as error:
        raise _Damaged(str(error)) from None
    length_ms = round(float(found.info.length) * 1000)
    if tail_ms < min(TAIL_S * 1000, length_ms) - TOLERANCE_MS:
        raise _Damaged(f"its last {TAIL_S} s play only {tail_ms} ms")
    return length_ms


def check_playback(folder: Path, files: Mapping[str, str], duration_ms: int) -> None:
    """Raise OutputError unless each whole-programme audio file in `files` (relative to
    `folder`) is sound and plays for `duration_ms`."""
    for name in files:
        if name not in WRITERS or not WRITERS[name].is_audio:  # only what listeners play whole
            continue
        path = folder / files[name]
        try:
            found = played_ms(path)
        except _Damaged as damage:
            raise OutputError(
                f"{path.name} does not play to its end ({damage}): the encoded audio is "
                "damaged; nothing was published (run again with --no-cache if this repeats)"
            ) from None
        if abs(found - duration_ms) > TOLERANCE_MS:
            raise OutputError(
                f"{path.name} plays {found / 1000:.2f} s where the programme is "
                f"{duration_ms / 1000:.2f} s; nothing was published (run again with "
                "--no-cache if this repeats)"
            )
