"""`TextWriter`: the base of every writer whose output is one UTF-8 text file."""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path

from narrate.fs import atomic_write_text
from narrate.writers.base import EditionContext, Writer


class TextWriter(Writer):
    """A writer of one text file made from the edition's timeline and text, never its audio:
    subclasses say what the file holds in `render`; writing it atomically is done here."""

    reads_programme = False

    @abstractmethod
    def render(self, edition: EditionContext) -> str:
        """The file's text."""

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        return atomic_write_text(dest_dir / self.filename(edition), self.render(edition))
