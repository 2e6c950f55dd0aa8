"""Piper's voices as data: the catalogue (the voices index shipped with narrate, or a refreshed
copy), the store of downloaded voices in the platform's data folder, and the download that
checks each file by size and digest before a voice is used.

What the rest of narrate calls: `catalogue_voices(language)`, `installed_voices(language)`,
`suggested_voice(language)`.
"""

from __future__ import annotations

from narrate.voices.catalogue import CatalogueVoice, catalogue_voices, find_voice, suggested_voice
from narrate.voices.store import InstalledVoice, installed_voice, installed_voices

__all__ = [
    "CatalogueVoice",
    "InstalledVoice",
    "catalogue_voices",
    "find_voice",
    "installed_voice",
    "installed_voices",
    "suggested_voice",
]
