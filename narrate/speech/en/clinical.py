"""Clinical shorthand read the way a clinician reads it to a patient: doses, frequencies,
blood pressure, ages, credentials, extensions. Each rule writes its numbers out itself."""

from __future__ import annotations

import re

from narrate.speech.alternation import alternation
from narrate.speech.clinical_words import (
    BLOOD_PRESSURE_WORDS,
    COMPARISONS,
    COURSE_UNITS,
    CREDENTIALS,
    DOSE_FRACTIONS,
    DOSE_NOUNS,
    DOSING,
    DOSING_CAPITALS,
    DOSING_DOTTED_CAPITALS,
    DOSING_LOWER,
    MIXED_CASE,
    PER_PERIOD,
    TIMES_WORDS,
    X_ABBREVIATIONS,
)
from narrate.speech.context import Context
from narrate.speech.en.numbers import UNITS
from narrate.speech.en.periods import full_stop
from narrate.speech.en.spell import cardinal, digits

_MIXED = re.compile(rf"(?<![\w-])({alternation(MIXED_CASE)})(s?)(?![\w-])")


def mixed_case_initialisms(ctx: Context, text: str) -> str:
    """'HbA1c' → 'H b A one C', 'eGFR' → 'e G F R', before the digits in them are read."""
    return _MIXED.sub(lambda m: MIXED_CASE[m[1]] + ("'s" if m[2] else ""), text)


_EVERY_HOURS = re.compile(
    r"(?<![\w.])[Qq]\.?\s?(\d{1,2})(?:\s?[–-]\s?(\d{1,2}))?\s?(?:h|hr|hrs|hours?|H)\b\.?"
)


def _dotted(key: str) -> str:
    dotted = r"\.".join(map(re.escape, key))
    return f"(?i:{dotted})" if key in DOSING_DOTTED_CAPITALS else dotted


_DOTTED = re.compile(
    rf"(?<![\w.])({'|'.join(_dotted(k) for k in sorted(DOSING, key=len, reverse=True))})\."
)
_UNDOTTED = re.compile(
    rf"(?<![\w.'/-])({alternation(DOSING_CAPITALS | DOSING_LOWER)})(?![\w'/-])(?!\s*Box\b)"
)


def _every_hours(m: re.Match[str]) -> str:
    first, last = int(m[1]), m[2]
    if last:
        return f"every {cardinal(first)} to {cardinal(int(last))} hours" + full_stop(m)
    hours = "hour" if first == 1 else f"{cardinal(first)} hours"
    return f"every {hours}" + full_stop(m)


_COURSE = re.compile(rf"(?<![\w.])[x×]\s?(\d{{1,3}})\s+({'|'.join(COURSE_UNITS)})\b")


def dosing_shorthand(ctx: Context, text: str) -> str:
    """'q4h' → 'every four hours', 'b.i.d.'/'BID' → 'twice a day', 'PRN' → 'as needed'."""
    text = _EVERY_HOURS.sub(_every_hours, text)
    text = _COURSE.sub(lambda m: f"for {cardinal(int(m[1]))} {m[2]}", text)
    text = _DOTTED.sub(lambda m: DOSING[m[1].replace(".", "").lower()] + full_stop(m), text)
    return _UNDOTTED.sub(lambda m: DOSING[m[1].lower()], text)


_X_ABBREVIATION = re.compile(rf"(?<![\w-])({alternation(X_ABBREVIATIONS)})(?![\w-])")
_WITHOUT = re.compile(r"(?<![\w/])[Ww]/[Oo](?![\w/])")
_WITH = re.compile(r"(?<![\w/])[Ww]/\s*(?=[^\W\d_])")


def clinical_abbreviations(ctx: Context, text: str) -> str:
    """'Rx' → 'prescription', 'Dx', 'Hx', 'Tx'; 'w/' → 'with', 'w/o' → 'without'."""
    text = _X_ABBREVIATION.sub(lambda m: X_ABBREVIATIONS[m[1]], text)
    text = _WITHOUT.sub("without", text)
    return _WITH.sub("with ", text)


