"""The OpenAI-compatible speech API: `POST /v1/audio/speech` streams narrate's reading of a
text (narrate.speech_stream) in the voice an OpenAI voice name maps to; `GET /v1/models`.
Errors are one line in OpenAI's shape, so its client libraries raise their usual exceptions."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from narrate import api
from narrate.engines import ENGINES
from narrate.engines.piper import DEFAULT_VOICE
from narrate.errors import ArticleError, BadOption, NarrateError
from narrate.serve.editions import server_of
from narrate.serve.inputs import shortened
from narrate.speech_stream import SpeechOptions, SpeechStream

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["openai"])

OPENAI_MODELS = ("tts-1", "tts-1-hd", "gpt-4o-mini-tts")  # all spoken by Piper, offline
OPENAI_ENGINE = "piper"
# OpenAI's voices → Piper voices of a like kind; one not added here is the bundled voice
OPENAI_VOICES = {
    "alloy": "en_US-lessac-medium",
    "ash": "en_US-ryan-medium",
    "ballad": "en_GB-northern_english_male-medium",
    "coral": "en_US-amy-medium",
    "echo": DEFAULT_VOICE,
    "fable": "en_GB-alan-medium",
    "onyx": "en_US-norman-medium",
    "nova": "en_US-kristin-medium",
    "sage": "en_US-hfc_female-medium",
    "shimmer": "en_GB-jenny_dioco-medium",
    "verse": "en_US-bryce-medium",
}
MAX_STREAMS = 2  # streams spoken at once (one per core); more are answered 429
FIELDS = ("model", "input", "voice", "response_format", "speed", "instructions", "stream_format")


class OpenAIError(Exception):
    """A request refused (400), with the parameter at fault."""

    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.param = param


def error_response(message: str, status: int, param: str | None = None,
                   kind: str | None = None, code: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:  # fmt: skip
    """`{"error": {"message", "type", "param", "code"}}`, OpenAI's error body."""
    kind = kind or ("authentication_error" if status == 401 else
                    "server_error" if status >= 500 else "invalid_request_error")  # fmt: skip
    body = {"message": " ".join(message.split()), "type": kind, "param": param, "code": code}
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _slots(request: Request) -> threading.BoundedSemaphore:
    """The app's places for streams spoken at once (MAX_STREAMS), made on first use."""
    state = request.app.state
    if not hasattr(state, "speech_slots"):
        state.speech_slots = threading.BoundedSemaphore(MAX_STREAMS)
    slots: threading.BoundedSemaphore = state.speech_slots
    return slots


@router.get("/models")
def models() -> dict[str, Any]:
    """The models `POST /v1/audio/speech` takes: OpenAI's names, then narrate's engines."""
    names = [*OPENAI_MODELS, *sorted(ENGINES)]
    return {"object": "list", "data": [
        {"id": name, "object": "model", "created": 0, "owned_by": "narrate"} for name in names
    ]}  # fmt: skip


@router.post("/audio/speech", response_model=None)
async def speech(request: Request) -> Response:
    """The text spoken by narrate, streamed as it is synthesized: `model` (tts-1, tts-1-hd,
    gpt-4o-mini-tts or a narrate engine), `voice` (an OpenAI voice or a narrate voice),
    `input` (up to 4,096 characters), `response_format` (mp3, opus, aac, flac, wav, pcm) and
    `speed` (0.25 to 4)."""
    try:
        text, options = _request(await request.body(), request)
    except OpenAIError as error:
        return error_response(str(error), 400, error.param)
    slots = _slots(request)
    if not slots.acquire(blocking=False):
        return error_response(
            f"this server speaks {MAX_STREAMS} requests at once; try again in a moment",
            429, kind="rate_limit_error", code="rate_limit_exceeded",
            headers={"Retry-After": "1"},
        )  # fmt: skip
    try:
        stream = await run_in_threadpool(api.speech, text, options)
    except BadOption as error:
        slots.release()
        return error_response(error.problem, 400, error.option or "voice")  # the engine's
    except ArticleError:
        slots.release()
        return error_response("input: there is nothing to speak in it", 400, "input")
    except NarrateError as error:  # the engine could not speak: the server's fault
        slots.release()
        return error_response(str(error), 500)
    except BaseException:  # an interrupt: the slot is not lost
        slots.release()
        raise
    return _Speaking(stream, slots)


