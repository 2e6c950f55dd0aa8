"""What the web app calls an edition's files: a name a person understands for each writer's
format ("Transcript (Markdown)", not `transcript_md`)."""

from __future__ import annotations

FILE_LABELS = {
    "mp3": "Audio (MP3, with chapters)",
    "m4b": "Audiobook (M4B, with chapters)",
    "split_chapters": "Audio, one MP3 file per chapter",
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
}


def file_label(name: str) -> str:
    """The label of a writer's format; an unknown one in words ("show_notes" -> "Show notes")."""
    if name in FILE_LABELS:
        return FILE_LABELS[name]
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
