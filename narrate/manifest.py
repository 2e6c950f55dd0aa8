"""`manifest.json`, written and read back by this one module: a frozen `Manifest` goes out as
JSON (`dumps`) and comes back checked field by field (`load`), so the writers, the CLI, the
feed and the publisher never index a dict by string keys.

Version 1 added `schema` and `source.location` (where the article came from, resolved);
a manifest without `schema` is read as version 0, by the same rules. Optional fields added
since (`check`, `disclosure`, `source.text_from`: "ocr" for a scan read with --ocr, `entry`:
the followed feed's entry an edition narrates) keep
version 1: a manifest without them reads as before (the
field None), and an older narrate reads one with them, ignoring what it does not know.
Every file a manifest names must resolve (symbolic links followed) inside its edition folder.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from narrate.errors import NarrateError
from narrate.model import FeedEntry

SCHEMA = 1
FILENAME = "manifest.json"


class ManifestError(NarrateError):
    """A manifest that cannot be trusted: unreadable, of a newer schema, or a field amiss."""

    def __init__(self, path: Path, field: str, problem: str):
        self.path, self.field = path, field
        super().__init__(f"{path}: {field} {problem}")


@dataclass(frozen=True)
class Source:
    """Where the article came from: as given, its hash, and resolved (None before schema 1);
    for a URL, the address it was finally fetched from and when."""

    path: str
    sha256: str
    location: str | None = None
    url: str | None = None
    fetched: str | None = None
    text_from: str | None = None  # "ocr": the text was recognised in pictures of the pages


@dataclass(frozen=True)
class ChapterEntry:
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class CheckRecord:
    """The figures of the last `narrate check` of the edition (check.json has the details)."""

    checked: str  # ISO 8601 UTC
    passed: bool
    heard_share: float
    headings_heard: int
    chapters: int
    faults: int
    model: str


@dataclass(frozen=True)
class Disclosure:
    """The synthetic-voice notice the edition speaks (narrate.disclosure): where ("start" or
    "end"), its words, and the engine and voice that spoke them."""

    position: str
    text: str
    voice: str


@dataclass(frozen=True)
class Manifest:
    """An edition: what it is, what made it and which files it holds (paths relative to
    `folder`, the edition folder). The last five fields are written for people and tools;
    reading them back checks nothing of theirs."""

    folder: Path
    schema: int
    title: str
    description: str
    author: str | None
    language: str
    source: Source
    profile: str
    duration_ms: int
    created: str  # ISO 8601 UTC, e.g. 2026-01-02T03:04:05Z
    files: dict[str, str]
    chapters: tuple[ChapterEntry, ...]
    narrate_version: str = ""
    engine: dict[str, str] = field(default_factory=dict)
    chapter_files: tuple[str, ...] | None = None  # each top-level chapter: its MP3, then its M4B
    loudness: dict[str, Any] | None = None  # what mastering measured
    phone: dict[str, Any] | None = None  # the phone messages' index
    check: CheckRecord | None = None  # what `narrate check` found
    disclosure: Disclosure | None = None  # the spoken synthetic-voice notice; None: none
    entry: FeedEntry | None = None  # the followed feed's entry it narrates (narrate follow)

    def path_of(self, name: str) -> Path:
        """The file the manifest lists as `name`, inside the edition folder."""
        return self.folder / self.files[name]

    @property
    def created_at(self) -> datetime:
        """`created` as an aware time (UTC when the manifest gives no offset)."""
        when = datetime.fromisoformat(self.created.replace("Z", "+00:00"))
        return when if when.tzinfo else when.replace(tzinfo=UTC)

    @property
    def published_at(self) -> datetime:
        """When the article was published: its feed entry's date, else `created_at`."""
        if self.entry and self.entry.published:
            when = datetime.fromisoformat(self.entry.published.replace("Z", "+00:00"))
            return when if when.tzinfo else when.replace(tzinfo=UTC)
        return self.created_at


def source_location(source: str) -> str:
    """An article's source as a location that names it wherever narrate runs from: a URL as
    it is, a file as its resolved path, stdin as "<stdin>"."""
    if source in ("-", "<stdin>") or urlparse(source).scheme in ("http", "https"):
        return source
    return str(Path(source).resolve())


