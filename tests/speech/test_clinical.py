"""Clinical text, said the way a clinician reads it to a patient: one table row per case,
grouped by rule family, run with the clinical lexicon on (narrate's default)."""

import pytest

from narrate.speech.lexicon import clinical_lexicon
from narrate.speech.normalize import normalize

CLINICAL = clinical_lexicon()


def speak(display: str, language: str = "en", **options) -> str:
    return normalize(display, language, lexicon=CLINICAL, **options)


CASES = [
    # --- IV: the line in a medical context, a numeral elsewhere ---
    ("Start an IV.", "Start an I V."),
    ("IV fluids were given.", "I V fluids were given."),
    ("Place an IV line.", "Place an I V line."),
    ("The IV drip ran all night.", "The I V drip ran all night."),
    ("IV antibiotics for 7 days", "I V antibiotics for seven days"),
    ("given by IV or by mouth", "given by I V or by mouth"),
    ("ketamine delivered through an IV", "ketamine delivered through an I V"),
    ("Chapter IV", "Chapter four"),
    ("Phase IV trial", "Phase four trial"),
    ("King George IV", "King George the Fourth"),
    ("Henry IV", "Henry the Fourth"),
    # --- roman numerals after names ---
    ("Henry VIII", "Henry the Eighth"),
    ("Louis XIV", "Louis the Fourteenth"),
    ("Elizabeth II", "Elizabeth the Second"),
    ("Pope John Paul II", "Pope John Paul the Second"),
    ("John Smith III", "John Smith the Third"),
    ("Henry V", "Henry the Fifth"),
    # --- roman numerals in series, phases, types, chapters and sections ---
    ("World War I", "World War one"),
    ("World War II ended in 1945.", "World War two ended in nineteen forty-five."),
    ("Type II diabetes", "Type two diabetes"),
    ("type II diabetes", "type two diabetes"),
    ("Type I diabetes", "Type one diabetes"),
    ("a Phase II study", "a Phase two study"),
    ("a Phase I/II study", "a Phase one-two study"),
    ("Stage III cancer", "Stage three cancer"),
    ("Class II recall", "Class two recall"),
    ("Schedule II drugs", "Schedule two drugs"),
    ("Title IX", "Title nine"),
    ("Part II", "Part two"),
    ("Section IV", "Section four"),
    ("Level I trauma center", "Level one trauma center"),
    ("Super Bowl LVIII", "Super Bowl fifty-eight"),
    ("II. Background", "two. Background"),
    # --- words that look like numerals stay words ---
    ("I think so.", "I think so."),
    ("the type I like", "the type I like"),
    ("the part I read twice", "the part I read twice"),
    ("MIX", "MIX"),
    ("CIVIC", "CIVIC"),
    ("Mix it well.", "Mix it well."),
    ("Malcolm X", "Malcolm X"),
    ("XL shirt", "X L shirt"),
    # --- days of the week and their ranges ---
    ("Mon–Fri", "Monday to Friday"),
    ("Mon-Fri 8-5", "Monday to Friday eight to five"),
    ("Mon - Fri", "Monday to Friday"),
    ("Mon through Fri", "Monday through Friday"),
    ("Monday–Friday", "Monday to Friday"),
    ("M–F 9a–5p", "Monday to Friday nine AM to five PM"),
    ("Tues.", "Tuesday."),
    ("Open Tues. and Thurs.", "Open Tuesday and Thursday."),
    ("Sat 10a–2p", "Saturday ten AM to two PM"),
    ("Sat & Sun: closed", "Saturday and Sunday: closed"),
    ("Sun 9a–1p", "Sunday nine AM to one PM"),
    ("Wed, Fri 9am–5pm", "Wednesday, Friday nine AM to five PM"),
    ("Thurs 1–4 pm", "Thursday one to four PM"),
    ("We sat on the Sun deck.", "We sat on the Sun deck."),
    ("Wed. 8:30a–12p", "Wednesday eight thirty AM to twelve PM"),
    # --- months ---
    ("Sept", "September"),
    ("open until Sept.", "open until September."),
    ("Jan–Mar", "January to March"),
    ("Aug 2026", "August twenty twenty-six"),
    ("Dec. 24", "December twenty-fourth"),
    ("Closed Jan. 1 and Mar. 3", "Closed January first and March third"),
    ("Jan Smith called.", "Jan Smith called."),
    # --- dosing frequencies and routes ---
    ("Take 1 tablet PO BID.", "Take one tablet by mouth twice a day."),
    ("Take 1 tab p.o. b.i.d. with food.", "Take one tablet by mouth twice a day with food."),
    (
        "Take 2 tablets t.i.d. Call us if sick.",
        "Take two tablets three times a day. Call us if sick.",
    ),
    ("1 capsule q.i.d.", "one capsule four times a day."),
    ("Apply q.d.", "Apply every day."),
    ("Take it q.h.s. with water", "Take it at bedtime with water"),
    ("2 puffs q4h prn", "two puffs every four hours as needed"),
    ("Take 1 tab q4-6h PRN pain.", "Take one tablet every four to six hours as needed pain."),
    ("q6h", "every six hours"),
    ("Q8H", "every eight hours"),
    ("q 12 hours", "every twelve hours"),
    ("q1h", "every hour"),
    ("use p.r.n.", "use as needed."),
    ("TID", "three times a day"),
    ("QID", "four times a day"),
    ("qod", "every other day"),
    ("NPO after midnight.", "nothing by mouth after midnight."),
    ("npo after midnight", "nothing by mouth after midnight"),
    ("Stay n.p.o. after midnight", "Stay nothing by mouth after midnight"),
    ("take a.c. and h.s.", "take before meals and at bedtime."),
    ("a bid for the house", "a bid for the house"),
    ("Take 1 tab B.I.D.", "Take one tablet twice a day."),
    ("Write to PO Box 12.", "Write to P O Box twelve."),
    ("Riverside Medical, P.C.", "Riverside Medical, P.C."),
    (
        "500 mg PO q12h x 10 days",
        "five hundred milligrams by mouth every twelve hours for ten days",
    ),
    # --- clinical abbreviations ---
    ("Rx: amoxicillin", "prescription: amoxicillin"),
    ("Your Rx is ready.", "Your prescription is ready."),
    ("Dx: hypertension", "diagnosis: hypertension"),
    ("Hx of asthma", "history of asthma"),
    ("Tx plan", "treatment plan"),
    ("Austin, TX", "Austin, T X"),
    ("Take w/ food, not w/o water.", "Take with food, not without water."),
    ("w/food", "with food"),
    # --- counts per period ---
    ("2x/day", "twice a day"),
    ("3x/day", "three times a day"),
    ("1x/day", "once a day"),
    ("4x a day", "four times a day"),
    ("2x/week", "twice a week"),
    ("3x per week", "three times a week"),
    ("2x daily", "twice daily"),
    ("3 times/day", "three times a day"),
    ("7 days/week", "seven days a week"),
    ("24 hours/day", "twenty-four hours a day"),
    ("2 drinks/day", "two drinks a day"),
    ("3-4 times/week", "three to four times a week"),
    ("10 mg/day", "ten milligrams per day"),
    # --- fractions of doses ---
    ("1/2 tablet", "half a tablet"),
    ("1/2 tab", "half a tablet"),
    ("½ tablet", "half a tablet"),
    ("1 1/2 tablets", "one and a half tablets"),
    ("1/4 tablet", "a quarter of a tablet"),
    ("1/2 hour", "half an hour"),
    ("1/2 tsp", "half a teaspoon"),
    ("Take 1/2 of a tablet.", "Take half a tablet."),
    # --- units and clinical measures ---
    ("2 tsp", "two teaspoons"),
    ("1 tbsp", "one tablespoon"),
    ("5 mL", "five milliliters"),
    ("10 mcg", "ten micrograms"),
    ("10 µg", "ten micrograms"),
    ("1000 IU", "one thousand international units"),
    ("8 oz", "eight ounces"),
    ("8 fl oz", "eight fluid ounces"),
    ("101°F", "one hundred and one degrees Fahrenheit"),
    ("38.5°C", "thirty-eight point five degrees Celsius"),
    ("98.6 °F", "ninety-eight point six degrees Fahrenheit"),
    ("mg/dL", "milligrams per deciliter"),
    ("95 mg/dL", "ninety-five milligrams per deciliter"),
    ("5.5 mmol/L", "five point five millimoles per liter"),
    ("140 mEq/L", "one hundred and forty milliequivalents per liter"),
    ("2 ng/mL", "two nanograms per milliliter"),
    ("72 bpm", "seventy-two beats per minute"),
    # --- blood pressure ---
    ("BP 120/80", "blood pressure one twenty over eighty"),
    ("BP: 120/80 mmHg", "blood pressure: one twenty over eighty millimeters of mercury"),
    ("blood pressure of 140/90 or higher", "blood pressure of one forty over ninety or higher"),
    ("BP ≥ 130/80", "blood pressure at least one thirty over eighty"),
    ("BP < 120/80", "blood pressure less than one twenty over eighty"),
    ("Your blood pressure is 105/70.", "Your blood pressure is one oh five over seventy."),
    ("130/85 mmHg", "one thirty over eighty-five millimeters of mercury"),
    ("BP 100/60", "blood pressure one hundred over sixty"),
    ("BP 90/60", "blood pressure ninety over sixty"),
    # --- comparisons ---
    ("≥ 7%", "at least seven percent"),
    ("≤ 5 mg", "at most five milligrams"),
    (">= 18", "at least eighteen"),
    ("<= 5", "at most five"),
    # --- plural and mixed-case initialisms ---
    ("SSRIs like sertraline", "S S R I's like sertraline"),
    ("SNRIs", "S N R I's"),
    ("mRNA vaccines", "M R N A vaccines"),
    ("HbA1c", "H b A one C"),
    ("A1c below 7%", "A one C below seven percent"),
    ("your A1C", "your A one C"),
    ("B12", "B twelve"),
    ("vitamin D3", "vitamin D three"),
    ("COVID-19 vaccine", "COVID nineteen vaccine"),
    ("eGFR", "e G F R"),
    ("pH 7.4", "p H seven point four"),
    ("COPD", "C O P D"),
    ("UTIs", "U T I's"),
    ("an IUD", "an I U D"),
    ("STIs", "S T I's"),
    ("BMI of 30", "B M I of thirty"),
    ("the ICU", "the I C U"),
    # --- pronounceable acronyms and terms, from the clinical lexicon ---
    ("HIPAA", "hippa"),
    ("HIPAA rights", "hippa rights"),
    ("NSAIDs such as ibuprofen", "en-seds such as ibuprofen"),
    ("an NSAID", "an en-sed"),
    ("COBRA coverage", "cobra coverage"),
    ("a CPAP machine", "a see-pap machine"),
    ("MRSA", "mersa"),
    ("OB/GYN", "O B G Y N"),
    ("NKDA", "no known drug allergies"),
    ("N/V", "nausea and vomiting"),
    ("OTC pain relievers", "over-the-counter pain relievers"),
    # --- credentials after names ---
    ("Dr. Ana Ruiz, MD", "Doctor Ana Ruiz, M D"),
    ("Jane Park, DO", "Jane Park, D O"),
    ("Lee Park, PA-C", "Lee Park, P A C"),
    ("Lee Park PA-C", "Lee Park P A C"),
    ("Sam Lee, LCSW", "Sam Lee, L C S W"),
    ("Kim Ng, RN, BSN", "Kim Ng, R N, B S N"),
    ("Ann Wu, NP", "Ann Wu, N P"),
    ("Jo Ode, PhD", "Jo Ode, P H D"),
    ("Jane Park, DO, MPH, FACP", "Jane Park, D O, M P H, F A C P"),
    ("Rita Moss, APRN, FNP-BC", "Rita Moss, A P R N, F N P B C"),
    ("Ed Hall, PharmD", "Ed Hall, Pharm D"),
    ("WARNING: DO NOT EAT", "WARNING: DO NOT EAT"),
    ("Please DO call.", "Please DO call."),
    # --- extensions and relay numbers ---
    (
        "call (555) 123-4567 ext. 204",
        "call five five five, one two three, four five six seven extension two zero four",
    ),
    ("ext 12", "extension one two"),
    ("Ext. 3301.", "extension three three zero one."),
    (
        "555-123-4567 x204",
        "five five five, one two three, four five six seven extension two zero four",
    ),
    ("a 2 x 3 cm wound", "a two by three centimeters wound"),
    ("TTY 711", "T T Y seven one one"),
    ("TTY: 711", "T T Y: seven one one"),
    ("TTY/TDD 711", "T T Y T D D seven one one"),
    ("call 711", "call seven one one"),
    # --- ages and counts ---
    ("Adults 18+", "Adults eighteen and older"),
    ("18+", "eighteen and older"),
    ("ages 65+", "ages sixty-five and older"),
    ("65+ years", "sixty-five years and older"),
    ("10+ days", "ten or more days"),
    ("(18+)", "(eighteen and older)"),
    ("100+ patients", "one hundred or more patients"),
    ("C++ code", "C plus plus code"),
]


