"""A toy audio format, FLAC: one module and one registry line (`@register`) make it an audio
format narrate masters, encodes in its render pass, writes, lists in the manifest and offers
to --format; its own option (`FlacOptions.level`) reaches the CLI as --flac-level."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from narrate.ffmpeg import run
from narrate.flags import Flag
from narrate.model import AudioNeed
from narrate.writers.base import EditionContext, Writer, own_options, register


@dataclass(frozen=True)
class FlacOptions:
    """What a FLAC file is asked for: how hard the encoder compresses."""

    level: int = 5


@register
class FlacWriter(Writer):
    """`<slug>.flac`: the mastered programme, lossless."""

    format = "flac"
    extension = ".flac"
    is_audio = True
    Options = FlacOptions
    flags = (Flag("--flac-level", "level", "flac: compression level.", int, 0, 12),)

    def audio(self, edition: EditionContext) -> AudioNeed:
        rate = edition.profile.sample_rate
        level = own_options(edition.options, FlacOptions).level
        options = ("-ac", "1", "-ar", str(rate), "-c:a", "flac", "-compression_level",
                   str(level), "-f", "flac")  # fmt: skip
        return AudioNeed("flac", rate, 1, options)

    def write(self, edition: EditionContext, dest_dir: Path) -> Path:
        dest = dest_dir / self.filename(edition)
        encoded = edition.mastered_audio.get(self.format)
        if encoded:
            os.replace(encoded, dest)
        else:  # a profile that is not mastered
            need = self.audio(edition)
            run(["-i", str(edition.timeline.audio_path), *need.ffmpeg_options, "-y", str(dest)])
        return dest
