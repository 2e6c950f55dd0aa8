"""English: the order its rules run in (narrate.speech.normalize imports this module, and the
rule modules with their patterns, only when an article is read in English)."""

from __future__ import annotations

from narrate.speech import neutral
from narrate.speech.context import Rule
from narrate.speech.en import (
    calendar,
    clinical,
    copyright,
    dates,
    dotted,
    numbers,
    phone,
    ports,
    roman,
    words,
)

RULES: tuple[Rule, ...] = (
    neutral.plain_characters,
    copyright.copyright_marks,  # before decoration drops the sign
    ports.host_ports,  # before web addresses read the host and leave the port
    *neutral.FIRST[1:],
    clinical.mixed_case_initialisms,
    clinical.extensions_and_relay_numbers,
    clinical.dosing_shorthand,
    clinical.clinical_abbreviations,
    calendar.short_times,
    calendar.days_of_the_week,
    calendar.months,
    clinical.counts_per_period,
    clinical.dose_fractions,
    clinical.blood_pressure,
    clinical.comparisons,
    clinical.ages_and_counts,
    roman.roman_numerals_in_series,
    roman.roman_numerals_after_names,
    roman.initialism_in_medical_context,
    clinical.credentials_after_names,
    numbers.glued_numbers,
    words.latin_abbreviations,
    words.titles_and_addresses,
    phone.placeholders,
    numbers.repeated_numbers,
    phone.emergency_numbers,
    dates.dates,
    phone.phone_numbers,
    numbers.dotted_thousands,  # before dotted numbers read '1.234.567' as a version
    dotted.dotted_numbers,
    numbers.negatives,
    numbers.ranges,
    numbers.currency,
    dates.times,
    numbers.percentages,
    numbers.units,
    dates.years,
    numbers.ordinals,
    numbers.fractions,
    numbers.numbers,
    words.word_substitutions,
    words.initialisms,
    words.symbol_words,
    neutral.tidy,
)
