"""`<slug>.script.json`: what the voice was given to say, cue by cue, with its times: the
spoken form of every cue (numbers, times and units written out, lexicon entries applied,
announcements such as "Section 2 of 4:" and the synthetic-voice notice included), beside the
display text it came from. `narrate check` compares what it hears with this, not with the
transcript, which shows lines (a byline) that are never spoken.

Written and read back by this one module: `load_spoken_script` checks the schema and each
field, so the check never indexes a dict by string keys.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from narrate.errors import NarrateError
from narrate.writers.base import EditionContext, register
from narrate.writers.text import TextWriter

SCHEMA = 1
KINDS = ("title", "heading", "sentence", "notice")


class SpokenScriptError(NarrateError):
    """A script file that cannot be read back: unreadable, of a newer schema, a field amiss."""


@dataclass(frozen=True)
class SpokenCue:
    """One cue as spoken: its kind, chapter (index into the edition's chapters), the display
    text, the text the voice was given, and where it sounds in the programme (ms)."""

    kind: str
    chapter: int
    display: str
    spoken: str
    start_ms: int
    end_ms: int


def spoken_cues(edition: EditionContext) -> tuple[SpokenCue, ...]:
    """The edition's timed cues as the voice said them."""
    return tuple(
        SpokenCue(t.cue.kind, t.cue.chapter, t.cue.display, t.cue.spoken, t.start_ms, t.end_ms)
        for t in edition.timeline.cues
    )


def render_spoken_script(edition: EditionContext) -> str:
    data = {
        "schema": SCHEMA,
        "language": edition.script.language,
        "cues": [asdict(cue) for cue in spoken_cues(edition)],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def load_spoken_script(path: Path) -> tuple[SpokenCue, ...]:
    """The cues of the script file at `path`; SpokenScriptError naming the file and field."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SpokenScriptError(f"{path}: cannot be read ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cues"), list):
        raise SpokenScriptError(f"{path}: not a narrate script (no list of cues)")
    schema = data.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA:
        raise SpokenScriptError(f"{path}: schema {schema!r}; this narrate reads {SCHEMA}")
    return tuple(_cue(path, n, item) for n, item in enumerate(data["cues"]))


def _cue(path: Path, n: int, item: Any) -> SpokenCue:
    types = {"kind": str, "chapter": int, "display": str, "spoken": str, "start_ms": int,
             "end_ms": int}  # fmt: skip
    if not isinstance(item, dict):
        raise SpokenScriptError(f"{path}: cues[{n}] is not an object")
    for name, kind in types.items():
        value = item.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise SpokenScriptError(f"{path}: cues[{n}].{name} is missing or not {kind.__name__}")
    if item["kind"] not in KINDS or item["chapter"] < 0:
        raise SpokenScriptError(f"{path}: cues[{n}] has kind {item['kind']!r}, chapter "
                                f"{item['chapter']}")  # fmt: skip
    return SpokenCue(**{name: item[name] for name in types})


@register
class SpokenScriptWriter(TextWriter):
    """`<slug>.script.json`: the spoken script, timed (what `narrate check` compares with)."""

    format = "script"
    extension = ".script.json"
    media_type = "application/json"

    def render(self, edition: EditionContext) -> str:
        return render_spoken_script(edition)
