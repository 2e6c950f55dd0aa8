"""Word lists the normaliser's rules use, kept as data apart from the rules (as gTTS does)."""

# --- language-neutral -------------------------------------------------------------------------

# Blocks holding emoji, pictographs, arrows, dingbats, box drawing and other decoration. Only the
# characters in them that are not letters or digits are dropped (see normalize._DECORATION).
DECORATIVE_RANGES = (
    (0x2190, 0x21FF),  # arrows
    (0x2300, 0x23FF),  # miscellaneous technical (⌚ ⏰)
    (0x2500, 0x27BF),  # box drawing, blocks, geometric shapes, misc symbols, dingbats
    (0x2B00, 0x2BFF),  # misc symbols and arrows (⭐)
    (0xE000, 0xF8FF),  # private use (icon fonts)
    (0xFE00, 0xFE0F),  # variation selectors
    (0x1F000, 0x1FAFF),  # mahjong .. symbols and pictographs extended-A
    (0xE0020, 0xE007F),  # emoji tag sequences
)
DECORATIVE_CHARS = "\u200d\u20e3\u00a9\u00ae\u2122\u2120"

# Characters that only confuse an engine: zero-width marks, soft hyphen, byte-order mark.
INVISIBLE_CHARS = "\u00ad\u200b\u2060\ufeff"

# Typographic variants an engine (and the rules) read best in their plain form.
PLAIN_FORMS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2212": "-",  # minus sign
    "\u2010": "-",
    "\u2011": "-",
    "\u2044": "/",  # fraction slash
}

BULLETS = "•‣⁃◦▪▫■□●○◆◇►▸▹–—*-+·"

# --- English ----------------------------------------------------------------------------------

DIGIT_WORDS = "zero one two three four five six seven eight nine".split()

# Latin and general abbreviations whose period is part of the abbreviation.
LATIN_ABBREVIATIONS = {
    "e.g.": "for example",
    "i.e.": "that is",
    "etc.": "et cetera",
    "vs.": "versus",
    "vs": "versus",
    "cf.": "compare",
    "viz.": "namely",
    "et al.": "and others",
    "approx.": "approximately",
    "a.k.a.": "also known as",
    "aka": "also known as",
    "n.b.": "note",
    "p.s.": "P S",
}

# Titles read before a name; the period after them never ends a sentence.
TITLES = {
    "Mr": "Mister",
    "Mrs": "Missus",
    "Ms": "Miz",
    "Mx": "Mix",
    "Prof": "Professor",
    "Rev": "Reverend",
    "Gen": "General",
    "Capt": "Captain",
    "Lt": "Lieutenant",
    "Sgt": "Sergeant",
    "Gov": "Governor",
    "Sen": "Senator",
    "Rep": "Representative",
    "Hon": "Honorable",
}

# Abbreviations read one way before a name and another way after a street name or a number.
TITLE_OR_ADDRESS = {
    "Dr": ("Doctor", "Drive"),
    "St": ("Saint", "Street"),
    "Mt": ("Mount", "Mount"),
    "Ft": ("Fort", "Fort"),
}

# Abbreviations that only ever follow a name: "Smith Jr.", "Oak Ave.", "Acme Inc."
AFTER_NAME = {
    "Jr": "Junior",
    "Sr": "Senior",
    "Ave": "Avenue",
    "Rd": "Road",
    "Blvd": "Boulevard",
    "Ln": "Lane",
    "Hwy": "Highway",
    "Pkwy": "Parkway",
    "Ct": "Court",
    "Pl": "Place",
    "Sq": "Square",
    "Apt": "Apartment",
    "Ste": "Suite",
    "Inc": "Incorporated",
    "Ltd": "Limited",
    "Corp": "Corporation",
    "Bros": "Brothers",
}