_PERIOD = rf"(?P<period>{alternation(PER_PERIOD)})\b\.?"
_COUNT = r"(?P<n>\d{1,3})(?:\s?[–-]\s?(?P<n2>\d{1,3}))?"
_TIMES_PER = re.compile(
    rf"(?<![\w.,/])(?P<n>\d{{1,2}})\s?[x×]\s*(?:/\s*|per\s+|a\s+|an\s+){_PERIOD}"
)
_TIMES_DAILY = re.compile(r"(?<![\w.,/])(?P<n>\d{1,2})\s?[x×]\s+(?P<how>daily|weekly|monthly)\b")
_NOUN_PER = re.compile(rf"(?<![\w.,/])({_COUNT}\s+(?P<noun>[a-z]+))\s*(?:/|\bper\b)\s*{_PERIOD}")


def _times(n: int) -> str:
    return TIMES_WORDS.get(n, f"{cardinal(n)} times")


def _count(m: re.Match[str]) -> str:
    n2 = f" to {cardinal(int(m['n2']))}" if m["n2"] else ""
    return cardinal(int(m["n"])) + n2


def _noun_per(m: re.Match[str]) -> str:
    if m["noun"] in UNITS:  # "5 mg/day" is a measure: the units rule says "per day"
        return m[0]
    return f"{_count(m)} {m['noun']} a {PER_PERIOD[m['period'].rstrip('.')]}" + full_stop(m)


def counts_per_period(ctx: Context, text: str) -> str:
    """'2x/day' → 'twice a day', '3x daily' → 'three times daily', '7 days/week'."""
    text = _TIMES_PER.sub(
        lambda m: f"{_times(int(m['n']))} a {PER_PERIOD[m['period'].rstrip('.')]}" + full_stop(m),
        text,
    )
    text = _TIMES_DAILY.sub(lambda m: f"{_times(int(m['n']))} {m['how']}", text)
    return _NOUN_PER.sub(_noun_per, text)


_DOSE = re.compile(
    rf"(?<![\d/.,])(?:(?P<whole>\d{{1,2}})(?:\s+(?:and\s+)?|\s?(?=[½¼¾⅓⅔])))?"
    rf"(?P<part>{alternation(DOSE_FRACTIONS)})\s+(?:of\s+an?\s+)?"
    rf"(?P<noun>{alternation(DOSE_NOUNS)})(?P<plural>e?s)?\b\.?"
)


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" or word == "hour" else "a"


def _dose(m: re.Match[str]) -> str:
    noun = DOSE_NOUNS[m["noun"]]
    part = DOSE_FRACTIONS[m["part"]]
    end = full_stop(m)
    if m["whole"]:
        many = noun + ("es" if noun.endswith(("ch", "sh", "ss")) else "s")
        share = "a half" if part == "half" else part.removesuffix(" of")
        return f"{cardinal(int(m['whole']))} and {share} {many}{end}"
    return f"{part} {_article(noun)} {noun}{end}"


def dose_fractions(ctx: Context, text: str) -> str:
    """'1/2 tablet' → 'half a tablet', '1 1/2 tabs' → 'one and a half tablets'."""
    return _DOSE.sub(_dose, text)


_BP_LEAD = (
    rf"(?P<lead>\b(?:{BLOOD_PRESSURE_WORDS})\b(?:\s*(?:(?:of|is|was|were|at|reading|readings|"
    r"above|below|under|over|than|less|greater|higher|lower|or|between)\b|[<>≤≥:]=?))*\s*)"
)
_READING = r"(?P<sys>\d{2,3})/(?P<dia>\d{2,3})(?![\d/]|[.,]\d)(?P<unit>\s?mm\s?Hg\b)?"
_BP_AFTER_LEAD = re.compile(_BP_LEAD + _READING)
_BP_BEFORE_UNIT = re.compile(rf"(?<![\d/.,]){_READING}(?<=Hg)")
_BP_AND = re.compile(rf"(?<=over [a-z]{{3}})(?P<sep>\w*\s+(?:and|or|to)\s+){_READING}")


def _pressure(value: str) -> str:
    """120 → 'one twenty', 105 → 'one oh five', 100 → 'one hundred', 80 → 'eighty'."""
    n = int(value)
    if n < 100 or n % 100 == 0:
        return cardinal(n)
    head, rest = divmod(n, 100)
    return f"{cardinal(head)} {'oh ' + cardinal(rest) if rest < 10 else cardinal(rest)}"


def _reading(m: re.Match[str]) -> str:
    unit = " millimeters of mercury" if m["unit"] else ""
    return f"{_pressure(m['sys'])} over {_pressure(m['dia'])}{unit}"


def _lead(lead: str) -> str:
    return re.sub(r"\bB/?P\b", "blood pressure", lead)


