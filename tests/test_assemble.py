import wave

import pydub.audio_segment
import pytest
from pydub import AudioSegment

from narrate.assemble import CHAPTER_LEAD_MS, EDGE_MS, assemble, edged
from narrate.cache import ClipCache
from narrate.engines.base import EngineOptions
from narrate.model import Article, Block, Section
from narrate.profiles import Pauses
from narrate.speech.script import build_script
from narrate.synth import synthesize
from tests.helpers import dominant_hz
from tests.tone_engine import ToneEngine, pitch_of, sound_ms


def timeline_for(tmp_path, article):
    script = build_script(article, Pauses())
    clips = synthesize(script, ToneEngine(EngineOptions()), ClipCache(tmp_path / "c")).clips
    return script, assemble(script, clips, tmp_path / "programme.wav")


ARTICLE = Article(
    "Title",
    (
        Section(None, 1, (Block("Intro sentence here. Another one."),)),
        Section("First heading", 2, (Block("Body text one."), Block("Body two."))),
        Section("Second heading", 2, (Block("Last words."),)),
    ),
)


def test_pauses_are_exact_and_clips_trimmed(tmp_path):
    script, timeline = timeline_for(tmp_path, ARTICLE)
    for timed in timeline.cues:
        assert abs((timed.end_ms - timed.start_ms) - sound_ms(timed.cue.spoken)) <= 1
    for before, after in zip(timeline.cues, timeline.cues[1:], strict=False):
        assert abs(after.start_ms - before.end_ms - before.cue.pause_after_ms) <= 1


def test_duration_is_the_wav_length_and_chapters_tile_it(tmp_path):
    _, timeline = timeline_for(tmp_path, ARTICLE)
    with wave.open(str(timeline.audio_path)) as wav:
        assert abs(timeline.duration_ms - wav.getnframes() * 1000 / wav.getframerate()) <= 1
    chapters = timeline.chapters
    assert chapters[0].start_ms == 0
    assert chapters[-1].end_ms == timeline.duration_ms
    assert all(a.end_ms == b.start_ms for a, b in zip(chapters, chapters[1:], strict=False))


def test_each_chapter_mark_leads_its_heading_sound_by_a_breath(tmp_path):
    _, timeline = timeline_for(tmp_path, ARTICLE)
    audio = AudioSegment.from_wav(timeline.audio_path)
    assert [c.title for c in timeline.chapters] == ["Title", "First heading", "Second heading"]
    for chapter in timeline.chapters[1:]:
        heading = chapter.start_ms + CHAPTER_LEAD_MS
        assert audio[chapter.start_ms - 300 : heading - 1].max == 0  # the mark sits in the pause
        assert audio[heading - 2 : heading + 2].max > 0  # and the heading sounds 0.4 s later
        window = audio[heading + 5 : heading + 205]
        assert abs(dominant_hz(window) - pitch_of(chapter.title)) < 10
    opening = audio[5:205]
    assert abs(dominant_hz(opening) - pitch_of("Title")) < 10


def test_a_short_pause_gives_a_short_lead_never_into_the_sentence_before(tmp_path):
    """With pauses shorter than the lead, the mark sits where the last sentence ends."""
    script = build_script(ARTICLE, Pauses().scaled_to(70), announce=False)
    clips = synthesize(script, ToneEngine(EngineOptions()), ClipCache(tmp_path / "c")).clips
    timeline = assemble(script, clips, tmp_path / "programme.wav")
    assert [c.title for c in timeline.chapters] == ["Title", "First heading", "Second heading"]
    for chapter in timeline.chapters[1:]:
        before = [t for t in timeline.cues if t.end_ms <= chapter.start_ms]
        first = next(t for t in timeline.cues if t.start_ms > chapter.start_ms)
        assert first.start_ms - before[-1].end_ms < CHAPTER_LEAD_MS
        assert chapter.start_ms == before[-1].end_ms  # first sentence: no heading spoken


def test_ctrl_c_while_the_programme_wav_opens_stays_a_ctrl_c(tmp_path, monkeypatch):
    """A signal between opening the WAV and setting its header reaches the caller as itself,
    not as wave's complaint about a header without parameters."""
    script = build_script(ARTICLE, Pauses())
    clips = synthesize(script, ToneEngine(EngineOptions()), ClipCache(tmp_path / "c")).clips

    def interrupted(self, width):
        raise KeyboardInterrupt

    monkeypatch.setattr(wave.Wave_write, "setsampwidth", interrupted)
    try:
        assemble(script, clips, tmp_path / "programme.wav")
    except KeyboardInterrupt as stop:
        assert stop.__context__ is None
    else:
        raise AssertionError("the interrupt was lost")


def test_ctrl_c_while_a_clip_is_read_stays_a_ctrl_c(tmp_path, monkeypatch):
    """A signal while a cached clip is parsed reaches the caller as itself; pydub's `from_wav`
    swallowed it in a bare `except:` and asked ffprobe (absent) instead, so a build stopped
    by SIGTERM said "ffprobe: No such file or directory" and exited 1."""
    script = build_script(ARTICLE, Pauses())
    clips = synthesize(script, ToneEngine(EngineOptions()), ClipCache(tmp_path / "c")).clips

    def interrupted(data, headers=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(pydub.audio_segment, "read_wav_audio", interrupted)
    with pytest.raises(KeyboardInterrupt):
        assemble(script, clips, tmp_path / "programme.wav")


def test_a_clip_fades_in_from_its_own_quiet_and_keeps_its_sound_and_times():
    """A clip whose sound starts and stops at full swing after and before a quiet hum (below
    the trim threshold) and digital silence: its sound is kept whole, the EDGE_MS of hum on
    each side is kept and faded (no step out of silence), and a clip with no quiet around its
    sound gets silence there instead."""
    rate = 22050
    edge = round(EDGE_MS * rate / 1000)
    loud, hum = 12000, 40  # hum: about -58 dBFS, under the -50 dBFS threshold
    pcm = b"".join(
        (value).to_bytes(2, "little", signed=True) * frames
        for value, frames in ((0, 4410), (hum, 2205), (loud, 2205), (hum, 2205), (0, 4410))
    )
    clip = AudioSegment(data=pcm, sample_width=2, frame_rate=rate, channels=1)
    kept, edge_frames = edged(clip)
    samples = kept.get_array_of_samples()
    assert edge_frames == edge
    assert abs(len(samples) - (2205 + 2 * edge)) <= 5 * rate // 1000  # the sound and two edges
    assert samples[0] == 0 == samples[-1]  # faded from the hum: no step out of silence
    assert max(abs(v) for v in samples[edge // 2 : edge]) > 0  # the hum is there, fading in
    assert samples[edge + 5 * rate // 1000] == loud and samples[-edge - 5 * rate // 1000] == loud
    bare = AudioSegment(data=(loud).to_bytes(2, "little", signed=True) * 2205, sample_width=2,
                        frame_rate=rate, channels=1)  # fmt: skip
    kept, _ = edged(bare)
    samples = kept.get_array_of_samples()
    assert len(samples) == 2205 + 2 * edge and set(samples[:edge]) == {0} == set(samples[-edge:])