def dumps(manifest: Manifest) -> str:
    """The manifest as indented UTF-8 JSON text, its fields in their documented order."""
    source = {"path": manifest.source.path, "sha256": manifest.source.sha256,
              "location": manifest.source.location}  # fmt: skip
    if manifest.source.fetched:
        source.update(url=manifest.source.url, fetched=manifest.source.fetched)
    if manifest.source.text_from:
        source["text_from"] = manifest.source.text_from
    data: dict[str, Any] = {
        "schema": manifest.schema,
        "narrate_version": manifest.narrate_version,
        "source": source,
        "title": manifest.title,
        "description": manifest.description,
        "author": manifest.author,
        "language": manifest.language,
        "engine": manifest.engine,
        "profile": manifest.profile,
        "duration_ms": manifest.duration_ms,
        "chapters": [asdict(c) for c in manifest.chapters],
        "files": manifest.files,
        "created": manifest.created,
    }
    if manifest.chapter_files is not None:
        data["chapter_files"] = list(manifest.chapter_files)
    if manifest.loudness is not None:
        data["loudness"] = manifest.loudness
    if manifest.phone is not None:
        data["phone"] = manifest.phone
    if manifest.check is not None:
        data["check"] = asdict(manifest.check)
    if manifest.disclosure is not None:
        data["disclosure"] = asdict(manifest.disclosure)
    if manifest.entry is not None:
        data["entry"] = asdict(manifest.entry)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load(path: Path) -> Manifest:
    """Read and check the manifest at `path` (in its edition folder); ManifestError if amiss."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ManifestError(path, "file", f"cannot be read as JSON ({error})") from None
    return parse(data, Path(path))


def parse(data: Any, path: Path) -> Manifest:
    """Check `data` (the JSON of the manifest at `path`) field by field."""
    check = _Checker(path)
    if not isinstance(data, dict):
        raise ManifestError(path, "manifest", f"is a JSON {_kind(data)}, not an object")
    schema = data.get("schema", 0)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 0:
        raise ManifestError(path, "schema", "is not a version number")
    if schema > SCHEMA:
        raise ManifestError(path, "schema", f"{schema} is newer than this narrate ({SCHEMA})")
    folder = path.parent
    source = check.object(data, "source")
    files = check.object(data, "files")
    for name, relative in files.items():
        check.inside(folder, f"files.{name}", relative)
    chapters = data.get("chapters", [])
    if not isinstance(chapters, list):
        raise ManifestError(path, "chapters", "is not a list")
    created = check.string(data, "created")
    try:
        datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        raise ManifestError(path, "created", f"{created!r} is not an ISO 8601 time") from None
    return Manifest(
        folder=folder,
        schema=schema,
        title=check.string(data, "title"),
        description=check.optional_string(data, "description") or "",
        author=check.optional_string(data, "author"),
        language=check.optional_string(data, "language") or "en",
        source=Source(
            path=check.string(source, "source.path", key="path"),
            sha256=check.optional_string(source, "source.sha256", key="sha256") or "",
            location=check.optional_string(source, "source.location", key="location"),
            url=check.optional_string(source, "source.url", key="url"),
            fetched=check.optional_string(source, "source.fetched", key="fetched"),
            text_from=check.optional_string(source, "source.text_from", key="text_from"),
        ),
        profile=check.optional_string(data, "profile") or "podcast",
        duration_ms=check.milliseconds(data, "duration_ms"),
        created=created,
        files=dict(files),
        chapters=tuple(
            ChapterEntry(
                check.string(c, f"chapters[{i}].title", key="title"),
                check.milliseconds(c, f"chapters[{i}].start_ms", key="start_ms"),
                check.milliseconds(c, f"chapters[{i}].end_ms", key="end_ms"),
            )
            for i, c in enumerate(check.each_object(chapters, "chapters"))
        ),
        narrate_version=str(data.get("narrate_version", "")),
        engine=dict(data["engine"]) if isinstance(data.get("engine"), dict) else {},
        chapter_files=_strings(data.get("chapter_files")),
        loudness=data["loudness"] if isinstance(data.get("loudness"), dict) else None,
        phone=data["phone"] if isinstance(data.get("phone"), dict) else None,
        check=_check_record(data.get("check"), path),
        disclosure=_disclosure(data.get("disclosure"), check),
        entry=_entry(data.get("entry"), check),
    )


def _entry(value: Any, check: _Checker) -> FeedEntry | None:
    """The `entry` record: feed, id and link text, the others text or null, a date ISO 8601;
    None when absent."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ManifestError(check.path, "entry", f"is {_kind(value, article=True)}, not an object")
    entry = FeedEntry(
        *(check.string(value, f"entry.{name}", key=name) for name in ("feed", "id", "link")),
        *(check.optional_string(value, f"entry.{name}", key=name)
          for name in ("title", "author", "published")),
    )  # fmt: skip
    if entry.published:
        try:
            datetime.fromisoformat(entry.published.replace("Z", "+00:00"))
        except ValueError:
            problem = f"{entry.published!r} is not an ISO 8601 time"
            raise ManifestError(check.path, "entry.published", problem) from None
    return entry


