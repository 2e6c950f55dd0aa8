"""Every use of another project's private API, in one place, pinned in pyproject.toml and
checked by tests/test_compat.py so an upgrade that breaks one fails loudly there.

- mutagen: `ID3._write` (overridden) and `mutagen.id3._tags.save_frame`, to keep CHAP frames in
  the order they were added.
- gTTS: `gTTS._tokenize`, the pieces (one request each) gTTS would send for a text.
"""

from __future__ import annotations

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
