"""Every use of another project's private API, in one place, pinned in pyproject.toml and
checked by tests/test_compat.py so an upgrade that breaks one fails loudly there.

- mutagen: `ID3._write` (overridden) and `mutagen.id3._tags.save_frame`, to keep CHAP frames in
  the order they were added.
- gTTS: `gTTS._tokenize`, the pieces (one request each) gTTS would send for a text.
- concurrent.futures (Python 3.11-3.13): `ProcessPoolExecutor._processes`, the worker
  processes, to end them at once on Ctrl-C (3.14's `terminate_workers` does it publicly).
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from mutagen.id3 import ID3, Frame
from mutagen.id3._tags import save_frame  # mutagen's own frame serialiser (not re-exported)
from mutagen.id3._util import ID3SaveConfig


class InOrderID3(ID3):
    """An ID3 tag whose frames are written in the order they were added.

    mutagen sorts frames by size, which shuffles the CHAPs; readers that ignore the CTOC
    (ffmpeg and the players built on it) would then list the chapters out of order.
    The methods narrate calls are restated with types, calling mutagen's by name (which
    mutagen leaves unannotated).
    """

    def __init__(self) -> None:
        ID3.__init__(self)

    def add(self, frame: Frame) -> None:
        ID3.add(self, frame)

    def update_to_v23(self) -> None:
        ID3.update_to_v23(self)

    def _write(self, config: ID3SaveConfig) -> bytes:
        frames: list[Frame] = list(ID3.values(self))
        return b"".join(save_frame(frame, config=config) for frame in frames)


def gtts_pieces(text: str, language: str, tld: str) -> list[str]:
    """The pieces gTTS would send for `text`, each one request of at most 100 characters."""
    from gtts import gTTS  # imported here: gTTS is only needed by the gtts engine

    pieces: list[str] = gTTS(text, lang=language, tld=tld, lang_check=False)._tokenize(text)
    return pieces


def end_pool_processes(executor: ProcessPoolExecutor, timeout_s: float = 5.0) -> None:
    """Shut `executor` down without waiting for the sentences it is speaking: its processes
    are terminated (killed if they do not go within `timeout_s`) and reaped, which fails the
    sentences still queued, then its manager thread is joined, so nothing of it is left for
    the interpreter's exit to trip over. No future of it may have been cancelled from
    outside: on 3.11 its manager thread then fails setting their error."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout_s)
        if process.is_alive():
            process.kill()
            process.join()
    executor.shutdown(wait=True, cancel_futures=True)
