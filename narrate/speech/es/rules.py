"""Spanish: the order its rules run in (narrate.speech.normalize imports this module, and the
rule modules with their patterns, only when an article is read in Spanish)."""

from __future__ import annotations

from narrate.speech import addresses, neutral
from narrate.speech.context import Rule
from narrate.speech.es import clinical, dates, numbers, text

RULES: tuple[Rule, ...] = (
    addresses.network_addresses,  # before the dots are taken for thousands separators
    *neutral.FIRST,
    clinical.routes,
    clinical.dosing_shorthand,
    text.abbreviations,
    text.roman_numerals,
    clinical.comparisons,
    clinical.blood_pressure,
    text.emergency_numbers,
    dates.dates,
    text.phone_numbers,
    dates.times,
    numbers.negatives,
    numbers.ranges,
    numbers.currency,
    numbers.percentages,
    numbers.ordinals,
    numbers.units,
    numbers.fractions,
    numbers.numbers,
    text.initialisms,
    text.symbol_words,
    neutral.tidy,
)
