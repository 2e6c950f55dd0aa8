"""The library folder: editions by profile (`<library>/<profile>/<slug>/`; the CLI puts profiles
side by side instead, `OUT/<slug>/`, `OUT/<slug>.accessible/`), the pronunciations
(`narrate.toml`), the feed's settings, and the server's own state (`.narrate-serve/`: the job
queue and the articles given as text)."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from narrate.errors import NarrateError
from narrate.fs import atomic_write_text
from narrate.manifest import FILENAME as MANIFEST
from narrate.manifest import Manifest, ManifestError, load
from narrate.profiles import PROFILES
from narrate.slug import slugify
from narrate.speech.lexicon import DEFAULT_FILE as LEXICON
from narrate.textclean import clean_option
from narrate.writers.cover import CoverError, check_cover

FEED_SETTINGS = "feed-settings.json"


@dataclass(frozen=True)
class FeedSettings:
    """What `narrate feed` is told, kept in the library; `public`: the feed and its audio are
    served without the token, so podcast apps on the network can subscribe."""

    title: str = ""
    author: str = ""
    email: str = ""
    image: str = ""
    category: str = ""
    description: str = ""
    base_url: str = ""
    public: bool = False


class Library:
    """Paths in one library folder, and the editions in it."""

    def __init__(self, root: Path):
        self.root = root
        self.state = root / ".narrate-serve"
        self.sources = self.state / "sources"
        self.sources.mkdir(parents=True, exist_ok=True)

    @property
    def lexicon(self) -> Path:
        """The library's pronunciations, used by every build and review."""
        return self.root / LEXICON

    def profile_dir(self, profile: str) -> Path:
        return self.root / profile

    def save_source(self, job_id: str, data: bytes, suffix: str, name: str | None) -> Path:
        """An article given as text or a file, kept as `<job id>/<slug of its name>.<suffix>`
        (the reader's title when the article has none): a user's file name reaches the file
        system only as a slug."""
        folder = self.sources / job_id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{slugify(name or '', fallback='pasted-article')}.{suffix}"
        path.write_bytes(data)
        return path

    def remove_source(self, job_id: str) -> None:
        shutil.rmtree(self.sources / job_id, ignore_errors=True)

    def manifest(self, folder: str) -> Manifest | None:
        """The checked manifest of an edition folder (relative to the library), if sound."""
        path = self.inside(f"{folder}/{MANIFEST}")
        try:
            return load(path) if path else None
        except ManifestError:
            return None

    def inside(self, relative: str) -> Path | None:
        """`relative` as a path in the library when it resolves (links followed) inside it and
        outside the server's state; None otherwise (also for a name no file can have)."""
        if not _plain_name(relative):
            return None
        try:
            path = (self.root / relative).resolve()
        except (OSError, ValueError):
            return None
        if not path.is_relative_to(self.root) or path.is_relative_to(self.state):
            return None
        return path

    def edition_file(self, relative: str, *, profile: str | None = None) -> Path | None:
        """The file `relative` names, when, resolved, it is a regular file in an edition (in
        `<library>/<profile>/`, of `profile` when given) and no part of its path is hidden
        (the state folder, a staged edition, an upload being checked); None otherwise."""
        path = self.inside(relative)
        if path is None:
            return None
        parts = path.relative_to(self.root).parts
        if len(parts) < 2 or any(part.startswith(".") for part in parts):
            return None
        if parts[0] not in (PROFILES if profile is None else (profile,)):
            return None
        try:
            return path if stat.S_ISREG(path.stat().st_mode) else None
        except (OSError, ValueError):
            return None

    def zip_of(self, folders: list[str], name: str) -> Path:
        """A temporary zip of edition folders (each under its profile's name), of their
        regular files only: a link inside an edition is never followed. The caller deletes it."""
        handle, path = tempfile.mkstemp(prefix="narrate-", suffix=".zip")
        with open(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zipped:
            for folder in folders:
                base = self.inside(folder)
                if base is None or not base.is_dir() or base.parent.parent != self.root:
                    continue  # an edition folder is <library>/<profile>/<slug>
                for file in _regular_files(base):
                    zipped.write(file, f"{name}/{folder}/{file.relative_to(base)}")
        return Path(path)

    def remove_edition(self, folder: str) -> None:
        path = self.inside(folder)
        if path and path.is_dir() and path.parent.parent == self.root:
            shutil.rmtree(path)

    def save_cover(self, data: bytes) -> str:
        """An uploaded cover, checked as a build checks --cover (PNG or JPEG, square, at least
        1400 px), kept as `podcast/cover.png` or `.jpg`; its name under the feed's base URL."""
        folder = self.profile_dir("podcast")
        folder.mkdir(exist_ok=True)
        staged = folder / ".cover-upload"
        staged.write_bytes(data)
        try:
            cover = check_cover(staged)
        except CoverError as error:
            staged.unlink()
            raise CoverError(str(error).replace(f"cover {staged}", "the uploaded cover")) from None
        name = "cover.png" if cover.mime == "image/png" else "cover.jpg"
        staged.replace(folder / name)
        return name

    def feed_settings(self) -> FeedSettings:
        """The saved settings; a value that would not be accepted now is left out."""
        try:
            data = json.loads((self.root / FEED_SETTINGS).read_text(encoding="utf-8"))
            settings = FeedSettings(
                **{k: v for k, v in data.items() if k in FeedSettings.__annotations__}
            )
        except (OSError, ValueError, TypeError):
            return FeedSettings()
        for name in LINKS:
            if feed_link_problem(name, getattr(settings, name)):
                settings = FeedSettings(**{**asdict(settings), name: ""})
        return settings

    def save_feed_settings(self, settings: FeedSettings) -> None:
        """Keep `settings`, or a LibraryError naming the field that cannot go in a feed."""
        cleaned = {
            key: value if isinstance(value, bool) else (clean_option(value, key) or "")
            for key, value in asdict(settings).items()
        }
        for name in LINKS:
            if problem := feed_link_problem(name, str(cleaned[name])):
                raise LibraryError(problem)
        atomic_write_text(self.root / FEED_SETTINGS, json.dumps(cleaned, indent=2) + "\n")


LINKS = {"image": "cover image", "base_url": "base URL"}  # the settings that become links
_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*")


class LibraryError(NarrateError):
    """A setting the library cannot keep (said in one line)."""


def feed_link_problem(name: str, value: str) -> str | None:
    """Why a feed setting that becomes a link is refused: only an http(s) address (or, for the
    cover, a file name under the base URL) may go in a podcast feed; None when it may."""
    if not value:
        return None
    what = LINKS[name]
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is not None and parts.scheme in ("http", "https") and parts.hostname:
        if not any(c.isspace() or ord(c) < 32 or c == "\\" for c in value):
            return None
    elif name == "image" and _FILE_NAME.fullmatch(value) and ".." not in value.split("/"):
        return None
    allowed = "an http:// or https:// address" + (" or a file name" if name == "image" else "")
    return f"{what} {value[:80]!r}: give {allowed}"


def _plain_name(relative: str) -> bool:
    """False for what no path in the library may hold: NUL and other control characters,
    backslashes, lone surrogates, and names longer than any file system allows."""
    return (
        len(relative.encode("utf-8", "surrogatepass")) <= 4096
        and not any(ord(c) < 32 or c == "\\" or "\ud800" <= c <= "\udfff" for c in relative)
        and all(len(part.encode("utf-8", "surrogatepass")) <= 255 for part in relative.split("/"))
    )


def _regular_files(base: Path) -> list[Path]:
    """The regular files under `base`, sorted, without following any link."""
    found = []
    for folder, _, names in os.walk(base, followlinks=False):
        for name in names:
            path = Path(folder) / name
            if stat.S_ISREG(path.lstat().st_mode):
                found.append(path)
    return sorted(found)
