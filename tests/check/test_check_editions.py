"""`narrate check` on real editions of the example article (Piper, deterministic), heard by
the bundled Whisper model: a sound edition passes; an edition with a sentence cut out of its
MP3, or a chapter mark moved 4 s, fails with exactly that fault; the phone edition's 8 kHz
files are heard too; an accepted suggestion changes the next build.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from narrate import manifest as manifest_io
from narrate.cli import main
from narrate.ffmpeg import decode, run
from tests.conftest import SAMPLE, speaking
from tests.helpers import import_or_missing

pytestmark = pytest.mark.slow

import_or_missing("faster_whisper", extra="check")
CUT = "Infusions may be right for someone looking for rapid relief under medical supervision."
MOVED_CHAPTER = 3  # "The Role of Therapy and Integration"


def build(article, out, cache, *extra):
    """`narrate build` as a user runs it, in a subprocess, with the deterministic voice."""
    env = {"NARRATE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    with speaking(cache, article):
        subprocess.run(
            [sys.executable, "-m", "narrate", "build", str(article), "-o", str(out),
             "--engine", "piper", "--deterministic", "--quiet", *extra],
            check=True, env=env,
        )  # fmt: skip
    (folder,) = out.iterdir()
    return folder


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    """The sample article and the example lexicon, where accepting a suggestion may write."""
    folder = tmp_path_factory.mktemp("article")
    shutil.copy(SAMPLE, folder)
    shutil.copy(SAMPLE.parents[3] / "examples" / "narrate.toml", folder)
    return folder / SAMPLE.name


@pytest.fixture(scope="module")
def cache(piper_clips):
    return piper_clips  # the run's Piper clips: this file's builds speak only what is new


@pytest.fixture(scope="module")
def podcast(article, cache, tmp_path_factory):
    return build(article, tmp_path_factory.mktemp("podcast"), cache)


@pytest.fixture(scope="module")
def phone(article, cache, podcast, tmp_path_factory):
    return build(article, tmp_path_factory.mktemp("phone"), cache, "--profile", "phone")


@pytest.fixture(scope="module")
def checked(podcast, tmp_path_factory):
    """A copy of the podcast edition, checked from the command line."""
    folder = tmp_path_factory.mktemp("checked") / podcast.name
    shutil.copytree(podcast, folder)
    result = CliRunner(mix_stderr=False).invoke(main, ["check", str(folder)])
    return folder, result


def copy_of(edition, tmp_path):
    return shutil.copytree(edition, tmp_path / edition.name)


def report_of(folder):
    return json.loads((folder / "check.json").read_text(encoding="utf-8"))


def vtt_sentence(folder, text):
    """The start and end of `text` in the captions, which split it over cues."""
    vtt = (folder / manifest_io.load(folder / "manifest.json").files["vtt"]).read_text()
    cues = []
    for start, end, words in re.findall(r"([\d:.]+) --> ([\d:.]+)\n(.*?)(?:\n\n|\Z)", vtt, re.S):
        cues.append((stamp(start), stamp(end), " ".join(words.split())))
    first = next(i for i, c in enumerate(cues) if text.startswith(c[2]))
    last = next(i for i in range(first, len(cues)) if text.endswith(cues[i][2]))
    return cues[first][0], cues[last][1]


def stamp(text):
    h, m, s = ([0] + [float(x) for x in text.split(":")])[-3:]
    return round((h * 3600 + m * 60 + s) * 1000)


def test_the_example_edition_passes(checked):
    folder, result = checked
    assert result.exit_code == 0, result.stderr
    report = report_of(folder)
    # the last chapter, the synthetic-voice notice, has no heading spoken
    assert [c["heading_heard"] for c in report["chapters"]] == [True] * 5 + [None]
    assert report["heard_share"] >= 0.9
    assert all(c["heard_share"] >= 0.8 for c in report["chapters"])
    assert report["faults"] == [] and report["passed"]
    assert report["compared_with"] == "script"  # what the voice was given, not the captions
    assert result.stderr.startswith("check: passed: ")
    record = manifest_io.load(folder / "manifest.json").check
    assert record.passed and record.headings_heard == 5 and record.chapters == 6
    assert record.heard_share == report["heard_share"]
    html = (folder / "check.html").read_text(encoding="utf-8")
    mp3 = manifest_io.load(folder / "manifest.json").files["mp3"]
    assert f'href="{mp3}#t=' in html  # no player page in a podcast edition: the MP3's time
    assert html.count("<h1>") == 1 and 'lang="en"' in html


def test_a_sentence_cut_from_the_mp3_is_the_one_fault(podcast, tmp_path):
    folder = copy_of(podcast, tmp_path)
    mp3 = manifest_io.load(folder / "manifest.json").path_of("mp3")
    start, end = vtt_sentence(folder, CUT)
    audio = decode(mp3)
    cut = audio[:start] + audio[end:]
    tags = ID3(mp3)
    run(["-y", "-f", "s16le", "-ar", str(cut.frame_rate), "-ac", "1", "-i", "pipe:0",
         "-b:a", "64k", str(mp3)], stdin=cut.raw_data)  # fmt: skip
    tags.save(mp3)  # the chapters as they were: the cut is in the last chapter
    result = CliRunner(mix_stderr=False).invoke(main, ["check", str(folder)])
    assert result.exit_code == 1
    faults = report_of(folder)["faults"]
    assert len(faults) == 1 and faults[0].endswith(CUT), faults
    assert report_of(folder)["least_heard"][0]["text"] == CUT
    assert f"fault: sentence at {start // 60000:02d}:{start // 1000 % 60:02d}" in result.stderr


@pytest.mark.parametrize("shift_ms", [4000, -4000])
def test_a_chapter_mark_moved_4_s_is_the_one_fault(podcast, tmp_path, shift_ms):
    folder = copy_of(podcast, tmp_path)
    path = folder / "manifest.json"
    manifest = manifest_io.load(path)
    tags = ID3(manifest.path_of("mp3"))
    by_id = {c.element_id: c for c in tags.getall("CHAP")}
    order = tags.getall("CTOC")[0].child_element_ids
    moved, before = by_id[order[MOVED_CHAPTER]], by_id[order[MOVED_CHAPTER - 1]]
    moved.start_time += shift_ms
    before.end_time += shift_ms
    tags.save()
    data = json.loads(path.read_text())
    data["chapters"][MOVED_CHAPTER]["start_ms"] += shift_ms
    data["chapters"][MOVED_CHAPTER - 1]["end_ms"] += shift_ms
    path.write_text(json.dumps(data))
    result = CliRunner(mix_stderr=False).invoke(main, ["check", str(folder)])
    assert result.exit_code == 1
    report = report_of(folder)
    heard = [c["heading_heard"] for c in report["chapters"]]
    assert heard == [i != MOVED_CHAPTER for i in range(5)] + [None]  # the notice: no heading
    assert len(report["faults"]) == 1, report["faults"]
    assert "'The Role of Therapy and Integration' not heard at its mark" in report["faults"][0]
    if shift_ms > 0:  # once is enough: a lenient check passes the same edition
        lenient = ["check", str(folder), "--allow-missing-headings"]
        assert CliRunner(mix_stderr=False).invoke(main, lenient).exit_code == 0


def test_an_edition_without_its_spoken_script_is_compared_with_its_captions(podcast, tmp_path):
    """An edition built before narrate kept its script: checked as before, and said so."""
    folder = copy_of(podcast, tmp_path)
    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    (folder / data["files"].pop("script")).unlink()
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner(mix_stderr=False).invoke(main, ["check", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert "compared with the captions: this edition predates its spoken script" in result.stderr
    assert report_of(folder)["compared_with"] == "captions"


def test_the_phone_editions_8_khz_messages_are_heard(phone, tmp_path):
    folder = copy_of(phone, tmp_path)
    result = CliRunner(mix_stderr=False).invoke(main, ["check", str(folder)])
    assert result.exit_code == 0, result.stderr
    report = report_of(folder)
    assert [c["heading_heard"] for c in report["chapters"]] == [True] * 5 + [None]
    assert report["heard_share"] >= 0.9
    html = (folder / "check.html").read_text(encoding="utf-8")
    assert '<a href="phone/messages/02-what-is-a-ketamine-infusion.wav#t=0.0">' in html
    assert manifest_io.load(folder / "manifest.json").check.passed


def test_an_edition_that_does_not_speak_its_headings(article, cache, podcast, tmp_path):
    folder = build(article, tmp_path / "quiet", cache, "--no-announce")
    result = CliRunner(mix_stderr=False).invoke(main, ["check", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert "headings not spoken in this edition" in result.stderr
    report = report_of(folder)
    assert [c["heading_heard"] for c in report["chapters"]] == [None] * 6  # and the notice
    assert all(c["heard_share"] >= 0.8 for c in report["chapters"])  # sentences by their times


def test_an_accepted_suggestion_changes_the_next_build(checked, article, cache, tmp_path):
    """The respelling offered (tried and heard right), else one given with --say: the voice
    reads "KAP" as "K A P", which the recogniser hears as "KFP", so none may be offered."""
    folder, _ = checked
    suggestions = report_of(folder)["mishearings"]
    assert suggestions, "the example has a word the recogniser mishears"
    offered = [i for i, m in enumerate(suggestions, start=1) if m["say"]]
    number = offered[0] if offered else 1
    written = suggestions[number - 1]["written"]
    say = suggestions[number - 1]["say"] or " ".join(written)  # else spelled out: "K A P"
    accepting = ["check", str(folder), "--accept", str(number)]
    if not offered:
        assert suggestions[0]["note"]  # why there is none
        accepting += ["--say", say]
    result = CliRunner(mix_stderr=False).invoke(main, accepting)
    assert result.exit_code == 0, result.stderr
    lexicon = (article.parent / "narrate.toml").read_text(encoding="utf-8")
    assert lexicon.startswith("# Pronunciations for the example articles")  # comments kept
    assert '"I V"' in lexicon and json.dumps(say) in lexicon
    rebuilt = build(article, tmp_path / "again", cache)
    script = subprocess.run(
        [sys.executable, "-m", "narrate", "script", str(article)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert say in script.stdout and written in (folder / "check.json").read_text()
    before = decode(manifest_io.load(folder / "manifest.json").path_of("mp3"))
    after = decode(manifest_io.load(rebuilt / "manifest.json").path_of("mp3"))
    assert before.raw_data != after.raw_data


def test_build_check_hears_the_new_edition(article, cache, podcast, tmp_path_factory):
    folder = build(article, tmp_path_factory.mktemp("built-and-checked"), cache, "--check")
    record = manifest_io.load(folder / "manifest.json").check
    assert record is not None and record.passed
    assert record.headings_heard == record.chapters - 1  # the notice's chapter has no heading
    assert (folder / "check.html").exists() and (folder / "check.json").exists()
