"""The build's stages: one list, built from the options, in the flow's order."""

from __future__ import annotations

import narrate
from narrate import pipeline


def _names(**options) -> list[str]:
    return [stage.__name__ for stage in pipeline.stages(narrate.BuildOptions(**options).settings())]


def test_a_podcast_is_synthesized_mastered_written_and_published() -> None:
    assert _names(profile="podcast") == [
        "synthesize_and_assemble", "edition_context", "master_programme", "write_files", "publish",
    ]  # fmt: skip


def test_a_phone_edition_is_not_mastered_and_speaks_its_hold_intro_only_when_given() -> None:
    assert _names(profile="phone") == [
        "synthesize_and_assemble", "edition_context", "write_files", "publish",
    ]  # fmt: skip
    hold = {"phone": {"hold_intro_text": "Thank you for holding."}}
    assert _names(profile="phone", writer_settings=hold) == [
        "synthesize_and_assemble", "edition_context", "speak_extras", "write_files", "publish",
    ]  # fmt: skip
