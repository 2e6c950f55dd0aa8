"""Text at the door: what no stage, voice or XML file can carry is taken out on entry.

Every text that enters narrate (an article from a file, a URL or stdin, a title or author
given as an option, a lexicon's spoken forms) passes through `clean` before any stage sees
it: C0 and C1 control characters other than tab and newline, lone surrogates and Unicode
noncharacters are removed; carriage returns, form feeds, vertical tabs and NEL become newlines.
In markup (HTML, Markdown) a numeric character reference to such a character (`&#1;`) is
removed too, before the parser turns it into one (`clean_references`).
"""

from __future__ import annotations

import html
import logging
import re

log = logging.getLogger(__name__)

NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
UNWANTED = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")


def clean(text: str) -> tuple[str, int]:
    """`text` without the characters no stage should see, and how many were removed."""
    text = NEWLINES.sub("\n", text)
    return UNWANTED.subn("", text)


NUMERIC_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]+|[0-9]+);?")


def clean_references(markup: str) -> tuple[str, int]:
    """`markup` without numeric character references to characters `clean` removes, and how
    many were removed. References read as HTML5 does: `&#150;` is Windows-1252's en dash
    (written out, as a parser would), `&#0;` and surrogates are invalid (removed), a form
    feed or carriage return is a space."""
    removed = 0

    def resolve(match: re.Match[str]) -> str:
        nonlocal removed
        character = html.unescape(match[0])
        if not character or character == "\ufffd" or UNWANTED.search(character):
            removed += 1
            return ""
        if NEWLINES.fullmatch(character):
            return " "  # a form feed or carriage return is white space in markup
        number = match[0][2:].rstrip(";")
        code = int(number[1:], 16) if number[:1] in "xX" else int(number)
        return character if 0x80 <= code <= 0x9F else match[0]

    return NUMERIC_REFERENCE.sub(resolve, markup), removed


def clean_option(text: str | None, flag: str) -> str | None:
    """An option's value, cleaned; a warning names the option when anything was removed."""
    if text is None:
        return None
    cleaned, removed = clean(text)
    if removed:
        log.warning("%s: removed %s", flag, removed_characters(removed))
    return cleaned


def removed_characters(count: int) -> str:
    """'3 control characters' for a warning (controls, surrogates and noncharacters alike)."""
    noun = "character" if count == 1 else "characters"
    return f"{count} control or invalid {noun} (they cannot be spoken or written to XML)"
