"""What a command says while it works and when it is done: the synthesis progress, by chapter."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from narrate.model import Cue, Script

TITLE_CHARS = 40  # a chapter's title is cut to this in the bar, so the line fits a terminal


class Progress:
    """Synthesis progress on stderr, naming the chapter being spoken ("chapter 3 of 41:
    Title"): a bar counting clips on a terminal; elsewhere (a log file, a pipe) one line as
    each chapter is reached. `scripts` are the run's articles' scripts in build order, when
    known (a cluster run tells only the chapter's number and heading)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: ProgressBar[str] | None = None
        self.scripts: Sequence[Script] = ()
        self.article = 0  # which of `scripts` is being built
        self.said = -1  # the last chapter a line was written for (not on a terminal)

    def update(self, done: int, total: int, cue: Cue) -> None:
        if self.quiet:
            return
        script = self.scripts[self.article] if self.article < len(self.scripts) else None
        label = chapter_label(cue, script)
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label="synthesizing",
                file=sys.stderr,
                show_pos=True,
                item_show_func=lambda item: item,
            )
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos, current_item=label)
        if not sys.stderr.isatty() and cue.chapter > self.said:
            self.said = cue.chapter
            click.echo(label, err=True)

    def close(self) -> None:
        """End this article's progress; the next update is the next article's."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        self.article += 1
        self.said = -1


def chapter_label(cue: Cue, script: Script | None) -> str:
    """"chapter 3 of 41: Title" for the chapter `cue` is in (its number and section heading
    alone when the script is not known)."""
    number = cue.chapter + 1
    if script is not None and cue.chapter < len(script.chapters):
        title = script.chapters[cue.chapter].title
        return f"chapter {number} of {len(script.chapters)}: {_cut(title)}"
    return f"chapter {number}: {_cut(cue.heading)}" if cue.heading else f"chapter {number}"


def _cut(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"
