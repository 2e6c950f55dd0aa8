"""A document (PDF, Word, OpenDocument, EPUB) read in a child process, run as
`python -m narrate.readers.document_worker`, so a hostile one cannot take the caller's time
or memory: the CLI's and the web app's alike.

The parent sends the document's bytes and options (pickled: it trusts its own request); the
child caps its data segment at `parse_memory_mb` (narrate.memory) and its CPU time a little
past `parse_timeout_s` (should the parent be gone), reads the document with the readers
(narrate.readers.read_document_bytes), and answers on what was its stdout. The answer is
unpickled with only narrate's model types allowed (`Article`, `Section`, `Block`): a document
that took over the reader could send no code to run. The parent kills the child at the parse
deadline; a child that dies (out of memory, a crash) or overruns is one line naming the file,
the limit and the option that raises it. What the reader logged (warnings) is logged again in
the parent. Starting the child costs about a tenth of a second of CPU
(scripts/bench_document_worker.py).
"""

from __future__ import annotations

import io
import logging
import math
import os
import pickle
import resource
import signal
import subprocess
import sys
import traceback
from typing import IO, Any

from narrate.child_process import child_env
from narrate.errors import ArticleError, NarrateError
from narrate.model import Article
from narrate.readers.document_options import DocumentOptions

log = logging.getLogger(__name__)

CPU_SLACK_S = 5  # the child's own CPU limit past the deadline: a backstop should we be killed
ALLOWED = frozenset({("narrate.model", "Article"), ("narrate.model", "Section"),
                     ("narrate.model", "Block")})  # fmt: skip
Record = tuple[str, int, str]  # a log record: logger's name, level, message


class ReaderFailed(NarrateError):
    """A reader failed on a document in a way it should not (a bug, said in one line; the
    child's traceback is logged at debug level). Not an ArticleError, so the readers' tests
    that expect only ArticleErrors from damaged documents still catch the bug."""


def read_in_child(data: bytes, name: str, options: DocumentOptions, max_chars: int) -> Article:
    """The document's Article, read in a child process under the options' limits; an
    ArticleError (one line) when it is refused, overruns a limit or the child dies."""
    request = pickle.dumps(
        (sys.path, logging.getLogger("narrate").getEffectiveLevel(), data, name, options,
         max_chars), protocol=pickle.HIGHEST_PROTOCOL,
    )  # fmt: skip
    process = subprocess.Popen(
        # -P: the current folder is not put first on the path, so a `resource.py` beside the
        # document is never imported in place of the standard library's
        [sys.executable, "-P", "-m", __name__], env=child_env(),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        answer, errors = process.communicate(request, timeout=options.parse_timeout_s)
    except subprocess.TimeoutExpired:
        raise ArticleError(
            name, f"took longer than {options.parse_timeout_s:g} s to read, the limit; "
            "--parse-timeout raises it",
        ) from None  # fmt: skip
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    if errors:
        log.debug("%s: the reading process said: %s", name, errors.decode("utf-8", "replace"))
    if not answer:
        raise ArticleError(name, _died(process.returncode, options))
    reply, records = decoded(answer, name)
    for logger, level, message in records:
        logging.getLogger(logger).log(level, "%s", message)
    return _result(reply, name, options)


def decoded(answer: bytes, name: str) -> tuple[tuple[Any, ...], list[Record]]:
    """The child's answer unpickled (only the model's types allowed: no code runs) and its
    shape checked: a reply, and log records; a ReaderFailed when it is anything else."""
    try:
        reply, records = _ModelUnpickler(io.BytesIO(answer)).load()
        if not isinstance(reply, tuple) or not reply or not all(
            isinstance(record, tuple) and [type(part) for part in record] == [str, int, str]
            for record in records
        ):
            raise ValueError("not a reply and its log records")
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as error:
        raise ReaderFailed(f"{name}: the reading process answered wrongly ({error})") from None
    return reply, records


def _result(reply: tuple[Any, ...], name: str, options: DocumentOptions) -> Article:
    """The Article the child sent, or the error it said, raised here."""
    kind = reply[0]
    if kind == "ok" and isinstance(reply[1], Article):
        return reply[1]
    if kind == "refused":
        raise ArticleError(reply[1], reply[2])
    if kind == "memory":
        raise ArticleError(name, _over_memory(options))
    log.debug("%s: the reader failed:\n%s", name, reply[-1])
    raise ReaderFailed(f"{name}: narrate failed to read it ({reply[1]}); please report this")


def _over_memory(options: DocumentOptions) -> str:
    return (f"needed more than {options.parse_memory_mb:,} MB of memory to read, the limit; "
            "--parse-memory-mb raises it")  # fmt: skip


def _died(returncode: int | None, options: DocumentOptions) -> str:
    """What to say of a child that ended without answering."""
    if returncode is not None and returncode < 0:
        try:
            how = f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            how = f"killed by signal {-returncode}"
    else:
        how = f"exit status {returncode}"
    return (f"the process reading it stopped ({how}): it is damaged, or needed more than "
            f"{options.parse_memory_mb:,} MB of memory (--parse-memory-mb raises it)")  # fmt: skip


class _ModelUnpickler(pickle.Unpickler):
    """Unpickles narrate's model types and plain data, nothing else (no code to run)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed")




class _Records(logging.Handler):
    """The log records of the reading, kept to be sent to the parent."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[Record] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _limit_cpu(seconds: float) -> None:
    """Cap this process's CPU time: it ends itself should the parent be gone at the deadline."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    limit = math.ceil(seconds) + CPU_SLACK_S
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """Read the one request, read its document, write the one answer."""
    from narrate.memory import cap_memory

    path, level, data, name, options, max_chars = pickle.load(requests)
    sys.path[:] = path
    _limit_cpu(options.parse_timeout_s)
    cap_memory(options.parse_memory_mb)
    records = _Records(level)
    root = logging.getLogger()
    root.addHandler(records)
    root.setLevel(min(level, logging.WARNING))
    reply: tuple[Any, ...]
    try:
        from narrate.readers import read_document_bytes

        reply = ("ok", read_document_bytes(data, name, max_chars, options))
    except ArticleError as error:
        reply = ("refused", error.source, error.problem)
    except MemoryError:
        reply = ("memory",)
    except Exception as error:  # a bug in a reader: one line for the user, the rest logged
        reply = ("bug", f"{type(error).__name__}: {error}", traceback.format_exc())
    del data
    pickle.dump((reply, records.records), answers, protocol=pickle.HIGHEST_PROTOCOL)
    answers.flush()


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent ends us
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to stderr
    try:
        serve(sys.stdin.buffer, answers)
    except MemoryError:  # while answering: an answer of its own, small enough to send
        pickle.dump((("memory",), []), answers)
        answers.flush()


if __name__ == "__main__":
    main()