@pytest.mark.parametrize(("display", "spoken"), CASES, ids=[c[0][:40] for c in CASES])
def test_clinical(display, spoken):
    assert speak(display) == spoken


def test_there_are_at_least_150_clinical_cases():
    assert len(CASES) + len(LOCALE_CASES) >= 150


@pytest.mark.parametrize(("display", "spoken"), CASES)
def test_clinical_output_is_a_fixed_point(display, spoken):
    assert speak(spoken) == spoken


LOCALE_CASES = [
    ("en", None, "03/12/2026", "March twelfth, twenty twenty-six"),
    ("en-US", None, "03/12/2026", "March twelfth, twenty twenty-six"),
    ("en-GB", None, "03/12/2026", "the third of December, twenty twenty-six"),
    ("en", "en-GB", "03/12/2026", "the third of December, twenty twenty-six"),
    ("en-GB", "en-US", "03/12/2026", "March twelfth, twenty twenty-six"),
    ("en-US", "en_GB", "Seen 1/2/2026.", "Seen the first of February, twenty twenty-six."),
    ("en-US", None, "25/12/2026", "the twenty-fifth of December, twenty twenty-six"),
    ("en-AU", None, "03/12/26", "the third of December, twenty twenty-six"),
]


@pytest.mark.parametrize(("language", "locale", "display", "spoken"), LOCALE_CASES)
def test_numeric_dates_follow_the_locale(language, locale, display, spoken):
    assert speak(display, language, locale=locale) == spoken


@pytest.mark.parametrize("locale", ["GB", "english", "en-", "e", "en-GB-x"])
def test_a_malformed_locale_is_refused(locale):
    with pytest.raises(ValueError, match="not a locale"):
        speak("03/12/2026", locale=locale)


def test_without_the_clinical_lexicon_acronyms_are_left_to_the_rules():
    assert normalize("HIPAA and NSAIDs") == "HIPAA and NSAIDs"
    assert normalize("OB/GYN") == "O B or G Y N"
