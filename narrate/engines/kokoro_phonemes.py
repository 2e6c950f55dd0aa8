"""Text to Kokoro's phoneme tokens: espeak-ng's IPA (the copy piper-tts ships) respelled in the
symbols Kokoro-82M was trained with (misaki's), then numbered through the model's vocabulary.

Kokoro was trained on misaki's phonemes: IPA, except that diphthongs and affricates are one
letter each (`I` for aɪ, `W` aʊ, `A` eɪ, `Y` ɔɪ, `O` oʊ in American English, `Q` əʊ in
British, `ʤ`, `ʧ`), American English drops length marks and writes "her" as ɜɹ, and a syllabic
consonant gets a small schwa before it (`ᵊn`). misaki's own espeak fallback respells espeak
this way; so does this module, with one difference: piper's espeak bridge gives no tie bars, so
two letters that could be a diphthong are taken as one (`aɪ` → `I`) even where espeak meant two
syllables ("naïve" comes out as "nIv", where misaki reads naˈiv). Symbols outside the vocabulary
(espeak's hyphens, tone letters, language-switch flags) are dropped.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence

MAX_TOKENS = 510  # the model's 512 positions, less the padding token at each end

# espeak voice for each language Kokoro speaks that espeak spells well enough; Japanese and
# Mandarin need misaki's own readers (pyopenjtalk, jieba), which narrate does not ship.
ESPEAK_VOICES = {
    "en-us": "en-us",
    "en-gb": "en",  # espeak's "en" is British (Received Pronunciation)
    "es": "es",
    "fr": "fr",
    "it": "it",
    "pt": "pt-br",  # Kokoro's Portuguese voices are Brazilian
    "hi": "hi",
}

# Applied in order: longer spellings before the letters they contain.
_AMERICAN = (("oʊ", "O"),)
_BRITISH = (("əʊ", "Q"), ("eə", "ɛː"))
_ENGLISH = (
    ("aɪ", "I"), ("aʊ", "W"), ("eɪ", "A"), ("ɔɪ", "Y"), ("dʒ", "ʤ"), ("tʃ", "ʧ"),
    ("ʔ", "t"), ("ɝ", "ɜɹ"), ("ɚ", "əɹ"), ("ɐ", "ə"), ("r", "ɹ"), ("x", "k"), ("ç", "k"),
    ("ɬ", "l"), ("e", "A"), ("ʲ", ""), ("\u0303", ""),
)  # fmt: skip
_AMERICAN_AFTER = (("ɜːɹ", "ɜɹ"), ("ɜː", "ɜɹ"), ("ɪə", "iə"), ("ː", ""), ("o", "ɔ"))
_BRITISH_AFTER = (("iə", "ɪə"), ("o", "ɔ"))
_OTHER = (
    ("aɪ", "I"), ("aʊ", "W"), ("dz", "ʣ"), ("dʒ", "ʤ"), ("eɪ", "A"), ("oʊ", "O"),
    ("əʊ", "Q"), ("ts", "ʦ"), ("tʃ", "ʧ"), ("ɔɪ", "Y"), ("-", ""),
)  # fmt: skip

_FLAGS = re.compile(r"\([^)]*\)")  # espeak's (en) ... (es) language switches
_SYLLABIC = re.compile(r"(\S)\u0329")  # n̩ → ᵊn
_espeak_lock = threading.Lock()  # espeak-ng has one global state
_espeak_ready = False


def espeak_ipa(text: str, voice: str) -> str:
    """espeak-ng's IPA for `text` read by `voice`, clause by clause, with each clause's
    punctuation kept (Kokoro pauses on it)."""
    global _espeak_ready
    from piper import espeakbridge
    from piper.phonemize_espeak import ESPEAK_DATA_DIR

    with _espeak_lock:
        if not _espeak_ready:
            espeakbridge.initialize(str(ESPEAK_DATA_DIR))
            _espeak_ready = True
        espeakbridge.set_voice(voice)
        clauses = espeakbridge.get_phonemes(text)
    return " ".join(_FLAGS.sub("", phonemes) + end for phonemes, end, _ in clauses)


def _respell(ipa: str, rules: Sequence[tuple[str, str]]) -> str:
    for old, new in rules:
        ipa = ipa.replace(old, new)
    return ipa


def kokoro_phonemes(ipa: str, dialect: str) -> str:
    """espeak's IPA in `dialect` (a key of ESPEAK_VOICES) respelled in Kokoro's symbols."""
    if dialect.startswith("en"):
        ipa = _SYLLABIC.sub(r"ᵊ\1", ipa.replace("ʔn\u0329", "tᵊn"))
        american = dialect == "en-us"
        ipa = _respell(ipa, _AMERICAN if american else _BRITISH)
        ipa = _respell(ipa, _ENGLISH)
        ipa = _respell(ipa, _AMERICAN_AFTER if american else _BRITISH_AFTER)
    else:
        ipa = _respell(ipa, _OTHER)
    return re.sub(r" {2,}", " ", ipa).strip()


def token_ids(phonemes: str, vocab: Mapping[str, int]) -> list[int]:
    """The vocabulary number of every phoneme Kokoro knows; the others dropped."""
    return [vocab[symbol] for symbol in phonemes if symbol in vocab]


def chunks(ids: list[int], space: int) -> list[list[int]]:
    """`ids` cut into pieces of at most MAX_TOKENS, each cut after the last word (`space`)
    that fits, or at MAX_TOKENS in a word longer than that."""
    pieces: list[list[int]] = []
    while len(ids) > MAX_TOKENS:
        window = ids[:MAX_TOKENS]
        cut = MAX_TOKENS - window[::-1].index(space) if space in window else MAX_TOKENS
        pieces.append(ids[:cut])
        ids = ids[cut:]
    if ids:
        pieces.append(ids)
    return pieces
