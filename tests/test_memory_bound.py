"""One sentence must not take the machine: no engine call receives more than MAX_ENGINE_CHARS,
a run-on sentence is narrated and captioned in order, over-long titles and authors are
shortened (CLI) or refused (API), and an engine that needs more memory than --memory-limit
fails with one line, in worker processes and in this one."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrate import api
from narrate._pydub import AudioSegment
from narrate.cli import main
from narrate.engine_worker import say
from narrate.engines.base import EngineOptions
from narrate.errors import BadOption
from narrate.ffmpeg import ffmpeg_exe
from narrate.lengths import MAX_AUTHOR_CHARS, MAX_TITLE_CHARS
from narrate.speech.clauses import MAX_ENGINE_CHARS
from tests.helpers import dominant_hz
from tests.tone_engine import ToneEngine, pitch_of, sound_ms

ROOT = Path(__file__).resolve().parents[1]
CLAUSES = ["the nurse calls back within a working day", "the pharmacy refills on Tuesdays",
           "the car park is behind the library", "the lab opens at seven"]  # fmt: skip
RUN_ON = ", ".join(CLAUSES[n % 4] + f" in week {n}" for n in range(90)).capitalize() + "."


def _decoded(mp3: Path) -> AudioSegment:
    cmd = [ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac", "1", "-ar",
           "22050", "-"]  # fmt: skip
    pcm = subprocess.run(cmd, capture_output=True, check=True).stdout
    return AudioSegment(pcm, sample_width=2, frame_rate=22050, channels=1)


def _captions(vtt: str) -> list[tuple[int, int, str]]:
    """(start ms, end ms, text) of each WebVTT caption."""
    found = []
    for start, end, text in re.findall(r"(\S+) --> (\S+)\n(.*?)(?:\n\n|\Z)", vtt, re.S):
        found.append((_ms(start), _ms(end), " ".join(text.split())))
    return found


def _ms(stamp: str) -> int:
    hours, minutes, seconds = ("0:" * (2 - stamp.count(":")) + stamp).split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def test_a_run_on_sentence_is_spoken_in_bounded_calls_and_captioned_in_order(tmp_path):
    assert len(RUN_ON) > 10 * MAX_ENGINE_CHARS
    article = tmp_path / "run-on.txt"
    article.write_text(f"Opening Hours\n\nBefore it. {RUN_ON} After it.\n", encoding="utf-8")
    ToneEngine.calls.clear()
    options = api.BuildOptions(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache",
                               engine=api.EngineChoice("tone"), date="2026-01-01")  # fmt: skip
    edition = api.build([article], options)[0]

    assert ToneEngine.calls and max(len(text) for text in ToneEngine.calls) <= MAX_ENGINE_CHARS
    pieces = [t for t in edition.timeline.cues if t.cue.display in RUN_ON]
    assert len(pieces) >= 10
    assert " ".join(t.cue.display for t in pieces) == RUN_ON  # nothing dropped, in order
    files = edition.manifest.files
    transcript = (edition.folder / files["transcript_md"]).read_text(encoding="utf-8")
    assert f"Before it. {RUN_ON} After it." in transcript  # one paragraph, as written

    captions = _captions((edition.folder / files["vtt"]).read_text(encoding="utf-8"))
    assert all(a[1] <= b[0] for a, b in zip(captions, captions[1:], strict=False))
    said = " ".join(text for _, _, text in captions)
    assert f"Before it. {RUN_ON} After it." in said
    audio = _decoded(edition.main_file)
    for timed in pieces:  # each piece's captions lie in its time, where its tone sounds
        inside = [text for start, end, text in captions
                  if timed.start_ms <= start and end <= timed.end_ms]  # fmt: skip
        assert " ".join(inside) == timed.cue.display
        middle = (timed.start_ms + timed.end_ms) // 2
        heard = dominant_hz(audio[middle - 100 : middle + 100])
        assert abs(heard - pitch_of(timed.cue.spoken)) < 10


def test_a_long_heading_is_spoken_in_bounded_calls(tmp_path):
    heading = " ".join(f"qu{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(500))
    article = tmp_path / "heading.md"
    article.write_text(f"# Short Title\n\nA line.\n\n## {heading}\n\nThe end.\n", encoding="utf-8")
    ToneEngine.calls.clear()
    options = api.BuildOptions(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache",
                               engine=api.EngineChoice("tone"))  # fmt: skip
    edition = api.build([article], options)[0]
    assert max(len(text) for text in ToneEngine.calls) <= MAX_ENGINE_CHARS
    assert " ".join(t for t in ToneEngine.calls if t.startswith("qu")) == heading
    assert heading in [c.title for c in edition.timeline.chapters]


class _Tight(ToneEngine):
    """The tone voice, out of memory on any text longer than 40 characters."""

    def synthesize(self, text: str) -> AudioSegment:
        if len(text) > 40:
            raise MemoryError
        return super().synthesize(text)


def test_a_piece_the_ceiling_refuses_is_spoken_in_halves_down_to_a_word():
    engine = _Tight(EngineOptions())
    ToneEngine.calls.clear()
    text = "the pharmacy refills on Tuesdays and the lab opens at seven"
    audio = say(engine, text)
    assert " ".join(ToneEngine.calls) == text and len(ToneEngine.calls) > 1
    assert len(audio) > sum(sound_ms(t) for t in ToneEngine.calls)  # with pauses between
    with pytest.raises(MemoryError):
        say(engine, "Q" * 41)  # one word: nothing left to part


@pytest.mark.parametrize(("flag", "cap"), [("--title", MAX_TITLE_CHARS),
                                           ("--author", MAX_AUTHOR_CHARS)])  # fmt: skip
def test_the_cli_shortens_a_long_title_or_author_with_a_warning(tmp_path, flag, cap):
    article = tmp_path / "a.txt"
    article.write_text("A Title\n\nOne sentence.\n", encoding="utf-8")
    given = " ".join(["Clinic"] * 20_000)  # 140,000 characters
    result = CliRunner(mix_stderr=False).invoke(
        main, ["build", str(article), "--engine", "tone", "-q", "-o", str(tmp_path / "out"),
               flag, given],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (f"narrate: warning: {flag} is {len(given):,} characters; "
                             f"shortened to {cap:,}\n")  # fmt: skip
    folder = next((tmp_path / "out").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    kept = manifest[flag[2:]]
    assert len(kept) <= cap and kept.endswith("…") and given.startswith(kept[:-1])


@pytest.mark.parametrize("field", ["title", "author"])
@pytest.mark.parametrize("extra", [1, 100_000])
def test_the_api_refuses_a_long_title_or_author(field, extra):
    cap = {"title": MAX_TITLE_CHARS, "author": MAX_AUTHOR_CHARS}[field]
    with pytest.raises(BadOption, match=f"^--{field}: {cap + extra:,} characters; give at most"):
        api.BuildOptions(**{field: "x" * (cap + extra)}).validate()
    api.BuildOptions(**{field: "x" * cap}).validate()


@pytest.mark.parametrize("given", [0, 100, 255, -1, 1.5, True, "1024"])
def test_the_memory_limit_must_be_a_whole_number_of_megabytes(given):
    with pytest.raises(BadOption, match="^--memory-limit: "):
        api.BuildOptions(memory_limit_mb=given).validate()


def _safety_cap() -> None:
    """The test build may never hold more than 6 GB, whatever the ceiling does (without a
    working one, the greedy engine takes its 2 GB and the build succeeds)."""
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))


@pytest.mark.parametrize("workers", ["2", "1"])  # engine processes; this process
def test_an_engine_over_the_memory_limit_is_one_clear_line(tmp_path, workers):
    article = tmp_path / "greedy.txt"
    article.write_text("Greedy Article\n\nA calm sentence. A GREEDY sentence. The end.\n",
                       encoding="utf-8")  # fmt: skip
    out = tmp_path / "out"
    greedy_cli = "import tests.memory_engine; from narrate.__main__ import run; run()"
    result = subprocess.run(
        [sys.executable, "-c", greedy_cli,
         "build", str(article), "--engine", "tone-greedy", "--workers", workers, "-q",
         "--memory-limit", "300", "-o", str(out)],
        cwd=ROOT, env={**os.environ, "NARRATE_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True, text=True, timeout=120, preexec_fn=_safety_cap,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    limit = "300 MB" if workers == "2" else "the memory it may use"
    assert result.stderr == (
        f"narrate: error: chapter 1, sentence “A GREEDY sentence.”: the engine needed more than "
        f"{limit} (--memory-limit) to speak this; raise the limit, or shorten the text\n"
    )
    assert list(out.iterdir()) == []


THREADED_BUILD = """
import resource, sys, threading
from pathlib import Path
import tests.tone_engine  # registers "tone"
import narrate
from narrate.engines.base import ENGINES

seen = []
engine = ENGINES["tone"]
speak = engine.synthesize
def noting(self, text):
    seen.append(resource.getrlimit(resource.RLIMIT_DATA)[0])
    return speak(self, text)
engine.synthesize = noting

def run(where):
    options = narrate.BuildOptions(out_dir=Path(sys.argv[1]) / where, workers=1,
                                   memory_limit_mb=300, engine=narrate.EngineChoice("tone"))
    narrate.build([sys.argv[2]], options)

worker = threading.Thread(target=run, args=("thread",))
worker.start(); worker.join()
in_thread = set(seen); seen.clear()
run("main")
print(sorted(in_thread) == [resource.RLIM_INFINITY], all(s != resource.RLIM_INFINITY for s in seen))
"""


def test_a_build_on_another_thread_leaves_the_process_uncapped(tmp_path):
    """In-process speaking caps the process's data only from the main thread (the CLI, a
    script): a server building on a worker thread keeps its other threads' memory free."""
    article = tmp_path / "a.txt"
    article.write_text("A Title\n\nOne sentence here. Another one there.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", THREADED_BUILD, str(tmp_path / "out"), str(article)],
        cwd=ROOT, env={**os.environ, "NARRATE_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"], result.stdout
