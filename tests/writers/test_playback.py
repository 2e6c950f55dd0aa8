"""The check before publishing (narrate.writers.playback): an edition's MP3 is walked frame by
frame and its M4B read by its container and its last seconds, in milliseconds, and each kind
of damage (cut anywhere, a range zeroed, a header's bits flipped, another file spliced in)
fails it with one line, as decoding the whole file did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from narrate.errors import OutputError
from narrate.mp3_frames import _id3v2_end, mp3_length
from narrate.writers.playback import check_playback, decoded_ms
from tests.helpers import narrate_process, tiny_article_text

FAST = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> tuple[Path, dict]:
    """A tiny article's edition (MP3 and M4B) made by the CLI with the test tone engine."""
    root = tmp_path_factory.mktemp("edition")
    article = root / "tiny.txt"
    article.write_text(tiny_article_text(), encoding="utf-8")
    made = narrate_process("build", str(article), "--engine", "tone", "-q", "-o", str(root),
                           "--cache-dir", str(root / "cache"), "--format", "mp3,m4b",
                           module="tests.tone_cli")  # fmt: skip
    assert made.returncode == 0, made.stderr
    folder = root / "tiny-article"
    return folder, json.loads((folder / "manifest.json").read_text())


def _check(folder: Path, kind: str, data: bytes, manifest: dict) -> None:
    """check_playback on `data` written as the edition's `kind` (mp3, m4b) file in `folder`."""
    (folder / f"damaged.{kind}").write_bytes(data)
    check_playback(folder, {kind: f"damaged.{kind}"}, manifest["duration_ms"])


def _fails(folder: Path, kind: str, data: bytes, manifest: dict) -> str:
    with pytest.raises(OutputError) as raised:
        _check(folder, kind, data, manifest)
    said = str(raised.value)
    assert "\n" not in said and "damaged." in said and "nothing was published" in said
    return said


def test_a_sound_edition_passes_and_its_length_is_what_decoding_finds(edition):
    folder, manifest = edition
    check_playback(folder, manifest["files"], manifest["duration_ms"])
    mp3 = folder / manifest["files"]["mp3"]
    assert mp3_length(mp3).ms == decoded_ms(mp3)  # the frames' count, less delay and padding
    assert abs(decoded_ms(mp3) - manifest["duration_ms"]) <= 50


@FAST
@given(cut=st.floats(0, 1, exclude_max=True))
def test_an_mp3_cut_anywhere_fails(edition, tmp_path, cut):
    folder, manifest = edition
    data = (folder / manifest["files"]["mp3"]).read_bytes()
    said = _fails(tmp_path, "mp3", data[: int(len(data) * cut)], manifest)
    assert "does not play to its end" in said or "plays" in said


@FAST
@given(start=st.floats(0, 1, exclude_max=True), length=st.integers(1, 4096))
def test_an_mp3_with_a_range_zeroed_fails_unless_only_its_tags_changed(edition, tmp_path,
                                                                        start, length):  # fmt: skip
    folder, manifest = edition
    data = (folder / manifest["files"]["mp3"]).read_bytes()
    at = int(len(data) * start)
    damaged = data[:at] + bytes(len(data[at : at + length])) + data[at + length :]
    assume(damaged != data)
    audio = _id3v2_end(data)
    if at + length <= audio and _id3v2_end(damaged) == audio:
        # only the ID3 tag's text changed (titles, chapters' names): the audio plays the same
        _check(tmp_path, "mp3", damaged, manifest)
        assert decoded_ms(tmp_path / "damaged.mp3") == decoded_ms(folder / manifest["files"]["mp3"])
    else:
        _fails(tmp_path, "mp3", damaged, manifest)


