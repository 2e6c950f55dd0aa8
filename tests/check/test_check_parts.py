"""The check's parts that need no recogniser: the missing extra, aligning, respelling, the
manifest's record, writing an accepted entry into a lexicon."""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from narrate import manifest as manifest_io
from narrate.check.accept import AcceptError, accept, write_entry
from narrate.check.align import align, tokens
from narrate.check.edition import EditionUnreadable, read_edition
from narrate.check.suggest import respell
from narrate.cli import main
from narrate.speech.lexicon import load_lexicon
from tests.helpers import import_or_missing


def test_without_the_extra_one_line_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "faster_whisper", None)  # import fails as if not installed
    result = CliRunner(mix_stderr=False).invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        'narrate: error: narrate check needs its optional extra: pip install "narrate[check]"\n'
    )


def test_numbers_and_punctuation_do_not_count_as_mishearings():
    written = tokens("Take 40 mg, twice—daily.".split())
    heard = tokens("take forty MG twice daily".split())
    result = align(written, heard)
    assert None not in result.heard_at and not result.substitutions


def test_a_word_heard_as_another_and_text_never_written():
    written = tokens("an IV drip of ketamine today".split())
    heard = tokens("an IV drip of cat a mean today click here to subscribe now".split())
    result = align(written, heard)
    ((wrote, got),) = result.substitutions
    assert [written[i].plain for i in wrote] == ["ketamine"]
    assert [heard[j].plain for j in got] == ["cat", "a", "mean"]
    assert [[heard[j].plain for j in run] for run in result.unwritten] == [
        ["click", "here", "to", "subscribe", "now"]
    ]


def test_respellings():
    assert respell("KAP") == "K A P"
    assert respell("ketamine") == "ke-ta-mine"
    assert respell("vs") == ""  # nothing better to offer than the word itself


def test_the_manifest_keeps_the_checks_record(tmp_path):
    folder = tmp_path / "edition"
    folder.mkdir()
    data = {"title": "T", "source": {"path": "a.txt"}, "duration_ms": 1, "files": {},
            "created": "2026-01-01T00:00:00Z"}  # fmt: skip
    path = folder / "manifest.json"
    path.write_text(json.dumps(data))
    assert manifest_io.load(path).check is None
    data["check"] = {"checked": "2026-01-01T00:00:00Z", "passed": False, "heard_share": 0.8,
                     "headings_heard": 3, "chapters": 4, "faults": 2, "model": "m"}  # fmt: skip
    path.write_text(json.dumps(data))
    record = manifest_io.load(path).check
    assert (record.passed, record.heard_share, record.faults) == (False, 0.8, 2)
    assert json.loads(manifest_io.dumps(manifest_io.load(path)))["check"] == data["check"]
    data["check"]["heard_share"] = "most"
    path.write_text(json.dumps(data))
    with pytest.raises(manifest_io.ManifestError, match="check.heard_share"):
        manifest_io.load(path)


def test_an_accepted_entry_goes_into_the_lexicon_table_and_reads_back(tmp_path):
    lexicon = tmp_path / "narrate.toml"
    lexicon.write_text('# ours\n[lexicon]\n"IV" = "I V"\n\n[other]\nkept = 1\n')
    write_entry(lexicon, "KAP", "K A P")
    text = lexicon.read_text()
    assert text.startswith("# ours\n") and "kept = 1" in text
    assert dict(load_lexicon(lexicon).entries) == {"IV": "I V", "KAP": "K A P"}


def test_accepting_needs_a_check_and_a_real_suggestion(tmp_path):
    with pytest.raises(AcceptError, match="run narrate check first"):
        accept(tmp_path, 1, tmp_path / "x.toml")
    (tmp_path / "check.json").write_text(json.dumps(
        {"mishearings": [{"written": "vs", "say": "", "heard": []}]}))  # fmt: skip
    with pytest.raises(AcceptError, match="no suggestion 2"):
        accept(tmp_path, 2, tmp_path / "x.toml")
    with pytest.raises(AcceptError, match="give --say"):
        accept(tmp_path, 1, tmp_path / "x.toml")
    assert accept(tmp_path, 1, tmp_path / "x.toml", say="versus")[1:] == ("vs", "versus")
    assert dict(load_lexicon(tmp_path / "x.toml").entries) == {"vs": "versus"}


def test_a_folder_that_is_not_an_edition(tmp_path):
    with pytest.raises(EditionUnreadable, match="no manifest.json"):
        read_edition(tmp_path)


def test_thresholds_are_shares():
    from narrate.check import Thresholds
    from narrate.errors import BadOption

    with pytest.raises(BadOption, match="min_heard must be a share from 0 to 1"):
        Thresholds(min_heard=90)


def test_accepting_will_not_hide_the_working_folders_lexicon(tmp_path, monkeypatch):
    edition, article, here = tmp_path / "edition", tmp_path / "articles", tmp_path / "here"
    for folder in (edition, article, here):
        folder.mkdir()
    (edition / "manifest.json").write_text(json.dumps(
        {"title": "T", "source": {"path": "a.txt", "location": str(article / "a.txt")},
         "duration_ms": 1, "files": {}, "created": "2026-01-01T00:00:00Z"}))  # fmt: skip
    (edition / "check.json").write_text(json.dumps(
        {"mishearings": [{"written": "KAP", "say": "K A P", "heard": []}]}))  # fmt: skip
    (here / "narrate.toml").write_text('"IV" = "I V"\n')
    monkeypatch.chdir(here)
    with pytest.raises(AcceptError, match="--lexicon FILE"):
        accept(edition, 1)
    monkeypatch.chdir(tmp_path)
    assert accept(edition, 1)[0] == article / "narrate.toml"
    assert dict(load_lexicon(article / "narrate.toml").entries) == {"KAP": "K A P"}


def test_a_language_the_bundled_model_does_not_know():
    import_or_missing("faster_whisper", extra="check")
    from narrate.check.transcribe import CheckUnavailable, Recogniser

    recogniser = Recogniser()
    assert recogniser.language_for("en-GB") == "en"
    with pytest.raises(CheckUnavailable, match="knows English only; this edition is in 'de'"):
        recogniser.language_for("de")


def test_build_check_without_the_extra_says_so_before_anything_is_synthesized(
    monkeypatch, tmp_path, tone_calls
):
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nSome words to say.\n")
    out = tmp_path / "out"
    args = ["build", str(article), "--engine", "tone", "--check", "-o", str(out)]
    result = CliRunner(mix_stderr=False).invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.endswith('pip install "narrate[check]"\n'), result.stderr
    assert tone_calls == [] and not out.exists()
