"""How long a title or an author may be: they are spoken, tagged into every file and listed in
the feed, and a title is said in one breath. The web API refuses longer ones (422); the CLI
shortens them with a warning (`shortened`)."""

from __future__ import annotations

from narrate.errors import BadOption

MAX_TITLE_CHARS = 300  # a long headline is about 100; a podcast app shows less
MAX_AUTHOR_CHARS = 200

CAPS = {"title": MAX_TITLE_CHARS, "author": MAX_AUTHOR_CHARS}  # by option name


def check_lengths(title: str | None = None, author: str | None = None) -> None:
    """Raise a BadOption naming --title or --author when it is longer than its cap."""
    for name, value in (("title", title), ("author", author)):
        if value is not None and len(value) > CAPS[name]:
            raise BadOption(
                f"{len(value):,} characters; give at most {CAPS[name]:,}", f"--{name}"
            )


def shortened(text: str, cap: int) -> str:
    """`text` cut to at most `cap` characters, at a word when there is one in its second
    half, with "…" to show it was cut."""
    if len(text) <= cap:
        return text
    kept = text[: cap - 1]
    space = kept.rfind(" ")
    if space >= cap // 2:
        kept = kept[:space]
    return kept.rstrip() + "…"
