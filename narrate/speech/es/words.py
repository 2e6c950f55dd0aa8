"""Spanish word lists the rules use, kept as data apart from the rules (as symbols.py is)."""

DIGIT_WORDS = "cero uno dos tres cuatro cinco seis siete ocho nueve".split()

MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
).split()
# Abbreviated months as written in dates ("3 feb. 2026", "3-feb-2026").
MONTH_ABBREVIATIONS = {m[:3]: m for m in MONTHS} | {"sept": "septiembre", "set": "septiembre"}

# Abbreviations read in full; the period is part of the abbreviation. Matched case-sensitively
# as written here, and never ending a sentence.
ABBREVIATIONS = {
    "Dr.": "doctor",
    "Dra.": "doctora",
    "Dres.": "doctores",
    "Sr.": "señor",
    "Sra.": "señora",
    "Sres.": "señores",
    "Srta.": "señorita",
    "Ud.": "usted",
    "Uds.": "ustedes",
    "Vd.": "usted",
    "Vds.": "ustedes",
    "Lic.": "licenciado",
    "Lcda.": "licenciada",
    "Enf.": "enfermera",
    "Prof.": "profesor",
    "Profa.": "profesora",
    "Ing.": "ingeniero",
    "D.": "don",
    "Dña.": "doña",
    "p. ej.": "por ejemplo",
    "p.ej.": "por ejemplo",
    "etc.": "etcétera",
    "aprox.": "aproximadamente",
    "Aprox.": "aproximadamente",
    "vs.": "frente a",
    "EE. UU.": "Estados Unidos",
    "EE.UU.": "Estados Unidos",
    "EUA": "Estados Unidos",
    "Av.": "avenida",
    "Avda.": "avenida",
    "Cía.": "compañía",
    "Depto.": "departamento",
    "Dpto.": "departamento",
    "admón.": "administración",
    "hosp.": "hospital",
    "c/u": "cada uno",
    "s/n": "sin número",
}
# The feminine of a title after "la": "la Lic. Torres" is "la licenciada Torres".
FEMININE_TITLES = {"Lic.": "licenciada", "Prof.": "profesora", "Dr.": "doctora",
                   "Ing.": "ingeniera", "Enf.": "enfermera"}  # fmt: skip

# Read before a number: "tel. 555…", "n.º 5", "pág. 12", "ext. 204".
BEFORE_NUMBER = {
    "tel.": "teléfono",
    "Tel.": "teléfono",
    "Tfno.": "teléfono",
    "n.º": "número",
    "nº": "número",
    "N.º": "número",
    "Nº": "número",
    "núm.": "número",
    "Núm.": "número",
    "No.": "número",
    "pág.": "página",
    "págs.": "páginas",
    "cap.": "capítulo",
    "ext.": "extensión",
    "Ext.": "extensión",
    "hab.": "habitación",
    "C/": "calle",
}

# Emergency and service numbers, read digit by digit: always, and after "llame al", "marque".
ALWAYS_EMERGENCY = {"911", "112"}
EMERGENCY_NUMBERS = {"061", "060", "065", "066", "088", "092", "988", "211", "311", "711"}
CALL_WORDS = "llame|llama|llamar|marque|marca|marcar|comuníquese|escriba"

