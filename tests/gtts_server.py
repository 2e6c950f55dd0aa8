"""A local stand-in for Google Translate's speech endpoint, reached the way gTTS reaches Google.

gTTS posts to https://translate.google.<tld>/_/TranslateWebserverUi/data/batchexecute with
`proxies=urllib.request.getproxies()` and `verify=False`. So this module runs an HTTP forward
proxy on 127.0.0.1 that answers `CONNECT translate.google.<tld>:443` itself: it wraps the tunnel
in TLS with a throw-away self-signed certificate (made with the `openssl` CLI) and serves the
batchexecute protocol inside it. Point a client at it with `HTTPS_PROXY=http://127.0.0.1:<port>`
and no NO_PROXY (see `proxy_env`); gTTS's own request code runs unchanged.

Faults are injected per request (by number or by a predicate on the text); every request is
recorded. Run as a script for benchmarks: `python -m tests.gtts_server --port 8765 --voice tone`.
"""

from __future__ import annotations

import argparse
import base64
import functools
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
from gtts.lang import tts_langs

from narrate import ffmpeg

TTS_PATH = "/_/TranslateWebserverUi/data/batchexecute"
RPC_ID = "jQ1olc"
SAMPLE_RATE = 24_000  # Google's voice: 24 kHz mono MP3 at 32 kbit/s
PROXY_VARS = ("HTTPS_PROXY", "https_proxy")
NO_PROXY_VARS = ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy")
HANG_LIMIT_S = 60.0  # a hanging answer gives up after this even if the server stays up
GARBLED = b"\x00these bytes are not an MP3 stream " * 32


@dataclass(frozen=True)
class Fault:
    """What to do to a request instead of answering it normally; build one with the helpers."""

    kind: str  # "latency" | "status" | "null_audio" | "no_audio_line" | "garbled" | "hang" | "drop"
    status: int = 200
    retry_after: str | None = None
    delay_s: float = 0.0


def latency(seconds: float) -> Fault:
    """Answer normally, `seconds` later."""
    return Fault("latency", delay_s=seconds)


def status(code: int, retry_after: float | str | None = None) -> Fault:
    """Answer with HTTP `code` (429, 500, 503, 403, ...), optionally with a Retry-After header."""
    if isinstance(retry_after, (int, float)):
        retry_after = f"{retry_after:g}"
    return Fault("status", status=code, retry_after=retry_after)


def malformed(kind: str = "null_audio") -> Fault:
    """A 200 without audio: `null_audio` is what Google sends for an unsupported language (a
    jQ1olc line with null), `no_audio_line` has no jQ1olc line at all, `garbled` carries
    base64 of bytes that are not MP3."""
    if kind not in ("null_audio", "no_audio_line", "garbled"):
        raise ValueError(f"unknown malformed kind {kind!r}")
    return Fault(kind)


def hang() -> Fault:
    """Read the request and never answer (until the server closes or HANG_LIMIT_S passes)."""
    return Fault("hang")


def drop() -> Fault:
    """Read the request and close the connection without an answer."""
    return Fault("drop")


@dataclass(frozen=True)
class Request:
    """One speech request as the stand-in received it; `audio` is the MP3 it sent back."""

    number: int
    text: str
    lang: str
    slow: bool
    host: str
    time: float  # time.monotonic() on arrival
    fault: str | None = None
    audio: bytes = field(default=b"", repr=False)

    @property
    def tld(self) -> str:
        return self.host.removeprefix("translate.google.")


@dataclass
class _Rule:
    fault: Fault
    numbers: frozenset[int] | None
    when: Callable[[Request], bool] | None
    times: int | None
    used: int = 0

    def matches(self, request: Request) -> bool:
        if self.times is not None and self.used >= self.times:
            return False
        if self.numbers is not None and request.number not in self.numbers:
            return False
        return self.when is None or self.when(request)


# --- the voices ------------------------------------------------------------------------------


def tone_ms(text: str, slow: bool = False) -> int:
    """How long the tone voice speaks `text`: about Google's pace, 1.5 times longer when slow."""
    ms = 150 + 65 * len(text)
    return int(ms * 1.5) if slow else ms


def _encode_mp3(pcm: bytes, rate: int) -> bytes:
    """16-bit mono PCM to a bare MP3 stream (no ID3 tag, no Xing frame), like Google's."""
    return ffmpeg.run(
        [
            "-f",
            "s16le",
            "-ar",
            str(rate),
            "-ac",
            "1",
            "-i",
            "pipe:0",
            "-ar",
            str(SAMPLE_RATE),
            "-c:a",
            "libmp3lame",
            "-b:a",
            "32k",
            "-id3v2_version",
            "0",
            "-write_xing",
            "0",
            "-f",
            "mp3",
            "pipe:1",
        ],
        stdin=pcm,
    )


