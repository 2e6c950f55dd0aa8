"""The catalogue of Piper's voices: the index shipped with narrate (data/piper-voices.json), or
the copy `narrate voices --refresh` fetched into the voices folder, read into typed values."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from narrate.errors import BadOption
from narrate.voices.folder import voices_dir

INDEX_NAME = "voices.json"  # the index's name in the voices repository and in the voices folder
QUALITIES = ("medium", "high", "low", "x_low")  # the order a voice is suggested in


# A voice's name, and each file's name, becomes a folder or file name here: letters, digits,
# "_", "-" and "." only, not starting with "." (so never "..", "/", "\\" or an absolute path).
SAFE_NAME = re.compile(r"[^\W_][\w.-]{0,127}")  # \w: any language's letters (pt_PT-tugão)


def check_name(name: str, what: str = "voice name") -> str:
    """`name` if it is safe as a file name in the voices folder; else BadOption saying so."""
    if not SAFE_NAME.fullmatch(name) or ".." in name:
        raise BadOption(f"{name!r} is not a {what} (letters, digits, _ - and . only)")
    return name


def _checked_path(path: str) -> str:
    """A file's path in the voices repository: relative, "/"-separated, no "." or ".." part,
    its last part a safe file name; ValueError otherwise (from a hostile or broken index)."""
    parts = path.split("/")
    if any(part in ("", ".", "..") or "\\" in part for part in parts) or not SAFE_NAME.fullmatch(
        parts[-1]
    ):
        raise ValueError(f"unsafe file path {path!r}")
    return path


@dataclass(frozen=True)
class VoiceFile:
    """One file of a voice: its path in the voices repository, its size and MD5 digest."""

    path: str
    size: int
    md5: str

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class CatalogueVoice:
    """A voice of Piper's index: its name (e.g. es_MX-claude-high), language, quality,
    speakers (name → id; empty for a single-speaker voice) and files."""

    name: str
    language: str  # the index's code, e.g. es_MX
    language_name: str  # e.g. Spanish (Mexico)
    quality: str
    speakers: tuple[tuple[str, int], ...]
    files: tuple[VoiceFile, ...]

    @property
    def family(self) -> str:
        return self.language.split("_")[0].lower()

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)

    def speaks(self, language: str) -> bool:
        """True when this voice speaks `language` (es, es-MX, es_MX: a region must match)."""
        family, region = split_language(language)
        own_region = self.language.partition("_")[2].upper()
        return self.family == family and (region is None or region == own_region)

    def to_entry(self) -> dict[str, Any]:
        """The voice as an index entry (kept beside an installed voice)."""
        family, _, region = self.language.partition("_")
        return {
            "key": self.name,
            "language": {"code": self.language, "family": family, "region": region,
                         "name_english": self.language_name},
            "quality": self.quality,
            "num_speakers": max(1, len(self.speakers)),
            "speaker_id_map": dict(self.speakers),
            "files": {f.path: {"size_bytes": f.size, "md5_digest": f.md5} for f in self.files},
        }  # fmt: skip


def split_language(tag: str) -> tuple[str, str | None]:
    """A language tag (es, es-MX, es_mx) as its family and region (upper case), if any."""
    family, _, region = tag.replace("-", "_").partition("_")
    return family.lower(), (region.upper() or None)


def parse_entry(name: str, entry: Any) -> CatalogueVoice:
    """One index entry as a CatalogueVoice; ValueError saying what is wrong with it."""
    try:
        language = entry["language"]
        key = str(entry.get("key", name))
        if key != name or not SAFE_NAME.fullmatch(name) or ".." in name:
            raise ValueError(f"unsafe or mismatched voice name (key {key!r})")
        files = tuple(
            VoiceFile(
                _checked_path(str(path)), int(about["size_bytes"]), str(about["md5_digest"]).lower()
            )
            for path, about in entry["files"].items()
        )
        english = str(language.get("name_english", language["code"]))
        country = language.get("country_english")
        return CatalogueVoice(
            name=name,
            language=str(language["code"]),
            language_name=f"{english} ({country})" if country else english,
            quality=str(entry["quality"]),
            speakers=tuple(sorted(
                ((str(k), int(v)) for k, v in (entry.get("speaker_id_map") or {}).items()),
                key=lambda speaker: speaker[1],
            )),
            files=files,
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"voice {name!r}: {type(error).__name__} {error}") from None


def parse_index(data: bytes, source: str) -> dict[str, CatalogueVoice]:
    """A voices index (voices.json) as its voices by name; BadOption naming `source` when it
    is not one."""
    try:
        raw = json.loads(data)
        if not isinstance(raw, dict) or not raw:
            raise ValueError("not a JSON object of voices")
        voices = {name: parse_entry(name, entry) for name, entry in raw.items()}
    except ValueError as error:  # JSONDecodeError is one
        raise BadOption(f"{source}: not a Piper voices index ({error})") from None
    for voice in voices.values():
        if not any(f.name == f"{voice.name}.onnx" for f in voice.files):
            raise BadOption(f"{source}: voice {voice.name!r} has no {voice.name}.onnx file")
    return voices


def refreshed_index() -> Path:
    """Where `narrate voices --refresh` keeps the current index (used instead of the shipped)."""
    return voices_dir() / INDEX_NAME


def load_catalogue() -> dict[str, CatalogueVoice]:
    """The voices of the refreshed index if there is one, else of the shipped snapshot."""
    refreshed = refreshed_index()
    if refreshed.is_file():
        return _parsed(str(refreshed), refreshed.stat().st_mtime_ns)
    return _shipped()


@cache
def _parsed(path: str, mtime_ns: int) -> dict[str, CatalogueVoice]:
    return parse_index(Path(path).read_bytes(), path)


@cache
def _shipped() -> dict[str, CatalogueVoice]:
    data = resources.files("narrate.voices").joinpath("data/piper-voices.json").read_bytes()
    return parse_index(data, "narrate's voices index")


def catalogue_voices(language: str | None = None) -> list[CatalogueVoice]:
    """The catalogue's voices (of `language`, e.g. es or es-MX, when given), by name."""
    voices = sorted(load_catalogue().values(), key=lambda voice: voice.name)
    return [v for v in voices if language is None or v.speaks(language)]


def find_voice(name: str) -> CatalogueVoice:
    """The catalogue's voice called `name`, or BadOption naming similar ones."""
    voices = load_catalogue()
    if name in voices:
        return voices[name]
    import difflib

    close = difflib.get_close_matches(name, list(voices), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `narrate voices --all`"
    raise BadOption(f"{name!r} is not a voice of Piper's catalogue{hint}")


def suggested_voice(language: str) -> CatalogueVoice | None:
    """The catalogue voice to suggest for `language`: of its region when it has one, else of
    any region; single-speaker, by quality (medium first), then by name."""
    family, region = split_language(language)
    for tag in ([f"{family}_{region}"] if region else []) + [family]:
        found = catalogue_voices(tag)
        if found:
            return min(found, key=lambda v: (len(v.speakers) > 1, QUALITIES.index(v.quality)
                                            if v.quality in QUALITIES else 9, v.name))  # fmt: skip
    return None
