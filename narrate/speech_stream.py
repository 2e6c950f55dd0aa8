"""Sentences spoken one by one and encoded as they are synthesized: the work behind the
OpenAI-compatible speech endpoint (`POST /v1/audio/speech`), reached through `api.speech`,
which reads the text as a build does (the normaliser, the lexicons, a cue per sentence, the
podcast profile's pauses) but adds no title, heading or synthetic-voice notice.

Each sentence is trimmed, given its pause and handed to one ffmpeg, which levels it by the
voice's fixed gain (narrate.voice_gain), changes its speed, limits its peaks and encodes it
while the next sentence is spoken."""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from narrate._pydub import AudioSegment
from narrate.assemble import edged
from narrate.engine_worker import say
from narrate.engines.base import Engine
from narrate.errors import BadOption, EngineError, NarrateError
from narrate.ffmpeg import _widen_pipe, ffmpeg_exe
from narrate.levelling import limiter
from narrate.model import Article, Block, Cue, Section
from narrate.voice_gain import ceiling_dbtp, voice_gain

log = logging.getLogger(__name__)

STREAM_RATE = 24_000  # every format's sample rate: OpenAI's pcm is 24 kHz, 16-bit LE, mono
MAX_INPUT_CHARS = 4096  # OpenAI's limit for one request
MIN_SPEED, MAX_SPEED = 0.25, 4.0
READ_BYTES = 1 << 16


@dataclass(frozen=True)
class Encoding:
    """An output format: its media type and ffmpeg's output options (`wav_header`: raw PCM
    after a WAV header of unknown length, written here, as a stream cannot seek back)."""

    name: str
    media_type: str
    args: tuple[str, ...]
    wav_header: bool = False


ENCODINGS = {
    e.name: e
    for e in (
        Encoding("mp3", "audio/mpeg", ("-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3")),
        Encoding("opus", "audio/ogg", ("-c:a", "libopus", "-b:a", "32k", "-f", "ogg")),
        Encoding("aac", "audio/aac", ("-c:a", "aac", "-b:a", "64k", "-f", "adts")),
        Encoding("flac", "audio/flac", ("-c:a", "flac", "-f", "flac")),
        Encoding("wav", "audio/wav", ("-c:a", "pcm_s16le", "-f", "s16le"), wav_header=True),
        Encoding("pcm", "audio/pcm", ("-c:a", "pcm_s16le", "-f", "s16le")),
    )
}


@dataclass(frozen=True)
class SpeechOptions:
    """What one stream says and how: the engine and voice (None: the engine's default for
    `language`), the speed (1.0: the voice's own), the format, the user's lexicon."""

    engine: str = "piper"
    voice: str | None = None
    language: str = "en"
    speed: float = 1.0
    format: str = "mp3"
    lexicon: Path | None = None
    clinical: bool = True

    def validate(self, text: str) -> None:
        """Raise a BadOption naming the first thing that cannot work (the text, the speed,
        the format); the engine and voice are checked when the engine is made."""
        if not text.strip():
            raise BadOption("there is no text to speak", "input")
        if len(text) > MAX_INPUT_CHARS:
            raise BadOption(f"{len(text):,} characters; give at most {MAX_INPUT_CHARS:,}", "input")
        if any("\ud800" <= c <= "\udfff" for c in text):
            raise BadOption("not valid text (it holds a lone surrogate)", "input")
        speed = self.speed
        if (
            isinstance(speed, bool)
            or not isinstance(speed, int | float)
            or not (MIN_SPEED <= speed <= MAX_SPEED)
        ):
            raise BadOption(f"{speed!r}; give {MIN_SPEED:g} to {MAX_SPEED:g}", "speed")
        if self.format not in ENCODINGS:
            raise BadOption(f"{self.format!r}; choose from {', '.join(ENCODINGS)}", "format")


def article_of(text: str, language: str) -> Article:
    """`text` as an article with no title or headings: one paragraph per blank-line block."""
    paragraphs = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    blocks = tuple(Block(paragraph) for paragraph in paragraphs if paragraph)
    return Article("", (Section(None, 1, blocks),), language=language, source="input")


def engine_for(options: SpeechOptions) -> Engine:
    """The engine that speaks `options`' voice, made once per process (its voice stays loaded
    between streams: narrate.warm_engines); a BadOption for an engine or voice not here."""
    from narrate.engines import EngineOptions
    from narrate.warm_engines import warm_engine

    return warm_engine(
        options.engine, EngineOptions(language=options.language, voice=options.voice)
    )


