"""The review before synthesis: the chapter outline and the spoken script, each changed place
with the rule or lexicon entry behind it (what `narrate script --diff` prints), from narrate.api."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from narrate import api
from narrate.model import Article, Cue, Script
from narrate.serve.config import ServeConfig
from narrate.serve.jobs import Job
from narrate.serve.library import Library
from narrate.speech.explain import Change, explain_cue
from narrate.speech.lexicon import load_lexicon

_CACHE_SIZE = 8
LIBRARY_LEXICON = "the library's narrate.toml"  # said instead of the server's path to it


@dataclass(frozen=True)
class Piece:
    """A run of written text; `change` is set when the spoken text differs there."""

    text: str
    change: Change | None = None


@dataclass(frozen=True)
class CueView:
    cue: Cue
    pieces: tuple[Piece, ...]
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class ChapterView:
    index: int
    title: str
    cues: tuple[CueView, ...]


@dataclass(frozen=True)
class Review:
    article: Article
    script: Script
    chapters: tuple[ChapterView, ...]

    @property
    def changed(self) -> int:
        return sum(1 for chapter in self.chapters for view in chapter.cues if view.changes)

    def with_word(self, written: str) -> list[CueView]:
        """The sentences whose written text has `written` as a whole word."""
        word = re.compile(rf"(?<!\w){re.escape(written)}(?!\w)")
        return [view for c in self.chapters for view in c.cues if word.search(view.cue.display)]

    def cue(self, cue_id: str) -> Cue | None:
        return next((c for c in self.script.cues if c.id == cue_id), None)


def read_options(job: Job, config: ServeConfig, library: Library) -> api.BuildOptions:
    """The options a review of `job` reads with: its first profile's, the library's lexicon."""
    from narrate.serve.worker import build_options

    return build_options(job, job.profiles[0], config, library)


class Reviews:
    """Reviews of recent jobs, kept while the library's lexicon is unchanged (a URL article is
    fetched once per review, not once per sentence heard)."""

    def __init__(self, config: ServeConfig, library: Library):
        self.config, self.library = config, library
        self._kept: dict[tuple[str, str | None, int], Review] = {}
        self._lock = threading.Lock()

    def of(self, job: Job) -> Review:
        lexicon = self.library.lexicon
        stamp = lexicon.stat().st_mtime_ns if lexicon.is_file() else 0
        key = (job.id, job.title, stamp)
        with self._lock:
            if key in self._kept:
                return self._kept[key]
        review = make_review(read_options(job, self.config, self.library), job.source)
        with self._lock:
            while len(self._kept) >= _CACHE_SIZE:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = review
        return review


def make_review(options: api.BuildOptions, source: str) -> Review:
    article, script = api.plan(source, options)
    why = api.explainer(article, options)
    chapters = []
    for index, spec in enumerate(script.chapters):
        views = []
        for cue in script.chapter_cues(index):
            changes = tuple(
                _without_paths(change, options.lexicon)
                for change in explain_cue(cue, why(cue.display))
            )
            views.append(CueView(cue, pieces(cue.display, changes), changes))
        chapters.append(ChapterView(index, spec.title, tuple(views)))
    return Review(article, script, tuple(chapters))


def _without_paths(change: Change, lexicon: Path | None) -> Change:
    """The change with no server path in its reasons: the library's lexicon by that name,
    any other file by its own name (a page never shows where the server keeps things)."""

    def shown(reason: str) -> str:
        if lexicon is not None and reason == str(lexicon):
            return LIBRARY_LEXICON
        return PurePath(reason).name if PurePath(reason).is_absolute() else reason

    return replace(change, reasons=tuple(shown(reason) for reason in change.reasons))


def pieces(display: str, changes: tuple[Change, ...]) -> tuple[Piece, ...]:
    """`display` cut into plain runs and changed spans (found in order, left to right)."""
    out: list[Piece] = []
    at = 0
    for change in changes:
        if not change.before:
            continue
        found = display.find(change.before, at)
        if found < 0:
            continue
        if found > at:
            out.append(Piece(display[at:found]))
        out.append(Piece(change.before, change))
        at = found + len(change.before)
    if at < len(display):
        out.append(Piece(display[at:]))
    return tuple(out)


def pronunciations(library: Library) -> list[tuple[str, str]]:
    """The library lexicon's entries (written, spoken), in file order; none when it is absent
    or unreadable."""
    if not library.lexicon.is_file():
        return []
    try:
        return list(load_lexicon(library.lexicon).entries)
    except Exception:  # a damaged lexicon is reported when a review or build reads it
        return []
