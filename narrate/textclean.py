"""Text at the door: what no stage, voice or XML file can carry is taken out on entry.

Every text that enters narrate (an article from a file, a URL or stdin, a title or author
given as an option, a lexicon's spoken forms) passes through `clean` before any stage sees
it: C0 and C1 control characters other than tab and newline, lone surrogates and Unicode
noncharacters are removed; carriage returns, form feeds, vertical tabs and NEL become newlines.
"""

from __future__ import annotations

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
