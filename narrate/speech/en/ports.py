"""A host with a port, as people say it: '192.168.0.1:8080' → '192.168.0.1 port eighty
eighty', 'localhost:8000' → 'localhost port eight thousand', 'example.org:443' → 'example.org
port four forty-three'. The address itself is read by the rules after this one (dotted
numbers, web addresses).

Read as text it came out as 'one dot … dot one:eight thousand and eighty': the port an amount,
the colon kept. Only a host is followed by a port here: an IPv4 address, 'localhost' or a name
ending in a known top-level domain, so times ('10:30') and ratios ('3:1') are not touched; a
full URL ('https://example.org:8080/a') is left to the web address rule, which reads its host.
"""

from __future__ import annotations

import re

from narrate.speech.addresses import IPV4, MAX_PORT, NAME, is_ipv4
from narrate.speech.context import Context
from narrate.speech.en.spell import digits, year

_HOST_PORT = re.compile(
    rf"(?<![\w.@/:-])(?P<host>{IPV4}|localhost|{NAME}):(?P<port>\d{{1,5}})(?![\w:/]|[.,]\d)",
    re.IGNORECASE,
)


def port_words(raw: str) -> str:
    """A port as people say it: '8080' → 'eighty eighty', '443' → 'four forty-three',
    '8000' → 'eight thousand', '0800' → 'zero eight zero zero'."""
    if len(raw) > 1 and raw.startswith("0"):
        return digits(raw)
    return year(int(raw))


def _host_port(m: re.Match[str]) -> str:
    host, port = m["host"], m["port"]
    if int(port) > MAX_PORT or (re.fullmatch(IPV4, host) and not is_ipv4(host)):
        return m[0]
    return f"{host} port {port_words(port)}"


def host_ports(ctx: Context, text: str) -> str:
    """'192.168.0.1:8080' → '192.168.0.1 port eighty eighty', 'localhost:8000' → 'localhost
    port eight thousand'; '10:30' and '3:1' stay as they are."""
    return _HOST_PORT.sub(_host_port, text)
