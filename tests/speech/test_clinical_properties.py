"""Properties of the clinical rules: no digit and no symbol a rule reads survives, the result
is a fixed point, and the display text a script keeps is the text as written."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.model import Article, Block, Section
from narrate.profiles import profile
from narrate.speech.lexicon import clinical_lexicon
from narrate.speech.normalize import normalize
from narrate.speech.script import build_script

CLINICAL = clinical_lexicon()
# Pieces of clinical text, so the rules fire and meet each other and the general rules.
PIECES = [
    "IV", "an", "Chapter", "Phase", "Type", "II", "IV", "VIII", "Henry", "King", "George", "I",
    "MIX", "CIVIC", "Mon–Fri", "Mon", "Fri", "Tues.", "Sat", "Sun", "Sept", "Jan", "10a–2p",
    "9a", "PO", "q4h", "q4-6h", "b.i.d.", "BID", "t.i.d.", "q.i.d.", "q.d.", "q.h.s.", "p.r.n.",
    "PRN", "NPO", "Rx", "Dx", "Hx", "Tx", "w/", "w/o", "2x/day", "3x", "daily", "mg/dL",
    "mmol/L", "mcg", "µg", "mL", "IU", "oz", "°F", "°C", "98.6", "BP", "120/80", "mmHg", "≥",
    "≤", ">=", "<", "1/2", "½", "tablet", "tabs", "SSRIs", "mRNA", "HbA1c", "B12", "COVID-19",
    "HIPAA", "NSAIDs", "COBRA", "OB/GYN", "MD", "DO", "PA-C", "LCSW", "PhD", "Jane", "Park",
    ",", "ext.", "204", "x12", "TTY", "711", "03/12/2026", "18+", "65+", "years", "7",
    "days/week", "5", "mg", "%", "(", ")", ".", " ", "-", "–", "/", "+", "&", "#", "0", "12",
    "100", "1,000", "8:30", "AM",
]  # fmt: skip
# Symbols a rule reads as words or drops: none may reach the voice.
RULE_SYMBOLS = set("%°/+=&@#<>≤≥±×÷~|\\^*_§№²³½¼¾⅓⅔⅛µμ$£€¥₹¢–—•")

piece_text = st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join)
glued_text = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)
texts = st.one_of(piece_text, glued_text)
locales = st.sampled_from([None, "en-US", "en-GB"])
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def speak(text: str, locale: str | None = None) -> str:
    return normalize(text, lexicon=CLINICAL, locale=locale)


@SETTINGS
@given(texts, locales)
def test_no_digit_and_no_rule_symbol_survives(text, locale):
    spoken = speak(text, locale)
    assert not any(ch.isdigit() for ch in spoken), spoken
    assert not RULE_SYMBOLS & set(spoken), spoken


@SETTINGS
@given(texts, locales)
def test_idempotent(text, locale):
    spoken = speak(text, locale)
    assert speak(spoken, locale) == spoken


@SETTINGS
@given(st.lists(piece_text.filter(str.strip), min_size=1, max_size=4))
def test_the_display_text_is_untouched(paragraphs):
    blocks = tuple(Block(p + ".", "list_item", place=n) for n, p in enumerate(paragraphs, 1))
    article = Article("Title", (Section("Steps", 2, blocks),))
    script = build_script(article, profile("podcast").pauses, speak=speak)
    written = " ".join(" ".join(b.text.split()) for b in blocks)
    for cue in script.cues:
        if cue.kind == "sentence":
            assert cue.display in written
            assert cue.spoken != cue.display or not any(ch.isdigit() for ch in cue.display)
