"""The voices downloaded here: one folder per voice in the voices folder, holding the model,
its config, its MODEL_CARD and its index entry (voice.json). A folder appears only complete
(download.py renames it into place), so a voice found here is whole; its files are still
checked by size before use."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from narrate.errors import BadOption
from narrate.voices.catalogue import CatalogueVoice, check_name, parse_entry, split_language
from narrate.voices.folder import voices_dir

ENTRY_NAME = "voice.json"  # the voice's index entry, kept beside its files
PARTIAL = ".partial"  # downloads under way or interrupted, never used


@dataclass(frozen=True)
class InstalledVoice:
    """A downloaded voice: its catalogue entry and its folder."""

    voice: CatalogueVoice
    folder: Path

    @property
    def name(self) -> str:
        return self.voice.name

    @property
    def model(self) -> Path:
        return self.folder / f"{self.name}.onnx"

    @property
    def config(self) -> Path:
        return self.folder / f"{self.name}.onnx.json"

    def problem(self) -> str | None:
        """Why this voice cannot be used (a file missing or of the wrong size), or None."""
        for file in self.voice.files:
            path = self.folder / file.name
            if not path.is_file():
                return f"{path} is missing"
            if path.stat().st_size != file.size:
                return f"{path} has {path.stat().st_size} bytes, not {file.size}"
        return None


def installed_voice(name: str) -> InstalledVoice | None:
    """The downloaded voice called `name`, or None."""
    if not name or name.startswith(".") or "/" in name or "\\" in name:
        return None
    folder = voices_dir() / name
    try:
        entry = json.loads((folder / ENTRY_NAME).read_text(encoding="utf-8"))
        return InstalledVoice(parse_entry(name, entry), folder)
    except (OSError, ValueError):
        return None


def installed_voices(language: str | None = None) -> list[InstalledVoice]:
    """The downloaded voices (speaking `language`, e.g. es or es-MX, when given), by name;
    for a language with a region, those of that region come first."""
    root = voices_dir()
    names = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    found = [v for name in names if (v := installed_voice(name)) is not None]
    if language is None:
        return found
    family, region = split_language(language)
    same = [v for v in found if v.voice.family == family]
    return sorted(same, key=lambda v: region is not None and not v.voice.speaks(language))


@contextmanager
def voice_lock(name: str) -> Iterator[bool]:
    """The voice's lock (a file in the voices folder's .partial/), held while it is added or
    removed: True when this process holds it, False when another one (a download under way in
    the web app or another terminal) does."""
    from narrate.locks import try_lock

    with try_lock(voices_dir() / PARTIAL / f"{name}.lock") as held:
        yield held


def remove_voice(name: str) -> Path:
    """Delete the downloaded voice `name` (and any unfinished download of it); its folder.
    BadOption for a name that is not a voice's (a path, "..", ""): nothing is deleted; and
    while the voice is being added: nothing is deleted under a download."""
    with voice_lock(check_name(name)) as held:
        if not held:
            raise BadOption(f"{name}: a download of this voice is under way; remove it after")
        return _remove(name)


def _remove(name: str) -> Path:
    voice = installed_voice(name)
    partial = voices_dir() / PARTIAL / name
    if voice is None and not partial.is_dir():
        raise BadOption(f"{name!r} is not an installed voice; see `narrate voices`")
    shutil.rmtree(partial, ignore_errors=True)
    if voice is None:
        return partial
    # Renamed away first, so no run finds a voice half deleted.
    doomed = voices_dir() / PARTIAL / f"{name}.removed"
    shutil.rmtree(doomed, ignore_errors=True)
    doomed.parent.mkdir(parents=True, exist_ok=True)
    voice.folder.rename(doomed)
    shutil.rmtree(doomed)
    return voice.folder
