"""Which hosts a URL may reach: a server exposed on a network must not fetch pages from the
machines behind it (private, loopback, link-local, reserved addresses), whatever the name says.

The host's name is resolved here and every address it resolves to is checked, for the first
request and for every redirect (`GuardedSession`), before anything is sent to it.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlparse

from narrate.errors import ArticleError

SCHEMES = ("http", "https")


def check_public(url: str) -> None:
    """Raise ArticleError unless `url` is http(s) and its host resolves only to public
    (globally routable) addresses."""
    parsed = urlparse(url)
    if parsed.scheme.lower() not in SCHEMES or not parsed.hostname:
        raise ArticleError(url, "only http:// and https:// addresses can be fetched")
    host = parsed.hostname
    try:
        port = parsed.port or (443 if parsed.scheme.lower() == "https" else 80)
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except ValueError:
        raise ArticleError(url, "the port is not a number from 0 to 65535") from None
    except (socket.gaierror, UnicodeError):
        raise ArticleError(url, "the host name was not found; check the address") from None
    for *_, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global:
            raise ArticleError(
                url,
                f"{host} is a private, loopback or link-local address ({address}); this "
                "server only fetches public pages",
            )


def guarded_session():
    """A requests Session that checks every redirect's target with `check_public` before
    following it."""
    import requests

    class GuardedSession(requests.Session):
        def get_redirect_target(self, resp):
            target = super().get_redirect_target(resp)
            if target:
                check_public(urljoin(resp.url, target))
            return target

    return GuardedSession()
