"""Which machines a web address may reach, judged on the addresses the connection will use.

The host's name is resolved here, once per request; when only public hosts may be fetched
(narrate serve), every address found must be public, or the request is refused before anything
is sent. The connection then goes to these addresses (`readers/pinned.py`), never to a second
lookup of the name, so a name cannot turn into another address between check and connect.
"""

from __future__ import annotations

import ipaddress
import socket

from narrate.errors import ArticleError
from narrate.readers.weburl import WebAddress, parse_web_address

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # IPv4 addresses reached through a translator
PUBLIC_ONLY_NOTE = "this server fetches only public pages, not private, loopback or link-local ones"
WEBHOOK_NOTE = (
    "a webhook is sent only to public addresses, not private, loopback or link-local ones"
)


def is_public(ip: IPAddress) -> bool:
    """True for a globally routable unicast address; an IPv4 address written inside IPv6
    (mapped, NAT64, 6to4) is judged as that IPv4 address, and Teredo is never public."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
        if embedded is not None:
            return is_public(embedded)
        if ip.teredo or ip.is_site_local:
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def resolve(address: WebAddress) -> tuple[IPAddress, ...]:
    """The addresses of the host, in the order the resolver gives them (an address written in
    the URL is its own answer), for the IP families this machine can use."""
    if address.ip is not None:
        return (address.ip,)
    from urllib3.util.connection import allowed_gai_family  # IPv4 only when IPv6 is unusable

    try:
        found = socket.getaddrinfo(
            address.host.rstrip("."), address.port, allowed_gai_family(), socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError):
        raise ArticleError(address.url, "the host name was not found; check the address") from None
    ips = (ipaddress.ip_address(str(sockaddr[0]).partition("%")[0]) for *_, sockaddr in found)
    unique = tuple(dict.fromkeys(ips))
    if not unique:
        raise ArticleError(address.url, "the host name was not found; check the address")
    return unique


def approved_addresses(
    address: WebAddress, *, public_only: bool, note: str = PUBLIC_ONLY_NOTE
) -> tuple[IPAddress, ...]:
    """The addresses a request to `address` may connect to, or ArticleError when
    `public_only` and any address of the host is not public (ending with `note`)."""
    ips = resolve(address)
    if public_only:
        for ip in ips:
            if not is_public(ip):
                named = f"{ip}" if address.ip else f"{address.host} resolves to {ip}, which"
                raise ArticleError(
                    address.url, f"{named} is {_kind(ip)} address, not public; {note}"
                )
    return ips


def check_public(url: str, note: str = PUBLIC_ONLY_NOTE) -> tuple[IPAddress, ...]:
    """The addresses of an http(s) URL's host, all public, or ArticleError saying why not."""
    return approved_addresses(parse_web_address(url), public_only=True, note=note)


def _kind(ip: IPAddress) -> str:
    """What kind of address `ip` is, in words, for the refusal."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return f"an IPv4-mapped {_kind(ip.ipv4_mapped).removeprefix('a ').removeprefix('an ')}"
    for test, kind in (
        (ip.is_loopback, "a loopback"),
        (ip.is_link_local, "a link-local"),
        (ip.is_multicast, "a multicast"),
        (ip.is_unspecified, "an unspecified"),
        (ip.is_private, "a private"),
        (ip.is_reserved, "a reserved"),
    ):
        if test:
            return kind
    return "a non-global"
