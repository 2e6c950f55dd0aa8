"""Spanish prescription shorthand, read as a clinician reads it to a patient."""

from __future__ import annotations

import re

from narrate.speech.alternation import alternation
from narrate.speech.context import Context
from narrate.speech.es.words import COMPARISONS

# Routes after a dose or "vía": 'VO' → 'por vía oral'. Alone they are not read ("fase IV").
ROUTES = {
    "VO": "por vía oral",
    "IV": "por vía intravenosa",
    "EV": "por vía endovenosa",
    "IM": "por vía intramuscular",
    "SC": "por vía subcutánea",
    "SL": "por vía sublingual",
    "IN": "por vía nasal",
}
_ROUTE = re.compile(rf"(?:\b(?:por\s+)?vía\s+)?(?<![\w.])({alternation(ROUTES)})(?!\w)")
_ROUTE_CONTEXT = re.compile(
    r"(?:\d\s?[^\W\d_]{1,4}|tabletas?|cápsulas?|gotas?|ampollas?|inyección|dosis|vía)\s*$",
    re.IGNORECASE,
)


def routes(ctx: Context, text: str) -> str:
    """'500 mg VO' → '500 mg por vía oral', 'vía IM' → 'por vía intramuscular'."""

    def said(m: re.Match[str]) -> str:
        before = m.string[: m.start()]
        if m[0].startswith(("vía", "por")) or _ROUTE_CONTEXT.search(before):
            return ROUTES[m[1]]
        return m[0]

    return _ROUTE.sub(said, text)


_EVERY = re.compile(r"(?<!\w)c/\s?(?=\d)")
_PRN = re.compile(r"(?<!\w)(?:s\.o\.s\.?|PRN|prn|SOS)(?!\w)")
_COURSE = re.compile(r"(?<!\w)[x×]\s?(?=\d+\s+(?:días|semanas|meses|dosis)\b)")
_TIMES_PER = re.compile(
    r"(?<![\w.,])(\d+)\s?(?:x|veces|vez)\s?(?:/|al|por)\s?(día|d|semana|sem|mes)\b"
)
_PERIODS = {"día": "al día", "d": "al día", "semana": "a la semana", "sem": "a la semana",
            "mes": "al mes"}  # fmt: skip


def dosing_shorthand(ctx: Context, text: str) -> str:
    """'c/8 h' → 'cada 8 h', 'x 7 días' → 'durante 7 días', '2x/día' → '2 veces al día',
    's.o.s.' → 'si es necesario'."""
    text = _EVERY.sub("cada ", text)
    text = _COURSE.sub("durante ", text)
    text = _TIMES_PER.sub(
        lambda m: f"{m[1]} {'vez' if m[1] == '1' else 'veces'} {_PERIODS[m[2]]}", text
    )
    return _PRN.sub(
        lambda m: "si es necesario" + ("." if m[0].endswith(".") and m.end() == len(text) else ""),
        text,
    )


_PRESSURE = re.compile(
    r"(?P<lead>\b(?:presión|tensión|PA|TA)(?:\s+arterial)?(?:\s+de)?:?\s+)?"
    r"(?<![\d/.,])(?P<high>\d{2,3})/(?P<low>\d{2,3})(?![\d/])(?P<unit>\s?mm\s?Hg)?"
)


def blood_pressure(ctx: Context, text: str) -> str:
    """'120/80 mmHg' → '120 sobre 80 mmHg', 'PA 130/85' likewise."""

    def said(m: re.Match[str]) -> str:
        if not (m["lead"] or m["unit"]):
            return m[0]
        return f"{m['lead'] or ''}{m['high']} sobre {m['low']}{m['unit'] or ''}"

    return _PRESSURE.sub(said, text)


_COMPARISON = re.compile(alternation(COMPARISONS))


def comparisons(ctx: Context, text: str) -> str:
    """'>= 140' → 'mayor o igual a 140'."""
    return _COMPARISON.sub(lambda m: f" {COMPARISONS[m[0]]} ", text)
