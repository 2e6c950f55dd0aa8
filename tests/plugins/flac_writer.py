"""A toy audio format, FLAC: one module and one registry line (`@register`) make it an audio
format narrate masters, encodes in its render pass, writes, lists in the manifest and offers
to --format."""

from __future__ import annotations

import os
from pathlib import Path

from narrate.ffmpeg import run
from narrate.model import AudioNeed
from narrate.writers.base import EditionContext, Writer, register


@register
class FlacWriter(Writer):
    """`<slug>.flac`: the mastered programme, lossless."""

    format = "flac"
    extension = ".flac"
    is_audio = True

    def audio(self, edition: EditionContext) -> AudioNeed:
        rate = edition.profile.sample_rate
        options = ("-ac", "1", "-ar", str(rate), "-c:a", "flac", "-f", "flac")
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