class _Speaking(StreamingResponse):
    """The stream's audio as it comes; however the response ends (finished, the listener
    gone, the server stopping), the stream is closed and its slot given back."""

    def __init__(self, stream: SpeechStream, slots: threading.BoundedSemaphore):
        headers = {
            "X-Narrate-Voice": f"{stream.engine.name}/{stream.voice}",
            "X-Narrate-Gain-dB": f"{stream.gain_db:.1f}",
            "Cache-Control": "no-store",
        }
        super().__init__(_chunks(stream), media_type=stream.media_type, headers=headers)
        self.stream, self.slots = stream, slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.stream.close()
            self.slots.release()


async def _chunks(stream: SpeechStream) -> AsyncIterator[bytes]:
    """The stream's bytes, read on a worker thread as ffmpeg gives them. An engine failing
    part-way ends the response there, its cause in the server's log: the app's HTTP
    middleware finishes any response it relays, so it cannot be broken off."""
    chunks = iter(stream)
    try:
        while (chunk := await run_in_threadpool(next, chunks, None)) is not None:
            yield chunk
    except NarrateError as error:
        log.warning("speech ended early: %s", error)


def _request(raw: bytes, request: Request) -> tuple[str, SpeechOptions]:
    """The JSON body checked, field by field, into the text and the stream's options."""
    try:
        body = json.loads(raw)
    except ValueError:
        raise OpenAIError("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise OpenAIError("the body must be a JSON object")
    unknown = [name for name in body if name not in FIELDS]
    if unknown:
        raise OpenAIError(f"unknown parameter {shortened(str(unknown[0]))!r}", str(unknown[0]))
    for name in ("model", "input", "voice"):
        if not isinstance(body.get(name), str):
            raise OpenAIError(f"{name}: give it as a string", name)
    if body.get("stream_format", "audio") != "audio":
        raise OpenAIError("stream_format: only audio is offered here", "stream_format")
    response_format = body.get("response_format", "mp3")
    speed = body.get("speed", 1.0)
    if not isinstance(response_format, str):
        raise OpenAIError("response_format: give it as a string", "response_format")
    if isinstance(speed, bool) or not isinstance(speed, int | float):
        raise OpenAIError("speed: give a number from 0.25 to 4.0", "speed")
    engine, voice, language = resolve_voice(body["model"], body["voice"])
    library = server_of(request).library
    options = SpeechOptions(
        engine=engine, voice=voice, language=language, speed=float(speed),
        format=response_format, lexicon=library.lexicon if library.lexicon.is_file() else None,
    )  # fmt: skip
    try:
        options.validate(body["input"])
    except BadOption as error:
        param = {"format": "response_format"}.get(error.option or "", error.option)
        raise OpenAIError(f"{param}: {error.problem}", param) from None
    return body["input"], options


def resolve_voice(model: str, voice: str) -> tuple[str, str | None, str]:
    """The narrate engine, voice (None: the engine's own default) and language that `model`
    and `voice` name; an OpenAIError for a model or voice unknown here."""
    engine = OPENAI_ENGINE if model in OPENAI_MODELS else model
    if engine not in ENGINES:
        known = ", ".join([*OPENAI_MODELS, *sorted(ENGINES)])
        raise OpenAIError(f"model: no model {shortened(model)!r} here; choose {known}", "model")
    offered = {v.id: v for v in ENGINES[engine].voices()}
    if voice in OPENAI_VOICES:
        chosen: str | None = None
        if engine == OPENAI_ENGINE:
            wanted = OPENAI_VOICES[voice]
            chosen = wanted if wanted in offered else DEFAULT_VOICE
    elif voice in offered:
        chosen = voice
    else:
        known = ", ".join([*OPENAI_VOICES, *offered])
        raise OpenAIError(f"voice: no voice {shortened(voice)!r} for {engine}; choose {known}",
                          "voice")  # fmt: skip
    language = offered[chosen].language if chosen in offered else "en"
    return engine, chosen, "en" if language == "any" else language  # the test tone's "any"
