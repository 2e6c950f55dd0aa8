"""The check's parts that need no recogniser: the missing extra, aligning, respelling, the
manifest's record, writing an accepted entry into a lexicon."""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

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
        "narrate: error: narrate check needs its optional extra: "
        'pip install "narrate-audio[check]"\n'
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
    assert result.stderr.endswith('pip install "narrate-audio[check]"\n'), result.stderr
    assert tone_calls == [] and not out.exists()


# --- compared with what was said ----------------------------------------------------------


def scripted_edition(tmp_path, lines, profile="phone"):
    """An edition whose spoken script is `lines` ((kind, display, spoken) in one chapter)."""
    from narrate.check.edition import ChapterAudio, Edition, Sentence

    data = {"title": "T", "source": {"path": "a.txt"}, "duration_ms": 60000, "files": {},
            "created": "2026-01-01T00:00:00Z", "language": "en-US", "profile": profile,
            "author": "Riverside Wellness Clinic",
            "chapters": [{"title": "T", "start_ms": 0, "end_ms": 60000}]}  # fmt: skip
    (tmp_path / "manifest.json").write_text(json.dumps(data))
    manifest = manifest_io.load(tmp_path / "manifest.json")
    sentences = tuple(Sentence(display, 0, kind == "title", None, None, spoken)
                      for kind, display, spoken in lines)  # fmt: skip
    return Edition(manifest, (ChapterAudio("T", 0, 60000, ()),), sentences, None, scripted=True)


def heard_words(text):
    from narrate.check.transcribe import HeardWord

    return [HeardWord(w, 400 * i, 400 * i + 300, 0) for i, w in enumerate(text.split())]


WRITTEN_OUT = [  # (display, spoken by narrate, as a recogniser writes what it hears)
    ("Open from 8:30 AM to 5:00 PM.", "Open from eight thirty A M to five P M.",
     "Open from 8:30 AM to 5 PM."),
    ("Call 555-123-4567 today.", "Call five five five, one two three, four five six seven today.",
     "Call 555-123-4567 today."),
    ("A visit costs $45; a program is $1,200.",
     "A visit costs forty-five dollars; a program is one thousand two hundred dollars.",
     "A visit costs $45. A program is $1,200."),
    ("Give 10 mg/kg for a 20 kg child.", "Give ten milligrams per kilogram for a twenty kilogram "
     "child.", "Give 10mg per kilogram for a 20kg child."),
    ("Dr. Ortiz answers 24/7.", "Doctor Ortiz answers twenty-four seven.",
     "Dr. Ortiz answers 24/7."),
    ("Write to help@clinic.org now.", "Write to help at clinic dot org now.",
     "Write to help@clinic.org now."),
    ("Use the KAP form.", "Use the K A P form.", "Use the KAP form."),
]  # fmt: skip


@pytest.mark.parametrize(("display", "spoken", "heard"), WRITTEN_OUT)
def test_what_narrate_wrote_out_is_heard_as_said(tmp_path, display, spoken, heard):
    from narrate.check.report import Thresholds, build_report

    edition = scripted_edition(tmp_path, [("title", "Clinic", "Clinic"),
                                          ("sentence", display, spoken)])  # fmt: skip
    report = build_report(edition, heard_words(f"Clinic. {heard}"), Thresholds(), "m")
    assert report.passed and report.heard_share >= 0.9, report.faults
    assert report.unwritten == () and report.mishearings == ()


def test_a_line_shown_but_never_said_is_not_looked_for(tmp_path):
    """The byline is in the phone edition's transcript and not in its script."""
    from narrate.check.report import Thresholds, build_report

    edition = scripted_edition(tmp_path, [("title", "Clinic Hours", "Clinic Hours"),
                                          ("sentence", "We open at noon.", "We open at noon.")])
    report = build_report(edition, heard_words("Clinic hours. We open at noon."), Thresholds(),
                          "m")  # fmt: skip
    assert report.passed and report.words == report.words_heard == 6
    assert "Riverside" not in json.dumps(report.as_dict()["least_heard"])


@pytest.mark.parametrize(("heard", "total"), [(449, 500), (898, 1000), (8999, 10000)])
def test_a_share_under_the_threshold_is_never_shown_at_it(tmp_path, heard, total):
    from narrate.check.report import Thresholds, _faults, percent

    share = heard / total
    assert percent(share, 0.9) != "90.0%" and float(percent(share, 0.9)[:-1]) < 90
    (fault,) = _faults(share, [], [], Thresholds(min_heard=0.9))
    assert fault.startswith(percent(share, 0.9)) and fault.endswith("(at least 90%)")


