"""Example articles read and scripted: the engine hears words, the page keeps its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.pipeline import BuildSettings, plan
from narrate.profiles import profile

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CASES = {
    "clinic-hours.md": [
        ("from 8:30 AM to 5:00 PM", "from eight thirty AM to five PM"),
        ("Call 555-123-4567 to book.", "Call five five five, one two three, four five six seven"),
        ("two (2) forms of ID", "two forms of I D"),
        ("$1,200 for the full 3-session", "one thousand two hundred dollars for the full three-"),
        ("call 911 or text 988", "call nine one one or text nine eight eight"),
        ("answers 24/7", "answers twenty-four seven"),
        ("help@riverside-clinic.org", "help at riverside-clinic dot org"),
        ("closed on 2025-12-25", "closed on December twenty-fifth, twenty twenty-five"),
        ("take 2–3 days", "take two to three days"),
    ],
    "medication-safety.html": [
        ("Dr. Ortiz reviews", "Doctor Ortiz reviews"),
        ("e.g. how many mg/kg", "for example how many milligrams per kilogram"),
        ("5 mL is one teaspoon", "five milliliters is one teaspoon"),
        ("above 102.2°F", "above one hundred and two point two degrees Fahrenheit"),
        ("i.e. two days", "that is two days"),
        ("for PTSD, ADHD and OCD", "for P T S D, A D H D and O C D"),
        ("50% of patients", "fifty percent of patients"),
        ("the 1st dose", "the first dose"),
    ],
    "first-visit.txt": [
        ("Your First Visit to St. Mary's", "Your First Visit to Saint Mary's"),
        ("with Dr. Patel at 12 Oak Dr.,", "with Doctor Patel at twelve Oak Drive,"),
        ("on Main St.", "on Main Street."),
        ("call XXX-XXX-XXXX and", "call a phone number and"),
        ("vitamins, etc. and", "vitamins, et cetera and"),
        ("e.g. 120/80", "for example one hundred and twenty over eighty"),
        ("steps vs. waiting", "steps versus waiting"),
        ("between 9 AM and 4:30 PM", "between nine AM and four thirty PM"),
    ],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_spoken_forms_reach_the_engine_and_display_text_stays(name):
    options = BuildSettings(profile=profile("podcast"))
    _, script = plan(EXAMPLES / name, options)
    spoken = "\n".join(c.spoken for c in script.cues)
    display = "\n".join(c.display for c in script.cues)
    for written, said in CASES[name]:
        assert said in spoken, (written, said)
        assert written in display, written
        assert written not in spoken or written == said


def test_page_furniture_is_neither_shown_nor_spoken():
    options = BuildSettings(profile=profile("podcast"))
    for name in CASES:
        _, script = plan(EXAMPLES / name, options)
        text = " ".join(c.display + " " + c.spoken for c in script.cues)
        for furniture in ("Share this", "Read more", "Previous", "Home ›", "cookies", "Related"):
            assert furniture not in text, (name, furniture)
