"""Every use of another project's private API, in one place, pinned in pyproject.toml and
checked by tests/test_compat.py so an upgrade that breaks one fails loudly there.

- mutagen: `ID3._write` (overridden) and `mutagen.id3._tags.save_frame`, to keep CHAP frames in
  the order they were added.
- gTTS: `gTTS._tokenize`, the pieces (one request each) gTTS would send for a text.
"""

from __future__ import annotations

from mutagen.id3 import ID3
from mutagen.id3._tags import save_frame  # mutagen's own frame serialiser (not re-exported)


class InOrderID3(ID3):
    """An ID3 tag whose frames are written in the order they were added.

    mutagen sorts frames by size, which shuffles the CHAPs; readers that ignore the CTOC
    (ffmpeg and the players built on it) would then list the chapters out of order.
    """

    def _write(self, config) -> bytes:
        return b"".join(save_frame(frame, config=config) for frame in self.values())


def gtts_pieces(text: str, language: str, tld: str) -> list[str]:
    """The pieces gTTS would send for `text`, each one request of at most 100 characters."""
    from gtts import gTTS  # imported here: gTTS is only needed by the gtts engine

    return gTTS(text, lang=language, tld=tld, lang_check=False)._tokenize(text)