@FAST
@given(frame=st.integers(0, 10_000), byte=st.integers(0, 3), bits=st.integers(1, 255))
def test_an_mp3_with_a_frame_header_flipped_fails(edition, tmp_path, frame, byte, bits):
    folder, manifest = edition
    data = bytearray((folder / manifest["files"]["mp3"]).read_bytes())
    starts = _frame_starts(bytes(data))
    at = starts[frame % len(starts)] + byte
    data[at] ^= bits
    _fails(tmp_path, "mp3", bytes(data), manifest)


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_an_mp3_with_frames_of_another_spliced_in_fails(edition, tmp_path, where):
    folder, manifest = edition
    data = (folder / manifest["files"]["mp3"]).read_bytes()
    starts = _frame_starts(data)
    other = data[starts[5] : starts[9]]  # four frames of audio, whole and sound
    at = {"start": starts[1], "middle": starts[len(starts) // 2], "end": len(data)}[where]
    said = _fails(tmp_path, "mp3", data[:at] + other + data[at:], manifest)
    assert "Info frame says" in said or "checksum" in said


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(cut=st.floats(0, 0.995))
def test_an_m4b_cut_anywhere_fails(edition, tmp_path, cut):
    folder, manifest = edition
    data = (folder / manifest["files"]["m4b"]).read_bytes()
    _fails(tmp_path, "m4b", data[: int(len(data) * cut)], manifest)


def test_an_m4b_whose_end_is_zeroed_fails(edition, tmp_path):
    folder, manifest = edition
    data = (folder / manifest["files"]["m4b"]).read_bytes()
    _fails(tmp_path, "m4b", data[:-3000] + bytes(3000), manifest)


def test_a_file_that_is_not_audio_fails(edition, tmp_path):
    folder, manifest = edition
    for kind in ("mp3", "m4b"):
        assert "does not play" in _fails(tmp_path, kind, b"<html>not found</html>", manifest)


def _frame_starts(data: bytes) -> list[int]:
    """Where each MPEG frame of a sound MP3 starts (the Info frame first)."""
    from narrate.mp3_frames import _header

    starts, at = [], _id3v2_end(data)
    while at + 4 <= len(data) and (header := _header(data[at : at + 4])) is not None:
        starts.append(at)
        at += header.length
    return starts


@pytest.mark.parametrize("xing", ["1", "0"])
def test_an_mp3_from_any_encoder_is_measured_with_or_without_an_info_frame(tmp_path, xing):
    from narrate.ffmpeg import run
    from narrate.mp3_frames import Mp3Damaged

    mp3 = tmp_path / "tone.mp3"
    run(["-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-ac", "1", "-ar", "22050",
         "-c:a", "libmp3lame", "-b:a", "32k", "-write_xing", xing, str(mp3)])  # fmt: skip
    assert abs(mp3_length(mp3).ms - decoded_ms(mp3)) <= 50
    data = mp3.read_bytes()
    tagged = tmp_path / "tagged.mp3"  # an ID3v1 tag at the end, as old taggers add
    tagged.write_bytes(data + b"TAG" + bytes(125))
    assert mp3_length(tagged) == mp3_length(mp3)
    middle = _frame_starts(data)[len(_frame_starts(data)) // 2]
    tagged.write_bytes(data[:middle] + b"TAG" + bytes(125) + data[middle:])
    with pytest.raises(Mp3Damaged, match="not an MPEG frame"):
        mp3_length(tagged)


@pytest.mark.parametrize("block", [300, 1000, 4099])
def test_a_long_mp3_read_in_blocks_measures_and_fails_the_same(edition, tmp_path, monkeypatch,
                                                              block):  # fmt: skip
    """A book's MP3 is read 4 MB at a time; blocks of a few hundred bytes cut frames, the
    Info frame and the ID3 tag at every place a book's blocks could."""
    import narrate.mp3_frames
    from narrate.mp3_frames import Mp3Damaged

    folder, manifest = edition
    mp3 = folder / manifest["files"]["mp3"]
    whole = mp3_length(mp3)
    monkeypatch.setattr(narrate.mp3_frames, "BLOCK_BYTES", block)
    assert mp3_length(mp3) == whole
    data = bytearray(mp3.read_bytes())
    data[len(data) * 2 // 3] ^= 0x10  # one bit of the audio
    (tmp_path / "changed.mp3").write_bytes(bytes(data))
    with pytest.raises(Mp3Damaged, match="checksum"):
        mp3_length(tmp_path / "changed.mp3")
    data = bytearray(mp3.read_bytes())
    data[6] |= 0x80  # the ID3 tag's size, which must be 7 bits a byte
    (tmp_path / "tag.mp3").write_bytes(bytes(data))
    with pytest.raises(Mp3Damaged, match="ID3"):
        mp3_length(tmp_path / "tag.mp3")


def test_a_block_ending_anywhere_in_the_first_frames_measures_the_same(edition, monkeypatch):
    """The first block of a file with a big tag (a cover picture) may end inside the Info
    frame or the first audio frame: the walk reads on (it called such files damaged)."""
    import narrate.mp3_frames

    folder, manifest = edition
    mp3 = folder / manifest["files"]["mp3"]
    whole = mp3_length(mp3)
    audio_starts = _id3v2_end(mp3.read_bytes())
    for cut in range(1, 700, 3):  # the Info frame and the first audio frames
        monkeypatch.setattr(narrate.mp3_frames, "BLOCK_BYTES", audio_starts + cut)
        assert mp3_length(mp3) == whole, cut
