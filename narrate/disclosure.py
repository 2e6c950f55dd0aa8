"""The synthetic-speech disclosure: a short spoken notice, in the article's language, that the
audio was read by a synthetic voice, and the same in words for metadata.

The notice is a chapter of its own ("About this audio"), at the end of the programme (the
default) or before the title (`start`): never inside chapter one, so a listener who skips to a
chapter does not hear it, and every writer (chapters, captions, transcripts, DAISY, EPUB, phone
messages) carries it as the chapter it is. `Script` marks its one cue with the kind "notice".
A language not in `NOTICES` gets the English notice, with a warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from narrate.model import EngineInfo, Script

log = logging.getLogger(__name__)

Position = Literal["start", "end", "none"]
POSITIONS: tuple[str, ...] = ("start", "end", "none")
DEFAULT: Position = "end"


@dataclass(frozen=True)
class Notice:
    """The notice in one language: the chapter's title and the sentence spoken."""

    title: str
    sentence: str


NOTICES: dict[str, Notice] = {
    "en": Notice("About this audio", "This audio was read by a synthetic voice."),
    "fr": Notice("À propos de cet audio", "Ce contenu audio a été lu par une voix de synthèse."),
    "de": Notice("Über diese Aufnahme",
                 "Dieser Text wurde von einer synthetischen Stimme gelesen."),
    "es": Notice("Acerca de este audio", "Este audio fue leído por una voz sintética."),
    "it": Notice("Informazioni su questo audio",
                 "Questo audio è stato letto da una voce sintetica."),
    "pt": Notice("Sobre este áudio", "Este áudio foi lido por uma voz sintética."),
    "nl": Notice("Over deze audio", "Deze audio is voorgelezen door een synthetische stem."),
}  # fmt: skip


def notice_for(language: str) -> Notice:
    """The notice in `language` ("pt-BR" finds "pt"); English, with a warning, for another."""
    base = language.replace("_", "-").split("-")[0].lower()
    if base not in NOTICES:
        log.warning("no synthetic-voice notice in %r yet: the English one is spoken", language)
        return NOTICES["en"]
    return NOTICES[base]


def notice_position(script: Script) -> Position:
    """Where the script's notice is: "start", "end", or "none" when it has none."""
    kinds = [cue.kind for cue in script.cues]
    if "notice" not in kinds:
        return "none"
    return "start" if kinds[0] == "notice" else "end"


def notice_text(script: Script) -> str | None:
    """The notice as displayed, or None when the script has none."""
    return next((cue.display for cue in script.cues if cue.kind == "notice"), None)


def voice_label(engine: EngineInfo) -> str:
    """The engine and voice in words: "piper (en_US-joe-medium)"."""
    return f"{engine.name} ({engine.voice})" if engine.voice else engine.name


def metadata_line(script: Script, engine: EngineInfo) -> str | None:
    """The notice and what spoke it, for tags and descriptions: "This audio was read by a
    synthetic voice. Voice: piper (en_US-joe-medium)."; None without a notice."""
    text = notice_text(script)
    return disclosure_line(text, voice_label(engine)) if text else None


def disclosure_line(text: str, voice: str) -> str:
    """The notice's words and the voice, as metadata and descriptions carry them."""
    return f"{text} Voice: {voice}."
