"""Pronunciation lexicons: TOML pairs or a W3C PLS file, applied before every rule.

Engines take plain text, so a lexicon entry is a respelling (`"Hmong" = "mung"`), the PLS
`<alias>`; `<phoneme>`-only lexemes are skipped with a warning. narrate ships one, the
clinical lexicon (lexicons/clinical.toml), whose entries each say why they are there
(`"HIPAA" = { say = "hippa", why = "..." }`); a user's lexicon goes before it and wins.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from narrate.errors import ArticleError
from narrate.speech.alternation import alternation

log = logging.getLogger(__name__)

DEFAULT_FILE = "narrate.toml"
CLINICAL_FILE = "clinical.toml"
CLINICAL_FILES = {"en": CLINICAL_FILE, "es": "clinical_es.toml"}  # each language's own
PLS_NAMESPACE = "http://www.w3.org/2005/01/pronunciation-lexicon"
OPTIONS = ("case_sensitive", "whole_word")


@dataclass(frozen=True)
class Lexicon:
    """Written form → spoken form, longest entry first; whole words and exact case by default."""

    entries: tuple[tuple[str, str], ...]
    case_sensitive: bool = True
    whole_word: bool = True
    name: str = "lexicon"  # what `narrate script --diff` calls it: its file, or "clinical lexicon"
    notes: tuple[tuple[str, str], ...] = ()  # written form → why the entry is there
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.entries:
            return
        pattern = alternation({w for w, _ in self.entries})
        if self.whole_word:
            pattern = rf"(?<!\w)(?:{pattern})(?!\w)"
        flags = 0 if self.case_sensitive else re.IGNORECASE
        object.__setattr__(self, "_pattern", re.compile(pattern, flags))

    def _spoken(self, written: str) -> str:
        for key, spoken in self.entries:
            if key == written or (not self.case_sensitive and key.casefold() == written.casefold()):
                return spoken
        return written

    def apply(self, text: str) -> str:
        """Replace every entry's written form in `text` by its spoken form, in one pass.

        A written form already inside its own spoken form ("KAP" in "KAP therapy") stays, so
        applying the lexicon again changes nothing.
        """
        if self._pattern is None:
            return text
        return self._pattern.sub(self._replace, text)

    def _replace(self, m: re.Match[str]) -> str:
        spoken = self._spoken(m[0])
        at = spoken.find(m[0])
        if at >= 0 and m.string.startswith(spoken, m.start() - at) and m.start() >= at:
            return m[0]
        return spoken

    def why(self, span: str) -> str:
        """Why `span` is read the way it is: the lexicon's name and its entry's note."""
        flags = 0 if self.case_sensitive else re.IGNORECASE
        for key, note in sorted(self.notes, key=lambda entry: -len(entry[0])):
            if note and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", span, flags):
                return f"{self.name}: {note}"
        return self.name

    def without(self, other: Lexicon | None) -> Lexicon:
        """This lexicon minus the words `other` pronounces, so that `other` wins over it."""
        if other is None:
            return self
        theirs = {w.casefold() for w, _ in other.entries}
        kept = tuple((w, s) for w, s in self.entries if w.casefold() not in theirs)
        return Lexicon(kept, self.case_sensitive, self.whole_word, self.name, self.notes)


def load_lexicon(path: Path | str) -> Lexicon:
    """Read a .toml or .pls/.xml lexicon; a bad file raises ArticleError naming the problem."""
    path = Path(path)
    if path.suffix.lower() not in (".toml", ".pls", ".xml"):
        raise ArticleError(str(path), "unknown lexicon format; use a .toml, .pls or .xml file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(str(path), "lexicon file not found") from None
    except OSError as exc:
        raise ArticleError(str(path), f"cannot read lexicon file ({exc.strerror})") from None
    if path.suffix.lower() == ".toml":
        return _from_toml(str(path), data)
    return _from_pls(str(path), data)


def clinical_lexicon(language: str = "en") -> Lexicon:
    """The clinical lexicon that ships with narrate for `language` ("es-MX" finds "es"):
    pronounceable acronyms and clinical terms; an empty one for a language without its own
    (the English one would put English words in, say, a French article)."""
    name = CLINICAL_FILES.get(language.replace("_", "-").split("-")[0].lower())
    if name is None:
        return Lexicon((), name="clinical lexicon")
    data = resources.files("narrate.speech").joinpath("lexicons", name).read_bytes()
    return _from_toml(name, data, name="clinical lexicon")


def find_default_lexicon(article_path: Path | None, cwd: Path) -> Path | None:
    """The project's `narrate.toml`: beside the article, else in the working directory."""
    folders = [article_path.parent] if article_path is not None else []
    for folder in [*folders, cwd]:
        candidate = folder / DEFAULT_FILE
        if candidate.is_file():
            return candidate
    return None


