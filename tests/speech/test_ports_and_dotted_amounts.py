"""A host with a port ('192.168.0.1:8080', 'localhost:8000') and an amount with dots between
its thousands ('$1.234.567'), as a listener should hear them; times, ratios, versions and
decimals as they were read before."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrate.speech.addresses import network_addresses
from narrate.speech.context import Context
from narrate.speech.normalize import normalize
from tests.helpers import script_of

CASES = [
    # --- a host with a port ---
    ("Open 192.168.0.1:8080 now", "Open one hundred and ninety-two dot one hundred and "
     "sixty-eight dot zero dot one port eighty eighty now"),
    ("at 10.0.0.1:22.", "at ten dot zero dot zero dot one port twenty-two."),
    ("Try localhost:8000 first", "Try localhost port eight thousand first"),
    ("example.org:443", "example dot org port four forty-three"),
    ("www.example.org:8443, then", "example dot org port eighty-four forty-three, then"),
    ("LOCALHOST:3000", "LOCALHOST port three thousand"),
    ("localhost:5432", "localhost port fifty-four thirty-two"),
    ("localhost:27017", "localhost port twenty-seven thousand and seventeen"),
    ("localhost:0800", "localhost port zero eight zero zero"),
    # --- left as they were: times, ratios, full URLs, no host, no port ---
    ("Meet at 10:30", "Meet at ten thirty"),
    ("a 3:1 ratio", "a three to one ratio"),
    ("see https://example.org:8080/a", "see example dot org"),
    ("localhost:99999", "localhost:ninety-nine thousand nine hundred and ninety-nine"),
    ("1.2.3.456:80", "one point two point three point four fifty-six:eighty"),
    ("Score 2:1 at example.org", "Score two to one at example dot org"),
    # --- an amount with dots between its thousands ---
    ("It costs $1.234.567", "It costs one million two hundred and thirty-four thousand five "
     "hundred and sixty-seven dollars"),
    ("€12.345.678", "twelve million three hundred and forty-five thousand six hundred and "
     "seventy-eight euros"),
    ("£1.000.000 to £2.000.000", "one million to two million pounds"),
    ("$1.000.000,50", "one million dollars and fifty cents"),
    ("$1.000.000.000.", "one billion dollars."),
    # --- left as they were: versions, addresses, decimals, one dot group ---
    ("$1.50", "one dollar and fifty cents"),
    ("$1.234", "one point two three four dollars"),
    ("Version 1.2.3", "Version one point two point three"),
    ("1.234.567 rows", "one point two thirty-four point five sixty-seven rows"),
    ("at 10.0.0.1", "at ten dot zero dot zero dot one"),
]  # fmt: skip


@pytest.mark.parametrize(("display", "spoken"), CASES)
def test_reading(display, spoken):
    assert normalize(display) == spoken


OCTET = st.integers(0, 255)
PORT = st.integers(1, 65535)


@given(st.tuples(OCTET, OCTET, OCTET, OCTET), PORT)
def test_any_address_with_any_port_is_the_address_then_the_port(octets, port):
    address = ".".join(map(str, octets))
    spoken = normalize(f"Open {address}:{port} now.")
    address_words = normalize(address)
    assert spoken.startswith(f"Open {address_words} port "), spoken
    assert spoken.endswith(" now."), spoken
    said_port = spoken[len(f"Open {address_words} port ") : -len(" now.")]
    assert said_port and ":" not in spoken and not any(ch.isdigit() for ch in spoken)
    assert " dot " not in said_port  # the port is one number after the address


@given(st.sampled_from(["localhost", "example.org", "www.nhs.uk", "api.example.io"]), PORT)
def test_any_named_host_with_any_port_keeps_its_name_and_says_port(host, port):
    spoken = normalize(f"{host}:{port}")
    assert spoken.startswith(normalize(host) + " port "), spoken
    assert ":" not in spoken and not any(ch.isdigit() for ch in spoken)


@given(st.integers(0, 23), st.integers(0, 59))
def test_times_are_not_ports(hour, minute):
    spoken = normalize(f"Come at {hour}:{minute:02d} today")
    assert "port" not in spoken and " to " not in spoken


@given(st.integers(1, 20), st.integers(1, 20))
def test_ratios_are_not_ports(first, second):
    assert "port" not in normalize(f"a ratio of {first}:{second}")


@given(st.sampled_from("$€£¥₹"), st.integers(1_000_000, 10**12 - 1), st.integers(0, 99))
def test_an_amount_with_dots_between_thousands_is_read_as_with_commas(symbol, amount, cents):
    dotted = f"{amount:,}".replace(",", ".")
    assert normalize(f"Pay {symbol}{dotted}.") == normalize(f"Pay {symbol}{amount:,}.")
    with_cents = normalize(f"Pay {symbol}{dotted},{cents:02d} now")
    assert with_cents == normalize(f"Pay {symbol}{amount:,}.{cents:02d} now")


@given(st.integers(0, 999), st.integers(0, 999), st.integers(0, 999))
def test_versions_without_a_currency_are_not_amounts(major, minor, patch):
    spoken = normalize(f"Version {major}.{minor}.{patch}")
    assert "dollar" not in spoken and " point " in spoken


def test_narrate_script_says_the_port_and_the_amount(tmp_path):
    page = tmp_path / "server.txt"
    said = script_of(
        page,
        "Moving the server\n\n"
        "The old server answers at 192.168.0.1:8080 until Friday, and the test copy runs on "
        "localhost:8000 for the team. The move costs $1.234.567 in all, and the meeting about "
        "it starts at 10:30 with a 3:1 vote expected.\n",
    )
    assert "dot zero dot one port eighty eighty until Friday" in said, said
    assert "localhost port eight thousand for the team" in said, said
    assert (
        "one million two hundred and thirty-four thousand five hundred and sixty-seven "
        "dollars in all" in said
    ), said
    assert "at ten thirty with a three to one vote" in said, said
    assert "$" not in said and ":" not in said, said


# --- the same in Spanish, French, German, Italian and Portuguese ---

OTHER_LANGUAGES = [
    ("es", "Abra 192.168.0.1:8080 ahora", "Abra ciento noventa y dos punto ciento sesenta y ocho "
     "punto cero punto uno puerto ocho mil ochenta ahora"),
    ("es", "en 10.0.0.1.", "en diez punto cero punto cero punto uno."),
    ("es", "localhost:8000", "localhost puerto ocho mil"),
    ("es", "example.org:443.", "example punto org puerto cuatrocientos cuarenta y tres."),
    ("fr", "localhost:8000", "localhost port huit mille"),
    ("de", "10.0.0.1:80", "zehn Punkt null Punkt null Punkt eins Port achtzig"),
    ("it", "localhost:8000", "localhost porta ottomila"),
    ("pt", "localhost:8000", "localhost porta oito mil"),
    # the dots of '10.100.200.100' can be thousands separators: an address only with a port
    ("es", "10.100.200.100:80", "diez punto cien punto doscientos punto cien puerto ochenta"),
    ("es", "1.234.567 €", "un millón doscientos treinta y cuatro mil quinientos sesenta y siete "
     "euros"),
    ("es", "a las 10:30", "a las diez y treinta"),
    ("es", "see https://example.org:8080/a", "see example punto org"),
    ("nl", "localhost:8000", "localhost:8000"),  # no rules of its own for numbers
    ("es", "localhost:99999", "localhost:noventa y nueve mil novecientos noventa y nueve"),
    ("es", "10.0.0.1:99999", "diez punto cero punto cero punto uno:noventa y nueve mil "
     "novecientos noventa y nueve"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "display", "spoken"), OTHER_LANGUAGES)
def test_reading_in_other_languages(language, display, spoken):
    assert normalize(display, language) == spoken


PORT_WORDS = {"es": "puerto", "fr": "port", "de": "Port", "it": "porta", "pt": "porta"}


@given(st.sampled_from(sorted(PORT_WORDS)), st.tuples(OCTET, OCTET, OCTET, OCTET), PORT)
def test_any_address_and_port_in_other_languages(language, octets, port):
    address = ".".join(map(str, octets))
    spoken = normalize(f"{address}:{port}", language)
    assert f" {PORT_WORDS[language]} " in spoken, spoken
    assert ":" not in spoken and not any(ch.isdigit() for ch in spoken), spoken


@given(
    st.sampled_from(sorted(PORT_WORDS)),
    st.integers(1, 255),
    st.lists(st.integers(100, 300), min_size=3, max_size=3),
)
def test_a_number_with_dots_between_thousands_stays_a_number(language, first, groups):
    """'10.100.200.100' (every part an address's, too) is a number where dots group thousands."""
    dotted = ".".join(map(str, [first, *groups]))
    assert normalize(dotted, language) == normalize(dotted.replace(".", ""), language)


@pytest.mark.parametrize("language", sorted(PORT_WORDS))
@pytest.mark.parametrize("display", ["1.2.3.456:80", "01.2.3.4:80", "1.2.3.4.5:80"])
def test_what_is_no_address_gets_no_port(language, display):
    assert PORT_WORDS[language] not in normalize(display, language).split()


def test_a_language_without_a_word_for_port_is_left_alone():
    assert network_addresses(Context("nl"), "at localhost:8000") == "at localhost:8000"


def test_narrate_script_says_puerto_in_a_spanish_article(tmp_path):
    page = tmp_path / "servidor.txt"
    said = script_of(
        page,
        "El servidor nuevo\n\n"
        "El servidor de la clínica responde en 192.168.0.1:8080 hasta el viernes, y la copia de "
        "pruebas funciona en localhost:8000 para el equipo de la consulta.\n",
    )
    assert "punto cero punto uno puerto ocho mil ochenta hasta el viernes" in said
    assert "localhost puerto ocho mil para el equipo" in said
    assert ":" not in said
