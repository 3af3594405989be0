"""The state database: every document, its status and its renditions, in one SQLite file or in
PostgreSQL (`database_url`, for several machines sharing one state).

Short transactions let several processes (two runs and a watcher, or workers on other machines)
share it; a document is claimed atomically (SQLite's write lock, PostgreSQL's row lock), so it is
processed exactly once, and the claims of a crashed process are released.
"""

from __future__ import annotations

import json
import os
import socket
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from pipeline.db import Database

if TYPE_CHECKING:
    from pipeline.config import Settings

SCHEMA = [
    """
    CREATE TABLE IF NOT EXISTS documents (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        day TEXT NOT NULL,
        status TEXT NOT NULL,          -- pending, processing, analysed, done, failed, superseded
        reason TEXT,
        message TEXT,
        title TEXT,
        lang TEXT,
        probability DOUBLE PRECISION,
        analysis TEXT,                 -- JSON from pipeline.analysis
        claimed_by TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        first_seen DOUBLE PRECISION NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL,
        seconds DOUBLE PRECISION
    )
    """,
    "CREATE INDEX IF NOT EXISTS documents_day ON documents(day, status)",
    """
    CREATE TABLE IF NOT EXISTS files (
        path TEXT PRIMARY KEY,
        size BIGINT NOT NULL,
        mtime_ns BIGINT NOT NULL,
        doc_id TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS renditions (
        doc_id TEXT NOT NULL,
        target TEXT NOT NULL,
        kind TEXT NOT NULL,            -- summary or full
        status TEXT NOT NULL,          -- translated, original, no-route
        content TEXT NOT NULL,         -- JSON: title, sentences, route, models
        updated_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (doc_id, target, kind)
    )
    """,
]

ACTIVE = ("pending", "processing", "analysed")


def owner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_alive(owner: str | None) -> bool:
    """Whether the process named by ``owner_id()`` may still run (another machine's always may)."""
    if not owner:
        return False
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname():
        return True  # another machine's claim: only it can release it
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True


@dataclass(frozen=True)
class DocumentRow:
    id: str
    path: str
    day: str
    status: str
    reason: str | None
    message: str | None
    title: str | None
    lang: str | None
    probability: float | None
    analysis: dict[str, Any] | None
    attempts: int
    seconds: float | None

    @property
    def short_id(self) -> str:
        return self.id[:16]


