"""What a command says while it works and when it is done: the synthesis progress bar, counts."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from narrate.model import Cue


class Progress:
    """A progress bar on stderr, counting clips, showing the chapter being spoken."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: ProgressBar[Cue] | None = None

    def update(self, done: int, total: int, cue: Cue) -> None:
        if self.quiet:
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label="synthesizing",
                file=sys.stderr,
                show_pos=True,
                item_show_func=_chapter,
            )
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos, current_item=cue)

    def close(self) -> None:
        """End this article's bar; the next update starts a new one."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _chapter(cue: Cue | None) -> str:
    return f"chapter {cue.chapter + 1}" if cue else ""
