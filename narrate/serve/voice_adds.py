"""Voices being added from the web app: each download runs in a thread of its own, and the
voices page reads its progress and outcome from here (one per server process)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from narrate.errors import NarrateError
from narrate.serve.wording import web_message


@dataclass
class Adding:
    """One voice being added: bytes so far and in all, and how it ended."""

    name: str
    done: int = 0
    total: int = 0
    finished: bool = False
    error: str | None = None

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0


class VoiceAdds:
    """The adds started by this server, by voice name; one download per voice at a time."""

    def __init__(self) -> None:
        self._adds: dict[str, Adding] = {}
        self._lock = threading.Lock()

    def start(self, name: str) -> Adding:
        """Start downloading the catalogue's voice `name` (already checked to be one), unless
        it is being downloaded now; its entry."""
        with self._lock:
            running = self._adds.get(name)
            if running is not None and not running.finished:
                return running
            adding = self._adds[name] = Adding(name)
        threading.Thread(target=self._run, args=(adding,), daemon=True, name=f"add {name}").start()
        return adding

    def all(self) -> list[Adding]:
        with self._lock:
            return sorted(self._adds.values(), key=lambda adding: adding.name)

    def _run(self, adding: Adding) -> None:
        from narrate.voices.download import DownloadOptions, add_voice

        def progress(file: str, done: int, total: int) -> None:
            if file.endswith(".onnx"):  # the model is nearly all of a voice
                adding.done, adding.total = done, total

        try:
            add_voice(adding.name, DownloadOptions(), progress)
        except (NarrateError, OSError) as error:
            adding.error = web_message(str(error))
        finally:
            adding.finished = True
