"""Display text → spoken English, one table row per case, grouped by rule family."""

import pytest

from narrate.speech.lexicon import Lexicon
from narrate.speech.normalize import normalize

CASES = [
    # --- cardinal numbers ---
    ("7", "seven"),
    ("0", "zero"),
    ("42 apples", "forty-two apples"),
    ("1,000 people", "one thousand people"),
    ("1,000,000 fans", "one million fans"),
    ("1200 steps", "one thousand two hundred steps"),
    ("105 pages", "one hundred and five pages"),
    ("007", "zero zero seven"),
    (
        "12345678901234567890",
        "one two three four five six seven eight nine zero "
        "one two three four five six seven eight nine zero",
    ),
    ("1,2,3", "one,two,three"),
    ("-3", "minus three"),
    ("It fell to -12 overnight.", "It fell to minus twelve overnight."),
    # --- decimals ---
    ("3.14", "three point one four"),
    ("0.5", "zero point five"),
    (".5", "zero point five"),
    ("2.05 seconds", "two point zero five seconds"),
    ("1.5 million users", "one point five million users"),
    # --- dotted numbers that are not decimals: codes, versions, addresses, dotted dates ---
    ("The ASN.1 notation", "The ASN dot one notation"),
    ("defined in X.680.", "defined in X dot six eighty."),
    ("G.711 and H.264", "G dot seven eleven and H dot two sixty-four"),
    ("Version 4.19.0 is out", "Version four point nineteen point zero is out"),
    ("section 2.3.4", "section two point three point four"),
    ("release 2.0.05", "release two point zero point zero five"),
    ("at 10.0.0.1", "at ten dot zero dot zero dot one"),
    ("host 10.1.20.255", "host ten dot one dot twenty dot two hundred and fifty-five"),
    ("1.2.3.4.5", "one point two point three point four point five"),
    ("On 31.12.2023 we met", "On the thirty-first of December, twenty twenty-three we met"),
    ("On 1.2.2024", "On the first of February, twenty twenty-four"),
    ("On 12.31.2023", "On December thirty-first, twenty twenty-three"),  # only month first
    ("On 2023.12.31", "On December thirty-first, twenty twenty-three"),
    ("Build 31.04.2023", "Build thirty-one point zero four point twenty twenty-three"),  # no day
    ("v1.2.3 is out", "v one point two point three is out"),
    ("node-v18.17.1", "node-v eighteen point seventeen point one"),
    ("Appendix A.1.2", "Appendix A dot one point two"),
    ("Windows 10.0.19045", "Windows ten point zero point nineteen thousand and forty-five"),
    ("(b) 2019 and (c) 2020", "(b) two thousand and nineteen and (c) two thousand and twenty"),
    # --- copyright lines ---
    ("Copyright (C) 2001 the authors", "Copyright two thousand and one the authors"),
    ("Copyright c 2001 Acme", "Copyright two thousand and one Acme"),  # a TeX PDF's circled c
    ("Copyright (c) 1998-2022 Acme", "Copyright nineteen ninety-eight to twenty twenty-two Acme"),
    ("© 2020 Oak Clinic", "Copyright twenty twenty Oak Clinic"),
    ("Options (a), (b) and (c) apply", "Options (a), (b) and (c) apply"),
    # --- ordinals ---
    ("1st", "first"),
    ("2nd place", "second place"),
    ("3rd", "third"),
    ("4th", "fourth"),
    ("21st century", "twenty-first century"),
    ("the 100th day", "the one hundredth day"),
    # --- currency ---
    ("$1,200", "one thousand two hundred dollars"),
    ("$1", "one dollar"),
    ("$1.50", "one dollar and fifty cents"),
    ("$0.99", "ninety-nine cents"),
    ("$0.01", "one cent"),
    ("$20.00", "twenty dollars"),
    ("$5 million", "five million dollars"),
    ("$2.5 billion", "two point five billion dollars"),
    ("$3M", "three million dollars"),
    ("$10k", "ten thousand dollars"),
    ("$5–$10", "five to ten dollars"),
    ("$5-10", "five to ten dollars"),
    ("£10", "ten pounds"),
    ("£1.50", "one pound and fifty pence"),
    ("€5", "five euros"),
    ("¥100", "one hundred yen"),
    ("50¢", "fifty cents"),
    # --- percentages ---
    ("50%", "fifty percent"),
    ("2.5%", "two point five percent"),
    ("100 %", "one hundred percent"),
    ("10–20%", "ten to twenty percent"),
    # --- times ---
    ("8:30 AM", "eight thirty AM"),
    ("8:30 a.m. today", "eight thirty AM today"),
    ("8:30am", "eight thirty AM"),
    ("at 8 a.m. Then we left.", "at eight AM. Then we left."),
    ("7 PM", "seven PM"),
    ("7pm", "seven PM"),
    ("9:05", "nine oh five"),
    ("8:00", "eight o'clock"),
    ("8:00 PM", "eight PM"),
    ("12:00 PM", "noon"),
    ("12:00 a.m.", "midnight."),
    ("14:30", "fourteen thirty"),
    ("14:00", "fourteen hundred"),
    ("00:00", "midnight"),
    ("8:30:15", "eight thirty and fifteen seconds"),
    ("10 a.m.–2 p.m.", "ten AM to two PM."),
    ("8:30–9:30", "eight thirty to nine thirty"),
    ("a 3:1 ratio", "a three to one ratio"),
    # --- dates ---
    ("2024-03-05", "March fifth, twenty twenty-four"),
    ("March 5, 2024", "March fifth, twenty twenty-four"),
    ("March 5 2024", "March fifth, twenty twenty-four"),
    ("Mar. 5, 2024", "March fifth, twenty twenty-four"),
    ("Sept 11, 2001", "September eleventh, two thousand and one"),
    ("Jan 1", "January first"),
    ("March 5–7, 2024", "March fifth to seventh, twenty twenty-four"),
    ("5 March 2024", "the fifth of March, twenty twenty-four"),
    ("on the 5th of March", "on the fifth of March"),
    ("March 2024", "March twenty twenty-four"),
    ("3/4/2024", "March fourth, twenty twenty-four"),
    ("25/12/2023", "the twenty-fifth of December, twenty twenty-three"),
    ("On 2024-03-05, we met.", "On March fifth, twenty twenty-four, we met."),
    # --- years and decades ---
    ("in 2023", "in twenty twenty-three"),
    ("since 1999", "since nineteen ninety-nine"),
    ("In 2005 we moved.", "In two thousand and five we moved."),
    ("from 1990 to 2000", "from nineteen ninety to two thousand"),
    ("1990–2000", "nineteen ninety to two thousand"),
    ("Smith (2019) found", "Smith (twenty nineteen) found"),
    ("1990s", "nineteen nineties"),
    ("in the 1800s", "in the eighteen hundreds"),
    ("the 2010s", "the twenty tens"),
    ("the '90s", "the nineties"),
    ("the 80s", "the eighties"),
    ("44 BC", "forty-four BC"),
    ("c. 1900", "circa nineteen hundred"),
    # --- ranges ---
    ("2–3 days", "two to three days"),
    ("2-3 days", "two to three days"),
    ("2 – 3 days", "two to three days"),
    ("pages 10-20", "pages ten to twenty"),
    ("2–3 mg", "two to three milligrams"),
    ("The score was 3-2.", "The score was three to two."),
    # --- phone and emergency numbers ---
    ("911", "nine one one"),
    ("Call 911 now.", "Call nine one one now."),
    ("Call 9-1-1.", "Call nine one one."),
    ("dial 999", "dial nine nine nine"),
    ("call 112", "call one one two"),
    ("Call or text 988.", "Call or text nine eight eight."),
    ("112 people", "one hundred and twelve people"),
    ("555-123-4567", "five five five, one two three, four five six seven"),
    ("(555) 123-4567", "five five five, one two three, four five six seven"),
    ("555.123.4567", "five five five, one two three, four five six seven"),
    ("1-800-555-0199", "one, eight zero zero, five five five, zero one nine nine"),
    ("+44 20 7946 0958", "plus four four, two zero, seven nine four six, zero nine five eight"),
    ("Call 555-123-4567 today.", "Call five five five, one two three, four five six seven today."),
    ("SSN 123-45-6789", "S S N one two three, four five, six seven eight nine"),
    # --- placeholders ---
    ("XXX-XXX-XXXX", "a phone number"),
    ("Call XXX-XXX-XXXX for help.", "Call a phone number for help."),
    ("(XXX) XXX-XXXX", "a phone number"),
    ("###-###-####", "a phone number"),
    ("XXX-XX-XXXX", "a number"),
    # --- a number with its parenthesised repeat ---
    ("two (2)", "two"),
    ("Take two (2) tablets.", "Take two tablets."),
    ("thirty (30) days", "thirty days"),
    ("Twenty-one (21) days", "Twenty-one days"),
    ("one hundred five (105)", "one hundred five"),
    ("2 (two) tablets", "two tablets"),
    ("three (4) apples", "three (four) apples"),
    # --- units ---
    ("5 mg", "five milligrams"),
    ("1 mg", "one milligram"),
    ("5mg", "five milligrams"),
    ("0.5 mg", "zero point five milligrams"),
    ("10 mL", "ten milliliters"),
    ("1 kg", "one kilogram"),
    ("70 kg", "seventy kilograms"),
    ("10 km", "ten kilometers"),
    ("5 ft. tall", "five feet tall"),
    ("100 mph", "one hundred miles per hour"),
    ("120/80 mmHg", "one twenty over eighty millimeters of mercury"),
    ("98.6°F", "ninety-eight point six degrees Fahrenheit"),
    ("-5°C", "minus five degrees Celsius"),
    ("90°", "ninety degrees"),
    ("20 m²", "twenty square meters"),
    ("500 mcg", "five hundred micrograms"),
    ("16 GB", "sixteen gigabytes"),
    ("2x daily", "twice daily"),
    # --- fractions and slashes ---
    ("mg/kg", "milligrams per kilogram"),
    ("5 mg/kg", "five milligrams per kilogram"),
    ("60 km/h", "sixty kilometers per hour"),
    ("24/7", "twenty-four seven"),
    ("1/2", "one half"),
    ("3/4 cup", "three quarters of a cup"),
    ("2/3", "two thirds"),
    ("1/3", "one third"),
    ("7/20", "seven out of twenty"),
    ("rated 8/10", "rated eight out of ten"),
    ("3/2", "three over two"),
    ("5/16 inch", "five sixteenths inch"),
    ("1 1/2 cups", "one and a half cups"),
    ("½ cup", "half a cup"),
    ("1½ cups", "one and a half cups"),
    ("9/11", "nine eleven"),
    ("and/or", "and or"),
    ("yes/no", "yes or no"),
    ("He/she", "He or she"),
    ("w/o sugar", "without sugar"),
    ("N/A", "not applicable"),
    # --- titles and addresses ---
    ("Dr. Smith", "Doctor Smith"),
    ("Dr Smith", "Doctor Smith"),
    ("Visit Dr. Jones today.", "Visit Doctor Jones today."),
    ("the Dr said", "the Doctor said"),
    ("12 Oak Dr.", "twelve Oak Drive."),
    ("12 Oak Dr. is closed.", "twelve Oak Drive is closed."),
    ("St. Mary's", "Saint Mary's"),
    ("St Mary's Hospital", "Saint Mary's Hospital"),
    ("Main St.", "Main Street."),
    ("10 Downing St, London", "ten Downing Street, London"),
    (
        "Turn onto Main St. The clinic is on the left.",
        "Turn onto Main Street. The clinic is on the left.",
    ),
    ("Mr. Smith", "Mister Smith"),
    ("Mrs. Brown", "Missus Brown"),
    ("Ms. Lee", "Miz Lee"),
    ("Prof. Ada Lovelace", "Professor Ada Lovelace"),
    ("Mt. Everest", "Mount Everest"),
    ("Ft. Worth", "Fort Worth"),
    ("Martin Luther King Jr. spoke", "Martin Luther King Junior spoke"),
    ("Acme Inc. makes it", "Acme Incorporated makes it"),
    ("5th Ave.", "fifth Avenue."),
    ("No. 5", "number five"),
    ("#1 hit", "number one hit"),
    ("Fig. 3", "figure three"),
    ("p. 12", "page twelve"),
    ("pp. 12–15", "pages twelve to fifteen"),
    ("Ste. 200", "suite two hundred"),
    # --- Latin and other abbreviations ---
    ("e.g. apples", "for example apples"),
    ("E.g., apples", "For example, apples"),
    ("fruit (e.g., apples)", "fruit (for example, apples)"),
    ("i.e. this", "that is this"),
    ("apples, pears, etc.", "apples, pears, et cetera."),
    ("apples, etc. are fine", "apples, et cetera are fine"),
    ("Smith vs. Jones", "Smith versus Jones"),
    ("cats vs dogs", "cats versus dogs"),
    ("Roe v. Wade", "Roe versus Wade"),
    ("cf. chapter two", "compare chapter two"),
    ("Smith et al. found", "Smith and others found"),
    ("approx. 5 kg", "approximately five kilograms"),
    ("a.k.a. Bob", "also known as Bob"),
    # --- initialisms and acronyms ---
    ("PTSD", "P T S D"),
    ("PTSD is common.", "P T S D is common."),
    ("FBI", "F B I"),
    ("the FBI's report", "the F B I's report"),
    ("ADHD", "A D H D"),
    ("HIV and AIDS", "H I V and AIDS"),
    ("NASA", "NASA"),
    ("NATO allies", "NATO allies"),
    ("CDs", "C D's"),
    ("DVD", "D V D"),
    ("USA", "U S A"),
    ("MRI scan", "M R I scan"),
    ("COVID-19", "COVID nineteen"),
    ("B12", "B twelve"),
    ("MP3", "M P three"),
    ("5G network", "five G network"),
    ("PhD", "P H D"),
    ("mRNA", "M R N A"),
    ("OK", "okay"),
    ("WARNING: DO NOT EAT", "WARNING: DO NOT EAT"),
    ("World War II", "World War two"),
    ("I am here", "I am here"),
    # --- web and e-mail addresses ---
    ("https://www.example.org/path", "example dot org"),
    ("Visit https://example.org/a?b=1.", "Visit example dot org."),
    ("Go to www.nhs.uk/conditions now.", "Go to nhs dot uk now."),
    ("See example.com.", "See example dot com."),
    ("help@clinic.org", "help at clinic dot org"),
    (
        "Email john.smith@mail.example.com today.",
        "Email john dot smith at mail dot example dot com today.",
    ),
    # --- emoji and decorative symbols ---
    ("Great news 😀", "Great news"),
    ("I ❤️ it", "I it"),
    ("👍🏽 Done", "Done"),
    ("★★★★☆ 4.5", "four point five"),
    ("→ next", "next"),
    ("Acme™", "Acme"),
    ("✓ Checked", "Checked"),
    # --- symbols read as words ---
    ("A & B", "A and B"),
    ("C++", "C plus plus"),
    ("2 + 2 = 4", "two plus two equals four"),
    ("x²", "x squared"),
    ("± 2", "plus or minus two"),
    ("word — another", "word, another"),
    # --- bullets and numbered lists ---
    ("• item", "item"),
    ("- item", "item"),
    ("* item", "item"),
    ("• one\n• two\n• three", "one. two. three"),
    ("1. Take pills\n2. Drink water", "one. Take pills. two. Drink water"),
    ("1) First step", "one. First step"),
    ("• Done.\n• Next!", "Done. Next!"),
    # --- citations, whitespace and punctuation ---
    ("Fact.[12] More.", "Fact. More."),
    ("Fact [citation needed].", "Fact."),
    ("Hello   world ,  ok", "Hello world, ok"),
    ("Is it done?", "Is it done?"),
    ("Wait... what?", "Wait... what?"),
    ("Mary’s book", "Mary's book"),
    ("soft\u00adhyphen", "softhyphen"),
]


