"""The manifest's `entry` record (the followed feed's entry an edition narrates): written,
read back checked, and used by the podcast feed for the episode's guid, link and date."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from narrate.feed import _guid
from narrate.manifest import ManifestError, dumps, parse
from narrate.model import FeedEntry

ENTRY = FeedEntry("https://clinic.example/feed", "post-7", "https://clinic.example/7",
                  "Seven", "Dr Ada", "2026-11-02T09:00:00Z")  # fmt: skip
MANIFEST = {"schema": 1, "title": "Seven", "source": {"path": "https://clinic.example/7",
            "sha256": "ab" * 32}, "created": "2026-12-01T00:00:00Z", "duration_ms": 1000,
            "files": {}, "chapters": []}  # fmt: skip


def test_the_entry_goes_out_and_comes_back():
    manifest = parse({**MANIFEST, "entry": {**ENTRY.__dict__}}, Path("/e/seven/manifest.json"))
    assert manifest.entry == ENTRY
    assert manifest.published_at.isoformat() == "2026-11-02T09:00:00+00:00"
    again = parse(json.loads(dumps(manifest)), Path("/e/seven/manifest.json"))
    assert again.entry == ENTRY


def test_the_guid_follows_the_entry_not_the_text():
    manifest = parse({**MANIFEST, "entry": {**ENTRY.__dict__}}, Path("/e/seven/manifest.json"))
    edited = replace(manifest, source=replace(manifest.source, sha256="cd" * 32))
    assert _guid(edited) == _guid(manifest) != f"narrate:{'ab' * 32}"
    other = replace(manifest, entry=replace(ENTRY, id="post-8"))
    assert _guid(other) != _guid(manifest)


@pytest.mark.parametrize(
    ("entry", "field"),
    [("yes", "entry"), ({"feed": "f", "id": "i"}, "entry.link"),
     ({"feed": "f", "id": 7, "link": "l"}, "entry.id"),
     ({"feed": "f", "id": "i", "link": "l", "published": "last week"}, "entry.published")],
)  # fmt: skip
def test_a_bad_entry_record_names_its_field(entry, field):
    with pytest.raises(ManifestError) as error:
        parse({**MANIFEST, "entry": entry}, Path("/e/seven/manifest.json"))
    assert error.value.field == field
