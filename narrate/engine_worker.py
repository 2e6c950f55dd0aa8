"""One engine process of a pool (narrate/engine_pool.py), run as `python -m narrate.engine_worker`.

It starts from narrate's own module, never from the caller's main module, so a plain script
that calls `narrate.build` needs no `if __name__ == "__main__":`. It reads pickled requests on
stdin and answers on what was stdout (stdout itself goes to stderr, so a stray print cannot
break the conversation): first the engine's class and options, then one sentence at a time.
It ignores the stop signals meant for the main process (which ends it) and exits by itself
when the main process is gone. Its data segment is capped at the pool's memory ceiling, so a
sentence that would need more fails with one clear error instead of taking the machine.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import threading
import time
from typing import IO, Any

from narrate.memory import cap_memory, out_of_memory

HELD_SIGNALS = (signal.SIGINT, signal.SIGHUP)  # the terminal's; the main process ends us
ORPHAN_CHECK_S = 0.5  # how often a worker looks whether the main process is still there
_HEADER = struct.Struct("!I")
PIECE_GAP_MS = 175  # between the engine calls of one text: half a sentence pause


def send(stream: IO[bytes], message: Any) -> None:
    """Write one pickled message, its length first."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """Read one message; EOFError when the other side is gone."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def say(engine: Any, text: str, limit: int | None = None) -> Any:
    """`engine`'s audio for `text`, in calls of at most `limit` (MAX_ENGINE_CHARS) characters
    joined in order with a clause's pause (a sentence is already that short: see
    narrate.speech.script; a long title or heading is not). A piece the memory ceiling refuses
    is tried again in halves while it has words to part; else the error stands."""
    from narrate.speech.clauses import MAX_ENGINE_CHARS, split_long

    pieces = split_long(text, limit or MAX_ENGINE_CHARS)
    audio = None
    for piece in [text] if len(pieces) == 1 else [piece.strip() for piece in pieces]:
        try:
            spoken = engine.synthesize(piece)
        except Exception as error:
            if not out_of_memory(error) or len(piece.split()) < 2:
                raise
            words = piece.split()
            spoken = say(engine, piece, max(len(piece) // 2, *map(len, words)))
        if audio is None:
            audio = spoken
        else:
            audio += spoken.silent(PIECE_GAP_MS, frame_rate=spoken.frame_rate) + spoken
    return audio


def _exit_with(parent: int) -> None:
    """End this worker once the main process is gone (killed), instead of waiting forever."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_S)
    os._exit(1)


def _failure(error: BaseException) -> tuple[str, Any]:
    """The answer for an error: the exception itself when it pickles, else its text."""
    if out_of_memory(error):
        return ("memory", str(error))
    try:
        pickle.dumps(error)
    except Exception:  # an exception type that does not pickle: its text will do
        return ("text", f"{type(error).__name__}: {error}")
    return ("error", error)


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """Take the main process's import path, build the engine the next message names, then
    speak each text that follows."""
    path, parent = receive(requests)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    sys.path[:] = path  # the main process's, so the engine's module imports here too
    try:
        cls, options, megabytes = receive(requests)
        cap_memory(megabytes)
        engine = cls(options)
        engine.load()
    except Exception as error:
        send(answers, _failure(error))
        return
    send(answers, ("ready", os.getpid()))
    while True:
        try:
            text = receive(requests)
        except EOFError:
            return
        try:
            audio = say(engine, text)
        except Exception as error:
            send(answers, _failure(error))
            continue
        send(answers, ("ok", audio.raw_data, audio.frame_rate, engine.voice_loads()))


def _preload(modules: str) -> None:
    """Import `modules` (comma-separated; NARRATE_WORKER_PRELOAD) while the main process is
    still reading the article (engine_pool.start_early); one that fails is left for the
    engine to report when it is built."""
    import importlib

    for module in filter(None, modules.split(",")):
        try:
            importlib.import_module(module)
        except Exception:  # noqa: S112 (the engine's own start says what is missing)
            continue


def main() -> None:
    for stop in HELD_SIGNALS:
        signal.signal(stop, signal.SIG_IGN)
    _preload(os.environ.pop("NARRATE_WORKER_PRELOAD", ""))
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to stderr
    try:
        serve(sys.stdin.buffer, answers)
    except (EOFError, BrokenPipeError):
        pass  # the main process is gone or ended us


if __name__ == "__main__":
    main()
