"""Text cleanup shared by the readers: whitespace, and site furniture that must not be spoken.

Furniture is what a web page wraps around an article (breadcrumbs, share bars, "Read more",
cookie notices, "Previous"/"Next" links with the neighbouring titles). The patterns are data;
the functions only apply them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Invisible or odd spacing characters a copy from a browser leaves behind.
SPACE_LIKE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
SPACES = re.compile(r"\s+")

# Punctuation that closes a sentence or a clause: a line ending in one is prose, not a heading.
CLOSING_PUNCTUATION = ".!:;,…"
# Quotes and brackets that may trail the punctuation that really ends a line.
TRAILING_WRAPPERS = "\"'”’»)]"

# Whole lines that are page furniture (matched case-insensitively after whitespace cleanup).
FURNITURE_PATTERNS: tuple[str, ...] = (
    # breadcrumbs: "Home › Blog › Wellness", "You are here: Home > Blog"
    # (each segment excludes the separators, so a failing match cannot backtrack exponentially)
    r"(you are here:\s*)?home\s*([›»>/|→][^›»>/|→]{1,60})+",
    r"[^›»]{1,40}([›»][^›»]{1,40}){2,}",
    # share bars
    r"share( this( post| article| page| story)?)?( on \w+)?\s*:?",
    r"(share|post|send) (on|to|via) (facebook|twitter|x|linkedin|pinterest|reddit|whatsapp"
    r"|email|threads|bluesky|mastodon)",
    r"(tweet|pin it|copy link|email|print|facebook|twitter|linkedin|pinterest|whatsapp|reddit)",
    # links away from the text
    r"(read more|continue reading|keep reading)\s*([»›→…>.]{0,3}|:.{0,100})",
    r"[↑^]?\s*(back to top|scroll to top|top of page)",
    r"(skip to (main )?content|skip to navigation|jump to navigation|skip navigation)",
    r"(leave a (comment|reply)|\d+ comments?|no comments( yet)?|comments)",
    # taxonomy and post metadata
    r"(tags?|categories|category)\s*:.{0,150}|tags|categories",
    r"(posted (in|on|by)|filed under|tagged( with)?)\s+[^.!?]{1,100}",
    # cookie notices: a mention of cookies together with a consent word
    r"(?=.*\b(use|uses|using|store|set)\s+cookies\b)(?=.*\b(accept|consent|privacy|experience"
    r"|browsing|agree))[^\n]{0,400}",
    r"(accept|reject|decline)( all)?( cookies)?|got it|manage (cookie )?(preferences|settings)"
    r"|cookie (policy|settings|preferences)",
    # calls to subscribe or follow
    r"subscribe( now| today| here)?!?",
    r"(subscribe|sign up|join)\b.{0,80}\b(newsletter|mailing list|inbox)\b.{0,80}",
    r"(enter your email( address)?|your email address)\s*:?",
    r"follow us( on .{1,40})?:?",
)
FURNITURE = re.compile("|".join(f"(?:{p})" for p in FURNITURE_PATTERNS), re.IGNORECASE)

# Lines that start the neighbouring-articles tail at the end of a page.
TAIL_MARKERS = re.compile(
    r"[«‹←<]?\s*(previous|prev|next|older|newer)( post| article| story| entry)?s?\s*[»›→>]?"
    r"(\s*:.{1,150})?"
    r"|(related( posts| articles| reading)?|you (may|might) also like|more (stories|articles)"
    r"|more from the blog|popular posts|recent posts)\s*:?",
    re.IGNORECASE,
)
MAX_TAIL_TITLE = 150


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace to one space and drop invisible characters."""
    text = INVISIBLE.sub("", SPACE_LIKE.sub(" ", text))
    return SPACES.sub(" ", text).strip()


def ends_with_closing_punctuation(line: str) -> bool:
    """True when the line ends like prose (a period, colon, comma…), ignoring trailing quotes."""
    stripped = line.rstrip().rstrip(TRAILING_WRAPPERS)
    return stripped.endswith(tuple(CLOSING_PUNCTUATION))


def is_furniture(line: str) -> bool:
    """True when the whole line is site navigation or a page widget, not article text."""
    return FURNITURE.fullmatch(normalize_space(line)) is not None


def is_tail_marker(line: str) -> bool:
    """True for "Previous", "Next post »", "Related posts" and the like."""
    return TAIL_MARKERS.fullmatch(normalize_space(line)) is not None


def looks_like_link_title(line: str) -> bool:
    """True for a short line without closing punctuation, as a linked article title is."""
    return len(line) <= MAX_TAIL_TITLE and not ends_with_closing_punctuation(line)


def nav_tail_start(lines: Sequence[str]) -> int:
    """Index where a trailing "Previous / Next / titles" block starts, or len(lines) if none.

    Walking back from the end over markers, furniture and link-like titles, the tail starts at
    the earliest marker reached.
    """
    start = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if is_tail_marker(line):
            start = index
        elif not (is_furniture(line) or looks_like_link_title(line)):
            break
    return start
