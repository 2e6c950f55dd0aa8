"""Mastering: one gain to -16 LUFS, true peak under -1.5 dBTP, levels kept, intro and outro."""

from __future__ import annotations

import json
import math
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from narrate import levelling
from narrate import master as master_module
from narrate.errors import OutputError
from narrate.ffmpeg import Output, decode
from narrate.levelling import fit_gain
from narrate.loudness import SAMPLE_PEAK_METER, LiveScan, measure, measure_run
from narrate.master import MP3_LOUDNESS_LOSS_LU, MasteringSettings, master
from narrate.master_memo import _sealed, read_entry
from narrate.model import (
    Article,
    AudioNeed,
    Chapter,
    Cue,
    EngineInfo,
    Loudness,
    Script,
    TimedCue,
    Timeline,
)
from narrate.profiles import PROFILES
from narrate.writers.base import EditionContext
from narrate.writers.manifest import build_manifest
from narrate.writers.mp3 import Tags, mp3_options, write_mp3

PODCAST = Path(__file__).parent / "fixtures" / "podcast"
RATE = 22050
PODCAST_LEVELS = MasteringSettings(target_lufs=-16.0, true_peak_dbtp=-1.5)  # the podcast profile's
# (chapter, start_ms, end_ms, level in dBFS of a sine's peak): a quiet and a loud chapter.
TONES = [(0, 300, 5000, -34.0), (1, 5500, 11500, -18.0)]
CLICKS_MS = (9000, 9700, 10400)  # full-scale spikes in the loud chapter: the limiter must act
DURATION_MS = 12000


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    """Two chapters of tones 16 dB apart, clicks at 0 dBFS, at the engines' 22.05 kHz."""
    samples = np.zeros(RATE * DURATION_MS // 1000)
    cues = []
    for n, (chapter, start, end, dbfs) in enumerate(TONES):
        t = np.arange((end - start) * RATE // 1000) / RATE
        samples[start * RATE // 1000 : end * RATE // 1000] = 10 ** (dbfs / 20) * np.sin(
            2 * np.pi * (440 + 110 * n) * t
        )
        cue = Cue(f"c{n}", "sentence", f"tone {n}", f"tone {n}", chapter, 500)
        cues.append(TimedCue(cue, start, end))
    for at in CLICKS_MS:
        samples[at * RATE // 1000] = 1.0
        samples[at * RATE // 1000 + 1] = -1.0
    path = tmp_path_factory.mktemp("programme") / "programme.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((samples * 32767).astype("<i2").tobytes())
    chapters = (Chapter("Quiet", 1, 0, 5500), Chapter("Loud", 2, 5500, DURATION_MS))
    return Timeline(tuple(cues), chapters, DURATION_MS, path, RATE)


@pytest.fixture(scope="module")
def mastered(programme: Timeline, tmp_path_factory: pytest.TempPathFactory):
    return master(programme, PODCAST_LEVELS, tmp_path_factory.mktemp("mastered"))


def _segment_lufs(path: Path, start_ms: int, end_ms: int) -> float:
    """The integrated loudness of part of a file, measured as mastering measures."""
    args = ["-ss", f"{start_ms / 1000}", "-t", f"{(end_ms - start_ms) / 1000}", "-i", str(path)]
    return measure_run([*args, "-af", "ebur128=framelog=quiet", "-f", "null", "-"], path.name,
                       peak=False).integrated_lufs  # fmt: skip


def test_the_mastered_mp3_is_at_minus_16_lufs_under_minus_1_5_dbtp(
    mastered, programme: Timeline, tmp_path: Path
) -> None:
    timeline, report = mastered.timeline, mastered.loudness
    mp3 = write_mp3(timeline, tmp_path / "mastered.mp3", Tags(title="Levels"))
    heard = measure(mp3)
    assert abs(heard.integrated_lufs - -16.0) <= 1.0
    assert heard.true_peak_dbtp <= -1.5
    assert report["input"]["sample_peak_dbfs"] > -0.5, "the clicks are at full scale"
    assert abs(report["output"]["integrated_lufs"] - -16.0) <= 0.3
    assert report["output"]["true_peak_dbtp"] <= report["limiter_ceiling_dbtp"] + 0.1
    # The render's meter (4x oversampling) agrees with ffmpeg's own (192 kHz) on the master.
    independent = measure(timeline.audio_path)
    assert abs(report["output"]["true_peak_dbtp"] - independent.true_peak_dbtp) <= 0.3
    assert abs(report["output"]["integrated_lufs"] - independent.integrated_lufs) <= 0.1
    assert report["gain_db"] == pytest.approx(-16.0 - report["input"]["integrated_lufs"], abs=1)
    assert report["gain_db"] > 5, "a non-trivial gain"
    json.dumps(report, allow_nan=False)


def test_speech_alone_is_mastered_at_its_own_rate_mono_and_as_long(
    mastered, programme: Timeline
) -> None:
    """22.05 kHz speech stays at 22.05 kHz: the encoders raise it to the profile's rate."""
    timeline = mastered.timeline
    with wave.open(str(timeline.audio_path), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (RATE, 1, 2)
        assert abs(wav.getnframes() * 1000 / RATE - programme.duration_ms) <= 1
    assert timeline.sample_rate == RATE
    assert timeline.duration_ms == programme.duration_ms
    assert timeline.chapters == programme.chapters and timeline.cues == programme.cues


def test_outputs_are_encoded_in_the_render_from_the_same_master(
    mastered, programme: Timeline, tmp_path: Path
) -> None:
    """An MP3 encoded while mastering sounds like one encoded afterwards from the master."""
    need = AudioNeed("mp3", 44100, 1, mp3_options("64k", 44100))
    now = master(programme, PODCAST_LEVELS, tmp_path, {"mp3": need})
    # fitted MP3_LOUDNESS_LOSS_LU louder, for what the encoder takes away
    gain_for_mp3 = mastered.loudness["gain_db"] + MP3_LOUDNESS_LOSS_LU
    assert now.loudness["gain_db"] == pytest.approx(gain_for_mp3, abs=0.25)
    after = write_mp3(mastered.timeline, tmp_path / "after.mp3", Tags(title="Levels"))
    during, later = decode(now.encoded["mp3"]), decode(after)
    assert during.frame_rate == 44100 and abs(len(during) - len(later)) <= 30
    a = np.array(during.get_array_of_samples(), dtype=float)
    b = np.array(later.get_array_of_samples(), dtype=float)
    n = min(len(a), len(b))
    assert np.corrcoef(a[:n], b[:n])[0, 1] > 0.99
    assert measure(now.encoded["mp3"]).true_peak_dbtp <= -1.5


def test_one_gain_keeps_the_chapters_relative_levels(mastered, programme: Timeline) -> None:
    timeline = mastered.timeline
    quiet, loud = ((start + 200, start + 3000) for _, start, _, _ in TONES)
    before = _segment_lufs(programme.audio_path, *loud) - _segment_lufs(
        programme.audio_path, *quiet
    )
    after = _segment_lufs(timeline.audio_path, *loud) - _segment_lufs(timeline.audio_path, *quiet)
    assert before == pytest.approx(16.0, abs=0.3)
    assert after == pytest.approx(before, abs=0.5)


def _onsets_ms(path: Path, threshold: float = 0.002) -> list[int]:
    """Where sound starts after at least 100 ms of silence, in ms."""
    audio = decode(path)
    samples = np.abs(np.array(audio.get_array_of_samples(), dtype=float)) / 32768
    loud = np.flatnonzero(samples > threshold)
    gaps = np.flatnonzero(np.diff(loud) > audio.frame_rate // 10) + 1
    return [round(loud[i] * 1000 / audio.frame_rate) for i in [0, *gaps]]


def test_intro_and_outro_shift_every_time_by_the_intro_length(
    programme: Timeline, tmp_path: Path
) -> None:
    intro, outro = PODCAST / "intro.mp3", PODCAST / "outro.wav"
    settings = replace(PODCAST_LEVELS, intro=intro, outro=outro)
    done = master(programme, settings, tmp_path)
    timeline, report = done.timeline, done.loudness
    intro_ms, outro_ms = len(decode(intro, 44100)), len(decode(outro, 44100))
    assert (report["intro_ms"], report["outro_ms"]) == (intro_ms, outro_ms)
    assert abs(timeline.duration_ms - (intro_ms + programme.duration_ms + outro_ms)) <= 1
    assert timeline.chapters[0].start_ms == 0, "the intro belongs to the first chapter"
    assert timeline.chapters[-1].end_ms == timeline.duration_ms, "the outro to the last"
    for shifted, original in zip(timeline.chapters[1:], programme.chapters[1:], strict=True):
        assert abs(shifted.start_ms - (original.start_ms + intro_ms)) <= 1
    for shifted, original in zip(timeline.cues, programme.cues, strict=True):
        assert abs(shifted.start_ms - (original.start_ms + intro_ms)) <= 1
        assert abs(shifted.end_ms - (original.end_ms + intro_ms)) <= 1
    # The sounds are where the timeline says: intro at 0, each tone at its cue, then the outro.
    onsets = _onsets_ms(timeline.audio_path)
    expected = [0, *(c.start_ms for c in timeline.cues), intro_ms + programme.duration_ms]
    assert [o for o in onsets if o not in range(8900 + intro_ms, 10500 + intro_ms)] == (
        pytest.approx(expected, abs=3)
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mastered.wav"], (
        "the decoded intro and outro are removed"
    )
    assert timeline.sample_rate == 44100, "music around the speech keeps the profile's rate"


def test_a_silent_programme_gets_no_gain(programme: Timeline, tmp_path: Path) -> None:
    silent = tmp_path / "silent.wav"
    with wave.open(str(silent), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"\0\0" * RATE * 2)
    quiet = replace(programme, audio_path=silent, duration_ms=2000, cues=(), chapters=())
    done = master(quiet, PODCAST_LEVELS, tmp_path)
    timeline, report = done.timeline, done.loudness
    assert report["gain_db"] == 0.0
    assert report["output"]["true_peak_dbtp"] is None or math.isfinite(
        report["output"]["true_peak_dbtp"]
    )
    json.dumps(report, allow_nan=False)
    assert timeline.duration_ms == 2000


def test_an_unreadable_intro_is_a_clear_error(programme: Timeline, tmp_path: Path) -> None:
    bad = tmp_path / "intro.mp3"
    bad.write_text("not audio")
    with pytest.raises(OutputError, match="cannot read the sound .*intro.mp3"):
        master(programme, replace(PODCAST_LEVELS, intro=bad), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["intro.mp3"], "nothing left behind"


def test_the_manifest_records_the_measurements(mastered, tmp_path: Path) -> None:
    timeline, report = mastered.timeline, mastered.loudness
    edition = EditionContext(
        timeline=timeline,
        script=Script("Levels", "en", tuple(t.cue for t in timeline.cues), ()),
        article=Article("Levels", (), first_paragraph="Two tones, far apart."),
        engine=EngineInfo("tone", "1", "sine", "en"),
        slug="levels",
        profile=PROFILES["podcast"],
    )
    manifest = build_manifest(edition, {}, tmp_path, loudness=report)
    assert manifest.description == "Two tones, far apart."
    assert manifest.loudness["gain_db"] == report["gain_db"]
    assert set(manifest.loudness["output"]) == {"integrated_lufs", "lra_lu", "true_peak_dbtp"}
    assert set(manifest.loudness["input"]) == {"integrated_lufs", "lra_lu", "sample_peak_dbfs"}
    assert build_manifest(edition, {}, tmp_path).loudness is None


def test_a_rebuild_of_the_same_programme_reuses_the_kept_gain(
    programme: Timeline, mastered, tmp_path: Path
) -> None:
    memo = tmp_path / "memo"
    kept_by_memo = replace(PODCAST_LEVELS, memo=memo)

    def report(name: str, settings: MasteringSettings = kept_by_memo) -> dict:
        (tmp_path / name).mkdir()
        return master(programme, settings, tmp_path / name).loudness

    first = report("a")
    assert first["gain_db"] == mastered.loudness["gain_db"]
    (kept,) = memo.glob("*.json")
    # Proof the kept decision is what the rebuild uses: another one, sealed as narrate seals
    # its entries, and the output follows it.
    entry = read_entry(kept)
    kept.write_text(_sealed({**entry, "gain_db": entry["gain_db"] - 6}))
    again = report("b")
    assert again["gain_db"] == pytest.approx(first["gain_db"] - 6, abs=0.01)
    assert again["output"]["integrated_lufs"] < first["output"]["integrated_lufs"] - 4
    # Another target is another decision; a damaged entry is measured afresh.
    report("c", replace(kept_by_memo, target_lufs=-19.0))
    assert len(list(memo.glob("*.json"))) == 2
    kept.write_text("{not json")
    fresh = report("d")
    assert fresh["gain_db"] == first["gain_db"]


def test_a_rebuild_that_needs_no_wav_copies_the_kept_encoding(
    programme: Timeline, tmp_path: Path
) -> None:
    """The same programme again, with no writer reading the master WAV: the encoded audio
    comes from the memo (no render), with the first render's timeline and measurements."""
    memo, need = tmp_path / "memo", AudioNeed("mp3", 44100, 1, mp3_options("64k", 44100))

    def build(name: str, *, wav_for_writers: bool):
        (tmp_path / name).mkdir()
        settings = replace(PODCAST_LEVELS, memo=memo)
        needs = {"mp3": need}
        done = master(programme, settings, tmp_path / name, needs, wav_for_writers=wav_for_writers)
        return done, done.encoded["mp3"]

    first, first_mp3 = build("first", wav_for_writers=False)
    assert first.rendered, "nothing kept yet: rendered"
    assert first.timeline.audio_path == tmp_path / "first" / "mastered.wav"
    again, again_mp3 = build("again", wav_for_writers=False)
    assert not again.rendered, "the kept encoding reused"
    assert again.timeline.audio_path is None
    assert not (tmp_path / "again" / "mastered.wav").exists()
    assert again_mp3.read_bytes() == first_mp3.read_bytes()
    assert again.loudness == first.loudness
    assert replace(again.timeline, audio_path=first.timeline.audio_path) == first.timeline
    # A kept file that was changed is not trusted: it is rendered again (and kept again).
    (kept,) = (p for p in memo.iterdir() if p.suffix != ".json")
    kept.write_bytes(b"doctored")
    doctored, doctored_mp3 = build("doctored", wav_for_writers=False)
    assert doctored.rendered
    assert doctored_mp3.read_bytes() == first_mp3.read_bytes() == kept.read_bytes()
    # A writer that reads the WAV gets one, rendered with the kept gain.
    wav_too, mp3 = build("wav", wav_for_writers=True)
    assert wav_too.rendered and wav_too.timeline.audio_path.exists()
    assert wav_too.loudness == first.loudness and mp3.read_bytes() == first_mp3.read_bytes()
    # A missing encoding is rendered again, and kept again.
    kept.unlink()
    missing, rendered = build("missing", wav_for_writers=False)
    assert missing.rendered
    assert rendered.read_bytes() == first_mp3.read_bytes() == kept.read_bytes()


def test_a_live_scan_measures_what_the_file_scan_measures(programme: Timeline) -> None:
    """Fed in pieces while the programme is stitched, the scan gives the file scan's figures."""
    with wave.open(str(programme.audio_path), "rb") as wav:
        pcm = wav.readframes(wav.getnframes())
    scan = LiveScan()
    for start in range(0, len(pcm), 2 * 7919):  # pieces of odd frame counts, as clips come
        scan.feed(RATE, pcm[start : start + 2 * 7919])
    file_args = ["-i", str(programme.audio_path), "-af", SAMPLE_PEAK_METER, "-f", "null", "-"]
    assert scan.result(RATE) == measure_run(file_args, programme.audio_path.name)
    assert scan.result(RATE) is None, "taken once"
    other = LiveScan()
    other.feed(RATE, pcm)
    assert other.result(44100) is None, "fed at another rate than mastering uses"
    other.stop()


def test_mastering_scans_the_file_when_the_live_scan_failed(
    programme: Timeline, mastered, tmp_path: Path
) -> None:
    with wave.open(str(programme.audio_path), "rb") as wav:
        pcm = wav.readframes(wav.getnframes())
    broken = LiveScan()
    broken.feed(RATE, pcm[: len(pcm) // 2])
    broken._run._proc.kill()  # ffmpeg dies mid-programme (a test reaching in: no public way)
    broken.feed(RATE, pcm[len(pcm) // 2 :])
    assert master(programme, PODCAST_LEVELS, tmp_path, live_scan=broken).loudness == (
        mastered.loudness
    )
    assert broken.result(RATE) is None
    broken.stop()
    refused = LiveScan()
    refused.feed(0, b"\0\0" * 50_000)  # ffmpeg refuses a rate of 0 and stops reading
    assert refused.result(0) is None


def test_the_gain_fit_reaches_the_target_in_few_trials() -> None:
    """A limiter that takes away 40% of every dB above 6 dB of gain, as speech's peaks do."""
    before = Loudness(integrated_lufs=-24.0, lra_lu=5.0, true_peak_dbtp=-2.0)
    rounds: list[list[float]] = []

    def trials(gains: list[float]) -> list[float]:
        rounds.append(gains)
        return [-24.0 + g - 0.4 * max(g - 6.0, 0.0) for g in gains]

    gain = fit_gain(before.integrated_lufs, before.true_peak_dbtp, -16.0, -3.5, trials)
    reached = -24.0 + gain - 0.4 * max(gain - 6.0, 0.0)
    assert abs(reached - -16.0) <= 0.2
    assert len(rounds[0]) == 2, "the first guess and a limited one, side by side"
    assert len(rounds) <= 3
    quiet_peaks = Loudness(integrated_lufs=-24.0, lra_lu=5.0, true_peak_dbtp=-20.0)
    rounds.clear()

    def unlimited(gains: list[float]) -> list[float]:
        rounds.append(gains)
        return [-24.0 + g for g in gains]

    quiet = (quiet_peaks.integrated_lufs, quiet_peaks.true_peak_dbtp)
    assert fit_gain(*quiet, -16.0, -3.5, unlimited) == 8.0
    assert rounds == [[8.0]], "peaks far below the ceiling: one trial"


def test_a_likely_gain_that_misses_is_fitted_and_rendered_again(
    programme: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The render at the likely gain stands as the fit's first trial; when the limiter took
    less than guessed (here it is guessed to take 90% of the clicks' overshoot, and takes
    almost nothing), the gain is fitted and the edition rendered again at the target."""
    monkeypatch.setattr(levelling, "LIMITER_LOSS_GUESS", 0.9)
    renders: list[float] = []
    real = master_module._render
    monkeypatch.setattr(master_module, "_render",
                        lambda *args: renders.append(args[2]) or real(*args))  # fmt: skip
    needs = {"mp3": AudioNeed("mp3", 44100, 1, mp3_options("64k", 44100))}
    done = master(programme, PODCAST_LEVELS, tmp_path, needs)
    fitted = -16.0 + MP3_LOUDNESS_LOSS_LU
    assert len(renders) == 2 and renders[0] > renders[1] + 3, "the likely gain missed by far"
    assert abs(done.loudness["output"]["integrated_lufs"] - fitted) <= levelling.TOLERANCE_LU
    assert done.loudness["gain_db"] == pytest.approx(renders[1], abs=0.01)
    assert abs(measure(done.timeline.audio_path).integrated_lufs - fitted) <= 0.3
    assert abs(measure(done.encoded["mp3"]).integrated_lufs - -16.0) <= 0.7


def test_sibilant_peaks_at_22_khz_stay_under_the_limit_and_are_read_truly(tmp_path: Path) -> None:
    """Short 6-10.5 kHz bursts (an "s" at 22.05 kHz) over a quiet voice-like tone: the
    limiter must act on peaks between samples, and the report must read them as ffmpeg's own
    192 kHz meter does."""
    rng = np.random.default_rng(7)
    t = np.arange(RATE * 20) / RATE
    samples = 0.12 * np.sin(2 * np.pi * 300 * t) * (1 + np.sin(2 * np.pi * 3 * t)) / 2
    for _ in range(60):
        at, n = int(rng.uniform(0, 19.5) * RATE), int(0.012 * RATE)
        burst = np.sin(2 * np.pi * rng.uniform(6000, 10500) * t[:n] + rng.uniform(0, 6.3))
        samples[at : at + n] += 0.9 * burst * np.hanning(n)
    path = tmp_path / "sibilants.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    programme = Timeline((), (Chapter("Sibilants", 1, 0, 20000),), 20000, path, RATE)
    done = master(programme, PODCAST_LEVELS, tmp_path)
    timeline, report = done.timeline, done.loudness
    assert report["gain_db"] > 5, "a gain that drives the bursts into the limiter"
    master_peak = measure(timeline.audio_path).true_peak_dbtp
    assert abs(report["output"]["true_peak_dbtp"] - master_peak) <= 0.2
    mp3 = write_mp3(timeline, tmp_path / "m.mp3", Tags(title="Sibilants"))
    heard = measure(mp3)
    assert heard.true_peak_dbtp <= -1.5
    assert abs(heard.integrated_lufs - -16.0) <= 1.0


def test_the_encoded_audio_is_measured_in_the_render_as_a_meter_reads_the_file(
    programme: Timeline, tmp_path: Path
) -> None:
    """The MP3 encoded in the render is decoded in the same pass: the true peak reported is
    the one ffmpeg's 192 kHz meter reads from the file, under the limit less the guard."""
    needs = {"mp3": AudioNeed("mp3", 44100, 1, mp3_options("64k", 44100))}
    done = master(programme, PODCAST_LEVELS, tmp_path, needs)
    reported = done.loudness["encoded_true_peak_dbtp"]
    assert reported <= -1.5 - master_module.EXCERPT_GUARD_DB
    assert measure(done.encoded["mp3"]).true_peak_dbtp == pytest.approx(reported, abs=0.2)
    assert done.loudness["limiter_ceiling_dbtp"] == -1.5 - master_module.CODEC_MARGIN_DB
    (tmp_path / "alone").mkdir()
    alone = master(programme, PODCAST_LEVELS, tmp_path / "alone")  # nothing encoded to read
    assert alone.loudness["encoded_true_peak_dbtp"] is None


def test_encoded_audio_over_the_limit_is_rendered_again_with_a_lower_ceiling(
    programme: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no margin at all (the ceiling over the limit), the clicks' encoded peaks are over
    it: the render is made again with the ceiling lowered by the excess until the MP3 a
    listener gets is under the limit; a rebuild from the memo renders once, at that ceiling."""
    monkeypatch.setattr(master_module, "CODEC_MARGIN_DB", -1.0)
    ceilings: list[float] = []
    real = master_module._render
    monkeypatch.setattr(master_module, "_render",
                        lambda *args: ceilings.append(args[3]) or real(*args))  # fmt: skip
    needs = {"mp3": AudioNeed("mp3", 44100, 1, mp3_options("64k", 44100))}
    settings = replace(PODCAST_LEVELS, memo=tmp_path / "memo")
    (tmp_path / "a").mkdir()
    done = master(programme, settings, tmp_path / "a", needs)
    report = done.loudness
    assert ceilings[0] == -0.5 and len(ceilings) >= 2, "the first render peaked over"
    assert ceilings == sorted(ceilings, reverse=True) and ceilings[-1] < ceilings[0]
    assert report["limiter_ceiling_dbtp"] == pytest.approx(ceilings[-1], abs=0.01)
    assert report["encoded_true_peak_dbtp"] <= -1.5 - master_module.EXCERPT_GUARD_DB
    assert measure(done.encoded["mp3"]).true_peak_dbtp <= -1.5
    assert abs(report["output"]["integrated_lufs"] - (-16 + MP3_LOUDNESS_LOSS_LU)) <= 0.2
    ceilings.clear()
    (tmp_path / "b").mkdir()
    again = master(programme, settings, tmp_path / "b", needs, wav_for_writers=True)
    assert ceilings == [pytest.approx(report["limiter_ceiling_dbtp"], abs=0.01)]
    assert again.encoded["mp3"].read_bytes() == done.encoded["mp3"].read_bytes()
    assert again.loudness == report


def test_a_kept_decision_whose_render_now_peaks_over_is_corrected(
    programme: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild renders with the memo's gain and ceiling, but its outputs may not be those
    the decision was made for (here the limit it must leave under is 2 dB stricter, as another
    encoder's overshoot would make it): its encoded peaks are read again and corrected."""
    needs = {"mp3": AudioNeed("mp3", 44100, 1, mp3_options("64k", 44100))}
    settings = replace(PODCAST_LEVELS, memo=tmp_path / "memo")
    for name in ("first", "stricter"):
        (tmp_path / name).mkdir()
    first = master(programme, settings, tmp_path / "first", needs).loudness
    guard = -first["encoded_true_peak_dbtp"] - 1.5 + 0.5  # the kept render is 0.5 dB over
    monkeypatch.setattr(master_module, "EXCERPT_GUARD_DB", guard)
    again = master(programme, settings, tmp_path / "stricter", needs, wav_for_writers=True)
    assert again.loudness["limiter_ceiling_dbtp"] < first["limiter_ceiling_dbtp"] - 0.5
    assert again.loudness["encoded_true_peak_dbtp"] <= -1.5 - guard
    assert measure(again.encoded["mp3"]).true_peak_dbtp <= -1.5 - guard + 0.2


def test_each_encoded_output_is_read_by_its_own_meter(programme: Timeline, tmp_path: Path) -> None:
    """An MP3 and an AAC encoded in one render: each meter reads its own file (the two
    encoders overshoot differently), as ffmpeg's 192 kHz meter reads the files afterwards."""
    from narrate.writers.m4b import aac_options

    rate = 22050
    outputs = [
        Output(tmp_path / "a.mp3", mp3_options("64k", 44100), 44100),
        Output(tmp_path / "b.m4a", (*aac_options("64k", 44100), "-f", "mp4"), 44100),
    ]
    inputs = [programme.audio_path]
    rendered = master_module._render(inputs, master_module._join(inputs, rate), 18.0, -3.5,
                                     rate, tmp_path / "m.wav", outputs)  # fmt: skip
    files = [measure(output.path).true_peak_dbtp for output in outputs]
    assert rendered.encoded_peaks == pytest.approx(files, abs=0.2)
    assert abs(files[0] - files[1]) > 0.05, "two encoders, two peaks: the meters are told apart"
    assert rendered.encoded_peak_dbtp == pytest.approx(max(rendered.encoded_peaks), abs=0.01)


def test_a_kept_render_over_the_limit_is_not_copied_but_rendered_again(
    programme: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    """A build that could not bring its encoded peaks under the limit says so; a rebuild does
    not copy those files from the memo but renders and corrects them."""
    monkeypatch.setattr(master_module, "CODEC_MARGIN_DB", -1.0)
    monkeypatch.setattr(master_module, "MAX_PEAK_CORRECTIONS", 0)
    needs = {"mp3": AudioNeed("mp3", 44100, 1, mp3_options("64k", 44100))}
    settings = replace(PODCAST_LEVELS, memo=tmp_path / "memo")
    for name in ("over", "again"):
        (tmp_path / name).mkdir()
    over = master(programme, settings, tmp_path / "over", needs)
    assert over.loudness["encoded_true_peak_dbtp"] > -1.5 - master_module.EXCERPT_GUARD_DB
    assert "mp3.mp3: the encoded audio still peaks at" in caplog.text
    monkeypatch.setattr(master_module, "MAX_PEAK_CORRECTIONS", 3)
    again = master(programme, settings, tmp_path / "again", needs, wav_for_writers=False)
    assert again.rendered, "not copied from the memo"
    assert again.loudness["encoded_true_peak_dbtp"] <= -1.5 - master_module.EXCERPT_GUARD_DB
