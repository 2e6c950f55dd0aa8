"""narrate.voices.download in this process against the repository's stand-in: the answers a
server may give that the CLI tests do not reach (a Range ignored, a file longer or shorter than
the index says, nothing listening, an address that is not a web address)."""

from __future__ import annotations

import hashlib
import json
import socket

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrate.errors import BadOption
from narrate.voices import catalogue_voices
from narrate.voices.download import DownloadError, DownloadOptions, add_voice, refresh_index
from narrate.voices.store import installed_voice, remove_voice
from tests import voice_server
from tests.voice_server import GOOD, JOE, JOE_FILES, TRUNCATED


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path / "data"))
    state = voice_server.serve()
    yield state
    state.stop()


def _options(stand_in, **kwargs) -> DownloadOptions:
    return DownloadOptions(repository=stand_in.url.rstrip("/"), **kwargs)


def _with_config_size(stand_in, change: int) -> None:
    """The stand-in's index, saying GOOD's config is `change` bytes longer than it is."""
    index = json.loads(stand_in.index_body)
    files = index[GOOD]["files"]
    config = next(path for path in files if path.endswith(".onnx.json"))
    files[config]["size_bytes"] += change
    stand_in.index_body = json.dumps(index).encode()


def test_a_server_that_ignores_range_sends_the_file_again_from_its_start(stand_in, tmp_path):
    refresh_index(_options(stand_in))
    stand_in.cut, stand_in.cut_times, stand_in.honour_range = 1 << 20, 1, False
    voice = add_voice(TRUNCATED, _options(stand_in))
    assert hashlib.md5(voice.model.read_bytes()).digest() == hashlib.md5(JOE.read_bytes()).digest()
    assert [r for p, r in stand_in.requests if p.endswith(f"{TRUNCATED}.onnx")][1] is not None


def test_a_file_longer_than_the_index_says_is_refused_and_deleted(stand_in, tmp_path):
    _with_config_size(stand_in, -10)
    refresh_index(_options(stand_in))
    with pytest.raises(DownloadError, match=r"longer than the \d+ bytes the index says"):
        add_voice(GOOD, _options(stand_in))
    assert installed_voice(GOOD) is None
    assert not list((tmp_path / "data" / "voices").rglob("*.part"))


def test_a_file_shorter_than_the_index_says_is_never_installed(stand_in, tmp_path):
    _with_config_size(stand_in, 10)
    refresh_index(_options(stand_in))
    size = JOE_FILES[".onnx.json"].stat().st_size
    with pytest.raises(DownloadError, match=f"sent {size} of {size + 10} bytes 3 times"):
        add_voice(GOOD, _options(stand_in))
    assert installed_voice(GOOD) is None


def test_nothing_listening_and_a_missing_index_are_one_line_each(stand_in):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    with pytest.raises(DownloadError, match="connection refused"):
        refresh_index(DownloadOptions(repository=closed))
    with pytest.raises(DownloadError, match="HTTP 404: no such file"):
        refresh_index(DownloadOptions(repository=stand_in.url + "elsewhere/"))
    with pytest.raises(DownloadError, match="ftp://example.org/voices.json: "):
        refresh_index(DownloadOptions(repository="ftp://example.org"))


def test_an_index_of_the_wrong_shape_is_refused(stand_in):
    for body in (b"[]", b"{}", b'{"x": {"files": {}}}', json.dumps({GOOD: {
            "language": {"code": "es_MX"}, "quality": "high", "files": {}}}).encode()):
        stand_in.index_body = body
        with pytest.raises(BadOption, match="not a Piper voices index|has no es_MX-claude-high"):
            refresh_index(_options(stand_in))


def test_a_voice_being_added_elsewhere_is_not_downloaded_twice(stand_in, tmp_path):
    import fcntl

    refresh_index(_options(stand_in))
    partial = tmp_path / "data" / "voices" / ".partial"
    partial.mkdir(parents=True, exist_ok=True)
    with (partial / f"{GOOD}.lock").open("a") as held:  # as another process holds it
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(DownloadError, match="another download of this voice is under way"):
            add_voice(GOOD, _options(stand_in))
        fcntl.flock(held, fcntl.LOCK_UN)
    assert not [p for p, _ in stand_in.requests if p.endswith(".onnx")]
    assert add_voice(GOOD, _options(stand_in)).problem() is None


@given(st.text(min_size=0, max_size=40))
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
def test_a_name_outside_the_catalogue_is_refused_before_any_request(stand_in, name):
    if name in {v.name for v in catalogue_voices()}:
        return
    with pytest.raises(BadOption, match="is not a voice of Piper's catalogue|is not a voice name"):
        add_voice(name, _options(stand_in))
    assert stand_in.requests == []
    assert installed_voice(name) is None


def test_a_voice_being_added_elsewhere_is_not_removed_under_it(stand_in, tmp_path):
    import fcntl

    refresh_index(_options(stand_in))  # the stand-in's index: its files' sizes
    add_voice(GOOD, _options(stand_in))
    partial = tmp_path / "data" / "voices" / ".partial"
    with (partial / f"{GOOD}.lock").open("a") as held:  # as a download in another process
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BadOption, match="a download of this voice is under way"):
            remove_voice(GOOD)
        assert installed_voice(GOOD) is not None
        fcntl.flock(held, fcntl.LOCK_UN)
    remove_voice(GOOD)
    assert installed_voice(GOOD) is None
