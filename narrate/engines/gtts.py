"""gTTS: Google Translate's voice, online, in every language Google speaks.

Each sentence is split into the pieces gTTS itself would send (at most 100 characters each),
every piece is one gTTS request, retried with backoff on rate limits, server errors and
network failures, and the MP3 pieces are joined and decoded.
"""

from __future__ import annotations

import logging
import random
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from narrate import ffmpeg
from narrate._compat import gtts_pieces
from narrate._pydub import AudioSegment
from narrate.control import RunControl
from narrate.engines.base import Engine, EngineOptions, Voice, register
from narrate.errors import EngineError, NarrateError
from narrate.flags import Flag
from narrate.model import EngineInfo
from narrate.plural import count

if TYPE_CHECKING:
    from gtts import gTTSError

# gtts and requests are imported where they are used: runs with piper never load them.

log = logging.getLogger(__name__)

# Google domains that give a language a local accent (gTTS docs, "Localized accents").
ACCENTS: dict[str, dict[str, str]] = {
    "en": {
        "com": "United States",
        "co.uk": "United Kingdom",
        "com.au": "Australia",
        "ca": "Canada",
        "co.in": "India",
        "ie": "Ireland",
        "co.za": "South Africa",
        "com.ng": "Nigeria",
    },
    "fr": {"fr": "France", "ca": "Canada"},
    "pt": {"com.br": "Brazil", "pt": "Portugal"},
    "es": {"es": "Spain", "com.mx": "Mexico"},
}
# Standard tags for which Google uses an older or different code.
_ALIASES = {"he": "iw", "jv": "jw", "nb": "no", "fil": "tl"}
_PIPER_HINT = "use --engine piper"


def resolve_language(tag: str) -> str:
    """The gTTS language for a tag like `en`, `en-GB`, `pt_BR` or `he`, else EngineError.

    A region gTTS has no voice for falls back to the language (the accent comes from --tld).
    """
    from gtts.lang import tts_langs

    langs: dict[str, str] = {code.lower(): code for code in tts_langs()}
    wanted = tag.strip().replace("_", "-").lower()
    primary = wanted.split("-")[0]
    for candidate in (wanted, primary, _ALIASES.get(primary, "")):
        if candidate in langs:
            return langs[candidate]
    raise EngineError(f"unsupported language {tag!r} for gtts; see `narrate voices --engine gtts`")


def probe_google(timeout_s: float = 2.0, tld: str = "com") -> str | None:
    """None if translate.google.<tld> answers within `timeout_s`, else a short cause.

    Uses the proxies and (lack of) certificate checks gTTS uses, so it predicts gTTS. The probe
    runs in a thread so a resolver that hangs cannot hold the caller past the timeout.
    """
    import urllib.request

    import requests
    from gtts import gTTS
    from urllib3.exceptions import InsecureRequestWarning

    url = f"https://translate.google.{tld}/"
    outcome: list[str | None] = []

    def attempt() -> None:
        try:
            with requests.Session() as session, warnings.catch_warnings():
                # unverified like gTTS's own requests; its warning is silenced for this call only
                warnings.simplefilter("ignore", InsecureRequestWarning)
                session.trust_env = False  # like gTTS: the proxies below, nothing else
                response = session.get(
                    url,
                    proxies=urllib.request.getproxies(),
                    verify=False,
                    timeout=timeout_s,
                    headers={"User-Agent": gTTS.GOOGLE_TTS_HEADERS["User-Agent"]},
                )
            if response.status_code == 429 or response.status_code >= 500:
                outcome.append(f"answered {response.status_code} ({response.reason})")
            else:
                outcome.append(None)
        except requests.RequestException as error:
            outcome.append(network_cause(error))

    thread = threading.Thread(target=attempt, daemon=True, name="probe-google")
    thread.start()
    thread.join(timeout_s + 0.5)
    return outcome[0] if outcome else "timed out"


def network_cause(error: BaseException) -> str:
    """The useful core of a requests failure: 'Name or service not known', 'timed out'…"""
    import requests

    queue, seen, last = [error], set(), error
    while queue:
        current = queue.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        last = current
        if isinstance(current, socket.gaierror):
            return current.strerror or str(current)
        if isinstance(current, (requests.Timeout, TimeoutError)):
            return "timed out"
        if isinstance(current, ConnectionRefusedError):
            return "connection refused"
        if isinstance(current, ConnectionResetError):
            return "connection reset"
        links = (
            getattr(current, "reason", None),
            current.__cause__,
            current.__context__,
            *current.args,
        )
        queue.extend(link for link in links if isinstance(link, BaseException))
    return str(last) or type(last).__name__


