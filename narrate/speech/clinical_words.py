"""Word lists for the clinical rules (en/clinical.py, en/calendar.py, en/roman.py), kept as data.

Patients hear these the way a clinician would read them aloud: prescription shorthand as plain
words, initialisms letter by letter, days and months in full.
"""

# --- prescription shorthand -------------------------------------------------------------------

# Dosing frequencies and routes, written with or without periods ("b.i.d.", "bid", "BID").
# Matched case-insensitively in their dotted form and as written here otherwise; lower-case
# forms that are English words ("bid", "hs", "ac", "pc") count only with their periods.
DOSING = {
    "qd": "every day",
    "qod": "every other day",
    "qam": "every morning",
    "qpm": "every evening",
    "qhs": "at bedtime",
    "hs": "at bedtime",
    "bid": "twice a day",
    "tid": "three times a day",
    "qid": "four times a day",
    "prn": "as needed",
    "po": "by mouth",
    "npo": "nothing by mouth",
    "ac": "before meals",
    "pc": "after meals",
}
# Undotted forms that are accepted in capitals ("BID", "PRN", "NPO"), and the few lower-case
# ones that are not English words.
DOSING_CAPITALS = {"QD", "QOD", "QAM", "QPM", "QHS", "BID", "TID", "QID", "PRN", "PO", "NPO"}
# Dotted forms also accepted in capitals; "P.O." (Box) and "P.C." (a company) are not.
DOSING_DOTTED_CAPITALS = {"qd", "qod", "qhs", "bid", "tid", "qid", "prn", "npo"}
DOSING_LOWER = {"qd", "qod", "qam", "qpm", "qhs", "tid", "qid", "prn", "npo"}
# How long a course lasts: "x 10 days" is "for ten days".
COURSE_UNITS = ("days", "weeks", "months", "doses")

# Comparisons written with two characters; "≥" and "≤" are in symbols.SYMBOL_WORDS.
COMPARISONS = {">=": "at least", "=>": "at least", "<=": "at most", "=<": "at most"}

# Clinical shorthand with an x: "Rx" is a prescription. Exact case only ("TX" is Texas).
X_ABBREVIATIONS = {
    "Rx": "prescription",
    "Rxs": "prescriptions",
    "Dx": "diagnosis",
    "Hx": "history",
    "Tx": "treatment",
    "Sx": "symptoms",
}

# Periods a count is given per: "2x/day", "7 days/week", "3 drinks per wk".
PER_PERIOD = {
    "day": "day",
    "d": "day",
    "daily": "day",
    "week": "week",
    "wk": "week",
    "month": "month",
    "mo": "month",
    "year": "year",
    "yr": "year",
    "night": "night",
    "hour": "hour",
    "hr": "hour",
    "h": "hour",
}
# "1x/day" is "once a day", "2x/day" "twice a day"; more is "three times a day".
TIMES_WORDS = {1: "once", 2: "twice"}

# What a dose is counted in: "1/2 tablet" is "half a tablet". Abbreviations read in full.
DOSE_NOUNS = {
    "tablet": "tablet",
    "tab": "tablet",
    "pill": "pill",
    "capsule": "capsule",
    "dose": "dose",
    "teaspoon": "teaspoon",
    "tsp": "teaspoon",
    "tablespoon": "tablespoon",
    "tbsp": "tablespoon",
    "cup": "cup",
    "glass": "glass",
    "hour": "hour",
    "inch": "inch",
    "patch": "patch",
    "vial": "vial",
}
DOSE_FRACTIONS = {
    "1/2": "half",
    "½": "half",
    "1/4": "a quarter of",
    "¼": "a quarter of",
    "3/4": "three quarters of",
    "¾": "three quarters of",
    "1/3": "a third of",
    "⅓": "a third of",
    "2/3": "two thirds of",
    "⅔": "two thirds of",
}

# Units of clinical measures, added to symbols.UNITS: (singular, plural).
CLINICAL_UNITS = {
    "mEq": ("milliequivalent", "milliequivalents"),
    "ng": ("nanogram", "nanograms"),
    "pg": ("picogram", "picograms"),
    "mIU": ("milli-international unit", "milli-international units"),
    "units": ("unit", "units"),
    "bpm": ("beat per minute", "beats per minute"),
    "fl oz": ("fluid ounce", "fluid ounces"),
    "tsp": ("teaspoon", "teaspoons"),
    "tbsp": ("tablespoon", "tablespoons"),
    "Tbsp": ("tablespoon", "tablespoons"),
    "tab": ("tablet", "tablets"),
    "tabs": ("tablet", "tablets"),
    "gtt": ("drop", "drops"),
    "gtts": ("drop", "drops"),
}

