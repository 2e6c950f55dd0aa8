"""Clinic pages through `narrate script` as a clinic's editor runs it: every abbreviation said
as a clinician would, no digits or symbols left; --diff names the rule behind each change;
the clinical lexicon can be turned off and overridden; --locale decides numeric dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrate.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "clinical"
RULE_SYMBOLS = set("%°/+=&@#<>≤≥±×÷~|\\^*_§№²³½¼¾⅓⅔⅛µμ$£€¥₹¢–—•")


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        result = CliRunner(mix_stderr=False).invoke(main, list(args))
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return invoke


# For each page: what it says, as a clinician reads it aloud, and the written forms that
# must not reach the voice.
PAGES = {
    "medication-guide.md": (
        [
            "one of the S S R I's",
            "Your prescription was written by Doctor Ana Ruiz, M D",
            "reviewed by Lee Park, P A C.",
            "Step one: Take one tablet (fifty milligrams) by mouth every day in the morning, "
            "with or without food.",
            "Step two: For the first week, take half a tablet",
            "Never take twice a day to catch up.",
            "Avoid en-seds such as ibuprofen",
            "every four to six hours as needed",
            "three thousand milligrams per day",
            "taken at bedtime, and the nausea medicine twice a day or three times a day",
            "at least one hundred point four degrees Fahrenheit",
            "Patients eighteen and older should not stop suddenly",
            "twenty-five degrees Celsius",
            "extension two zero four, T T Y seven one one.",
        ],
        ["SSRIs", "Rx", "MD", "PA-C", "PO", "q.d.", "w/", "w/o", "NSAIDs", "p.r.n.", "q.h.s."],
    ),
    "office-hours.txt": (
        [
            "open Monday to Friday eight AM to five PM and Saturday ten AM to two PM.",
            "We are closed Sunday and on holidays.",
            "Tuesday and Thursday seven thirty to eleven AM.",
            "start in September and run through December.",
            "Jane Park, D O, M P H",
            "Sam Lee, L C S W",
            "Rita Moss, A P R N, F N P B C",
            "four five six seven extension three one zero.",
            "can use T T Y seven one one.",
            "staffed seven days a week.",
            "Patients sixty-five and older can ask",
            "about cobra or your hippa rights go to extension two two zero.",
        ],
        ["Mon", "Fri", "Sat", "Sun", "Tues", "Thurs", "Sept", "Dec", "DO", "TTY", "HIPAA"],
    ),
    "lab-results.html": (
        [
            "your visit on March twelfth, twenty twenty-six.",
            "Your H b A one C measures",
            "Type two diabetes the goal is an A one C at most seven percent.",
            "seventy to ninety-nine milligrams per deciliter",
            "Your e G F R should be at least sixty.",
            "one hundred and thirty-five to one hundred and forty-five millimoles per liter",
            "three point five to five point zero milliequivalents per liter",
            "Vitamin B twelve below two hundred picograms per milliliter",
            "one thousand micrograms by mouth daily",
            "two thousand international units of vitamin D three.",
            "Your blood pressure was one twenty-eight over eighty-two millimeters of mercury.",
            "below one thirty over eighty.",
            "seventy-two beats per minute",
            "ninety-eight point six degrees Fahrenheit (thirty-seven degrees Celsius).",
            "diagnosis: prediabetes.",
            "history of C O P D.",
            "five days a week, and a recheck January to March.",
            "Your M R N A COVID nineteen booster is due in October.",
        ],
        ["HbA1c", "A1c", "eGFR", "BP", "mmHg", "Dx", "Hx", "Tx", "mRNA", "Oct", "bpm"],
    ),
    "pre-procedure.md": (
        [
            "Step one: Stop en-seds and aspirin seven days before, unless Doctor Lee, M D",
            "in Phase two of our day-surgery unit, and recovery is in the pack-you.",
            "Step two: Drink eight ounces of clear liquid every hour while awake.",
            "Step three: nothing by mouth after midnight",
            "sips of water with your morning pills.",
            "Step one: Take your blood pressure pill by mouth",
            "if your blood pressure is above one forty over ninety.",
            "Step two: Arrive one hour early.",
            "A nurse will place an I V line and start I V fluids.",
            "Step three: Bring your see-pap machine",
            "half a tablet of the pain medicine every six hours as needed for two to three days.",
            "over one hundred and one degrees Fahrenheit or you have nausea and vomiting",
        ],
        ["NSAIDs", "PACU", "NPO", "IV", "CPAP", "PRN", "q6h", "tab", "N/V", "II", "oz", "hr"],
    ),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_clinic_page_is_read_as_a_clinician_would(run, page):
    spoken = run("script", str(FIXTURES / page))
    said, unsaid = PAGES[page]
    for phrase in said:
        assert phrase in spoken
    for written in unsaid:
        assert not re.search(rf"(?<![\w/.-]){re.escape(written)}(?![\w/-])", spoken), written
    assert not re.search(r"\d", spoken)
    assert not RULE_SYMBOLS & set(spoken), RULE_SYMBOLS & set(spoken)


def test_diff_names_the_rule_or_lexicon_entry_behind_each_change(run, tmp_path):
    page = tmp_path / "drip.txt"
    page.write_text("Infusions\n\nAn IV drip runs for 40 min. Avoid NSAIDs.\n", encoding="utf-8")
    lines = run("script", str(page), "--diff").splitlines()
    assert lines == [
        "An IV drip runs for 40 min.\t→ An I V drip runs for forty minutes.",
        "    IV → I V  [initialism in medical context]",
        "    40 min. → forty minutes.  [units]",
        "Avoid NSAIDs.\t→ Avoid en-seds.",
        "    NSAIDs. → en-seds.  [clinical lexicon: said as a word by clinicians]",
    ]


def test_diff_names_the_place_of_an_ordered_list_item(run):
    lines = run("script", str(FIXTURES / "pre-procedure.md"), "--diff").splitlines()
    at = lines.index("Arrive 1 hr early.\t→ Step two: Arrive one hour early.")
    assert lines[at + 1 : at + 3] == [
        "    (added) → Step two:  [place in an ordered list]",
        "    1 hr → one hour  [units]",
    ]


def test_diff_folds_later_rules_into_the_first_change(run, tmp_path):
    page = tmp_path / "hours.txt"
    page.write_text("Hours\n\nOpen Sat 10a–2p only.\n", encoding="utf-8")
    lines = run("script", str(page), "--diff").splitlines()
    assert "    10a–2p → ten AM to two PM  [short times; times]" in lines
    assert "    Sat → Saturday  [days of the week]" in lines


def test_the_clinical_lexicon_can_be_turned_off(run, tmp_path):
    page = tmp_path / "rights.txt"
    page.write_text("Rights\n\nYour HIPAA rights and NSAIDs.\n", encoding="utf-8")
    assert "Your hippa rights and en-seds." in run("script", str(page))
    assert "Your HIPAA rights and NSAIDs." in run("script", str(page), "--no-clinical")


def test_a_users_lexicon_wins_over_the_clinical_one(run, tmp_path):
    page = tmp_path / "rights.txt"
    page.write_text("Rights\n\nYour HIPAA rights and NSAIDs.\n", encoding="utf-8")
    (tmp_path / "narrate.toml").write_text('"HIPAA" = "the privacy law"\n', encoding="utf-8")
    spoken = run("script", str(page))
    assert "Your the privacy law rights and en-seds." in spoken
    lines = run("script", str(page), "--diff").splitlines()
    assert f"    HIPAA → the privacy law  [{tmp_path / 'narrate.toml'}]" in lines


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((), "Seen March twelfth, twenty twenty-six."),
        (("--locale", "en-GB"), "Seen the third of December, twenty twenty-six."),
        (("--lang", "en-GB"), "Seen the third of December, twenty twenty-six."),
        (("--lang", "en-GB", "--locale", "en-US"), "Seen March twelfth, twenty twenty-six."),
    ],
)
def test_locale_decides_numeric_dates(run, tmp_path, args, said):
    page = tmp_path / "visit.txt"
    page.write_text("Visit\n\nSeen 03/12/2026.\n", encoding="utf-8")
    assert said in run("script", str(page), *args).splitlines()


def test_a_bad_locale_is_one_clear_line(tmp_path):
    page = tmp_path / "visit.txt"
    page.write_text("Visit\n\nSeen 03/12/2026.\n", encoding="utf-8")
    result = CliRunner(mix_stderr=False).invoke(main, ["script", str(page), "--locale", "GB"])
    assert result.exit_code == 2
    assert "Invalid value for '--locale': 'GB' is not a locale" in result.stderr
    assert "Traceback" not in result.stderr


def test_script_help_says_the_clinical_lexicon_is_on():
    result = CliRunner().invoke(main, ["script", "--help"], terminal_width=200)
    assert "--clinical / --no-clinical" in result.output
    assert "[default: clinical]" in result.output
