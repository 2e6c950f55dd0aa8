"""The deterministic Piper build of each example article is the same as when the fixtures were
recorded (scripts/record_regression.py): chapters, caption timings, loudness, decoded samples."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from scripts.record_regression import CASES, EXAMPLES, build_and_record, fixture_path
from tests.conftest import speaking

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rebuilt(piper_clips) -> dict[tuple[str, str], dict]:
    """Every case rebuilt once (two builds at a time: each is mostly one core), its clips from
    the run's Piper cache when another file spoke them first: the same bytes, deterministic."""

    def rebuild(case: tuple[str, str]) -> dict:
        with speaking(piper_clips, EXAMPLES / case[0]):
            return build_and_record(*case, cache=piper_clips)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(CASES, pool.map(rebuild, CASES), strict=True))


@pytest.mark.parametrize(("article", "profile"), CASES, ids=[f"{a}-{p}" for a, p in CASES])
def test_edition_matches_recorded_fixture(rebuilt, article, profile):
    expected = json.loads(fixture_path(article, profile).read_text(encoding="utf-8"))
    got = rebuilt[(article, profile)]
    for field in ("title", "profile", "files", "chapters", "duration_ms", "cues", "loudness"):
        assert got[field] == expected[field], field
    assert got["audio_pcm_sha256"] == expected["audio_pcm_sha256"]