# Unit symbol → (singular, plural, feminine?). Matched case-sensitively after a number.
UNITS = {
    "mg": ("miligramo", "miligramos"),
    "mcg": ("microgramo", "microgramos"),
    "µg": ("microgramo", "microgramos"),
    "μg": ("microgramo", "microgramos"),
    "g": ("gramo", "gramos"),
    "gr": ("gramo", "gramos"),
    "kg": ("kilogramo", "kilogramos"),
    "lb": ("libra", "libras"),
    "lbs": ("libra", "libras"),
    "oz": ("onza", "onzas"),
    "ml": ("mililitro", "mililitros"),
    "mL": ("mililitro", "mililitros"),
    "cc": ("centímetro cúbico", "centímetros cúbicos"),
    "dl": ("decilitro", "decilitros"),
    "dL": ("decilitro", "decilitros"),
    "l": ("litro", "litros"),
    "L": ("litro", "litros"),
    "mmol": ("milimol", "milimoles"),
    "mEq": ("miliequivalente", "miliequivalentes"),
    "UI": ("unidad internacional", "unidades internacionales"),
    "U": ("unidad", "unidades"),
    "mm": ("milímetro", "milímetros"),
    "cm": ("centímetro", "centímetros"),
    "m": ("metro", "metros"),
    "km": ("kilómetro", "kilómetros"),
    "mmHg": ("milímetro de mercurio", "milímetros de mercurio"),
    "lpm": ("latido por minuto", "latidos por minuto"),
    "rpm": ("respiración por minuto", "respiraciones por minuto"),
    "h": ("hora", "horas"),
    "hs": ("hora", "horas"),
    "hrs": ("hora", "horas"),
    "min": ("minuto", "minutos"),
    "seg": ("segundo", "segundos"),
    "kcal": ("kilocaloría", "kilocalorías"),
    "cal": ("caloría", "calorías"),
    "°C": ("grado Celsius", "grados Celsius"),
    "ºC": ("grado Celsius", "grados Celsius"),
    "℃": ("grado Celsius", "grados Celsius"),
    "°F": ("grado Fahrenheit", "grados Fahrenheit"),
    "°": ("grado", "grados"),
}
# Denominators of "mg/kg", "ml/h", "mg/día": read after "por", in the singular.
PER_UNITS = UNITS | {
    "día": ("día", "días"),
    "d": ("día", "días"),
    "semana": ("semana", "semanas"),
    "sem": ("semana", "semanas"),
    "mes": ("mes", "meses"),
}
# Nouns that are feminine: a number before them agrees ("una tableta", "veintiuna horas").
FEMININE_NOUNS = frozenset(
    """tableta tabletas pastilla pastillas cápsula cápsulas gota gotas cucharada cucharadas
    cucharadita cucharaditas vez veces hora horas semana semanas dosis unidad unidades
    inyección inyecciones aplicación aplicaciones toma tomas ampolla ampollas ampolleta
    ampolletas libra libras onza onzas caloría calorías kilocaloría kilocalorías persona
    personas cita citas noche noches mañana mañanas tarde tardes comida comidas taza tazas
    respiración respiraciones consulta consultas visita visitas jeringa jeringas pulgada
    pulgadas receta recetas botella botellas página páginas línea líneas opción opciones
    vacuna vacunas sesión sesiones""".split()
)
# Dose unit nouns that may follow "1/2" as "media": "1/2 tableta" → "media tableta".
DOSE_NOUNS = r"tabletas?|pastillas?|cápsulas?|cucharadas?|cucharaditas?|tazas?|ampollas?|dosis"

# currency symbol or code → (singular, plural, cent, cents)
CURRENCIES = {
    "US$": ("dólar estadounidense", "dólares estadounidenses", "centavo", "centavos"),
    "USD": ("dólar estadounidense", "dólares estadounidenses", "centavo", "centavos"),
    "$": ("dólar", "dólares", "centavo", "centavos"),
    "€": ("euro", "euros", "céntimo", "céntimos"),
    "EUR": ("euro", "euros", "céntimo", "céntimos"),
    "£": ("libra", "libras", "penique", "peniques"),
    "MXN": ("peso mexicano", "pesos mexicanos", "centavo", "centavos"),
}
# "2 millones de dólares": scale words and their plural.
SCALES = {"mil": ("mil", "mil"), "millón": ("millón", "millones"),
          "millones": ("millón", "millones"), "M": ("millón", "millones")}  # fmt: skip

# Symbols read as words in Spanish text.
SYMBOL_WORDS = {
    "&": " y ",
    "@": " arroba ",
    "+": " más ",
    "=": " igual a ",
    "±": " más o menos ",
    "×": " por ",
    "÷": " entre ",
    "≈": " aproximadamente ",
    "≤": " menor o igual a ",
    "≥": " mayor o igual a ",
    "<": " menor que ",
    ">": " mayor que ",
    "§": " sección ",
    "№": " número ",
    "²": " al cuadrado",
    "³": " al cubo",
    "°": " grados ",
    "º": " ",
    "ª": " ",
    "%": " por ciento",
    "#": " ",
    "*": " ",
    "_": " ",
    "^": " ",
    "~": " aproximadamente ",
    "|": ", ",
    "\\": " ",
    "`": "",
    "¢": " centavos",
    "US$": " dólares estadounidenses ",
    "$": " dólares ",
    "€": " euros ",
    "£": " libras ",
    "½": " medio ",
    "¼": " un cuarto ",
    "¾": " tres cuartos ",
}
COMPARISONS = {">=": "mayor o igual a", "=>": "mayor o igual a", "<=": "menor o igual a",
               "=<": "menor o igual a"}  # fmt: skip

# Words after which a Roman numeral is a number: "tipo II" → "tipo dos", "siglo XXI".
ROMAN_AFTER = (
    r"[Tt]ipo|[Ff]ase|[Gg]rado|[Ee]stadio|[Ee]tapa|[Cc]lase|[Nn]ivel|[Ss]iglo|[Cc]apítulo|"
    r"[Pp]arte|[Ff]actor|[Pp]apa|[Rr]ey|[Rr]eina|[Ss]ección|[Aa]nexo"
)