@pytest.mark.parametrize(("display", "spoken"), CASES, ids=[c[0][:40] for c in CASES])
def test_english(display, spoken):
    assert normalize(display) == spoken


def test_there_are_at_least_150_cases():
    assert len(CASES) >= 150


@pytest.mark.parametrize(("display", "spoken"), CASES[::7])
def test_english_output_is_a_fixed_point(display, spoken):
    assert normalize(spoken) == spoken


@pytest.mark.parametrize(
    ("display", "spoken"),
    [
        ("Visit https://example.org/x for help.", "Visit for help."),
        ("Write to help@clinic.org today.", "Write to today."),
        ("https://example.org/x", "example dot org"),  # nothing else to say: read it
    ],
)
def test_urls_can_be_dropped(display, spoken):
    assert normalize(display, urls="drop") == spoken


def test_urls_option_is_checked():
    with pytest.raises(ValueError, match="urls"):
        normalize("x", urls="skip")


@pytest.mark.parametrize(
    ("language", "display", "spoken"),
    [
        ("en-GB", "03/04/2024", "the third of April, twenty twenty-four"),
        ("en-US", "03/04/2024", "March fourth, twenty twenty-four"),
        ("en_US", "5 mg", "five milligrams"),
        ("fr", "Il y a 3 chats 😀 et 25 chiens.", "Il y a trois chats et vingt-cinq chiens."),
        ("fr-FR", "voir https://www.exemple.fr/a.", "voir exemple point fr."),
        ("de", "3 Äpfel, 12,50 Euro", "drei Äpfel, zwölf Euro und fünfzig Cent"),
        ("es", "• 2 perros", "dos perros"),
        ("vi", "Uống 2 viên 😀", "Uống hai viên"),
        ("xx", "3 cats 😀", "3 cats"),
        ("ja", "example.jp", "example.jp"),
    ],
)
def test_other_languages_get_their_rules_or_the_neutral_ones(language, display, spoken):
    assert normalize(display, language) == spoken


def test_lexicon_goes_before_the_built_in_rules():
    lexicon = Lexicon((("KAP", "kap"), ("Hmong", "mung"), ("PTSD", "post-traumatic stress")))
    spoken = normalize("KAP helps Hmong families with PTSD", lexicon=lexicon)
    assert spoken == "kap helps mung families with post-traumatic stress"
    assert normalize("PTSD") == "P T S D"