def _from_toml(source: str, data: bytes, name: str | None = None) -> Lexicon:
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ArticleError(source, "lexicon is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\s*\(at (line \d+, column \d+)\)$", str(exc))
        message = str(exc)[: where.start()] if where else str(exc)
        at = f" at {where[1]}" if where else ""
        raise ArticleError(source, f"invalid TOML{at}: {message}") from None
    # In a project's narrate.toml the entries live in a [lexicon] table beside other settings.
    table = document.get("lexicon", document)
    if not isinstance(table, dict):
        raise ArticleError(source, '\'lexicon\' must be a table of "written" = "spoken" pairs')
    options = table.get("options", {})
    if not isinstance(options, dict):
        raise ArticleError(source, "'options' must be a table")
    for name, value in options.items():
        if name not in OPTIONS:
            raise ArticleError(source, f"unknown lexicon option {name!r}; use {', '.join(OPTIONS)}")
        if not isinstance(value, bool):
            raise ArticleError(source, f"lexicon option {name!r} must be true or false")
    entries, notes = [], []
    for written, spoken in table.items():
        if written == "options" or (isinstance(spoken, dict) and table is document):
            continue  # other tables of a project file belong to other settings
        if isinstance(spoken, dict):
            spoken, note = _entry_table(source, written, spoken)
            notes.append((written, note))
        if not isinstance(spoken, str):
            raise ArticleError(source, f"the pronunciation of {written!r} must be a string")
        if not written.strip():
            raise ArticleError(source, "an entry has an empty written form")
        entries.append((written, spoken))
    return Lexicon(tuple(entries), **options, name=name or source, notes=tuple(notes))


def _entry_table(source: str, written: str, entry: dict[str, object]) -> tuple[object, str]:
    """An entry written as `{ say = "...", why = "..." }`: its spoken form and its note."""
    unknown = set(entry) - {"say", "why"}
    if unknown or "say" not in entry:
        raise ArticleError(
            source, f"the entry {written!r} must be a string or a table with 'say' (and 'why')"
        )
    why = entry.get("why", "")
    if not isinstance(why, str):
        raise ArticleError(source, f"the 'why' of {written!r} must be a string")
    return entry["say"], why


def _from_pls(source: str, data: bytes) -> Lexicon:
    from lxml import etree  # loaded only for a PLS lexicon

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ArticleError(source, f"invalid XML: {exc}") from None
    if etree.QName(root).localname != "lexicon" or etree.QName(root).namespace != PLS_NAMESPACE:
        raise ArticleError(
            source, f'not a PLS lexicon: the root element must be <lexicon xmlns="{PLS_NAMESPACE}">'
        )
    entries: list[tuple[str, str]] = []
    for number, lexeme in enumerate(root.iter(f"{{{PLS_NAMESPACE}}}lexeme"), start=1):
        graphemes = [g.text.strip() for g in lexeme.iter(f"{{{PLS_NAMESPACE}}}grapheme") if g.text]
        aliases = list(lexeme.iter(f"{{{PLS_NAMESPACE}}}alias"))
        if not graphemes:
            raise ArticleError(
                source, f"lexeme {number} (line {lexeme.sourceline}) has no grapheme"
            )
        if not aliases:
            log.warning(
                "%s: lexeme %r has no <alias>; phonemes cannot be given to a plain-text engine",
                source,
                graphemes[0],
            )
            continue
        preferred = next((a for a in aliases if a.get("prefer") == "true"), aliases[0])
        entries.extend((g, (preferred.text or "").strip()) for g in graphemes)
    return Lexicon(tuple(entries), name=source)
