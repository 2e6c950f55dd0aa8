"""Writers: each turns the timed programme into one file of the edition.

Every writer registers itself under its `format` in `WRITERS` when its module is imported:
below, or on demand (`base.ON_DEMAND`: the accessible edition's, which need lxml). Call one as
`writer_for("mp3").write(edition, dest_dir)`, which returns the path written, or
`write_edition(edition, dest_dir)` for every format of the profile and the manifest;
`all_formats()` names them all. What the writers of an edition need from the pipeline beyond
the programme they declare: `audio_needs` (audio mastering encodes for them) and `extra_speech`
(lines the run's engine says for them).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from narrate.manifest import Manifest
from narrate.model import AudioNeed
from narrate.writers import (  # each registers itself; the accessible edition's on demand
    captions,
    chapters_json,
    epub,
    m4b,
    mp3,
    phone,
    split,
    spoken_script,
    transcript,
)
from narrate.writers.base import (
    PROGRAMME,
    WRITERS,
    EditionContext,
    EditionOptions,
    SpokenExtra,
    Writer,
    all_formats,
    audio_formats,
    check_writer_settings,
    format_choices,
    option_writers,
    register,
    with_own_options,
    writer_flags,
    writer_for,
)
from narrate.writers.cover import check_cover
from narrate.writers.manifest import build_manifest, write_manifest
from narrate.writers.mp3 import Tags
from narrate.writers.playback import check_playback

__all__ = [
    "MANIFEST",
    "WRITERS",
    "all_formats",
    "audio_formats",
    "EditionContext",
    "EditionOptions",
    "SpokenExtra",
    "check_cover",
    "check_playback",
    "check_writer_settings",
    "format_choices",
    "option_writers",
    "Tags",
    "Writer",
    "captions",
    "chapters_json",
    "audio_needs",
    "epub",
    "extra_speech",
    "m4b",
    "mp3",
    "phone",
    "need_programme",
    "register",
    "split",
    "spoken_script",
    "transcript",
    "with_own_options",
    "write_edition",
    "writer_flags",
    "writer_for",
]

MANIFEST = "manifest.json"
log = logging.getLogger(__name__)


def audio_needs(edition: EditionContext, formats: Sequence[str]) -> dict[str, AudioNeed]:
    """By writer format, the encoded audio the writers of `formats` ask mastering for."""
    needs = {name: writer_for(name).audio(edition) for name in formats}
    return {name: need for name, need in needs.items() if isinstance(need, AudioNeed)}


def extra_speech(options: EditionOptions, formats: Sequence[str]) -> tuple[SpokenExtra, ...]:
    """The lines the writers of `formats` need said beside the programme, each name once."""
    found: dict[str, SpokenExtra] = {}
    for name in formats:
        for extra in writer_for(name).extra_speech(options):
            if found.setdefault(extra.name, extra) != extra:
                raise ValueError(f"two writers ask for different lines named {extra.name!r}")
    return tuple(found.values())


def need_programme(edition: EditionContext, formats: Sequence[str]) -> bool:
    """Whether a writer of `formats` reads the mastered WAV itself."""
    return any(writer_for(name).audio(edition) == PROGRAMME for name in formats)


def write_edition(
    edition: EditionContext,
    dest_dir: Path,
    *,
    formats: Sequence[str] | None = None,
    loudness: Mapping[str, Any] | None = None,
) -> Manifest:
    """Write each format (default: the profile's) into `dest_dir`, then `manifest.json`."""
    names = formats if formats is not None else edition.profile.formats
    chosen = {name: writer_for(name) for name in names}  # an unknown one fails first
    files, records = {}, {}
    for name, writer in chosen.items():
        written = writer.write_recorded(edition, dest_dir)
        files[name] = written.path
        if written.record is not None:
            records[name] = written.record
        log.debug("wrote %s", written.path)
    manifest = build_manifest(edition, files, dest_dir, loudness=loudness, records=records)
    write_manifest(dest_dir / MANIFEST, manifest)
    return manifest