def _tone(text: str, slow: bool) -> bytes:
    n = SAMPLE_RATE * tone_ms(text, slow) // 1000
    t = np.arange(n) / SAMPLE_RATE
    wave = 0.25 * np.sin(2 * np.pi * 440.0 * t)
    ramp = min(n // 2, SAMPLE_RATE // 100)  # 10 ms fades, no clicks
    envelope = np.ones(n)
    envelope[:ramp] = np.linspace(0, 1, ramp)
    envelope[n - ramp :] = np.linspace(1, 0, ramp)
    return _encode_mp3((wave * envelope * 32767).astype("<i2").tobytes(), SAMPLE_RATE)


_piper_lock = threading.Lock()


def _piper(text: str, slow: bool) -> bytes:
    from narrate.engines.piper import PiperEngine, PiperOptions

    engine = PiperEngine(PiperOptions(rate=0.7 if slow else 1.0, deterministic=True))
    with _piper_lock:  # one sentence at a time: onnxruntime already uses every core
        segment = engine.synthesize(text)
    return _encode_mp3(segment.raw_data, segment.frame_rate)


VOICES: dict[str, Callable[[str, bool], bytes]] = {"tone": _tone, "piper": _piper}


@functools.lru_cache(maxsize=1024)
def speak(voice: str, text: str, slow: bool = False) -> bytes:
    """The MP3 the stand-in answers for `text` with `voice` (cached per text)."""
    return VOICES[voice](text, slow)


# --- TLS -------------------------------------------------------------------------------------


@functools.cache
def _certificate() -> tuple[str, str]:
    """A self-signed certificate for translate.google.*, made once per process."""
    folder = tempfile.mkdtemp(prefix="gtts-stand-in-")
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=translate.google.com",
            "-addext",
            "subjectAltName=DNS:translate.google.com,DNS:*.google.com",
            "-keyout",
            key,
            "-out",
            cert,
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _tls_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*_certificate())
    return context


# --- the server ------------------------------------------------------------------------------


def _answer_body(audio: bytes | None, kind: str = "ok") -> bytes:
    """A batchexecute answer: the `)]}'` guard, then length-prefixed JSON chunks."""
    if kind == "no_audio_line":
        chunk = json.dumps([["wrb.fr", "MkEWBc", None, None, None, [3], "generic"]])
    elif audio is None:
        chunk = json.dumps([["wrb.fr", RPC_ID, None, None, None, [3], "generic"]])
    else:
        payload = json.dumps([base64.b64encode(audio).decode("ascii")])
        chunk = json.dumps(
            [
                ["wrb.fr", RPC_ID, payload, None, None, None, "generic"],
                ["di", 38],
                ["af.httprm", 37, "-1", 6],
            ],
            separators=(",", ":"),
        )
    tail = '[["e",4,null,null,139]]'
    return f")]}}'\n\n{len(chunk) + 1}\n{chunk}\n{len(tail) + 1}\n{tail}\n".encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 15  # an idle keep-alive connection closes after this
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        if self.server.owner.verbose:
            super().log_message(format, *args)

    def do_CONNECT(self) -> None:
        host = self.path.rpartition(":")[0]
        if not host.startswith("translate.google."):
            self.send_error(502, "the stand-in only serves translate.google.*")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        try:
            tls = self.server.tls.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        self.connection = tls
        self.rfile = tls.makefile("rb")
        self.wfile = tls.makefile("wb", buffering=0)
        try:
            self.close_connection = False
            while not self.close_connection:
                self.handle_one_request()
        except (ssl.SSLError, OSError):
            pass
        finally:
            self.close_connection = True
            tls.close()

    def do_GET(self) -> None:
        self.server.owner._count_probe()
        self._send(200, b"<html><title>Google Translate (stand-in)</title></html>", "text/html")

    def do_POST(self) -> None:
        if self.path.split("?")[0] != TTS_PATH:
            self._send(404, b"not found", "text/plain")
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            text, lang, slow = _parse_rpc(body)
        except (KeyError, IndexError, TypeError, ValueError):
            self._send(400, b"bad f.req", "text/plain")
            return
        owner = self.server.owner
        host = self.headers.get("Host", "").split(":")[0]
        request, fault = owner._admit(text, lang, slow, host)
        try:
            self._answer(owner, request, fault)
        finally:
            owner._done()

    def _answer(self, owner: GoogleStandIn, request: Request, fault: Fault | None) -> None:
        delay = owner.latency_s + (fault.delay_s if fault else 0.0)
        if delay and owner._closing.wait(delay):
            self.close_connection = True
            return
        kind = fault.kind if fault else "ok"
        if kind == "hang":
            owner._closing.wait(HANG_LIMIT_S)
            self._drop()
        elif kind == "drop":
            self._drop()
        elif kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(fault.status, b"<html>error</html>", "text/html", headers)
        elif kind in ("null_audio", "no_audio_line"):
            self._send(200, _answer_body(None, kind), "application/json; charset=utf-8")
        else:
            audio = GARBLED if kind == "garbled" else owner._audio(request)
            if audio is not None:
                owner._sent(request, audio)
            self._send(200, _answer_body(audio), "application/json; charset=utf-8")

    def _send(
        self, code: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _parse_rpc(body: bytes) -> tuple[str, str, bool]:
    """Text, language and slowness from gTTS's `f.req` form field."""
    rpc = json.loads(urllib.parse.parse_qs(body.decode("utf-8"))["f.req"][0])
    rpc_id, escaped = rpc[0][0][0], rpc[0][0][1]
    if rpc_id != RPC_ID:
        raise ValueError(rpc_id)
    text, lang, speed = json.loads(escaped)[:3]
    return str(text), str(lang), bool(speed)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: GoogleStandIn, port: int):
        self.owner = owner
        self.tls = _tls_context()
        super().__init__(("127.0.0.1", port), _Handler)


