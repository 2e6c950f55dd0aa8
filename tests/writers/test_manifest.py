"""manifest.json: the edition's record, with file paths relative to its folder."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

import narrate
from narrate.errors import OutputError
from narrate.manifest import SCHEMA, load
from narrate.model import Timeline
from narrate.writers import EditionContext, all_formats, write_edition, writer_for
from narrate.writers.manifest import build_manifest, write_manifest


@pytest.fixture(scope="module")
def files(edition: EditionContext, edition_dir: Path) -> dict[str, Path]:
    return {name: writer_for(name).write(edition, edition_dir) for name in all_formats()}


def test_manifest_records_the_edition(
    edition: EditionContext, edition_dir: Path, files: dict[str, Path], timeline: Timeline
) -> None:
    when = datetime(2024, 5, 1, 14, 30, 5, 123456, tzinfo=UTC)
    manifest = build_manifest(edition, files, edition_dir, created=when)
    path = write_manifest(edition_dir / "manifest.json", manifest)
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert load(path) == manifest  # written and read back by one module, typed both ways
    assert loaded["narrate_version"] == narrate.__version__
    assert loaded["schema"] == SCHEMA
    assert loaded["source"] == {
        "path": "articles/ketamine.md",
        "sha256": "ab" * 32,
        "location": str(Path("articles/ketamine.md").resolve()),
    }
    read_back = load(path)  # the one reader of manifests takes what the writer wrote
    assert (read_back.title, read_back.duration_ms) == (loaded["title"], loaded["duration_ms"])
    assert read_back.path_of("mp3") == edition_dir / loaded["files"]["mp3"]
    assert (loaded["title"], loaded["author"], loaded["language"]) == (
        "Understanding Ketamine Therapy",
        "By Jane Doe",
        "en",
    )
    assert list(loaded["engine"]) == ["name", "version", "voice", "language", "speed"]
    assert loaded["engine"] == {
        "name": "tone",
        "version": "1.0",
        "voice": "sine",
        "language": "en",
        "speed": "1.0",
    }
    assert loaded["profile"] == "podcast"
    assert loaded["duration_ms"] == timeline.duration_ms
    assert loaded["chapters"][1] == {
        "title": "Choosing What’s Right for You",
        "start_ms": timeline.chapters[1].start_ms,
        "end_ms": timeline.chapters[1].end_ms,
    }
    assert loaded["created"] == "2024-05-01T14:30:05Z"
    assert loaded["files"]["mp3"] == "understanding-ketamine-therapy.mp3"
    for relative in loaded["files"].values():
        assert not Path(relative).is_absolute()
        assert (edition_dir / relative).is_file()
    assert not list(edition_dir.glob(".*.tmp-*"))


def test_created_defaults_to_now_in_utc(
    edition: EditionContext, edition_dir: Path, files: dict[str, Path]
) -> None:
    created = build_manifest(edition, files, edition_dir).created
    stamp = datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 60


def test_a_file_outside_the_edition_is_refused(
    edition: EditionContext, edition_dir: Path, tmp_path: Path
) -> None:
    with pytest.raises(OutputError, match="outside the edition folder"):
        build_manifest(edition, {"mp3": tmp_path / "x.mp3"}, edition_dir)


def test_write_edition_writes_the_profile_formats_and_the_manifest(
    edition: EditionContext, tmp_path: Path
) -> None:
    chosen = replace(edition, profile=replace(edition.profile, formats=("vtt", "chapters_json")))
    manifest = write_edition(chosen, tmp_path)
    assert manifest.files == {
        "vtt": "understanding-ketamine-therapy.vtt",
        "chapters_json": "understanding-ketamine-therapy.chapters.json",
    }
    assert load(tmp_path / "manifest.json") == manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*manifest.files.values(), "manifest.json"]
    )


def test_write_edition_checks_formats_before_writing(
    edition: EditionContext, tmp_path: Path
) -> None:
    bad = replace(edition, profile=replace(edition.profile, formats=("vtt", "ogg")))
    with pytest.raises(OutputError, match="unknown output format 'ogg'"):
        write_edition(bad, tmp_path)
    assert not list(tmp_path.iterdir())