def blood_pressure(ctx: Context, text: str) -> str:
    """'BP 120/80' → 'blood pressure one twenty over eighty', '140/90 mmHg' likewise."""
    text = _BP_AFTER_LEAD.sub(lambda m: _lead(m["lead"]) + _reading(m), text)
    text = _BP_AND.sub(lambda m: m["sep"] + _reading(m), text)
    return _BP_BEFORE_UNIT.sub(_reading, text)


_COMPARISON = re.compile(alternation(COMPARISONS))


def comparisons(ctx: Context, text: str) -> str:
    """'>= 18' → 'at least 18', '<= 5' → 'at most 5' ('≥' and '≤' are symbol words)."""
    return _COMPARISON.sub(lambda m: f" {COMPARISONS[m[0]]} ", text)


_AGE_WORDS = r"(?i:ages?|aged|adults?|patients?|people|persons?|anyone|everyone|those|seniors)"
_PLUS_YEARS = re.compile(r"(?<![\w.,])(\d{1,3})\+\s+(years?|yrs?)(?:\s+(old|of age))?\b")
_PLUS_AGE = re.compile(rf"\b({_AGE_WORDS}\s+)(\d{{1,3}})\+(?![\w+])")
_PLUS_COUNT = re.compile(r"(?<![\w.,+])(\d{1,9})\+(?=\s+[a-z])")
_PLUS_ALONE = re.compile(r"(?<![\w.,+])(\d{1,3})\+(?![\w+])")


def ages_and_counts(ctx: Context, text: str) -> str:
    """'18+' → 'eighteen and older', '65+ years' → 'sixty-five years and older', '10+ days'."""
    text = _PLUS_YEARS.sub(
        lambda m: (
            f"{cardinal(int(m[1]))} {'years' if m[2][0] == 'y' else m[2]}"
            + (f" {m[3]}" if m[3] else "")
            + " and older"
        ),
        text,
    )
    text = _PLUS_AGE.sub(lambda m: f"{m[1]}{cardinal(int(m[2]))} and older", text)
    text = _PLUS_COUNT.sub(lambda m: f"{cardinal(int(m[1]))} or more", text)
    return _PLUS_ALONE.sub(lambda m: f"{cardinal(int(m[1]))} and older", text)


_CREDENTIAL = alternation(CREDENTIALS)
_CREDENTIALS = re.compile(
    rf"(?<=[a-z.)])(,\s*|\s+)((?:{_CREDENTIAL})(?:\s*,\s*(?:{_CREDENTIAL}))*)(?![\w-])"
)


def _spell(credential: str) -> str:
    return " ".join(ch.upper() for ch in credential if ch.isalpha())


def _credentials(m: re.Match[str]) -> str:
    # Without a comma ("Lee Park PA-C") a full name must come before: "Please DO call" stays.
    full_name = re.search(r"[A-Z][a-z'-]+\s+[A-Z][a-z'-]+$", m.string[: m.start()])
    if not m[1].startswith(",") and not full_name:
        return m[0]
    listed = re.split(r"(\s*,\s*)", m[2])
    return m[1] + "".join(part if i % 2 else _spell(part) for i, part in enumerate(listed))


def credentials_after_names(ctx: Context, text: str) -> str:
    """'Ana Ruiz, DO, MPH' → 'Ana Ruiz, D O, M P H'; 'Lee Park PA-C' → 'Lee Park P A C'."""
    return _CREDENTIALS.sub(_credentials, text)


_EXTENSION = re.compile(r"\b(?:[Ee]xt|EXT)\.?\s*:?\s*(\d{1,6})\b(?:\.(?=\s|$))?")
_AFTER_PHONE = re.compile(r"(?<=\d{4})(\s*,?\s*)[Xx]\.?\s?(\d{1,6})\b")  # "555-1234 x204"
_TTY = re.compile(r"\b((?:TTY|TDD|TRS|Relay)(?:\s*/\s*(?:TTY|TDD|TRS))?)(\s*:?\s*)(\d{3,})\b")


def extensions_and_relay_numbers(ctx: Context, text: str) -> str:
    """'ext. 204' → 'extension two zero four', 'TTY 711' → 'T T Y seven one one'."""
    text = _AFTER_PHONE.sub(lambda m: f"{m[1] or ' '}extension {digits(m[2])}", text)
    text = _EXTENSION.sub(lambda m: f"extension {digits(m[1])}" + full_stop(m), text)
    return _TTY.sub(lambda m: f"{m[1].replace('/', ' ')}{m[2]}{digits(m[3])}", text)
