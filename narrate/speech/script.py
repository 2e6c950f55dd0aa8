"""Turn an Article into a Script: the ordered cues to speak, with pauses and chapters."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from narrate.added_words import in_language
from narrate.disclosure import notice_for
from narrate.model import Article, Block, BlockKind, ChapterSpec, Cue, CueKind, Script
from narrate.profiles import Pauses
from narrate.speech.announcements import announcements_for, says_steps
from narrate.speech.clauses import MAX_ENGINE_CHARS, split_long
from narrate.speech.sentences import split_sentences

Speak = Callable[[str], str]


@dataclass(frozen=True)
class _Draft:
    """A cue before its id: what it says and where it sits."""

    kind: CueKind
    display: str
    spoken: str
    chapter: int
    paragraph: int
    pause_after_ms: int
    block: BlockKind | None
    heading: str | None
    page: int | None = None


def build_script(
    article: Article,
    pauses: Pauses,
    *,
    announce: bool = True,
    announce_numbers: bool = False,
    speak: Speak = str.strip,
    disclosure: str = "none",
) -> Script:
    """The article's cues in reading order; `speak` turns display text into spoken text.

    The title and each heading are spoken when `announce` is set, headings with their place
    ("Section 2 of 4: ...") when `announce_numbers` is. Text before the first heading (or an
    article without headings) forms a chapter named after the article title. An ordered
    list's items are spoken with their place ("Step one: ..."). A sentence whose spoken form
    is longer than one engine call may take (MAX_ENGINE_CHARS) becomes several cues, cut at
    clause boundaries (narrate.speech.clauses), with a clause's pause between them.
    `disclosure` ("start", "end" or "none") places the synthetic-voice notice
    (narrate.disclosure) in a chapter of its own before the title or after the last chapter.
    The words narrate added in reading ("Notes", "Image: ...") are said in the article's
    language (narrate.added_words).
    """
    article = in_language(article)
    chapters: list[ChapterSpec] = []
    drafts: list[_Draft] = []

    def add(
        kind: CueKind,
        display: str,
        chapter: int,
        paragraph: int,
        pause: int,
        place: str = "",
        block: BlockKind | None = None,
        heading: str | None = None,
        page: int | None = None,
    ) -> None:
        spoken = speak(display)
        if place and any(ch.isalnum() for ch in spoken):
            spoken = f"{speak(place)}: {spoken}"
        if any(ch.isalnum() for ch in spoken):  # a line of emoji alone says nothing
            drafts.append(
                _Draft(kind, display, spoken, chapter, paragraph, pause, block, heading, page)
            )

    if announce:
        add("title", article.title, 0, 0, pauses.after_title)
    for section in article.sections:
        chapter = len(chapters)
        chapters.append(ChapterSpec(section.title or article.title, section.level))
        if announce and section.title:
            add("heading", section.title, chapter, 0, pauses.after_heading, heading=section.title)
        lead_in = f"{article.title} {section.title or ''}"
        for paragraph, block in enumerate(section.blocks, start=1):
            place = _place(block, lead_in, article.language)
            for sentence in split_sentences(block.text):
                pieces = _engine_sized(sentence, speak, place)
                for n, piece in enumerate(pieces, start=1):
                    pause = pauses.sentence if n == len(pieces) else pauses.sentence // 2
                    add("sentence", piece, chapter, paragraph, pause, place, block.kind,
                        section.title, block.page)  # fmt: skip
                    place = ""
            if block.place is None:
                lead_in = f"{article.title} {section.title or ''} {block.text}"
            _lengthen_last(drafts, pauses.paragraph)
        if not drafts or drafts[-1].chapter != chapter:
            chapters.pop()  # nothing to say in this section: no empty chapter
            continue
        _lengthen_last(drafts, pauses.section)
    if drafts:
        drafts[-1] = replace(drafts[-1], pause_after_ms=pauses.end)
    if announce_numbers:
        drafts = _numbered_headings(drafts, speak, article.language)
    if drafts and disclosure != "none":
        chapters, drafts = _with_notice(article, chapters, drafts, pauses, speak, disclosure)
    cues = tuple(_number(drafts))
    return Script(article.title, article.language, cues, tuple(chapters))


_SAYS_ITS_PLACE = re.compile(
    r"^(?:step|number|no\.?|paso|n[úu]mero|n\.?º|étape|schritt|passo|stap)\s*\d", re.IGNORECASE
)


def _place(block: Block, lead_in: str, language: str) -> str:
    """'Step 3' for an ordered list of instructions, 'Number 3' for another ordered list, in
    the article's language (narrate.speech.announcements)."""
    if block.place is None or _SAYS_ITS_PLACE.match(block.text):
        return ""
    words = announcements_for(language)
    noun = words.step if says_steps(language, lead_in) else words.number
    return f"{noun} {block.place}"


def _engine_sized(sentence: str, speak: Speak, place: str) -> list[str]:
    """`sentence` as display pieces whose spoken forms (the first with its place) each fit
    in one engine call; one piece for any ordinary sentence."""
    limit = MAX_ENGINE_CHARS - (len(speak(place)) + 2 if place else 0)
    return [piece.strip() for piece in split_long(sentence, limit, lambda p: len(speak(p)))]


def _lengthen_last(drafts: list[_Draft], pause: int) -> None:
    """Give the last cue so far at least `pause` of silence after it."""
    if drafts:
        drafts[-1] = replace(drafts[-1], pause_after_ms=max(drafts[-1].pause_after_ms, pause))


def _numbered_headings(drafts: list[_Draft], speak: Speak, language: str) -> list[_Draft]:
    """Headings spoken with their position, so a listener knows where they are."""
    total = sum(1 for d in drafts if d.kind == "heading")
    section = announcements_for(language).section
    numbered, index = [], 0
    for draft in drafts:
        if draft.kind == "heading":
            index += 1
            place = speak(section.format(index=index, total=total))
            draft = replace(draft, spoken=f"{place}: {draft.spoken}")
        numbered.append(draft)
    return numbered


def _with_notice(
    article: Article,
    chapters: list[ChapterSpec],
    drafts: list[_Draft],
    pauses: Pauses,
    speak: Speak,
    position: str,
) -> tuple[list[ChapterSpec], list[_Draft]]:
    """The chapters and cues with the notice's own chapter first or last."""
    notice = notice_for(article.language)
    spec = ChapterSpec(notice.title, 2)
    if position == "start":
        draft = _Draft("notice", notice.sentence, speak(notice.sentence), 0, 1, pauses.section,
                       "paragraph", None)  # fmt: skip
        shifted = [replace(d, chapter=d.chapter + 1) for d in drafts]
        return [spec, *chapters], [draft, *shifted]
    _lengthen_last(drafts, pauses.section)
    draft = _Draft("notice", notice.sentence, speak(notice.sentence), len(chapters), 1,
                   pauses.end, "paragraph", None)  # fmt: skip
    return [*chapters, spec], [*drafts, draft]


def _number(drafts: list[_Draft]) -> Iterator[Cue]:
    """Cues with stable ids: a hash of the content, plus a count for repeated content."""
    seen: Counter[str] = Counter()
    for d in drafts:
        digest = hashlib.sha256(f"{d.kind}\0{d.display}\0{d.spoken}".encode()).hexdigest()[:12]
        seen[digest] += 1
        cue_id = f"c{digest}" if seen[digest] == 1 else f"c{digest}-{seen[digest]}"
        yield Cue(cue_id, d.kind, d.display, d.spoken, d.chapter, d.pause_after_ms, d.paragraph,
                  d.block, d.heading, d.page)  # fmt: skip
