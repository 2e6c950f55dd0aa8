"""Copyright lines as people read them: 'Copyright © 2001–2022' → 'Copyright two thousand and
one to twenty twenty-two' (years, not amounts), and a sign standing for the word ('© 2020
Clinic', '(C) 2020') → 'Copyright twenty twenty Clinic'.

A PDF set in TeX often gives its circled c as a plain 'c' ('Copyright c 2001–2022'), which
the voice read as the letter; a bare '(C)' was read as 'C'."""

from __future__ import annotations

import re

from narrate.speech.context import Context
from narrate.speech.en.spell import year

_SIGN = r"(?:©|\([cC]\))"
_YEARS = r"(?P<first>1[5-9]\d\d|20\d\d)(?:\s*[–—-]\s*(?P<last>1[5-9]\d\d|20\d\d))?\b"
_AFTER_WORD = re.compile(
    rf"\b(?P<word>Copyright|COPYRIGHT|copyright)(?:\s*(?:{_SIGN}|[cC](?=\s+\d)))?\s*{_YEARS}"
)
# '©' anywhere; '(C)' where a line or sentence starts ('(a) 2018, (b) 2019, (c) 2020': a list)
_FOR_WORD = re.compile(rf"(?:©|(?:^|(?<=\n)|(?<=[.!?]\s))\([cC]\))\s*{_YEARS}")
_SIGN_AFTER_WORD = re.compile(rf"\b(Copyright|COPYRIGHT|copyright)\s*{_SIGN}")


def _said(m: re.Match[str], word: str) -> str:
    years = year(int(m["first"]))
    if m["last"]:
        years += f" to {year(int(m['last']))}"
    return f"{word} {years}"


def copyright_marks(ctx: Context, text: str) -> str:
    """'Copyright (C) 2001' → 'Copyright two thousand and one'; '© 2020 Clinic' →
    'Copyright twenty twenty Clinic'; 'Copyright © Acme' → 'Copyright Acme'."""
    text = _AFTER_WORD.sub(lambda m: _said(m, m["word"]), text)
    text = _FOR_WORD.sub(lambda m: _said(m, "Copyright"), text)
    return _SIGN_AFTER_WORD.sub(r"\1", text)
