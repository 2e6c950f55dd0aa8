"""A requests transport that connects to the addresses checked for a request's host, never to a
fresh lookup of its name, while the Host header, TLS SNI and the certificate check stay those
of the name. Every request a session sends passes through it, so each redirect is read, resolved,
judged and pinned again."""

from __future__ import annotations

from typing import Any, TypeAlias

import requests
from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest, Response
from requests.utils import select_proxy
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from narrate.readers.addresses import PUBLIC_ONLY_NOTE, IPAddress, approved_addresses
from narrate.readers.weburl import WebAddress, parse_web_address

# The settings HTTPAdapter.send takes, as requests types them (in its private _types module).
Timeout: TypeAlias = float | tuple[float | None, float | None] | None
Verify: TypeAlias = bool | str
Cert: TypeAlias = str | tuple[str, str] | None


class PinnedAdapter(HTTPAdapter):
    """Sends each request to its host's checked addresses, one after another until one
    answers (as a connection to a name tries each of its addresses). Like a requests Session,
    one adapter serves one thread."""

    def __init__(self, *, public_only: bool, note: str = PUBLIC_ONLY_NOTE) -> None:
        super().__init__()
        self.public_only = public_only
        self.note = note
        self._pin: tuple[WebAddress, IPAddress] | None = None

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: Timeout = None,
        verify: Verify = True,
        cert: Cert = None,
        proxies: dict[str, str] | None = None,
    ) -> Response:
        url = request.url
        assert url is not None  # a Session prepares every request it sends with its URL
        if not self.public_only and select_proxy(url, proxies):
            # A proxy named in the environment resolves the name itself, as it always has.
            return super().send(request, stream, timeout, verify, cert, proxies)
        address = parse_web_address(url)
        *others, last = approved_addresses(address, public_only=self.public_only, note=self.note)
        for ip in others:
            try:
                return self._send_to(address, ip, request, stream, timeout, verify, cert)
            except requests.ConnectionError as error:
                if not _not_connected(error):
                    raise
        return self._send_to(address, last, request, stream, timeout, verify, cert)

    def _send_to(
        self,
        address: WebAddress,
        ip: IPAddress,
        request: PreparedRequest,
        stream: bool,
        timeout: Timeout,
        verify: Verify,
        cert: Cert,
    ) -> Response:
        """Send `request` to `ip` only, as a request for `address`."""
        self._pin = (address, ip)
        try:
            return super().send(request, stream, timeout, verify, cert, proxies={})
        finally:
            self._pin = None

    def get_connection_with_tls_context(
        self,
        request: PreparedRequest,
        verify: Verify,
        proxies: dict[str, str] | None = None,
        cert: Cert = None,
    ) -> HTTPConnectionPool:
        if self._pin is None:
            return super().get_connection_with_tls_context(request, verify, proxies, cert)
        address, ip = self._pin
        _, pool_kwargs = self.build_connection_pool_key_attributes(request, verify, cert)
        if address.scheme == "https":
            pool_kwargs["server_hostname"] = address.host  # SNI and certificate: the name
        return self.poolmanager.connection_from_host(
            host=str(ip), port=address.port, scheme=address.scheme, pool_kwargs=pool_kwargs
        )

    def add_headers(self, request: PreparedRequest, **kwargs: Any) -> None:
        if self._pin is not None:
            request.headers["Host"] = self._pin[0].netloc


def pinned_session(*, public_only: bool, note: str = PUBLIC_ONLY_NOTE) -> requests.Session:
    """A requests Session whose http(s) requests go through a `PinnedAdapter`; `note` ends a
    refusal of a private address."""
    session = requests.Session()
    adapter = PinnedAdapter(public_only=public_only, note=note)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _not_connected(error: requests.ConnectionError) -> bool:
    """True when the connection was never made (so nothing was sent and the next address may
    be tried)."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, NewConnectionError | ConnectTimeoutError)
