"""A toy writer that needs a line spoken beside the programme: one module and one registry line
(`@register`), and its `extra_speech` has the run's engine say the greeting, as the phone
edition's hold intro is said, with no change to the pipeline. It writes that line alone as
`<slug>.greeting.wav`, a file --format may name."""

from __future__ import annotations

import shutil
from pathlib import Path

from narrate.writers.base import EditionContext, EditionOptions, SpokenExtra, Writer, register

GREETING = "Welcome to the clinic."


@register
class GreetingWriter(Writer):
    """`<slug>.greeting.wav`: the greeting, as the run's engine says it."""

    format = "greeting"
    extension = ".greeting.wav"
    reads_programme = False
    on_request = True

    def extra_speech(self, options: EditionOptions) -> tuple[SpokenExtra, ...]:
        return (SpokenExtra("greeting", GREETING),)

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        dest = dest_dir / self.filename(edition)
        shutil.copyfile(edition.spoken["greeting"], dest)
        return dest
