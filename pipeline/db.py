"""One connection to the state or memory database: a SQLite file, or PostgreSQL (`database_url`).

The stores write their SQL once, in the dialect both engines accept (`?` placeholders,
`INSERT ... ON CONFLICT`, `BIGINT`, `DOUBLE PRECISION`); this module adapts what differs:

- placeholders: `?` becomes `%s` for psycopg;
- write transactions: SQLite takes the database write lock up front (`BEGIN IMMEDIATE`, so
  concurrent writers queue instead of failing); PostgreSQL begins a READ COMMITTED transaction and
  the stores lock what they read with `SELECT ... FOR UPDATE` (`Database.for_update`), or take a
  transaction-scoped advisory lock on a name (`Database.lock`) where the row may not exist yet;
- SQLite gets its PRAGMAs (WAL, busy timeout); PostgreSQL a lock timeout instead.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

from pipeline.errors import ConfigError

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(target: Path | str) -> bool:
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


def redact(url: str) -> str:
    """The URL without its password, for messages and `cache stats`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def is_transient(exc: BaseException) -> bool:
    """A busy or locked database, a dropped connection, a deadlock: worth one more try."""
    if isinstance(exc, sqlite3.OperationalError):
        return True
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.OperationalError)


class Database:
    """A connection with the dialect's differences hidden; `execute` takes `?` placeholders."""

    def __init__(self, target: Path | str, timeout: float = 60.0) -> None:
        self.postgres = is_postgres(target)
        self._lock = threading.RLock()
        if self.postgres:
            try:
                import psycopg
            except ImportError:  # pragma: no cover - a dependency of the project
                raise ConfigError("database_url: PostgreSQL needs psycopg; pip install 'psycopg[binary]'") from None
            self.label = redact(str(target))
            try:
                self._conn: Any = psycopg.connect(str(target), autocommit=True, connect_timeout=int(timeout))
            except psycopg.Error as exc:
                raise ConfigError(f"database_url: cannot connect to {self.label}: {' '.join(str(exc).split())}") from None
            self._conn.execute(f"SET lock_timeout = '{int(timeout)}s'")
        else:
            path = Path(target)
            path.parent.mkdir(parents=True, exist_ok=True)
            self.label = str(path)
            self._conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")

    @property
    def for_update(self) -> str:
        """Append to a SELECT inside `transaction()` to lock the rows read (SQLite locks the whole file)."""
        return " FOR UPDATE" if self.postgres else ""

    @property
    def bytewise(self) -> str:
        """Append to a text column in ORDER BY for SQLite's byte order (PostgreSQL's default is the locale's)."""
        return ' COLLATE "C"' if self.postgres else ""

    def _sql(self, sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; returns a cursor (fetchone, fetchall, rowcount, iteration)."""
        return self._conn.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(row) for row in rows]
        if not rows:
            return
        if self.postgres:
            with self._conn.cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)
        else:
            self._conn.executemany(sql, rows)

    def lock(self, name: str) -> None:
        """Inside `transaction()`: serialise transactions that touch `name` (PostgreSQL advisory lock)."""
        if self.postgres:
            self._conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (name,))

    @contextmanager
    def transaction(self) -> Iterator["Database"]:
        """A short write transaction; committed at the end of the block, rolled back on an exception."""
        with self._lock:
            self._conn.execute("BEGIN" if self.postgres else "BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")

    def table_bytes(self, table: str, sqlite_path: Path | None = None) -> int:
        if self.postgres:
            return int(self.execute("SELECT pg_total_relation_size(?)", (table,)).fetchone()[0])
        if sqlite_path is None:
            return 0
        return sum(p.stat().st_size for p in sqlite_path.parent.glob(sqlite_path.name + "*") if p.is_file())

    def integrity_ok(self) -> bool:
        if self.postgres:  # the server checks itself; a query that answers is all we can ask
            return self.execute("SELECT 1").fetchone()[0] == 1
        return self.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        self._conn.close()
