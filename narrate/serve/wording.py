"""How the web app words things: an edition's files by names a person understands
("Transcript (Markdown)", not `transcript_md`), and narrate's messages without the advice
meant for the terminal ("raise --max-chars", "see `narrate voices`"), which a page cannot act
on, and without the folders where the server keeps its files.
"""

from __future__ import annotations

import re

FILE_LABELS = {
    "mp3": "Audio (MP3, with chapters)",
    "m4b": "Audiobook (M4B, with chapters)",
    "split_chapters": "Audio, one file per chapter",
    "vtt": "Captions (WebVTT)",
    "srt": "Captions (SRT)",
    "chapters_vtt": "Chapter list (WebVTT)",
    "chapters_json": "Chapter list for podcast apps (JSON)",
    "transcript_md": "Transcript (Markdown)",
    "transcript_html": "Transcript (web page)",
    "player": "Accessible web player",
    "daisy": "DAISY talking book",
    "epub": "EPUB book, read aloud in sync",
    "phone": "Messages for telephone systems",
    "script": "What the voice was given to say (JSON)",
}


def file_label(name: str) -> str:
    """The label of a writer's format; an unknown one in words ("show_notes" -> "Show notes")."""
    if name in FILE_LABELS:
        return FILE_LABELS[name]
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


# A clause of advice for the command line: one in brackets, or one after ";", "," or ":",
# that names an option (--max-bytes) or a command (`narrate voices ...`).
TERMINAL_ADVICE = re.compile(
    r"\s*\([^()]*(?:--[a-z]|`narrate )[^()]*\)"
    r"|\s*[;,:]\s*(?:or\s+)?[^;,:()]*(?:--[a-z][\w-]*|`narrate [^`]*`)[^;,()]*"
)

# The folders of an absolute path on the server ("/srv/library/.sources/ab12/"); not a URL's.
SERVER_FOLDERS = re.compile(r"(?<![\w:/.~-])/(?:[^\s/:;,()'\"]+/)+")


def web_message(message: str) -> str:
    """`message` as a page says it: without advice that only a terminal can follow, a file on
    the server by its name alone."""
    return SERVER_FOLDERS.sub("", TERMINAL_ADVICE.sub("", message)).strip()
