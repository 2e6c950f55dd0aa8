"""The check's findings as data: headings at their marks, the share of words heard back (in
all, by chapter, the sentences heard least), words heard as others with a lexicon entry to
try, and text heard that was never written. Which of them fail the check is decided here too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from narrate.check.align import align_chapters, tokens
from narrate.check.edition import Edition
from narrate.check.suggest import respell
from narrate.check.transcribe import HeardWord
from narrate.errors import BadOption
from narrate.timefmt import clock

SCHEMA = 1
HEADING_SHARE = 0.75  # of the heading's words, heard back
HEADING_WINDOW_MS = 3000  # the heading starts this soon after its mark (lead, announcement)
MIN_UNWRITTEN_WORDS = 3  # a shorter unmatched run is the recogniser's noise
LEAST_HEARD = 5


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
    """A written form heard as something else, each time; `say` is a lexicon entry to try."""

    written: str
    heard: tuple[tuple[str, int], ...]  # (heard as, at ms)
    say: str


@dataclass(frozen=True)
class Unwritten:
    text: str
    start_ms: int


@dataclass(frozen=True)
class Report:
    folder: str
    profile: str
    model: str
    heard_share: float
    chapters: tuple[ChapterFinding, ...]
    least_heard: tuple[SentenceFinding, ...]
    mishearings: tuple[Mishearing, ...]
    unwritten: tuple[Unwritten, ...]
    thresholds: Thresholds
    faults: tuple[str, ...] = field(default=())
    schema: int = SCHEMA

    @property
    def passed(self) -> bool:
        return not self.faults

    def as_dict(self) -> dict:
        """The report as check.json holds it."""
        data = asdict(self)
        data["passed"] = self.passed
        for item in data["mishearings"]:
            item["heard"] = [{"as": text, "at_ms": at} for text, at in item["heard"]]
        return data


def build_report(
    edition: Edition, heard: list[HeardWord], thresholds: Thresholds, model: str
) -> Report:
    """Compare what was heard with what was written and find the faults."""
    language = edition.manifest.language.split("-")[0]
    words = [(s, w) for s, sentence in enumerate(edition.sentences) for w in sentence.text.split()]
    written = tokens([w for _, w in words], language)
    said = tokens([h.text for h in heard], language)
    alignment = align_chapters(
        written,
        [edition.sentences[words[t.word][0]].chapter for t in written],
        said,
        [heard[t.word].chapter for t in said],
    )
    match = _Matches(
        sentence_of=[words[t.word][0] for t in written],
        heard_word=[None if j is None else said[j].word for j in alignment.heard_at],
    )
    sentences = _sentences(edition, heard, match)
    chapters = [_chapter(edition, c, heard, match) for c in range(len(edition.chapters))]
    share = match.share(range(len(written)))
    faults = _faults(share, chapters, sentences, thresholds)
    least = sorted((s for s in sentences if s.heard_share < 1), key=lambda s: s.heard_share)
    return Report(
        folder=str(edition.folder),
        profile=edition.manifest.profile,
        model=model,
        heard_share=round(share, 4),
        chapters=tuple(chapters),
        least_heard=tuple(least[:LEAST_HEARD]),
        mishearings=tuple(_mishearings(words, written, said, heard, alignment.substitutions)),
        unwritten=tuple(_unwritten(edition, said, heard, alignment.unwritten)),
        thresholds=thresholds,
        faults=tuple(faults),
    )


class _Matches:
    """Per written token: its sentence, and the heard word it was matched to (or None)."""

    def __init__(self, sentence_of: list[int], heard_word: list[int | None]):
        self.sentence_of, self.heard_word = sentence_of, heard_word
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

    def sentence_heard_at(self, word: int) -> int | None:
        """The sentence whose word the heard word `word` was matched to."""
        return self._sentence_of_heard.get(word)


def _sentences(edition: Edition, heard: list[HeardWord], match: _Matches) -> list[SentenceFinding]:
    found, last_ms = [], 0
    for index, sentence in enumerate(edition.sentences):
        mine = match.of_sentence(index)
        hits = sorted(match.heard_word[t] for t in mine if match.heard_word[t] is not None)
        start = sentence.start_ms
        if start is None:  # untimed (phone): when its first word was heard, else after the last
            start = heard[hits[0]].start_ms if hits else last_ms
        last_ms = start
        over = " ".join(h.text for h in heard[hits[0] : hits[-1] + 1]) if hits else ""
        share = round(match.share(mine), 4)
        found.append(SentenceFinding(sentence.text, sentence.chapter, start, share, over))
    return found


def _chapter(edition: Edition, c: int, heard: list[HeardWord], match: _Matches) -> ChapterFinding:
    """Chapter `c`: is its heading the first thing heard from its mark, and how much of it."""
    chapter = edition.chapters[c]
    in_chapter = [t for t, s in enumerate(match.sentence_of) if edition.sentences[s].chapter == c]
    share = round(match.share(in_chapter), 4)
    heading = next(
        (i for i, s in enumerate(edition.sentences) if s.chapter == c and s.is_heading), None
    )
    if heading is None:  # the captions have no heading for it: it is not spoken
        return ChapterFinding(chapter.title, chapter.mark_ms, None, None, share)
    mine = match.of_sentence(heading)
    hits = sorted(match.heard_word[t] for t in mine if match.heard_word[t] is not None)
    if not mine or len(hits) < HEADING_SHARE * len(mine):
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


def _mishearings(words, written, said, heard, substitutions) -> list[Mishearing]:
    """Written forms heard as something else, grouped by what was written."""
    grouped: dict[str, list[tuple[str, int]]] = {}
    for wrote, got in substitutions:
        surface = sorted({written[t].word for t in wrote})
        heard_words = sorted({said[j].word for j in got})
        text = " ".join(words[i][1] for i in surface).strip(".,;:!?\"'“”‘’()")
        if not text:
            continue
        as_heard = " ".join(heard[i].text for i in heard_words)
        grouped.setdefault(text, []).append((as_heard, heard[heard_words[0]].start_ms))
    return [Mishearing(text, tuple(times), respell(text)) for text, times in grouped.items()]


def _unwritten(edition, said, heard, runs) -> list[Unwritten]:
    """Runs of heard words that match nothing written, but a heading's announcement."""
    headings = [s for s in edition.sentences if s.is_heading and s.start_ms is not None]
    found = []
    for run in runs:
        run_words = sorted({said[j].word for j in run})
        if len(run_words) < MIN_UNWRITTEN_WORDS:
            continue
        first = heard[run_words[0]]
        if any(h.start_ms - 500 <= first.start_ms <= h.end_ms for h in headings):
            continue  # "Section two of four:" before an accessible edition's heading
        found.append(Unwritten(" ".join(heard[i].text for i in run_words), first.start_ms))
    return found


def _faults(share, chapters, sentences, thresholds: Thresholds) -> list[str]:
    """What misses a threshold, one line each."""
    faults = []
    if share < thresholds.min_heard:
        faults.append(f"{share:.0%} of the words heard back (at least {thresholds.min_heard:.0%})")
    for s in sentences:
        if s.heard_share < thresholds.min_sentence and len(s.text.split()) >= 3:
            faults.append(
                f"sentence at {clock(s.start_ms)} heard {s.heard_share:.0%} "
                f"(dropped, cut or garbled?): {s.text}"
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
