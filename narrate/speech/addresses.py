"""Network addresses outside English: an IPv4 address part by part and a host's port, with the
language's words ('192.168.0.1:8080' → 'ciento noventa y dos punto ciento sesenta y ocho
punto cero punto uno puerto ocho mil ochenta', 'localhost:8000' → 'localhost Port
achttausend'). English has its own (en/ports.py, en/dotted.py); the patterns are shared.

Read as numbers, '192.168.0.1' came out as 'ciento noventa y dos mil ciento sesenta y ocho
punto cero.uno', with the dots taken for thousands separators. Where the dots can be thousands
separators ('10.100.200.100' in Spanish is a number), an address is read as one only when a
port follows it. Times ('10:30') and ratios ('3:1') have no host and are not touched.
"""

from __future__ import annotations

import re

from num2words import num2words

from narrate.speech.context import Context
from narrate.speech.symbols import URL_TLDS, URL_WORDS

MAX_PORT = 65535
IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"
NAME = rf"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{URL_TLDS.replace(' ', '|')})"
# how a port is named, per language with rules of its own (English: en/ports.py)
PORT_WORDS = {"es": "puerto", "fr": "port", "de": "Port", "it": "porta", "pt": "porta"}

_NAMED_PORT = re.compile(
    rf"(?<![\w.@/:-])(?P<host>localhost|{NAME}):(?P<port>[1-9]\d{{0,4}})(?![\w:/]|[.,]\d)",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    rf"(?<![\w.,@/:-])(?P<host>{IPV4})(?::(?P<port>[1-9]\d{{0,4}}))?(?![\w:/]|[.,:]\d)"
)


def is_ipv4(host: str) -> bool:
    """Whether `host` is an IPv4 address: four parts 0-255, none with a leading zero ('1.2.3.456'
    and '01.2.3.4' are not addresses)."""
    parts = host.split(".")
    return len(parts) == 4 and all(
        p.isdigit() and int(p) <= 255 and str(int(p)) == p for p in parts
    )


def _could_be_thousands(host: str) -> bool:
    """'10.100.200.100': every part after the first has three digits, as in '1.234.567'."""
    return all(len(part) == 3 for part in host.split(".")[1:])


def network_addresses(ctx: Context, text: str) -> str:
    """'192.168.0.1:8080' → '<the address, part by part> puerto <the port>' in Spanish, French,
    German, Italian and Portuguese; other languages as they are."""
    port_word = PORT_WORDS.get(ctx.language)
    if port_word is None:
        return text
    dot = URL_WORDS[ctx.language][0]

    def say(n: str) -> str:
        words: str = num2words(int(n), lang=ctx.language)
        return words

    def port(raw: str) -> str:
        return f" {port_word} {say(raw)}"

    def address(m: re.Match[str]) -> str:
        host, raw_port = m["host"], m["port"]
        rest = m[0][len(host) :]  # ':99999' is no port: left to the number rules
        if raw_port and int(raw_port) <= MAX_PORT:
            rest = port(raw_port)
        elif _could_be_thousands(host):
            return m[0]
        if not is_ipv4(host):
            return m[0]
        return f" {dot} ".join(say(part) for part in host.split(".")) + rest

    def named(m: re.Match[str]) -> str:
        return m[0] if int(m["port"]) > MAX_PORT else m["host"] + port(m["port"])

    return _ADDRESS.sub(address, _NAMED_PORT.sub(named, text))
