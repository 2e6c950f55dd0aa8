"""The library folder: editions by profile (`<library>/<profile>/<slug>/`; the CLI puts profiles
side by side instead, `OUT/<slug>/`, `OUT/<slug>.accessible/`), the pronunciations
(`narrate.toml`), the feed's settings, and the server's own state (`.narrate-serve/`: the job
queue and the articles given as text)."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from narrate.fs import atomic_write_text
from narrate.manifest import FILENAME as MANIFEST
from narrate.manifest import Manifest, ManifestError, load
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
        outside the server's state; None otherwise."""
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root) or path.is_relative_to(self.state.resolve()):
            return None
        return path

    def zip_of(self, folders: list[str], name: str) -> Path:
        """A temporary zip of edition folders (each under its profile's name); the caller
        deletes it."""
        handle, path = tempfile.mkstemp(prefix="narrate-", suffix=".zip")
        with open(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zipped:
            for folder in folders:
                base = self.inside(folder)
                if base is None or not base.is_dir():
                    continue
                for file in sorted(base.rglob("*")):
                    if file.is_file():
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
        try:
            data = json.loads((self.root / FEED_SETTINGS).read_text(encoding="utf-8"))
            return FeedSettings(
                **{k: v for k, v in data.items() if k in FeedSettings.__annotations__}
            )
        except (OSError, ValueError, TypeError):
            return FeedSettings()

    def save_feed_settings(self, settings: FeedSettings) -> None:
        cleaned = {
            key: value if isinstance(value, bool) else (clean_option(value, key) or "")
            for key, value in asdict(settings).items()
        }
        atomic_write_text(self.root / FEED_SETTINGS, json.dumps(cleaned, indent=2) + "\n")
