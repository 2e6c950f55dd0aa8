"""The pip-installed ffmpeg binary (imageio-ffmpeg): decoding, encoding, metadata read-back.

That build has no ffprobe, so decoding always goes through ffmpeg to WAV, never pydub's probe.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO

from narrate._pydub import AudioSegment, read_wav
from narrate.errors import NarrateError

NO_SPACE = "No space left on device"
PIPE_BYTES = 1 << 20  # about 24 s of 22.05 kHz mono 16-bit audio


@dataclass(frozen=True)
class Output:
    """One more file an ffmpeg run writes: where, the options before it (codec, rate...), and
    the rate of its audio (None: not said)."""

    path: Path
    options: tuple[str, ...]
    sample_rate: int | None = None


@cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary shipped by imageio-ffmpeg (pydub, which narrate only asks to
    read and write WAV, never needs it)."""
    import imageio_ffmpeg

    exe: str = imageio_ffmpeg.get_ffmpeg_exe()  # untyped package: a path as text
    return exe


def run(args: list[str], stdin: bytes | None = None) -> bytes:
    """Run ffmpeg quietly with `args`; return stdout or raise NarrateError with its last words."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *args]
    proc = subprocess.run(cmd, input=stdin, capture_output=True)
    if proc.returncode != 0:
        raise _failure(proc.stderr.decode("utf-8", "replace"))
    return proc.stdout


def run_for_log(args: list[str], stdin: bytes | None = None) -> str:
    """Run ffmpeg with `args` at log level info and return its log (where filters such as
    ebur128 and silencedetect print their results); NarrateError with its last words."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", *args]
    proc = subprocess.run(cmd, input=stdin, capture_output=True)
    log = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise _failure(log)
    return log


def _failure(log: str) -> NarrateError:
    """The error for a failed ffmpeg run: its last words."""
    if NO_SPACE in log:  # said on an earlier line than the last ("Conversion failed!")
        return NarrateError(f"ffmpeg failed: {NO_SPACE}")
    last = log.strip().splitlines()[-1:] or ["?"]
    return NarrateError(f"ffmpeg failed: {last[0]}")


class LoggedRun:
    """ffmpeg running in the background with `args`, reading stdin (`write`) and logging at
    level info to a temporary file; `log()` waits for it and returns the log.

    The stdin pipe holds up to a megabyte where the system allows (Linux), so a writer hands
    over a few seconds of audio at once and goes on while ffmpeg works, instead of waiting
    for it every 64 kB.
    """

    def __init__(self, args: list[str]):
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostats", "-loglevel", "info", *args]
        self._log = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log
            )
        except BaseException:
            self._log.close()
            raise
        assert self._proc.stdin is not None  # stdin=PIPE
        self._stdin: IO[bytes] = self._proc.stdin
        _widen_pipe(self._stdin)

    def write(self, data: bytes) -> None:
        """Feed `data` to ffmpeg's stdin; OSError (a broken pipe) when ffmpeg has stopped."""
        self._stdin.write(data)

    def log(self) -> str:
        """Close stdin, wait for ffmpeg, and return its log; NarrateError if it failed."""
        try:
            self._stdin.close()
        except OSError:  # it stopped early: its log says why
            pass
        status = self._proc.wait()
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace")
        self._log.close()
        if status != 0:
            raise _failure(text)
        return text

    def stop(self) -> None:
        """End ffmpeg now if it still runs (its result is not wanted)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        for stream in (self._stdin, self._log):
            try:
                stream.close()
            except OSError:
                pass


def _widen_pipe(pipe: IO[bytes], size: int = PIPE_BYTES) -> None:
    """Ask for a pipe buffer of `size` bytes (Linux's F_SETPIPE_SZ); elsewhere, or if refused,
    the pipe keeps its default size."""
    if sys.platform != "linux":
        return
    import fcntl

    try:
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, size)
    except OSError:  # above /proc/sys/fs/pipe-max-size
        pass


def decode(source: Path | bytes, sample_rate: int | None = None) -> AudioSegment:
    """Decode a file or in-memory bytes of any format ffmpeg reads to mono 16-bit audio."""
    rate = ["-ar", str(sample_rate)] if sample_rate else []
    if isinstance(source, bytes):
        wav = run(["-i", "pipe:0", "-ac", "1", *rate, "-f", "wav", "pipe:1"], stdin=source)
    else:
        wav = run(["-i", str(source), "-ac", "1", *rate, "-f", "wav", "pipe:1"])
    return read_wav(_fix_streamed_wav_sizes(wav))


def _fix_streamed_wav_sizes(wav: bytes) -> bytes:
    """ffmpeg cannot seek back in a pipe, so it leaves the RIFF/data sizes unset; set them."""
    data_at = wav.find(b"data", 12)
    if wav[:4] != b"RIFF" or data_at < 0:
        return wav
    fixed = bytearray(wav)
    fixed[4:8] = (len(wav) - 8).to_bytes(4, "little")
    fixed[data_at + 4 : data_at + 8] = (len(wav) - data_at - 8).to_bytes(4, "little")
    return bytes(fixed)


def metadata(path: Path) -> str:
    """The file's tags and chapters as ffmpeg sees them (ffmetadata text).

    `-copyts` keeps chapter times as stored; otherwise ffmpeg shifts them by the encoder delay.
    """
    return run(["-copyts", "-i", str(path), "-f", "ffmetadata", "-"]).decode("utf-8")