# Words before a blood pressure reading ("BP 120/80", "blood pressure of 140/90").
BLOOD_PRESSURE_WORDS = r"BP|[Bb]lood [Pp]ressure|[Pp]ressure|B/P"

# --- initialisms --------------------------------------------------------------------------------

# Clinical initialisms read letter by letter although they hold a vowel (added to the general
# list in symbols.INITIALISMS); plurals ("SSRIs") follow.
CLINICAL_INITIALISMS = set(
    """ACA ALT APRN ARB ASD AST BMI CDE COPD CRNA DME ECT ED EGD EMDR EOB ERCP FSA GYN
    HSA IBD IM INR IUD IUI MAOI PPE PPO SNRI SSRI STI TDD TTY UA""".split()
)

# Written forms with lower-case letters inside, read letter by letter: (written, spoken).
MIXED_CASE = {
    "HbA1c": "H b A one C",
    "HbA1C": "H b A one C",
    "A1c": "A one C",
    "A1C": "A one C",
    "eGFR": "e G F R",
    "hCG": "h C G",
    "tPA": "t P A",
    "pH": "p H",
    "PharmD": "Pharm D",
    "PsyD": "Psy D",
    "EdD": "E D D",
    "DrPH": "D R P H",
    "MSc": "M S C",
}

# Credentials after a name ("Jane Park, DO, MPH"): spelled out letter by letter.
CREDENTIALS = set(
    """MD DO RN NP PA PA-C LCSW LICSW PhD APRN FNP FNP-BC DNP MSN BSN CNM CRNA LPN LVN LPC LMFT
    MSW MPH MBA MS MA DDS DMD OD PharmD PsyD EdD DrPH RD RDN CDE CDCES IBCLC DPT PT OT OTR
    FACP FACS FAAP FACOG MSc""".split()
)

# --- days and months ----------------------------------------------------------------------------

DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# Abbreviations that are never English words: expanded wherever they stand capitalised.
DAY_ABBREVIATIONS = {
    "Mon": "Monday",
    "Tue": "Tuesday",
    "Tues": "Tuesday",
    "Thu": "Thursday",
    "Thur": "Thursday",
    "Thurs": "Thursday",
    "Fri": "Friday",
}
# Abbreviations that are also words ("Sun", "Sat", "Wed"): only with a period, in a range or
# list of days, or before a time.
DAY_WORDS = {"Wed": "Wednesday", "Sat": "Saturday", "Sun": "Sunday"}
# Month abbreviations expanded on their own ("open until Sept."); "Jan" is a name and "Mar"
# a word, so they are expanded only with their period; "May" is always the month's name.
MONTHS_DOTTED = {"Jan": "January", "Mar": "March"}
MONTHS_ALONE = {
    "Feb": "February",
    "Apr": "April",
    "Jun": "June",
    "Jul": "July",
    "Aug": "August",
    "Sep": "September",
    "Sept": "September",
    "Oct": "October",
    "Nov": "November",
    "Dec": "December",
}

# --- roman numerals -----------------------------------------------------------------------------

# Words a roman numeral counts after: "Phase II" is "Phase two", "Type II diabetes".
SERIES_WORDS = set(
    """Act Appendix Article Book Bowl Category Chapter Class Episode Figure Grade Lesson Level
    Module Part Phase Round Schedule Scene Season Section Series Stage Step Table Tier Title
    Type Unit Volume War""".split()
)
# Titles before a regnal name: "King George IV" is "King George the Fourth".
REGNAL_TITLES = set(
    """King Queen Pope Emperor Empress Prince Princess Tsar Czar Duke Sultan Pharaoh Saint St
    Louis""".split()
)
# Names that take a regnal numeral on their own ("Henry IV"), where IV could be medical.
REGNAL_NAMES = set(
    """Alexander Alfonso Anne Benedict Catherine Charles Clement Edward Elizabeth Ferdinand
    Frederick George Gregory Henry Innocent Ivan James John Leo Louis Mary Napoleon Nicholas
    Paul Peter Philip Pius Ramesses Richard Urban Victoria William""".split()
)

# --- the spoken place of an ordered list item ---------------------------------------------------

# A numbered list under a heading or lead-in with one of these words is read "Step one: ...";
# other numbered lists "Number one: ...".
STEP_WORDS = r"\b(?:steps?|instructions?|how to|what to do|follow|prepar\w*|before your)\b"