@given(
    heard=st.integers(0, 100_000),
    extra=st.integers(0, 100_000),
    threshold=st.integers(0, 10_000).map(lambda n: n / 10_000),
)
def test_the_figure_shown_agrees_with_the_verdict(heard, extra, threshold):
    from narrate.check.report import percent, threshold_percent

    total = heard + extra
    if not total:
        return
    share = heard / total
    shown, needed = float(percent(share, threshold)[:-1]), float(threshold_percent(threshold)[:-1])
    assert (shown < needed) == (share < threshold), (share, threshold)


class FakeTryout:
    """Hears only the respellings in `right`; records what it was asked to try."""

    def __init__(self, right=(), refuse=None):
        self.right, self.refuse, self.asked = set(right), refuse, []

    def __call__(self, batch):
        self.asked += [(attempt.written, say) for attempt, say in batch]
        return self.refuse or [say in self.right for _, say in batch]


def misheard_edition(tmp_path):
    return scripted_edition(tmp_path, [
        ("title", "Pain", "Pain"),
        ("sentence", "Take acetaminophen with KAP at 5:00 PM, see clinic.org/forms for more.",
         "Take acetaminophen with KAP at five P M, see clinic dot org slash forms for more."),
    ])  # fmt: skip


HEARD = "Pain. Take a set of minophen with cap at 5 PM, see Glennick.org.forms for more."


def test_a_respelling_is_offered_only_when_it_was_heard_right(tmp_path):
    from narrate.check.report import Thresholds, build_report

    tryout = FakeTryout(right={"K A P"})
    report = build_report(misheard_edition(tmp_path), heard_words(HEARD), Thresholds(), "m",
                          tryout)  # fmt: skip
    said = {m.written: (m.say, m.note) for m in report.mishearings}
    assert said["KAP"] == ("K A P", "")
    assert said["acetaminophen"] == ("", "no respelling tried was heard right")
    # the address narrate read out is not respelled, and nothing of it was tried
    assert [m.note for m in report.mishearings if "clinic" in m.written] == [
        "narrate wrote this out: a number, time, unit or address"
    ]
    assert {written for written, _ in tryout.asked} == {"acetaminophen", "KAP"}
    assert ("acetaminophen", "a-ce-ta-mi-nop-hen") in tryout.asked  # tried, not offered


def test_without_a_way_to_try_them_no_respelling_is_offered(tmp_path):
    from narrate.check.output import render_html, summary
    from narrate.check.report import Thresholds, build_report

    tryout = FakeTryout(refuse="respellings not tried: the edition's engine 'tone' (unknown)")
    report = build_report(misheard_edition(tmp_path), heard_words(HEARD), Thresholds(), "m",
                          tryout)  # fmt: skip
    assert report.mishearings and all(m.say == "" for m in report.mishearings)
    html = render_html(report, lambda ms: f"a.mp3#t={ms / 1000}")
    assert '= ""' not in html and "--accept 1 --say TEXT" in html
    assert "respellings not tried: the edition&#x27;s engine" in html
    assert "try '" not in summary(report)


def test_run_together_and_spelled_out_words_are_the_same_words():
    for said, heard in [("k a p", "KAP"), ("ke-ta-mine", "ketamine"), ("kap", "K. A. P."),
                        ("five P M", "5 pm")]:  # fmt: skip
        result = align(tokens(said.split()), tokens(heard.split()))
        assert None not in result.heard_at and not result.substitutions, (said, heard)


@pytest.mark.parametrize("written", ["https://www.riverside-clinic.org/contact",
                                     "help@riverside-clinic.org", "5:00 PM", "$1,200", "mg/kg",
                                     "2025-12-25", "911"])  # fmt: skip
def test_no_respelling_is_tried_for_an_address_or_a_number(written):
    from narrate.check.suggest import candidates

    assert candidates(written) == []


def test_respellings_to_try():
    from narrate.check.suggest import candidates

    assert candidates("KAP") == ["K A P"]
    assert candidates("ketamine") == ["ke-ta-mine", "ke ta mine"]
    assert candidates("vs") == []


def test_whispers_pieces_of_one_word_are_joined():
    from types import SimpleNamespace as Obj

    from narrate.check.transcribe import Recogniser

    def word(text, start, end):
        return Obj(word=text, start=start, end=end)

    segments = [Obj(words=[word(" From", 0, 0.2), word(" 8", 0.2, 0.4), word(":30", 0.4, 0.6),
                           word(" AM", 0.6, 0.8)]),
                Obj(words=[word("Call", 1.0, 1.2), word(" 555", 1.2, 1.4),
                           word("-123", 1.4, 1.6)])]  # fmt: skip
    recogniser = Recogniser.__new__(Recogniser)
    recogniser.model = Obj(transcribe=lambda samples, **options: (iter(segments), None))
    assert recogniser.hear_samples(None, "en") == [
        ("From", 0, 200), ("8:30", 200, 600), ("AM", 600, 800), ("Call", 1000, 1200),
        ("555-123", 1200, 1600),
    ]
