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

FOOTER_LINK = (
    r"(privacy( policy| notice| statement)?|terms( of (use|service))?|terms and conditions"
    r"|accessibility( statement)?|site ?map|cookies?( policy| settings)?|contact( us)?|careers"
    r"|disclaimer|legal( notices?)?|about( us)?|non-?discrimination( notice)?|feedback|faqs?)"
)

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
    r"(.{0,60}[?!.]\s*)?leave a (comment|reply)( below)?[.!]?|\d+ comments?|no comments( yet)?"
    r"|comments",
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
    r"(thanks for reading .{1,60}[!.]\s*)?(subscribe|sign up)\b.{0,60}"
    r"\b(free|alerts|updates|emails?|news|posts)\b.{0,60}",
    r"(enter your email( address)?|your email address)\s*:?",
    r"(follow|connect with|find) us( on .{1,40})?:?",
    # page widgets and buttons, alone on their line
    r"menu|main menu|close|search|like|comment|restack",
    r"jump to [\w ]{1,30}|print (recipe|article|page)",
    r"page \d+ of \d+",
    # page footers, tools and labels around the article
    r"(©|\(c\)|copyright\b).{0,150}|all rights reserved\.?",
    r"print( this page)?|download (as |the )?pdf.{0,40}|email this page|copy link",
    r"(on this page|contents|table of contents|in this (article|section|page)|page contents)\s*:?",
    r"(still have questions\?\s*)?(contact us|get in touch|book (now|online|an appointment)"
    r"|request an appointment|learn more|find out more|click here)( today)?[.!]?",
    r"call( us)?( now| today)?( on| at)?:?\s*[+(\d][\d\s().-]{6,}",
    r"\d{1,3} min(ute)?s? read|reading time:?.{0,20}",
    r"(press|media|news) release|for immediate release|#{3}|-30-",
    r"media (contact|enquiries|inquiries):?.{0,100}",
    r"view (this email )?in (your )?browser|unsubscribe",
    # a footer's links on one line: "Privacy policy | Terms of use | Accessibility"
    rf"{FOOTER_LINK}(\s*[|·•/]\s*{FOOTER_LINK})+",
)
FURNITURE = re.compile("|".join(f"(?:{p})" for p in FURNITURE_PATTERNS), re.IGNORECASE)

# Breadcrumbs: page names between separators (see is_breadcrumb).
CRUMB_SEPARATOR = re.compile(r"\s*[›»→]\s*|(?:^|\s+)[/|>\\·](?:\s+|$)")
TIGHT_SEPARATOR = re.compile(r"[/|>]")  # "Home>Services>Imaging", "/services/billing"
STRONG_SEPARATOR = re.compile(r"[›»→]")
YOU_ARE_HERE = re.compile(r"^(you are here|breadcrumbs?)\s*:\s*", re.IGNORECASE)
HOME_NAMES = frozenset({"home", "start", "main", "index", "homepage", "home page"})
MAX_CRUMB_CHARS = 60
MAX_CRUMB_WORDS = 7

# Lines that start the neighbouring-articles tail at the end of a page.
TAIL_MARKERS = re.compile(
    r"[«‹←<]?\s*(previous|prev|next|older|newer)( post| article| story| entry)?s?\s*[»›→>]?"
    r"(\s*:.{1,150})?"
    r"|(related( posts| articles| reading| pages| links| content| resources| stories| topics)?"
    r"|you (may|might) also like|more (stories|articles)"
    r"|more from the blog|popular posts|recent posts"
    r"|(support|useful|quick|helpful|other|more) links)\s*:?"
    r"|was this (page|article|information|answer|content) (helpful|useful)\??",
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
    line = normalize_space(line)
    return FURNITURE.fullmatch(line) is not None or is_breadcrumb(line)


def is_breadcrumb(line: str) -> bool:
    """True for a path of page names: "/ Services / Billing", "Home › Blog", "A | B | C".

    Fragments are short names without closing punctuation. `›`, `»` and `→` always separate;
    `/`, `|`, `>`, `\\` and `·` with spaces around them at least twice, or once after a leading
    separator or after "Home"; without spaces only after a leading one or "Home" (so
    "and/or" and "24/7" stay prose).
    """
    line = YOU_ARE_HERE.sub("", normalize_space(line))
    separator = CRUMB_SEPARATOR if CRUMB_SEPARATOR.search(line) else TIGHT_SEPARATOR
    fragments = separator.split(line)
    separators = len(fragments) - 1
    if separators == 0:
        return False
    leading = not fragments[0].strip()
    if separator is TIGHT_SEPARATOR and not (leading or fragments[0].lower() in HOME_NAMES):
        return False
    names = [f.strip() for f in fragments if f.strip()]
    if not names or not all(_is_crumb(name) for name in names):
        return False
    strong = STRONG_SEPARATOR.search(line) is not None
    return strong or leading or separators >= 2 or names[0].lower() in HOME_NAMES


def is_short_breadcrumb(line: str) -> bool:
    """True for a path of two capitalised page names joined by one `/`, `|` or `>` ("Services
    / Billing", "Patients > Billing", "Services/Billing"): a breadcrumb only where it stands,
    directly above the title in a page's head (elsewhere "Mother / Baby Unit" is a name)."""
    names = [name.strip() for name in re.split(r"\s*[/|>]\s*", normalize_space(line))]
    return (
        len(names) == 2
        and all(name[:1].isupper() and _is_crumb(name) for name in names)
        and not is_breadcrumb(line)
    )


def _is_crumb(name: str) -> bool:
    return (
        len(name) <= MAX_CRUMB_CHARS
        and len(name.split()) <= MAX_CRUMB_WORDS
        and any(ch.isalnum() for ch in name)
        and not ends_with_closing_punctuation(name)
    )


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
