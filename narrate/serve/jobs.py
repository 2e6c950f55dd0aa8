"""The job queue in SQLite (the standard library's): one row per edition asked for, so jobs
queued before a restart run after it, and a job the restart interrupted runs again (its clips
come back from the clip cache)."""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import NotRequired, TypedDict

log = logging.getLogger(__name__)
DRAFT, QUEUED, RUNNING, DONE, FAILED, CANCELLED = (
    "draft",
    "queued",
    "running",
    "done",
    "failed",
    "cancelled",
)
SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    status TEXT NOT NULL,
    source TEXT NOT NULL,          -- a URL, or a file under the server's state folder
    title TEXT, author TEXT,       -- as the user gave them (build options)
    heading TEXT,                  -- the article's title as read, once known
    profiles TEXT NOT NULL,        -- JSON list
    engine TEXT NOT NULL, voice TEXT,
    progress REAL NOT NULL DEFAULT 0,
    clips_done INTEGER NOT NULL DEFAULT 0, clips_total INTEGER NOT NULL DEFAULT 0,  -- whole job
    building TEXT,                 -- the profile whose edition is being built
    chapter INTEGER, started REAL, finished REAL,
    error TEXT,
    editions TEXT NOT NULL DEFAULT '[]',  -- JSON: [{"profile", "folder", "synthesized", ...}]
    cancel INTEGER NOT NULL DEFAULT 0,
    split_chapters INTEGER NOT NULL DEFAULT 0,  -- podcast: one audio file per chapter too
    ocr INTEGER NOT NULL DEFAULT 0,                -- how a document is read (DocumentOptions)
    tables TEXT NOT NULL DEFAULT 'read', notes TEXT NOT NULL DEFAULT 'end',
    callback TEXT                  -- JSON: the webhook asked for and how its delivery went
)
"""
# Columns added since the first queue: a queue made by an older narrate gains them on start.
ADDED = {
    "heading": "TEXT",
    "building": "TEXT",
    "split_chapters": "INTEGER NOT NULL DEFAULT 0",
    "ocr": "INTEGER NOT NULL DEFAULT 0",
    "tables": "TEXT NOT NULL DEFAULT 'read'",
    "notes": "TEXT NOT NULL DEFAULT 'end'",
    "callback": "TEXT",
}


class EditionRecord(TypedDict):
    """One edition a job made, as the queue keeps it (JSON)."""

    profile: str
    folder: str  # in the library: <profile>/<slug>
    synthesized: NotRequired[int]  # clips (absent for an edition found on disk after a reset)
    from_cache: NotRequired[int]


class CallbackRecord(TypedDict):
    """A job's webhook (narrate.webhooks) and how its latest delivery went (JSON)."""

    url: str
    state: str  # pending (being delivered, or to deliver), delivered, failed
    attempts: int
    last_status: int | None  # the receiver's last HTTP status; None: it never answered
    error: str | None  # one line, when the last attempt failed
    message_id: str | None  # webhook-id of the latest delivery
    finished: float | None  # when the latest delivery ended


@dataclass(frozen=True)
class Job:
    """One edition asked for (of one article, in one or more profiles) and how it stands."""

    id: str
    created: float
    status: str
    source: str
    title: str | None
    author: str | None
    profiles: tuple[str, ...]
    engine: str
    voice: str | None
    progress: float = 0.0
    clips_done: int = 0  # sentences spoken so far, over every edition of the job
    clips_total: int = 0  # sentences in every edition of the job
    building: str | None = None  # the profile being built now
    chapter: int | None = None
    started: float | None = None
    finished: float | None = None
    error: str | None = None
    editions: tuple[EditionRecord, ...] = field(default_factory=tuple)
    cancel: bool = False
    heading: str | None = None
    split_chapters: bool = False  # the podcast edition: one audio file per chapter too
    ocr: bool = False  # a document's reading choices, as `narrate build` takes them
    tables: str = "read"
    notes: str = "end"
    callback: CallbackRecord | None = None  # a webhook to call when the job ends

    @property
    def name(self) -> str:
        """What to call the job on a page: the title given, else as read, else a stand-in."""
        return self.title or self.heading or "Untitled article"

    @property
    def seconds_left(self) -> float | None:
        """Time left, from the pace so far (None until there is a pace to go by)."""
        if self.status != RUNNING or not self.started or self.progress < 0.02:
            return None
        elapsed = time.time() - self.started
        return elapsed * (1 - self.progress) / self.progress


