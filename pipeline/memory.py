"""Translation memory: sentence translations stored in SQLite (or PostgreSQL, `database_url`), keyed
by package, version and sentence.

A sentence is normalised (NFC, whitespace collapsed) before lookup, so the same sentence from two
documents or two runs is translated once. Entries carry the package version: after a package
upgrade, `purge_stale` drops the old version's entries and lookups never return them anyway.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from pipeline.db import Database
from pipeline.models import InstalledModel

if TYPE_CHECKING:
    from pipeline.config import Settings

_SPACE = re.compile(r"\s+")
_CHUNK = 500  # host parameters per query

_SCHEMA = """
CREATE TABLE IF NOT EXISTS memory (
    package TEXT NOT NULL,
    version TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (package, version, source)
)"""


def normalise(sentence: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", sentence)).strip()


class TranslationMemory:
    """One SQLite file (WAL, busy timeout) or a PostgreSQL database; safe to share between threads of one process."""

    def __init__(self, target: Path | str) -> None:
        self._lock = threading.Lock()
        self._db = Database(target, timeout=30)
        self.path = None if self._db.postgres else Path(target)
        self.location = self._db.label
        with self._db.transaction() as db:
            db.lock("briefings-schema")
            db.execute(_SCHEMA if db.postgres else _SCHEMA + " WITHOUT ROWID")
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, settings: "Settings") -> "TranslationMemory":
        """The memory the settings name: `database_url`, else `<out>/.state/memory.sqlite3`."""
        return cls(settings.database_url or settings.memory_database)

    def get_many(self, model: InstalledModel, sentences: Iterable[str]) -> dict[str, str]:
        """Known translations for `sentences` (keys are the sentences as given)."""
        by_key: dict[str, list[str]] = {}
        for sentence in sentences:
            by_key.setdefault(normalise(sentence), []).append(sentence)
        keys = list(by_key)
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start:start + _CHUNK]
                rows = self._db.execute(
                    f"SELECT source, target FROM memory WHERE package = ? AND version = ? "
                    f"AND source IN ({','.join('?' * len(chunk))})",
                    (model.package, model.version, *chunk),
                ).fetchall()
                for source, target in rows:
                    for sentence in by_key[source]:
                        found[sentence] = target
            self.hits += sum(len(by_key[k]) for k in keys if by_key[k][0] in found)
            self.misses += sum(len(by_key[k]) for k in keys if by_key[k][0] not in found)
        return found

    def put_many(self, model: InstalledModel, pairs: Iterable[tuple[str, str]]) -> None:
        rows = [(model.package, model.version, normalise(source), target) for source, target in pairs]
        with self._lock:
            with self._db.transaction() as db:
                db.executemany(
                    "INSERT INTO memory (package, version, source, target) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (package, version, source) DO UPDATE SET target = excluded.target, "
                    "created = excluded.created",
                    # the last translation of a sentence wins; one key order for every writer: no deadlocks
                    sorted({row[:3]: row for row in rows}.values()),
                )

    def stats(self) -> dict:
        with self._lock:
            rows = self._db.execute(
                "SELECT package || ' ' || version, COUNT(*) FROM memory GROUP BY package, version ORDER BY 1"
            ).fetchall()
            size = self._db.table_bytes("memory", self.path)
        return {
            "path": self.location,
            "entries": dict(rows),
            "total": sum(count for _, count in rows),
            "hits": self.hits,
            "misses": self.misses,
            "bytes": size,
        }

    def clear(self) -> int:
        with self._lock:
            return self._db.execute("DELETE FROM memory").rowcount

    def purge_stale(self, installed: Sequence[InstalledModel]) -> int:
        """Delete entries whose package is no longer installed in that version; return how many."""
        current = {(m.package, m.version) for m in installed}
        with self._lock:
            stale = [
                key for key in self._db.execute("SELECT DISTINCT package, version FROM memory").fetchall()
                if tuple(key) not in current
            ]
            return sum(
                self._db.execute("DELETE FROM memory WHERE package = ? AND version = ?", key).rowcount
                for key in stale
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "TranslationMemory":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