def _disclosure(value: Any, check: _Checker) -> Disclosure | None:
    """The `disclosure` record, each field text; None when absent."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ManifestError(check.path, "disclosure", f"is {_kind(value, article=True)}, "
                            "not an object")  # fmt: skip
    return Disclosure(*(check.string(value, f"disclosure.{name}", key=name)
                        for name in ("position", "text", "voice")))  # fmt: skip


def _check_record(value: Any, path: Path) -> CheckRecord | None:
    """The `check` record, each field of its declared type; None when absent."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ManifestError(path, "check", f"is {_kind(value, article=True)}, not an object")
    kinds: dict[str, type | tuple[type, ...]] = {
        "str": str, "bool": bool, "float": (int, float), "int": int
    }  # fmt: skip
    for spec in fields(CheckRecord):
        item = value.get(spec.name)
        wanted = kinds[str(spec.type)]  # a name: the module postpones its annotations
        wrong = isinstance(item, bool) and spec.type in ("int", "float")
        if item is None or wrong or not isinstance(item, wanted):
            raise ManifestError(path, f"check.{spec.name}", f"is not {spec.type} as expected")
    return CheckRecord(**{spec.name: value[spec.name] for spec in fields(CheckRecord)})


def _strings(value: Any) -> tuple[str, ...] | None:
    """A list of file names as a tuple; None when absent or not a list of text."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


JSON_KINDS = {bool: "true/false", int: "number", float: "number", str: "text", list: "list",
              dict: "object"}  # fmt: skip


def _kind(value: Any, *, article: bool = False) -> str:
    """What a JSON value is, in words: "a number", "text", "a list"."""
    kind = JSON_KINDS.get(type(value), type(value).__name__)
    return f"a {kind}" if article and kind not in ("text", "true/false") else kind


class _Checker:
    """Field checks that raise ManifestError naming the manifest and the field."""

    def __init__(self, path: Path):
        self.path = path

    def _get(self, data: dict[str, Any], field: str, key: str | None, optional: bool) -> Any:
        key = key or field
        if key not in data or data[key] is None:
            if optional:
                return None
            raise ManifestError(self.path, field, "is missing")
        return data[key]

    def string(self, data: dict[str, Any], field: str, *, key: str | None = None) -> str:
        value = self._get(data, field, key, False)
        if not isinstance(value, str):
            raise ManifestError(self.path, field, f"is {_kind(value, article=True)}, not text")
        return value

    def optional_string(
        self, data: dict[str, Any], field: str, *, key: str | None = None
    ) -> str | None:
        value = self._get(data, field, key, True)
        if value is not None and not isinstance(value, str):
            raise ManifestError(self.path, field, f"is {_kind(value, article=True)}, not text")
        return value

    def milliseconds(self, data: dict[str, Any], field: str, *, key: str | None = None) -> int:
        value = self._get(data, field, key, False)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ManifestError(self.path, field, f"is {_kind(value, article=True)}, not a number")
        if not math.isfinite(value) or value < 0 or value != int(value):
            raise ManifestError(self.path, field, f"{value!r} is not a whole number of ms")
        return int(value)

    def object(self, data: dict[str, Any], field: str) -> dict[str, Any]:
        value = self._get(data, field, None, False)
        if not isinstance(value, dict):
            raise ManifestError(self.path, field, f"is {_kind(value, article=True)}, not an object")
        return value

    def each_object(self, items: list[Any], field: str) -> list[dict[str, Any]]:
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise ManifestError(self.path, f"{field}[{index}]", "is not an object")
        return items

    def inside(self, folder: Path, field: str, relative: Any) -> None:
        """`relative` must be a relative path that resolves inside `folder`."""
        if not isinstance(relative, str) or not relative:
            raise ManifestError(self.path, field, "is not a file name")
        if Path(relative).is_absolute() or "\\" in relative or "\x00" in relative:
            raise ManifestError(self.path, field, f"{relative!r} is not a path in the edition")
        root = folder.resolve()
        target = (folder / relative).resolve()
        if target == root or not target.is_relative_to(root):
            raise ManifestError(
                self.path, field, f"{relative!r} points outside the edition folder {folder}"
            )