class GoogleStandIn:
    """Google's TTS endpoint behind a local HTTPS proxy. Use as a context manager."""

    def __init__(
        self, voice: str = "tone", latency_s: float = 0.0, port: int = 0, verbose: bool = False
    ):
        if voice not in VOICES:
            raise ValueError(f"unknown voice {voice!r}; choose one of {sorted(VOICES)}")
        self.voice = voice
        self.latency_s = latency_s
        self.verbose = verbose
        self.probes = 0  # plain GETs (reachability probes)
        self.in_flight = 0  # speech requests being answered now, and the most at once
        self.max_in_flight = 0
        self._port = port
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._requests: list[Request] = []
        self._rules: list[_Rule] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> GoogleStandIn:
        self._server = _Server(self, self._port)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True, name="gtts-stand-in"
        )
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self) -> GoogleStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        assert self._server is not None, "start the stand-in first"
        return self._server.server_address[1]

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """`base` (default os.environ) with the proxy set and NO_PROXY removed: for env=."""
        return proxy_env(self.proxy_url, os.environ if base is None else base)

    # faults
    def inject(
        self,
        fault: Fault,
        requests: Iterable[int] | None = None,
        when: Callable[[Request], bool] | None = None,
        times: int | None = None,
    ) -> None:
        """Apply `fault` to the given request numbers (1-based), to requests `when` accepts,
        at most `times` times; with none of these, to every request. First matching rule wins."""
        numbers = None if requests is None else frozenset(requests)
        with self._lock:
            self._rules.append(_Rule(fault, numbers, when, times))

    def clear_faults(self) -> None:
        with self._lock:
            self._rules.clear()

    # what was asked
    @property
    def requests(self) -> list[Request]:
        """Every speech request so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._requests)

    # handler side
    def _admit(self, text: str, lang: str, slow: bool, host: str) -> tuple[Request, Fault | None]:
        with self._lock:
            request = Request(len(self._requests) + 1, text, lang, slow, host, time.monotonic())
            fault = None
            for rule in self._rules:
                if rule.matches(request):
                    rule.used += 1
                    fault = rule.fault
                    break
            if fault is not None and fault.kind != "latency":
                request = replace(request, fault=fault.kind)
            self._requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return request, fault

    def _done(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _sent(self, request: Request, audio: bytes) -> None:
        with self._lock:
            self._requests[request.number - 1] = replace(request, audio=audio)

    def _audio(self, request: Request) -> bytes | None:
        if request.lang not in tts_langs():
            return None  # what Google does with an unknown language: 200, null audio
        return speak(self.voice, request.text, request.slow)

    def _count_probe(self) -> None:
        with self._lock:
            self.probes += 1


def proxy_env(proxy_url: str, base: Mapping[str, str]) -> dict[str, str]:
    """A copy of `base` that sends HTTPS through `proxy_url` and bypasses nothing."""
    env = {k: v for k, v in base.items() if k not in NO_PROXY_VARS}
    env.update(dict.fromkeys(PROXY_VARS, proxy_url))
    return env


@contextmanager
def serving(monkeypatch, **options: object) -> Iterator[GoogleStandIn]:
    """Start a stand-in and point this process's HTTPS traffic at it (pytest's monkeypatch)."""
    with GoogleStandIn(**options) as stand_in:
        for name in NO_PROXY_VARS:
            monkeypatch.delenv(name, raising=False)
        for name in PROXY_VARS:
            monkeypatch.setenv(name, stand_in.proxy_url)
        yield stand_in


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency-ms", type=int, default=0, help="added to every answer")
    parser.add_argument("--voice", choices=sorted(VOICES), default="tone")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    if shutil.which("openssl") is None:
        parser.error("the openssl command is needed to make the stand-in's certificate")
    stand_in = GoogleStandIn(args.voice, args.latency_ms / 1000, args.port, args.verbose)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops it cleanly too
    with stand_in:
        print(
            f"Google stand-in on {stand_in.proxy_url}; run clients with "
            f"HTTPS_PROXY={stand_in.proxy_url} and no NO_PROXY. Ctrl-C stops.",
            flush=True,
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    print(f"served {stand_in.count} speech requests", flush=True)


if __name__ == "__main__":
    main()