class Store:
    """The state database at `target`: a SQLite file path, or a `postgresql://` URL."""

    def __init__(self, target: Path | str) -> None:
        self._db = Database(target, timeout=60)
        self.path = None if self._db.postgres else Path(target)
        self.location = self._db.label
        with self.transaction() as db:
            db.lock("briefings-schema")  # concurrent CREATE TABLE IF NOT EXISTS can collide on PostgreSQL
            for statement in SCHEMA:
                db.execute(statement)

    @classmethod
    def open(cls, settings: "Settings") -> "Store":
        """The state database the settings name: `database_url`, else `<out>/.state/state.sqlite3`."""
        return cls(settings.database_url or settings.database)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A short write transaction: concurrent writers queue (SQLite BEGIN IMMEDIATE; PostgreSQL row locks)."""
        with self._db.transaction() as db:
            yield db

    # -- files and documents -------------------------------------------------------------

    def known_file(self, path: Path, size: int, mtime_ns: int) -> str | None:
        """The document id of a file seen before with the same size and mtime (no need to re-read it)."""
        row = self._db.execute(
            "SELECT doc_id FROM files WHERE path = ? AND size = ? AND mtime_ns = ?", (str(path), size, mtime_ns)
        ).fetchone()
        return row[0] if row else None

    def register(self, doc_id: str, path: Path, size: int, mtime_ns: int, day: str, title: str | None = None) -> bool:
        """Record a document found in the inbox. Returns True if it is new (needs processing).

        A file whose content changed supersedes the document it held before.
        """
        now = time.time()
        with self.transaction() as db:
            db.lock("file:" + str(path))  # the row may not exist yet: FOR UPDATE cannot lock it
            db.lock("document:" + doc_id)
            previous = db.execute("SELECT doc_id FROM files WHERE path = ?", (str(path),)).fetchone()
            db.execute(
                "INSERT INTO files(path, size, mtime_ns, doc_id) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, doc_id = excluded.doc_id",
                (str(path), size, mtime_ns, doc_id),
            )
            if previous and previous[0] != doc_id:
                still_used = db.execute("SELECT 1 FROM files WHERE doc_id = ? LIMIT 1", (previous[0],)).fetchone()
                if not still_used:
                    db.execute(
                        "UPDATE documents SET status = 'superseded', updated_at = ? WHERE id = ? AND status != 'superseded'",
                        (now, previous[0]),
                    )
            cursor = db.execute(
                "INSERT INTO documents(id, path, day, status, title, first_seen, updated_at) "
                "VALUES (?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                (doc_id, str(path), day, title, now, now),
            )
            if cursor.rowcount:
                return True
            row = db.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row[0] == "superseded":  # the old content came back
                db.execute("UPDATE documents SET status = 'pending', path = ?, day = ?, updated_at = ? WHERE id = ?",
                           (str(path), day, now, doc_id))
                return True
            return row[0] in ACTIVE

    def record_failure(self, doc_id: str, path: Path, day: str, reason: str, message: str) -> None:
        now = time.time()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO documents(id, path, day, status, reason, message, attempts, first_seen, updated_at) "
                "VALUES (?, ?, ?, 'failed', ?, ?, 1, ?, ?) ON CONFLICT(id) DO UPDATE SET status = 'failed', "
                "reason = excluded.reason, message = excluded.message, path = excluded.path, "
                "attempts = documents.attempts + 1, claimed_by = NULL, updated_at = excluded.updated_at",
                (doc_id, str(path), day, reason, message, now, now),
            )

    def claim(self, doc_id: str, owner: str | None = None, statuses: Sequence[str] = ("pending",)) -> bool:
        """Atomically take a document for processing; also takes over claims of dead processes."""
        owner = owner or owner_id()
        with self.transaction() as db:
            row = db.execute("SELECT status, claimed_by FROM documents WHERE id = ?" + db.for_update, (doc_id,)).fetchone()
            if row is None:
                return False
            status, claimed_by = row
            if status == "processing" and claimed_by != owner and owner_alive(claimed_by):
                return False
            if status not in statuses and status != "processing":
                return False
            db.execute(
                "UPDATE documents SET status = 'processing', claimed_by = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
                (owner, time.time(), doc_id),
            )
            return True

    def release_dead_claims(self) -> int:
        """Put documents claimed by processes that no longer exist back to pending."""
        rows = self._db.execute("SELECT id, claimed_by FROM documents WHERE status = 'processing'").fetchall()
        dead = [doc_id for doc_id, owner in rows if not owner_alive(owner)]
        if dead:
            with self.transaction() as db:
                db.executemany(
                    "UPDATE documents SET status = 'pending', claimed_by = NULL WHERE id = ? AND status = 'processing'",
                    [(doc_id,) for doc_id in dead],
                )
        return len(dead)

    def save_analysis(self, doc_id: str, title: str, lang: str, probability: float, analysis: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET title = ?, lang = ?, probability = ?, analysis = ?, updated_at = ? WHERE id = ?",
                (title, lang, probability, json.dumps(analysis, ensure_ascii=False), time.time(), doc_id),
            )

    def save_renditions(self, doc_id: str, renditions: Sequence[tuple[str, str, str, dict[str, Any]]]) -> None:
        """Store (target, kind, status, content) rows for one document."""
        now = time.time()
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO renditions(doc_id, target, kind, status, content, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(doc_id, target, kind) DO UPDATE SET status = excluded.status, content = excluded.content, "
                "updated_at = excluded.updated_at",
                [(doc_id, target, kind, status, json.dumps(content, ensure_ascii=False), now)
                 for target, kind, status, content in renditions],
            )

    def finish(self, doc_id: str, seconds: float | None = None) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET status = 'done', reason = NULL, message = NULL, claimed_by = NULL, "
                "seconds = COALESCE(?, seconds), updated_at = ? WHERE id = ?",
                (seconds, time.time(), doc_id),
            )

    def fail(self, doc_id: str, reason: str, message: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET status = 'failed', reason = ?, message = ?, claimed_by = NULL, updated_at = ? WHERE id = ?",
                (reason, message, time.time(), doc_id),
            )

    def reset_for_retry(self, doc_ids: Sequence[str] | None = None) -> list[str]:
        """Mark failed documents (all, or the given ids or id prefixes) pending again; returns their ids."""
        with self.transaction() as db:
            if doc_ids is None:
                ids = [r[0] for r in db.execute("SELECT id FROM documents WHERE status = 'failed'" + db.for_update)]
            else:
                ids = []
                for prefix in doc_ids:
                    found = [r[0] for r in db.execute("SELECT id FROM documents WHERE id LIKE ? AND status != 'superseded'" + db.for_update,
                                                       (prefix + "%",))]
                    ids.extend(found)
            db.executemany(
                "UPDATE documents SET status = 'pending', reason = NULL, message = NULL, claimed_by = NULL WHERE id = ?",
                [(i,) for i in ids],
            )
        return ids

    # -- reading ---------------------------------------------------------------------------

    _COLUMNS = "id, path, day, status, reason, message, title, lang, probability, analysis, attempts, seconds"

    def _row(self, row: tuple[Any, ...]) -> DocumentRow:
        values = list(row)
        values[9] = json.loads(values[9]) if values[9] else None
        return DocumentRow(*values)

    def document(self, doc_id: str) -> DocumentRow | None:
        row = self._db.execute(f"SELECT {self._COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return self._row(row) if row else None

    def find(self, prefix: str) -> list[DocumentRow]:
        rows = self._db.execute(f"SELECT {self._COLUMNS} FROM documents WHERE id LIKE ?", (prefix + "%",)).fetchall()
        return [self._row(r) for r in rows]

    def documents(self, day: str | None = None, statuses: Sequence[str] | None = None) -> list[DocumentRow]:
        query = f"SELECT {self._COLUMNS} FROM documents WHERE 1 = 1"
        params: list[Any] = []
        if day is not None:
            query += " AND day = ?"
            params.append(day)
        if statuses:
            query += f" AND status IN ({', '.join('?' * len(statuses))})"
            params.extend(statuses)
        query += " ORDER BY first_seen, path" + self._db.bytewise  # same order on both engines
        return [self._row(r) for r in self._db.execute(query, params).fetchall()]

    def days(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT day FROM documents ORDER BY day DESC")]

    def renditions(self, doc_id: str) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
        rows = self._db.execute("SELECT target, kind, status, content FROM renditions WHERE doc_id = ?", (doc_id,))
        return {(target, kind): (status, json.loads(content)) for target, kind, status, content in rows}

    def counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status").fetchall())

    def integrity_ok(self) -> bool:
        return self._db.integrity_ok()