class JobStore:
    """The jobs table; each call opens its own connection, so any thread may use it."""

    def __init__(self, path: Path):
        """Open (or make) the queue at `path`; sqlite3.DatabaseError when it is damaged."""
        self.path = path
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute(SCHEMA)
            damage = [row[0] for row in db.execute("PRAGMA quick_check")]
            if damage != ["ok"]:
                raise sqlite3.DatabaseError(damage[0] if damage else "quick_check failed")
            columns = {row["name"] for row in db.execute("PRAGMA table_info(jobs)")}
            for name, kind in ADDED.items():  # a queue made by an older narrate
                if name not in columns:
                    db.execute(f"ALTER TABLE jobs ADD COLUMN {name} {kind}")
                    columns.add(name)
            if missing := {f.name for f in fields(Job)} - columns:
                raise sqlite3.DatabaseError(f"its jobs table lacks {', '.join(sorted(missing))}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    def add(
        self,
        *,
        source: str,
        title: str | None,
        author: str | None,
        profiles: tuple[str, ...],
        engine: str,
        voice: str | None,
        status: str = QUEUED,
        job_id: str | None = None,
        split_chapters: bool = False,
        ocr: bool = False,
        tables: str = "read",
        notes: str = "end",
        callback_url: str | None = None,
    ) -> Job:
        """A new job (queued, or a draft waiting for review)."""
        job_id = job_id or new_id()
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO jobs (id, created, status, source, title, author, profiles, engine,"
                " voice, split_chapters, ocr, tables, notes, callback)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job_id,
                    time.time(),
                    status,
                    source,
                    title,
                    author,
                    json.dumps(profiles),
                    engine,
                    voice,
                    int(split_chapters),
                    ocr,
                    tables,
                    notes,
                    json.dumps(new_callback(callback_url)) if callback_url else None,
                ),
            )
        job = self.get(job_id)
        assert job is not None
        return job

    def get(self, job_id: str) -> Job | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return _job(row) if row else None

    def restore(self, found: list[Job]) -> None:
        """Add finished jobs rebuilt from the editions in the library (after a reset)."""
        with self._lock, self._connect() as db:
            for job in found:
                db.execute(
                    "INSERT INTO jobs (id, created, status, source, heading, profiles, engine, "
                    "voice, progress, finished, editions) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                    (job.id, job.created, DONE, job.source, job.heading,
                     json.dumps(job.profiles), job.engine, job.voice, job.created,
                     json.dumps(job.editions)),
                )  # fmt: skip

    def all(self, *, drafts: bool = False) -> list[Job]:
        """Every job, newest first (drafts only when asked; a damaged row is left out)."""
        where = "" if drafts else f"WHERE status != '{DRAFT}'"
        with self._connect() as db:
            rows = db.execute(f"SELECT * FROM jobs {where} ORDER BY created DESC").fetchall()
        return [job for job in map(_job, rows) if job is not None]

    def update(self, job_id: str, **values: object) -> None:
        """Set some columns of one job."""
        known = {f.name for f in fields(Job)}
        assert set(values) <= known, set(values) - known
        for name in ("profiles", "editions", "callback"):
            if name in values:
                values[name] = json.dumps(values[name])
        columns = ", ".join(f"{name} = ?" for name in values)
        with self._lock, self._connect() as db:
            db.execute(f"UPDATE jobs SET {columns} WHERE id = ?", (*values.values(), job_id))

    def queue(self, job_id: str) -> None:
        """Put a job (a draft, a finished or failed one) in the queue, from the start."""
        self.update(
            job_id,
            status=QUEUED,
            progress=0.0,
            clips_done=0,
            clips_total=0,
            building=None,
            chapter=None,
            started=None,
            finished=None,
            error=None,
            cancel=False,
        )

    def next_queued(self) -> Job | None:
        """The oldest queued job, marked running; None when the queue is empty."""
        with self._lock, self._connect() as db:
            row = db.execute(
                "SELECT * FROM jobs WHERE status = ? ORDER BY created LIMIT 1", (QUEUED,)
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE jobs SET status = ?, started = ? WHERE id = ?",
                (RUNNING, time.time(), row["id"]),
            )
        return self.get(row["id"])

    def requeue_interrupted(self) -> int:
        """Jobs that were running when the server stopped go back in the queue; how many."""
        with self._lock, self._connect() as db:
            db.execute(
                "UPDATE jobs SET status = ?, error = 'cancelled' WHERE status = ? AND cancel = 1",
                (CANCELLED, RUNNING),
            )
            return db.execute(
                "UPDATE jobs SET status = ?, started = NULL WHERE status = ?", (QUEUED, RUNNING)
            ).rowcount

    def delete(self, job_id: str) -> None:
        with self._lock, self._connect() as db:
            db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))


def new_id() -> str:
    """A job id: 12 random hex digits, safe in URLs and file names."""
    return secrets.token_hex(6)


def new_callback(url: str) -> CallbackRecord:
    """A webhook not yet delivered."""
    return {"url": url, "state": "pending", "attempts": 0, "last_status": None, "error": None,
            "message_id": None, "finished": None}  # fmt: skip


def is_id(text: str) -> bool:
    return len(text) == 12 and all(c in "0123456789abcdef" for c in text)


def _job(row: sqlite3.Row) -> Job | None:
    """The job in `row`; None (with a warning) when the row is damaged."""
    values = dict(row)
    try:
        values["profiles"] = tuple(json.loads(values["profiles"]))
        values["editions"] = tuple(dict(e) for e in json.loads(values["editions"]))
        values["cancel"] = bool(values["cancel"])
        values["split_chapters"] = bool(values["split_chapters"])
        values["ocr"] = bool(values["ocr"])
        values["callback"] = json.loads(values["callback"]) if values["callback"] else None
        return Job(**values)
    except (ValueError, TypeError, KeyError) as error:
        log.warning("job %s in the queue is damaged (%s); left out", values.get("id"), error)
        return None
