"""The security headers every response carries: a Content-Security-Policy (no inline script
but the web player's own, by its hash), nosniff, no referrer to other sites, and no framing
except for the accessible edition's web player (`index.html`) and the embeddable player
(`/embed/<id>`), which other sites may show: any site, or only the --embed-origin ones."""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from narrate.writers.html_parts import template

PLAYER_PAGE = "index.html"  # what writers/player.py names the web player
EMBED_PREFIX = "/embed/"  # serve/embed.py: the player other sites show in an iframe
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # not no-referrer: a form post would say Origin: null
    "Cross-Origin-Opener-Policy": "same-origin",
}
APP_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'"
)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@cache
def library_policy() -> str:
    """For files of editions: the web player's and transcript's inline script and styles (as
    narrate writes them, by hash) and the edition's own media; nothing else runs."""
    script = _sha256("\n" + template("player.js"))
    player_style = _sha256("\n" + template("transcript.css") + template("player.css"))
    transcript_style = _sha256("\n" + template("transcript.css"))
    return (
        f"default-src 'none'; script-src {script}; "
        f"style-src 'self' {player_style} {transcript_style}; img-src 'self'; "
        "media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
    )


def headers_for(path: str, embed_origins: tuple[str, ...] = ()) -> dict[str, str]:
    """The security headers for a response to `path` (already decoded); `embed_origins`: the
    sites that may frame /embed/ pages (none given: any site)."""
    if path.startswith(EMBED_PREFIX):
        found = dict(COMMON, **{"Content-Security-Policy": library_policy()})
        if embed_origins:
            found["Content-Security-Policy"] += "; frame-ancestors " + " ".join(embed_origins)
        return found
    if path.startswith("/library/"):
        embeddable = path.rsplit("/", 1)[-1] == PLAYER_PAGE
        policy = library_policy()
    else:
        embeddable, policy = False, APP_POLICY
    found = dict(COMMON)
    if embeddable:
        found["Content-Security-Policy"] = policy
    else:
        found["Content-Security-Policy"] = policy + "; frame-ancestors 'none'"
        found["X-Frame-Options"] = "DENY"
    return found
