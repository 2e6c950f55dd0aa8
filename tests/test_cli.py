"""The command line as a user runs it, with the tone engine standing in for a voice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from narrate.cli import main
from narrate.ffmpeg import decode, metadata
from tests.conftest import SAMPLE
from tests.helpers import tiny_article_text


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, input: str | bytes | None = None):
        return CliRunner(mix_stderr=False).invoke(main, list(args), input=input)

    return invoke


@pytest.fixture
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.txt"
    path.write_text(tiny_article_text(), encoding="utf-8")
    return path


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_build_writes_an_edition_in_audio_out(run, tiny, tmp_path, tone_calls):
    result = run("build", str(tiny), "--engine", "tone")
    assert result.exit_code == 0, result.stderr
    edition = tmp_path / "audio_out" / "tiny-article"
    names = {p.name for p in edition.iterdir()}
    assert names == {
        "tiny-article.mp3",
        "tiny-article.transcript.md",
        "tiny-article.vtt",
        "tiny-article.srt",
        "tiny-article.chapters.json",
        "tiny-article.script.json",
        "manifest.json",
    }
    assert result.stdout.strip() == str(Path("audio_out/tiny-article/tiny-article.mp3"))
    assert "engine: tone" in result.stderr
    chapters = [
        c.sub_frames["TIT2"].text[0] for c in ID3(edition / "tiny-article.mp3").getall("CHAP")
    ]
    assert chapters == ["Tiny Article", "First Heading", "Second Heading", "About this audio"]


def test_rebuild_comes_from_cache(run, tiny, tone_calls):
    assert run("build", str(tiny), "--engine", "tone").exit_code == 0
    calls = len(tone_calls)
    result = run("build", str(tiny), "--engine", "tone")
    assert result.exit_code == 0
    assert len(tone_calls) == calls
    assert "0 clips synthesized" in result.stderr


def test_a_rebuild_retags_the_kept_audio_and_renders_only_for_wav_readers(tiny, tmp_path):
    """Unchanged audio is not mastered again: a new author re-tags the same MP3 audio; a
    writer that reads the master WAV (one MP3 per chapter) or a new format gets a render.
    Each Edition says whether its mastering was rendered or reused."""
    import narrate

    edition = tmp_path / "audio_out" / "tiny-article"
    mp3 = edition / "tiny-article.mp3"

    def build(**fields) -> bool:
        options = narrate.BuildOptions(
            out_dir=tmp_path / "audio_out", engine=narrate.EngineChoice("tone"), **fields
        )
        (built,) = narrate.build([tiny], options)
        return built.rendered

    def audio_frames() -> bytes:
        return mp3.read_bytes()[ID3(mp3).size :]

    assert build() is True
    first = audio_frames()
    assert build(author="Someone Else") is False, "the kept encoding was copied, not rendered"
    assert audio_frames() == first
    assert ID3(mp3)["TPE1"].text == ["Someone Else"]
    assert [c.element_id for c in ID3(mp3).getall("CHAP")] == ["chp0", "chp1", "chp2", "chp3"]
    assert not [p.name for p in edition.iterdir() if p.name.startswith(".")]
    assert build(split_chapters=True) is True
    assert len(list((edition / "chapters").glob("*.mp3"))) == 4  # the notice's chapter too
    assert audio_frames() == first
    assert build(formats=("mp3", "m4b")) is True
    m4b = edition / "tiny-article.m4b"
    first_m4b = decode(m4b)
    assert build(formats=("mp3", "m4b"), author="C") is False, "both kept encodings copied"
    assert audio_frames() == first
    assert decode(m4b).raw_data == first_m4b.raw_data
    assert "title=First Heading" in metadata(m4b)


def test_loudness_is_scanned_while_the_programme_is_stitched(tiny, tmp_path):
    """No scan of the finished programme while the engine speaks: the live one measured it.
    A rebuild from cached clips, its kept mastering gone, scans the file: the same figures."""
    import os

    import narrate

    options = narrate.BuildOptions(out_dir=tmp_path / "out", engine=narrate.EngineChoice("tone"))
    (first,) = narrate.build([tiny], options)
    assert first.mastered.measured_from == "live"
    for kept in (Path(os.environ["NARRATE_CACHE_DIR"]) / "mastering").iterdir():
        kept.unlink()
    (again,) = narrate.build([tiny], options)
    assert again.report.synthesized == 0, "every clip from the cache"
    assert again.mastered.measured_from == "file"
    assert again.mastered.loudness == first.mastered.loudness
    (third,) = narrate.build([tiny], options)
    assert third.mastered.measured_from == "memo"


def test_no_cache_synthesizes_again(run, tiny, tone_calls):
    run("build", str(tiny), "--engine", "tone")
    calls = len(tone_calls)
    run("build", str(tiny), "--engine", "tone", "--no-cache")
    assert len(tone_calls) == 2 * calls


def test_options_reach_the_edition(run, tiny, tmp_path):
    result = run(
        "build",
        str(tiny),
        "--engine",
        "tone",
        "--date",
        "2026-03-05",
        "-o",
        "editions",
        "--title",
        "Other Name",
        "--author",
        "Clinic Staff",
        "--no-announce",
        "--quiet",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    manifest = json.loads((tmp_path / "editions/other-name/manifest.json").read_text())
    assert manifest["title"] == "Other Name"
    assert manifest["author"] == "Clinic Staff"
    tags = ID3(tmp_path / "editions/other-name/other-name.mp3")
    assert tags["TPE1"].text == ["Clinic Staff"]
    assert str(tags["TDRC"].text[0]) == "2026-03-05"  # TYER + TDAT in v2.3, read back as TDRC
    assert tags.getall("COMM")[0].text == [
        "Narrated from tiny.txt — This audio was read by a synthetic voice. Voice: tone (sine)."
    ]


def test_several_articles_and_stdin(run, tiny, tmp_path):
    other = tmp_path / "other.md"
    other.write_text("# Markdown One\n\nSome words here.\n", encoding="utf-8")
    result = run(
        "build",
        str(tiny),
        str(other),
        "-",
        "--engine",
        "tone",
        input="Piped Title\n\nPiped words.\n",
    )
    assert result.exit_code == 0, result.stderr
    for slug in ("tiny-article", "markdown-one", "piped-title"):
        assert (tmp_path / "audio_out" / slug / "manifest.json").exists()
    assert len(result.stdout.splitlines()) == 3


def test_title_with_several_articles_is_a_usage_error(run, tiny):
    result = run("build", str(tiny), str(tiny), "--engine", "tone", "--title", "Same")
    assert result.exit_code == 2


def test_sections_is_a_dry_run(run, tone_calls, tmp_path):
    result = run("sections", str(SAMPLE))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Ketamine Infusion vs. Ketamine-Assisted Psychotherapy")
    titles = [line.split(". ", 1)[1].split("  (")[0] for line in lines[1:]]
    assert titles == [
        "Ketamine Infusion vs. Ketamine-Assisted Psychotherapy: Key Differences",
        "What Is a Ketamine Infusion?",
        "What Is Ketamine-Assisted Psychotherapy (KAP)?",
        "The Role of Therapy and Integration",
        "Choosing What’s Right for You",
        "About this audio",
    ]
    assert all("words, ~" in line for line in lines[1:])
    assert tone_calls == []
    assert not (tmp_path / "audio_out").exists()


def test_voices_lists_engines_without_network(run):
    result = run("voices")
    assert result.exit_code == 0
    assert "piper (offline)" in result.stdout
    assert "en_US-joe-medium" in result.stdout
    assert "gtts (online: sends text to Google)" in result.stdout
    assert "fr" in run("voices", "--engine", "gtts").stdout.split()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"   \n\n  \t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (b"Previous\nNext\nShare this\n", "no speakable text"),
    ],
    ids=["missing", "empty", "whitespace", "binary", "navigation-only"],
)
def test_bad_input_is_one_line_exit_1_nothing_written(run, tmp_path, content, problem):
    article = tmp_path / "article.txt"
    if content is not None:
        article.write_bytes(content)
    result = run("build", str(article), "--engine", "tone")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(article) in lines[0] and problem in lines[0]
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path / "audio_out") == []


def test_directory_is_not_an_article(run, tmp_path):
    result = run("build", str(tmp_path), "--engine", "tone")
    assert result.exit_code == 1
    assert str(tmp_path) in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--engine", "nonesuch"],
        ["--engine", "piper", "--voice", "nonesuch"],
        ["--engine", "piper", "--lang", "fr"],
        ["--engine", "gtts", "--lang", "xx-nonesuch"],
    ],
    ids=["engine", "voice", "piper-language", "gtts-language"],
)
def test_unknown_engine_voice_or_language_is_a_usage_error(run, tiny, tmp_path, args):
    result = run("build", str(tiny), *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path / "audio_out") == []


def test_gtts_without_network_fails_at_once_with_a_hint(run, tiny, tmp_path):
    result = run("build", str(tiny), "--engine", "gtts")
    assert result.exit_code == 1
    assert "cannot reach translate.google.com" in result.stderr
    assert "--engine piper" in result.stderr
    assert files_under(tmp_path / "audio_out") == []


@pytest.mark.slow
def test_auto_uses_piper_when_google_is_unreachable(run, tiny):
    result = run("build", str(tiny), "--deterministic")
    assert result.exit_code == 0, result.stderr
    assert "engine: piper (Google not reachable)" in result.stderr


def test_failed_build_keeps_the_earlier_edition_and_leaves_no_temp_files(run, tiny, tmp_path):
    assert run("build", str(tiny), "--engine", "tone").exit_code == 0
    edition = tmp_path / "audio_out" / "tiny-article"
    before = {p.name: p.read_bytes() for p in edition.iterdir()}
    tiny.write_text(tiny_article_text() + "\nThis sentence will FAIL.\n", encoding="utf-8")
    result = run("build", str(tiny), "--engine", "tone-fail")
    assert result.exit_code == 1
    assert "FAIL" in result.stderr and "chapter 3" in result.stderr
    assert {p.name: p.read_bytes() for p in edition.iterdir()} == before
    assert [p.name for p in (tmp_path / "audio_out").iterdir()] == ["tiny-article"]


def test_script_prints_spoken_text_with_ids_and_diff(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Doses\n\nTake 5 mg at 8:30 AM.\nRest well.\n", encoding="utf-8")
    plain = run("script", str(article)).stdout.splitlines()
    assert plain == ["Doses", "Take five milligrams at eight thirty AM.", "Rest well.",
                     "This audio was read by a synthetic voice."]  # fmt: skip
    with_ids = run("script", str(article), "--ids").stdout.splitlines()
    assert all(line.startswith("c") and "\t" in line for line in with_ids)
    diff = run("script", str(article), "--diff").stdout.splitlines()
    assert diff == [
        "Take 5 mg at 8:30 AM.\t→ Take five milligrams at eight thirty AM.",
        "    5 mg → five milligrams  [units]",
        "    8:30 → eight thirty  [times]",
    ]


def test_a_lexicon_changes_only_the_cues_it_touches(run, tmp_path, tone_calls):
    article = tmp_path / "a.txt"
    article.write_text("Hmong Stories\n\nThe Hmong came here.\nOthers stayed.\n", encoding="utf-8")
    assert run("build", str(article), "--engine", "tone").exit_code == 0
    tone_calls.clear()
    (tmp_path / "narrate.toml").write_text('"Hmong" = "mung"\n', encoding="utf-8")
    assert run("build", str(article), "--engine", "tone").exit_code == 0
    assert sorted(tone_calls) == ["The mung came here.", "mung Stories"]
    lexicon = tmp_path / "other.pls"
    lexicon.write_text(
        '<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" '
        'alphabet="ipa" xml:lang="en-US"><lexeme><grapheme>Others</grapheme>'
        "<alias>The others</alias></lexeme></lexicon>",
        encoding="utf-8",
    )
    script = run("script", str(article), "--lexicon", str(lexicon)).stdout
    assert "The others stayed." in script and "Hmong" in script


def test_an_output_folder_that_cannot_be_made_is_one_line(run, tiny, tmp_path, tone_calls):
    (tmp_path / "afile").write_text("x")
    result = run("build", str(tiny), "--engine", "tone", "-o", str(tmp_path / "afile" / "sub"))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "afile/sub: cannot make" in result.stderr
    assert tone_calls == []


def test_two_articles_for_one_folder_are_refused_before_synthesis(run, tmp_path, tone_calls):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Same Title\n\nSome words.\n", encoding="utf-8")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    result = run("build", str(a), str(b), "--engine", "tone")
    assert result.exit_code == 1
    assert result.stderr == (f"narrate: error: {a} and {b} would both go to same-title/: build "
                             "them into different output folders (-o)\n")  # fmt: skip
    assert tone_calls == [] and not (tmp_path / "audio_out" / "same-title").exists()


def test_a_title_without_latin_letters_is_named_after_its_file(run, tmp_path):
    (tmp_path / "greeting.txt").write_text("Привет\n\nСлова.\n", encoding="utf-8")
    assert run("build", str(tmp_path / "greeting.txt"), "--engine", "tone").exit_code == 0
    assert (tmp_path / "audio_out" / "greeting" / "manifest.json").exists()


def test_the_article_language_reaches_the_engine(run, tmp_path, monkeypatch):
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path / "no-voices"))
    page = tmp_path / "fr.html"
    page.write_text('<html lang="fr"><title>Bonjour</title><p>Des mots.</p></html>', "utf-8")
    result = run("build", str(page), "--engine", "piper")
    assert result.exit_code == 2
    assert "no piper voice for 'fr' is installed: run `narrate voices --add fr_FR-" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "srt"], "--format"),
        (["--profile", "accessible", "--format", "m4b"], "needs mp3"),
        (["--profile", "phone", "--format", "mp3"], "--format"),
        (["--bitrate", "10k"], "--bitrate"),
        (["--hold-intro", "Hello."], "--hold-intro does not apply"),
        (["--profile", "phone", "--split-chapters"], "--split-chapters does not apply"),
    ],
)
def test_options_that_cannot_work_are_usage_errors(run, tiny, tone_calls, args, message):
    result = run("build", str(tiny), "--engine", "tone", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert tone_calls == []
