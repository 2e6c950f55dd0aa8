"""The check's findings as data: headings at their marks, the share of the words said that is
heard back (in all, by chapter, the sentences heard least), words heard as others with a
lexicon entry that was tried and heard right, and text heard that was never said. Which of
them fail the check is decided here too, and figures are shown so that they agree with it.

What was said is the edition's spoken script when it has one (edition.py): what the recogniser
wrote is then put in narrate's spoken form too (said.py), so "$45" heard is "forty-five
dollars" said.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from narrate.check.align import Token, align_chapters, tokens
from narrate.check.edition import Edition, Sentence
from narrate.check.said import spoken_words
from narrate.check.suggest import WRITTEN_OUT, Attempt, candidates
from narrate.check.transcribe import HeardWord
from narrate.errors import BadOption
from narrate.timefmt import clock

SCHEMA = 2  # 2: the words said and heard as counts, `compared_with`, a mishearing's `note`
# of the heading's words, heard back or heard as others in their place ("Hall of Day" for
# "Holidays" is the heading, said at its mark and misheard, which is listed as such)
HEADING_SHARE = 0.75
HEADING_WINDOW_MS = 3000  # the heading starts this soon after its mark (lead, announcement)
MIN_UNWRITTEN_WORDS = 3  # a shorter unmatched run is the recogniser's noise
LEAST_HEARD = 5
CONTEXT_WORDS = 3  # words said either side of a misheard one, kept when its respelling is tried
# Tries respellings: each attempt with its candidate; whether each was heard right (or a reason
# none could be tried)
Tryout = Callable[[Sequence[tuple[Attempt, str]]], "list[bool] | str"]


def percent(share: float, threshold: float | None = None) -> str:
    """`share` as a percentage rounded down, to as many decimals as `threshold` needs (one at
    least), so the figure shown is under the threshold exactly when the share is: 89.8%, never
    90% for 0.8984."""
    places = max(1, _places(threshold)) if threshold is not None else 1
    shown = math.floor(share * 100 * 10**places + 1e-9) / 10**places
    return f"{shown:.{places}f}%"


def threshold_percent(threshold: float) -> str:
    """A threshold as a percentage, with the decimals it has: 90%, 90.5%."""
    places = _places(threshold)
    return f"{threshold * 100:.{places}f}%"


def _places(threshold: float | None) -> int:
    value = (threshold or 0) * 100
    return next((d for d in range(7) if abs(round(value, d) - value) < 1e-9), 6)


@dataclass(frozen=True)
class Thresholds:
    """What the edition must reach to pass: `min_heard` of all words; every sentence at least
    `min_sentence` (else it counts as dropped); every heading heard at its mark, if asked."""

    min_heard: float = 0.9
    min_sentence: float = 0.5
    require_headings: bool = True

    def __post_init__(self) -> None:
        for name in ("min_heard", "min_sentence"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise BadOption(f"{name} must be a share from 0 to 1, not {value!r}")


@dataclass(frozen=True)
class ChapterFinding:
    title: str
    mark_ms: int
    heading_heard: bool | None  # None: the edition does not speak its headings (--no-announce)
    heading_at_ms: int | None  # where the heading's first word was heard
    heard_share: float


@dataclass(frozen=True)
class SentenceFinding:
    text: str
    chapter: int
    start_ms: int
    heard_share: float
    heard: str  # what was heard over its words


@dataclass(frozen=True)
class Mishearing:
    """A written form heard as something else, each time; `say` is a lexicon entry that was
    synthesized and heard right ("" when there is none), `note` says why there is none."""

    written: str
    heard: tuple[tuple[str, int], ...]  # (heard as, at ms)
    say: str
    note: str = ""


@dataclass(frozen=True)
class Unwritten:
    text: str
    start_ms: int


@dataclass(frozen=True)
class Report:
    folder: str
    profile: str
    model: str
    heard_share: float  # words_heard / words, not rounded
    chapters: tuple[ChapterFinding, ...]
    least_heard: tuple[SentenceFinding, ...]
    mishearings: tuple[Mishearing, ...]
    unwritten: tuple[Unwritten, ...]
    thresholds: Thresholds
    faults: tuple[str, ...] = field(default=())
    words: int = 0  # the words said (as plain tokens: numbers as words)
    words_heard: int = 0
    compared_with: str = "script"  # or "captions" / "transcript": an edition without its script
    schema: int = SCHEMA

    @property
    def passed(self) -> bool:
        return not self.faults

    def as_dict(self) -> dict[str, Any]:
        """The report as check.json holds it (JSON data, as `asdict` gives it)."""
        data = asdict(self)
        data["passed"] = self.passed
        for item in data["mishearings"]:
            item["heard"] = [{"as": text, "at_ms": at} for text, at in item["heard"]]
        return data


def build_report(
    edition: Edition,
    heard: list[HeardWord],
    thresholds: Thresholds,
    model: str,
    tryout: Tryout | None = None,
) -> Report:
    """Compare what was heard with what was said and find the faults; `tryout`, when given,
    hears each respelling before it is offered (none is offered without it)."""
    language = edition.manifest.language.split("-")[0]
    words = [(s, w) for s, sentence in enumerate(edition.sentences) for w in sentence.said.split()]
    written = tokens([w for _, w in words], language)
    heard_text = [h.text for h in heard]
    if edition.scripted:
        heard_text = spoken_words(heard_text, edition.manifest.language)
    said = tokens(heard_text, language)
    alignment = align_chapters(
        written,
        [edition.sentences[words[t.word][0]].chapter for t in written],
        said,
        [heard[t.word].chapter for t in said],
    )
    match = _Matches(
        sentence_of=[words[t.word][0] for t in written],
        heard_word=[None if j is None else said[j].word for j in alignment.heard_at],
        heard_as={t: said[got.start].word for wrote, got in alignment.substitutions for t in wrote},
    )
    sentences = _sentences(edition, heard, match)
    chapters = [_chapter(edition, c, heard, match) for c in range(len(edition.chapters))]
    share = match.share(range(len(written)))
    faults = _faults(share, chapters, sentences, thresholds)
    least = sorted((s for s in sentences if s.heard_share < 1), key=lambda s: s.heard_share)
    found = _mishearings(edition, words, written, said, heard, alignment.substitutions)
    return Report(
        folder=str(edition.folder),
        profile=edition.manifest.profile,
        model=model,
        heard_share=share,
        chapters=tuple(chapters),
        least_heard=tuple(least[:LEAST_HEARD]),
        mishearings=tuple(_tried(found, tryout)),
        unwritten=tuple(_unwritten(edition, said, heard, alignment.unwritten)),
        thresholds=thresholds,
        faults=tuple(faults),
        words=len(written),
        words_heard=sum(j is not None for j in alignment.heard_at),
        compared_with=_compared_with(edition),
    )


def _compared_with(edition: Edition) -> str:
    if edition.scripted:
        return "script"
    return "captions" if edition.link is not None else "transcript"


class _Matches:
    """Per written token: its sentence, and the heard word it was matched to (or None);
    `heard_as`: the first heard word of what a misheard token was heard as."""

    def __init__(
        self, sentence_of: list[int], heard_word: list[int | None], heard_as: dict[int, int]
    ):
        self.sentence_of, self.heard_word, self.heard_as = sentence_of, heard_word, heard_as
        self._by_sentence: dict[int, list[int]] = {}
        for token, sentence in enumerate(sentence_of):
            self._by_sentence.setdefault(sentence, []).append(token)
        self._sentence_of_heard = {
            word: sentence_of[token] for token, word in enumerate(heard_word) if word is not None
        }

    def of_sentence(self, index: int) -> list[int]:
        return self._by_sentence.get(index, [])

    def share(self, written: range | list[int]) -> float:
        written = list(written)
        if not written:
            return 1.0
        return sum(self.heard_word[t] is not None for t in written) / len(written)

    def heard_words(self, written: list[int]) -> list[int]:
        """The heard words these written tokens were matched to, in token order."""
        return [w for w in (self.heard_word[t] for t in written) if w is not None]

    def sentence_heard_at(self, word: int) -> int | None:
        """The sentence whose word the heard word `word` was matched to."""
        return self._sentence_of_heard.get(word)


def _sentences(edition: Edition, heard: list[HeardWord], match: _Matches) -> list[SentenceFinding]:
    found, last_ms = [], 0
    for index, sentence in enumerate(edition.sentences):
        mine = match.of_sentence(index)
        hits = sorted(match.heard_words(mine))
        start = sentence.start_ms
        if start is None:  # untimed (phone): when its first word was heard, else after the last
            start = heard[hits[0]].start_ms if hits else last_ms
        last_ms = start
        over = " ".join(h.text for h in heard[hits[0] : hits[-1] + 1]) if hits else ""
        share = match.share(mine)
        found.append(SentenceFinding(sentence.text, sentence.chapter, start, share, over))
    return found


def _chapter(edition: Edition, c: int, heard: list[HeardWord], match: _Matches) -> ChapterFinding:
    """Chapter `c`: is its heading the first thing heard from its mark, and how much of it."""
    chapter = edition.chapters[c]
    in_chapter = [t for t, s in enumerate(match.sentence_of) if edition.sentences[s].chapter == c]
    share = match.share(in_chapter)
    heading = next(
        (i for i, s in enumerate(edition.sentences) if s.chapter == c and s.is_heading), None
    )
    if heading is None:  # the captions have no heading for it: it is not spoken
        return ChapterFinding(chapter.title, chapter.mark_ms, None, None, share)
    mine = match.of_sentence(heading)
    misheard = [match.heard_as[t] for t in mine if t in match.heard_as]
    hits = sorted({*match.heard_words(mine), *misheard})
    said = [t for t in mine if match.heard_word[t] is not None or t in match.heard_as]
    if not mine or len(said) < HEADING_SHARE * len(mine):
        return ChapterFinding(chapter.title, chapter.mark_ms, False, None, share)
    first = heard[hits[0]]
    said_before, w = False, hits[0] - 1
    while w >= 0 and heard[w].chapter == c and not said_before:
        said_before = match.sentence_heard_at(w) not in (None, heading)
        w -= 1
    # The first chapter's mark is the programme's start: an intro may play before its title.
    latest = chapter.mark_ms + HEADING_WINDOW_MS if c else first.start_ms
    heard_ok = (
        all(heard[w].chapter == c for w in hits)
        and chapter.mark_ms - 500 <= first.start_ms <= latest
        and not said_before
    )
    return ChapterFinding(chapter.title, chapter.mark_ms, heard_ok, first.start_ms, share)


@dataclass
class _Found:
    """A mishearing as found: what was written, each time heard, where to try a respelling."""

    written: str
    heard: list[tuple[str, int]]
    attempt: Attempt | None  # None: not a word a lexicon entry can change
    note: str = ""


def _mishearings(
    edition: Edition,
    words: list[tuple[int, str]],
    written: list[Token],
    said: list[Token],
    heard: list[HeardWord],
    substitutions: Sequence[tuple[range, range]],
) -> list[_Found]:
    """Said forms heard as something else, grouped by what was written."""
    grouped: dict[str, _Found] = {}
    for wrote, got in substitutions:
        surface = sorted({written[t].word for t in wrote})
        heard_words = sorted({said[j].word for j in got})
        text = " ".join(words[i][1] for i in surface).strip(STRIP)
        if not text:
            continue
        as_heard = " ".join(heard[i].text for i in heard_words)
        sentence = words[surface[0]][0]
        if text not in grouped:
            grouped[text] = _found(edition.sentences[sentence], text, _context(words, surface))
        grouped[text].heard.append((as_heard, heard[heard_words[0]].start_ms))
    return list(grouped.values())


STRIP = ".,;:!?\"'“”‘’()"


def _found(sentence: Sentence, text: str, context: tuple[str, str]) -> _Found:
    """A new mishearing of `text`, said in `sentence`: respellable when its words are the
    sentence's as written (not narrate's own writing out of a number, time or unit)."""
    shown = {w.strip(STRIP).casefold() for w in sentence.text.split()}
    if any(w.strip(STRIP).casefold() not in shown for w in text.split()):
        return _Found(text, [], None, WRITTEN_OUT)
    return _Found(text, [], Attempt(text, *context))


def _context(words: list[tuple[int, str]], surface: list[int]) -> tuple[str, str]:
    """The words said just before and after `surface`, in its sentence."""
    sentence = words[surface[0]][0]
    before = [w for s, w in words[max(0, surface[0] - CONTEXT_WORDS) : surface[0]] if s == sentence]
    after = [w for s, w in words[surface[-1] + 1 : surface[-1] + 1 + CONTEXT_WORDS]
             if s == sentence]  # fmt: skip
    return " ".join(before), " ".join(after)


def _tried(found: list[_Found], tryout: Tryout | None) -> list[Mishearing]:
    """Each mishearing with the first of its candidate respellings that was heard right."""
    says = {id(f): "" for f in found}
    notes = {id(f): f.note for f in found}
    pending: list[tuple[_Found, Attempt, list[str]]] = []
    for f in found:
        if f.attempt is None:
            continue
        options = candidates(f.attempt.written)
        if options:
            pending.append((f, f.attempt, options))
        else:
            notes[id(f)] = "no respelling to try"
    if pending and tryout is None:
        for f, _, _ in pending:
            notes[id(f)] = "respellings not tried"
        pending = []
    round_ = 0
    while pending and tryout is not None:  # (pending is empty without a tryout)
        batch = [(attempt, options[round_]) for _, attempt, options in pending]
        result = tryout(batch)
        if isinstance(result, str):  # nothing could be tried: say why, offer nothing
            for f, _, _ in pending:
                notes[id(f)] = result
            break
        left = []
        for (f, attempt, options), right in zip(pending, result, strict=True):
            if right:
                says[id(f)], notes[id(f)] = options[round_], ""
            elif round_ + 1 < len(options):
                left.append((f, attempt, options))
            else:
                notes[id(f)] = "no respelling tried was heard right"
        pending, round_ = left, round_ + 1
    return [Mishearing(f.written, tuple(f.heard), says[id(f)], notes[id(f)]) for f in found]


def _unwritten(
    edition: Edition, said: list[Token], heard: list[HeardWord], runs: Sequence[range]
) -> list[Unwritten]:
    """Runs of heard words that match nothing written, but a heading's announcement."""
    headings = [
        (s.start_ms, s.end_ms)
        for s in edition.sentences
        if s.is_heading and s.start_ms is not None and s.end_ms is not None
    ]
    found = []
    for run in runs:
        run_words = sorted({said[j].word for j in run})
        if len(run_words) < MIN_UNWRITTEN_WORDS:
            continue
        first = heard[run_words[0]]
        if any(start - 500 <= first.start_ms <= end for start, end in headings):
            continue  # "Section two of four:" before an accessible edition's heading
        found.append(Unwritten(" ".join(heard[i].text for i in run_words), first.start_ms))
    return found


def _faults(
    share: float,
    chapters: Sequence[ChapterFinding],
    sentences: Sequence[SentenceFinding],
    thresholds: Thresholds,
) -> list[str]:
    """What misses a threshold, one line each, its figures rounded towards the verdict."""
    faults = []
    if share < thresholds.min_heard:
        faults.append(f"{percent(share, thresholds.min_heard)} of the words said heard back "
                      f"(at least {threshold_percent(thresholds.min_heard)})")  # fmt: skip
    for s in sentences:
        if s.heard_share < thresholds.min_sentence and len(s.text.split()) >= 3:
            shown = percent(s.heard_share, thresholds.min_sentence)
            faults.append(
                f"sentence at {clock(s.start_ms)} heard {shown} "
                f"(at least {threshold_percent(thresholds.min_sentence)}; dropped, cut or "
                f"garbled?): {s.text}"
            )
    if thresholds.require_headings:
        for c in chapters:
            if c.heading_heard is False:
                where = f"heard at {clock(c.heading_at_ms)}" if c.heading_at_ms is not None else (
                    "not heard"
                )
                faults.append(
                    f"heading {c.title!r} not heard at its mark {clock(c.mark_ms)} ({where})"
                )
    return faults