# Abbreviations read before a number: "No. 5", "p. 12", "Fig. 3".
BEFORE_NUMBER = {
    "No": "number",
    "no": "number",
    "Nos": "numbers",
    "Fig": "figure",
    "fig": "figure",
    "Vol": "volume",
    "vol": "volume",
    "Ch": "chapter",
    "ch": "chapter",
    "Sec": "section",
    "sec": "section",
    "p": "page",
    "pp": "pages",
    "Ex": "example",
    "Eq": "equation",
    "Rm": "room",
    "Ste": "suite",
    "Apt": "apartment",
    "Tel": "telephone",
    "tel": "telephone",
    "c": "circa",
    "ca": "circa",
}

MONTHS = (
    "January February March April May June July August September October November December"
).split()
MONTH_ABBREVIATIONS = {m[:3]: m for m in MONTHS} | {"Sept": "September"}

# Abbreviations that other rules read (times, places, phone numbers, degrees) or that are read
# as written, listed here so the sentence splitter knows their period ends no sentence.
READ_ELSEWHERE = frozenset({"u.s", "u.k", "a.m", "p.m", "ph.d", "dept", "est", "co", "ext", "tel"})
# Of those, the ones that often end a sentence: "We open at 9 a.m. Please call first."
SENTENCE_FINAL = frozenset({"a.m", "p.m", "etc"})

# Day-first numeric dates (3/4/2024 is the 3rd of April) in these English regions.
DAY_FIRST_REGIONS = {"gb", "uk", "au", "nz", "ie", "in", "za"}

# Emergency and service numbers, read digit by digit. 911 always; the others after a verb
# like "call" or "dial", because "112 people" is a count.
ALWAYS_EMERGENCY = {"911"}
EMERGENCY_NUMBERS = {"999", "112", "000", "111", "988", "211", "311", "411", "511", "711", "811"}
CALL_WORDS = "call|dial|text|ring|phone|contact|calling|dialing|dialling|texting"