class SpeechStream:
    """One request's audio: iterate for the encoded bytes as they come; `close()` ends it
    early (the listener left). The first sentence is spoken when the stream is opened, so an
    engine that fails, fails before anything is sent."""

    def __init__(self, cues: tuple[Cue, ...], engine: Engine, options: SpeechOptions):
        self.encoding = ENCODINGS[options.format]
        self.engine, self.options, self._cues = engine, options, cues
        self.gain_db = voice_gain(engine)
        self._first = _clip(engine, cues[0])
        self._stop = threading.Event()
        self._failure: BaseException | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._errors = tempfile.TemporaryFile()  # ffmpeg's log, read when it fails

    @property
    def media_type(self) -> str:
        return self.encoding.media_type

    @property
    def voice(self) -> str:
        """The voice speaking, as the engine names it."""
        return self.engine.info().voice

    def __iter__(self) -> Iterator[bytes]:
        rate = self._first.frame_rate
        process = self._process = self._start(rate)
        assert process.stdout is not None and process.stdin is not None  # PIPE both
        writer = threading.Thread(target=self._feed, args=(process.stdin, rate), daemon=True)
        writer.start()
        try:
            if self.encoding.wav_header:
                yield wav_header(STREAM_RATE)
            while not self._stop.is_set() and (
                chunk := os.read(process.stdout.fileno(), READ_BYTES)
            ):
                yield chunk
            status = process.wait()
            writer.join()
            if self._stop.is_set():  # closed: nothing more is wanted, nothing went wrong
                return
            if self._failure is not None:
                raise self._failure
            if status != 0:
                self._errors.seek(0)
                said = self._errors.read().decode("utf-8", "replace").strip().splitlines()
                raise NarrateError(f"ffmpeg failed: {(said or ['?'])[-1]}")
        finally:
            self.close()
            process.stdout.close()

    def _start(self, rate: int) -> subprocess.Popen[bytes]:
        """ffmpeg reading the sentences' PCM at `rate` and writing the encoded stream."""
        command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
                   "-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0",
                   "-af", self.filters(), "-ar", str(STREAM_RATE), "-ac", "1",
                   *self.encoding.args, "-flush_packets", "1", "pipe:1"]  # fmt: skip
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors
        )
        assert process.stdin is not None
        _widen_pipe(process.stdin)
        return process

    def filters(self) -> str:
        """The voice's fixed gain, the speed (atempo, which keeps the pitch, in steps it
        takes: 0.5 to 2 each) and the podcast profile's true-peak limiter."""
        steps = [f"volume={self.gain_db:.2f}dB"]
        speed = float(self.options.speed)
        while speed < 0.5 or speed > 2.0:
            step = 0.5 if speed < 0.5 else 2.0
            steps.append(f"atempo={step}")
            speed /= step
        if speed != 1.0:
            steps.append(f"atempo={speed:.4f}")
        return ",".join([*steps, limiter(ceiling_dbtp())])

    def _feed(self, stdin: IO[bytes], rate: int) -> None:
        """Speak each sentence after the first and write it, with its pause, to ffmpeg."""
        try:
            for n, cue in enumerate(self._cues):
                if self._stop.is_set():
                    return
                clip = self._first if n == 0 else _clip(self.engine, cue)
                if clip.frame_rate != rate:
                    clip = clip.set_frame_rate(rate)
                last = n == len(self._cues) - 1
                pause = 0 if last else cue.pause_after_ms
                stdin.write(clip.raw_data + bytes(2 * (rate * pause // 1000)))
                stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # ffmpeg stopped (the stream was closed, or its log says why)
        except Exception as error:  # sent on to the reader, who raises it after what was said
            self._failure = error
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    def close(self) -> None:
        """Stop speaking and end ffmpeg (nothing more is wanted); harmless when finished. A
        reader waiting for ffmpeg's output, on another thread, then finds its end."""
        self._stop.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        self._errors.close()


def _clip(engine: Engine, cue: Cue) -> AudioSegment:
    """One sentence's audio, trimmed to its sound with faded edges (assemble.edged). The
    engine is shared by every stream in its voice: its limiter keeps it to the sentences it
    may speak at once (Piper: one per process), so streams side by side take turns sentence
    by sentence."""
    try:
        with engine.control.limiter:
            spoken = say(engine, cue.spoken)
        return edged(spoken)[0]
    except NarrateError:
        raise
    except Exception as error:  # an engine's own failure, said in one line
        raise EngineError(f"{engine.name} could not speak {cue.display[:60]!r}: {error}") from None


def wav_header(rate: int) -> bytes:
    """A mono 16-bit WAV header whose sizes say "unknown" (0xFFFFFFFF), as streamed WAV does."""
    import struct

    unknown = 0xFFFFFFFF
    return (
        b"RIFF" + struct.pack("<I", unknown) + b"WAVE"
        + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
        + b"data" + struct.pack("<I", unknown)
    )  # fmt: skip


def open_stream(cues: tuple[Cue, ...], options: SpeechOptions) -> SpeechStream:
    """Make (or reuse) the engine and speak the first of `cues` (api.speech scripts the text):
    every error the voice can cause is raised here, before any audio."""
    if not cues:
        raise BadOption("there is nothing speakable in the text", "input")
    return SpeechStream(cues, engine_for(options), options)