@dataclass(frozen=True)
class _Failure:
    """One failed request: why, and whether trying again could help."""

    cause: str
    retry: bool
    status: int | None = None
    retry_after_s: float | None = None


@dataclass(frozen=True)
class GttsOptions(EngineOptions):
    """gTTS's own settings, besides the shared language and voice (it has no rate)."""

    tld: str = "com"  # the accent: Google's host domain
    slow: bool = False
    jobs: int = 6  # sentences requested at once
    timeout_s: float = 10.0
    retries: int = 5


GTTS_FLAGS = (
    Flag("--tld", "tld", "gtts accent: Google host domain, e.g. co.uk, com.au, ca.",
         show_default=True),
    Flag("--slow", "slow", "gtts: speak slowly.", kind=bool),
    Flag("--jobs", "jobs", "gtts: sentences requested in parallel.", kind=int, low=1, high=32,
         show_default=True),
    Flag("--timeout", "timeout_s", "gtts: seconds to wait for each request.", kind=float,
         low=0.1, high=300, show_default=True),
    Flag("--retries", "retries", "gtts: retries per request on 429, 5xx and network errors.",
         kind=int, low=0, high=20, show_default=True),
)  # fmt: skip


@register
class GttsEngine(Engine):
    """Google Translate's voice through gTTS; needs the network, allows `jobs` requests at once.

    Backoff timing is class data so tests (and a patient user) can change it.
    """

    name = "gtts"
    needs_network = True
    auto_order = 0  # the better voice, when Google answers

    @classmethod
    def auto_check(cls, options: EngineOptions) -> tuple[bool, str]:
        tld = options.tld if isinstance(options, GttsOptions) else GttsOptions.tld
        reachable = probe_google(timeout_s=2.0, tld=tld) is None
        return reachable, "Google reachable" if reachable else "Google not reachable"
    max_parallel = 64  # a ceiling; each instance allows options.jobs requests at once
    Options = GttsOptions
    flags = GTTS_FLAGS
    options: GttsOptions
    backoff_base_s = 0.5
    backoff_cap_s = 30.0
    max_retry_after_s = 120.0  # a longer wait asked by Google fails now instead
    connect_timeout_s = 5.0
    probe_timeout_s = 2.0

    def __init__(self, options: GttsOptions, control: RunControl | None = None):
        self.max_parallel = max(1, options.jobs)
        super().__init__(options, control)
        self.language = resolve_language(options.language)

    def info(self) -> EngineInfo:
        return EngineInfo(
            name=self.name,
            version=_gtts_version(),
            voice=f"{self.language}-{self.options.tld}",
            language=self.language,
            extra={"tld": self.options.tld, "slow": str(self.options.slow).lower()},
        )

    @classmethod
    def voices(cls) -> list[Voice]:
        from gtts.lang import tts_langs

        found = []
        for code, name in sorted(tts_langs().items()):
            accents = ACCENTS.get(code)
            note = ""
            if accents:
                listed = ", ".join(f"{tld} {place}" for tld, place in accents.items())
                note = f"; accents with --tld: {listed}"
            found.append(Voice(cls.name, code, code, f"{name}{note}"))
        return found

    def check(self) -> None:
        tld = self.options.tld
        cause = probe_google(timeout_s=self.probe_timeout_s, tld=tld)
        if cause is not None:
            raise EngineError(
                f"cannot reach translate.google.{tld}: {cause}; "
                "use --engine piper for offline narration"
            )

    def pieces(self, text: str) -> list[str]:
        """The pieces gTTS would send for `text`, each one request of at most 100 characters."""
        if not text.strip():
            return []
        return gtts_pieces(text, self.language, self.options.tld)

    def synthesize(self, text: str) -> AudioSegment:
        pieces = self.pieces(text)
        if not pieces:
            raise EngineError(f"nothing gtts can speak in {text[:60]!r} (only punctuation)")
        mp3 = b"".join(self._fetch(piece) for piece in pieces)
        try:
            return ffmpeg.decode(mp3)
        except NarrateError as error:
            raise EngineError(
                f"Google's answer is not audio ffmpeg can decode ({error}); Google's API may "
                f"have changed and gTTS may need an update; {_PIPER_HINT}"
            ) from None

    def _fetch(self, piece: str) -> bytes:
        """One piece's MP3: one request, retried with backoff while retrying can help."""
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            if self.control.stop.is_set() or self.control.wait_for_pause():
                raise EngineError("interrupted")
            outcome = self._attempt(piece)
            if isinstance(outcome, bytes):
                return outcome
            failure = outcome
            if not outcome.retry:
                raise EngineError(outcome.cause)
            if outcome.status == 429:
                size = self.control.limiter.halve()
                log.warning("Google is rate limiting (429): request limit lowered to %d", size)
            if attempt + 1 < attempts:
                delay = self._delay(attempt, outcome.retry_after_s)
                if outcome.status == 429:  # the other workers of a cluster wait too
                    self.control.pause_all(delay)
                log.info(
                    "%s; retry %d of %d in %.1f s", outcome.cause, attempt + 1, attempts - 1, delay
                )
                if self.control.sleep(delay):
                    raise EngineError("interrupted")
        tries = count(attempts, "attempt")
        raise EngineError(
            f"{failure.cause}; gave up after {tries}; try again later or {_PIPER_HINT}"
        )

    def _attempt(self, piece: str) -> bytes | _Failure:
        """One request for `piece`, taking a place in the run's limiter: the MP3 or why not."""
        import requests
        from gtts import gTTS, gTTSError

        try:
            with self.control.limiter:
                audio = b"".join(self._request(piece))
        except gTTSError as error:
            return self._explain(error)
        except requests.RequestException as error:  # raised while reading the answer
            return _Failure(self._network_cause(error), retry=True)
        if not audio:
            raise EngineError(
                f"Google answered without audio (no {gTTS.GOOGLE_TTS_RPC} line); Google's API "
                f"may have changed and gTTS may need an update; {_PIPER_HINT}"
            )
        return audio

    def _request(self, piece: str) -> Iterator[bytes]:
        """The real gTTS request for one piece; the piece is already pre-processed."""
        from gtts import gTTS

        tts = gTTS(
            piece,
            lang=self.language,
            tld=self.options.tld,
            slow=self.options.slow,
            lang_check=False,  # checked once; and gTTS would turn e.g. fr-CA into fr
            pre_processor_funcs=[],  # a second pass could lengthen a piece past 100 chars
            timeout=(min(self.connect_timeout_s, self.options.timeout_s), self.options.timeout_s),
        )
        pieces: Iterator[bytes] = tts.stream()  # gTTS is untyped: a generator of MP3 bytes
        return pieces

    def _explain(self, error: gTTSError) -> _Failure:
        """Classify a gTTS failure: transient (retry) or final, with a message for the user."""
        response = error.rsp
        if response is None:
            return _Failure(self._network_cause(error.__context__ or error), retry=True)
        status, reason = response.status_code, response.reason
        said = f"Google answered {status} ({reason})"
        if status == 429 or status >= 500:
            what = "rate limited" if status == 429 else "a problem on Google's side"
            after = _retry_after_s(response.headers.get("Retry-After"))
            if after is not None and after > self.max_retry_after_s:
                cause = f"{said}: {what}, come back in {after:.0f} s; {_PIPER_HINT}"
                return _Failure(cause, retry=False, status=status)
            return _Failure(f"{said}: {what}", retry=True, status=status, retry_after_s=after)
        if status == 200:
            cause = f"Google answered without audio ({error.msg}); Google may have dropped"
            cause += " the language or changed its API, and gTTS may need an update"
            return _Failure(f"{cause}; {_PIPER_HINT}", retry=False)
        if status == 404 and self.options.tld != "com":
            cause = f"translate.google.{self.options.tld} may not exist; check --tld"
            return _Failure(f"{said}: {cause}, or {_PIPER_HINT}", retry=False, status=status)
        return _Failure(
            f"{said}: the request or Google's API changed; gTTS may need an update; {_PIPER_HINT}",
            retry=False,
            status=status,
        )

    def _network_cause(self, error: BaseException) -> str:
        cause = network_cause(error)
        if cause == "timed out":
            cause = f"no answer within {self.options.timeout_s:g} s"
        return f"cannot reach translate.google.{self.options.tld}: {cause}"

    def _delay(self, attempt: int, retry_after_s: float | None) -> float:
        """Seconds before the next try: what Google asked for, else full-jitter backoff."""
        if retry_after_s is not None:
            return retry_after_s
        return random.uniform(0, min(self.backoff_cap_s, self.backoff_base_s * 2**attempt))


@cache
def _gtts_version() -> str:
    """The installed gTTS version (read once: every cache key asks for it)."""
    from importlib import metadata

    return metadata.version("gtts")


def _retry_after_s(value: str | None) -> float | None:
    """A Retry-After header in seconds (it may be a number of seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