# Unit symbol → (singular, plural). Matched case-sensitively, after a number or in "a/b".
UNITS = {
    "mg": ("milligram", "milligrams"),
    "mcg": ("microgram", "micrograms"),
    "µg": ("microgram", "micrograms"),
    "μg": ("microgram", "micrograms"),
    "g": ("gram", "grams"),
    "kg": ("kilogram", "kilograms"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "mL": ("milliliter", "milliliters"),
    "ml": ("milliliter", "milliliters"),
    "dL": ("deciliter", "deciliters"),
    "L": ("liter", "liters"),
    "l": ("liter", "liters"),
    "mmol": ("millimole", "millimoles"),
    "mol": ("mole", "moles"),
    "IU": ("international unit", "international units"),
    "mm": ("millimeter", "millimeters"),
    "cm": ("centimeter", "centimeters"),
    "m": ("meter", "meters"),
    "km": ("kilometer", "kilometers"),
    "ft": ("foot", "feet"),
    "mi": ("mile", "miles"),
    "mph": ("mile per hour", "miles per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"),
    "mmHg": ("millimeter of mercury", "millimeters of mercury"),
    "ms": ("millisecond", "milliseconds"),
    "sec": ("second", "seconds"),
    "min": ("minute", "minutes"),
    "mins": ("minute", "minutes"),
    "h": ("hour", "hours"),
    "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"),
    "yr": ("year", "years"),
    "yrs": ("year", "years"),
    "KB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "Hz": ("hertz", "hertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"),
    "W": ("watt", "watts"),
    "kW": ("kilowatt", "kilowatts"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "V": ("volt", "volts"),
    "mAh": ("milliamp hour", "milliamp hours"),
    "kcal": ("kilocalorie", "kilocalories"),
    "cal": ("calorie", "calories"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "℃": ("degree Celsius", "degrees Celsius"),
    "℉": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
}
# The denominator of "mg/kg", "km/h": read in the singular after "per".
PER_UNITS = UNITS | {"d": ("day", "days"), "day": ("day", "days"), "s": ("second", "seconds")}

CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "US$": ("US dollar", "US dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "sen", "sen"),
    "₹": ("rupee", "rupees", "paisa", "paise"),
}
SCALES = {
    "thousand": "thousand",
    "k": "thousand",
    "K": "thousand",
    "million": "million",
    "m": "million",
    "M": "million",
    "mn": "million",
    "billion": "billion",
    "bn": "billion",
    "b": "billion",
    "B": "billion",
    "trillion": "trillion",
    "tn": "trillion",
    "T": "trillion",
}

# Numeric expressions with a reading of their own.
SPECIAL_NUMBERS = {
    "24/7": "twenty-four seven",
    "9/11": "nine eleven",
    "50/50": "fifty-fifty",
    "20/20": "twenty-twenty",
    "1/2": "one half",
    "½": "one half",
    "¼": "one quarter",
    "¾": "three quarters",
    "⅓": "one third",
    "⅔": "two thirds",
    "⅛": "one eighth",
}

# Words joined by a slash with a reading of their own; other "a/b" read "a or b".
SLASH_WORDS = {
    "and/or": "and or",
    "w/o": "without",
    "w/": "with",
    "n/a": "not applicable",
    "N/A": "not applicable",
    "c/o": "care of",
    "a/c": "account",
    "s/he": "she or he",
}

# Read letter by letter although they contain vowels ("P T S D" needs no list: no vowel).
INITIALISMS = set(
    """ADHD AED AI API ASAP ATM BA CEO CFO CIA COO CPU CV DIY DUI ECG EEG EHR EKG EMS EMT EPA
    ENT ER ETA EU EULA FAQ FBI FDA GI GOP GPU HIV HMO HOA HR IBS ICU ID IEP IOU IP IQ IRA
    IRS ISP IVF MBA MD MIA MRI NAACP NBA NY NYC NYPD OB OCD OTC PA PE PO POW PR RA RSVP SEO
    SUV TA UAE UFO UI UK UN UPS US USA USB USDA UTI UV UX VA VIP VP XL""".split()
)

# All-capital words left as written: acronyms read as words, and AM/PM, which engines know.
ACRONYMS = set(
    """AM PM BC BCE AIDS ASCII CAPTCHA COBOL COVID FEMA FIFA GIF HIPAA HUD JPEG LASER LASIK LED
    MERS NAFTA NASA NASCAR NATO NOAA OPEC OSHA PIN RAM ROM SARS SCUBA SIM SIDS SWAT TED
    UNESCO UNICEF WASP WIFI YAML""".split()
)

# Spellings read better another way, matched as whole words, case-sensitively.
WORD_SUBSTITUTIONS = {
    "OK": "okay",
    "Ok": "okay",
    "mRNA": "M R N A",
    "PhD": "P H D",
    "PhDs": "P H D's",
    "WiFi": "wifi",
    "Wi-Fi": "wifi",
    "iOS": "i O S",
}

# Symbols read as words in English text.
SYMBOL_WORDS = {
    "&": " and ",
    "@": " at ",
    "+": " plus ",
    "=": " equals ",
    "±": " plus or minus ",
    "×": " times ",
    "÷": " divided by ",
    "≈": " about ",
    "≤": " at most ",
    "≥": " at least ",
    "<": " less than ",
    ">": " more than ",
    "§": " section ",
    "№": " number ",
    "²": " squared",
    "³": " cubed",
    "°": " degrees ",
    "#": " ",
    "*": " ",
    "_": " ",
    "^": " ",
    "~": " about ",
    "|": ", ",
    "\\": " ",
    "`": "",
}

# How a web address or e-mail address is read, per language: (".", "@").
URL_WORDS = {
    "en": ("dot", "at"),
    "fr": ("point", "arobase"),
    "de": ("Punkt", "at"),
    "es": ("punto", "arroba"),
    "it": ("punto", "chiocciola"),
    "pt": ("ponto", "arroba"),
    "nl": ("punt", "apenstaartje"),
}
# Top-level domains recognised in a bare address such as "example.org".
URL_TLDS = (
    "com org net edu gov mil int io co uk us ca au de fr es it nl eu info biz app dev ai me tv ly"
    " health nhs"
)
