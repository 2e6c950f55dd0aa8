"""The spoken script (`<slug>.script.json`): every cue as the voice was given it, timed, read
back checked field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrate.writers import EditionContext, writer_for
from narrate.writers.spoken_script import SpokenScriptError, load_spoken_script


def test_it_holds_each_cue_as_spoken_with_its_times(
    edition: EditionContext, tmp_path: Path
) -> None:
    path = writer_for("script").write(edition, tmp_path)
    assert path.name == f"{edition.slug}.script.json"
    cues = load_spoken_script(path)
    timed = edition.timeline.cues
    assert [(c.kind, c.chapter, c.display, c.spoken, c.start_ms, c.end_ms) for c in cues] == [
        (t.cue.kind, t.cue.chapter, t.cue.display, t.cue.spoken, t.start_ms, t.end_ms)
        for t in timed
    ]
    assert any(c.display != c.spoken for c in cues)  # the fixture has written-out text
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", "cannot be read"),
        ('{"schema": 1}', "no list of cues"),
        ('{"schema": 9, "cues": []}', "schema 9"),
        ('{"schema": 1, "cues": [3]}', r"cues\[0\] is not an object"),
        ('{"schema": 1, "cues": [{"kind": "title"}]}', r"cues\[0\].chapter is missing"),
        ('{"schema": 1, "cues": [{"kind": "song", "chapter": 0, "display": "a", "spoken": "a",'
         ' "start_ms": 0, "end_ms": 1}]}', "kind 'song'"),
        ('{"schema": 1, "cues": [{"kind": "title", "chapter": 0, "display": "a", "spoken": "a",'
         ' "start_ms": true, "end_ms": 1}]}', "start_ms is missing or not int"),
    ],
)
def test_a_damaged_script_names_the_file_and_field(tmp_path: Path, text: str, problem: str):
    path = tmp_path / "a.script.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpokenScriptError, match=problem):
        load_spoken_script(path)
