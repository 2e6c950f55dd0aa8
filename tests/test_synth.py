import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.cache import ClipCache
from narrate.engines.base import EngineOptions
from narrate.errors import EngineError
from narrate.model import Article, Block, Cue, Section
from narrate.profiles import Pauses
from narrate.speech.script import build_script
from narrate.synth import TAIL_SHARE, speaking_order, synthesize
from tests.tone_engine import FailingToneEngine, ToneEngine


def script_of(*paragraphs: str):
    art = Article("Title", (Section("Heading", 2, tuple(Block(p) for p in paragraphs)),))
    return build_script(art, Pauses())


@pytest.fixture
def cache(tmp_path):
    return ClipCache(tmp_path / "cache")


def test_second_run_synthesizes_nothing(cache, tone_calls):
    script = script_of("One. Two. Three.")
    first = synthesize(script, ToneEngine(EngineOptions()), cache)
    assert first.synthesized == len(script.cues) == len(tone_calls)
    tone_calls.clear()
    second = synthesize(script, ToneEngine(EngineOptions()), cache)
    assert tone_calls == []
    assert second.from_cache == len(script.cues)
    assert [c.path for c in second.clips] == [c.path for c in first.clips]


def test_editing_one_sentence_synthesizes_only_that_sentence(cache, tone_calls):
    synthesize(script_of("One. Two. Three."), ToneEngine(EngineOptions()), cache)
    tone_calls.clear()
    synthesize(script_of("One. Two changed. Three."), ToneEngine(EngineOptions()), cache)
    assert tone_calls == ["Two changed."]


def test_repeated_text_is_synthesized_once(cache, tone_calls):
    report = synthesize(script_of("Again. Again. Again."), ToneEngine(EngineOptions()), cache)
    assert tone_calls.count("Again.") == 1
    assert len(report.clips) == 5  # title, heading, three sentences


def test_clips_come_back_in_cue_order_with_exact_durations(cache):
    script = script_of("Short. A much longer sentence than the first one.")
    report = synthesize(script, ToneEngine(EngineOptions()), cache)
    assert [c.cue_id for c in report.clips] == [c.id for c in script.cues]
    from tests.tone_engine import PAD_MS, sound_ms

    for clip, cue in zip(report.clips, script.cues, strict=True):
        assert clip.duration_ms == sound_ms(cue.spoken) + 2 * PAD_MS


def test_failure_names_chapter_and_sentence_and_keeps_finished_clips(cache, tone_calls):
    script = script_of("One. Two. FAIL three.")
    with pytest.raises(EngineError, match=r"chapter 1, sentence “FAIL three\.”: 503"):
        synthesize(script, FailingToneEngine(EngineOptions()), cache)
    done_before = list(tone_calls)
    tone_calls.clear()
    synthesize(script, ToneEngine(EngineOptions()), cache)
    assert tone_calls == ["FAIL three."]
    assert "FAIL three." not in done_before


def test_no_cache_keeps_nothing(tmp_path, tone_calls):
    script = script_of("One.")
    cache = ClipCache(tmp_path / "unused", enabled=False)
    synthesize(script, ToneEngine(EngineOptions()), cache)
    scratch = cache.root
    cache.close()
    assert not scratch.exists()
    assert not (tmp_path / "unused").exists()


@settings(max_examples=200, deadline=None)
@given(lengths=st.lists(st.integers(1, 400), max_size=60))
def test_the_speaking_order_is_cue_order_then_the_last_share_longest_first(lengths):
    todo = {f"k{n}": Cue(f"c{n}", "sentence", "x" * size, "x" * size, 0, 350)
            for n, size in enumerate(lengths)}  # fmt: skip
    order, keys, total = speaking_order(todo), list(todo), sum(lengths)

    def fits(split: int) -> bool:
        tail = sorted(keys[split:], key=lambda key: -len(todo[key].spoken))
        share = sum(lengths[split:])
        least = share >= total * TAIL_SHARE and sum(lengths[split + 1 :]) < total * TAIL_SHARE
        return order == keys[:split] + tail and (least or not keys)

    assert sorted(order) == sorted(keys)  # every sentence, once
    assert any(fits(split) for split in range(len(keys) + 1))


def test_a_pool_keeps_no_sentence_audio_once_it_is_stored(cache):
    """Through real engine processes: each sentence's future (holding its audio) is freed once
    the clip is stored in the cache, so a ten-hour book's clips are not all held in memory
    until its last sentence is spoken (they were: 1.46 GB in the main process)."""
    import gc
    import time
    import weakref

    from narrate import synth
    from narrate.engine_pool import EnginePool
    from tests.tone_engine import PooledToneEngine

    script = script_of(*(f"Sentence number {n} of the long book." for n in range(40)))
    todo = {f"k{n}": cue for n, cue in enumerate(script.cues)}
    alive: dict[str, weakref.ref] = {}
    with EnginePool(PooledToneEngine, EngineOptions(), 2) as pool:
        submit = pool.submit

        def submitted(text: str):
            future = submit(text)
            key = next(k for k, c in todo.items() if c.spoken == text and k not in alive)
            alive[key] = weakref.ref(future)
            return future

        pool.submit = submitted
        stored = []
        for key, _ in synth._run_in_pool(pool, cache, todo, {}):
            stored.append(key)
            held = [k for k in stored if alive[k]() is not None]
            for _ in range(50):  # the pool's thread lets its job go just after handing it over
                if not held:
                    break
                time.sleep(0.01)
                gc.collect()
                held = [k for k in stored if alive[k]() is not None]
            assert not held, f"audio of {held} still held after it was stored"
    assert sorted(stored) == sorted(todo) and all(cache.get(k) is not None for k in todo)
