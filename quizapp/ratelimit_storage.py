"""Rate-limit counters in a small SQLite file, shared by every process on the machine.

Flask-Limiter's memory:// storage lives in one process: under `quizapp serve` each gunicorn
worker would count on its own, and "10 failed logins a minute" would become 10 per worker.
This storage (URI ``quizapp-sqlite:///ABSOLUTE/PATH``, the default, in the instance folder)
keeps the counters where all local workers see them, with no extra service to run. Several
machines behind one address need a shared server instead: ``redis://HOST:6379``.

Only the fixed-window strategy is supported (Flask-Limiter's default). Counters are written
only for failed attempts (see the limits' ``deduct_when``), so the file stays tiny.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from limits.storage import Storage

SCHEME = "quizapp-sqlite"
BUSY_TIMEOUT_S = 5.0


class SQLiteFileStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 **options: float | str | bool) -> None:
        super().__init__(uri, wrap_exceptions, **options)
        path = (uri or "").removeprefix(f"{SCHEME}://")
        if not path.startswith("/"):
            raise ValueError(f"{SCHEME} needs an absolute path: {SCHEME}:///path/to/file")
        self.path = path
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, "
                         "count INTEGER NOT NULL, expires REAL NOT NULL)")

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A connection per call: safe across threads and across gunicorn's fork, and cheap.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM counters WHERE expires <= ?", (now,))
                conn.execute(
                    "INSERT INTO counters (key, count, expires) VALUES (?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET count = count + excluded.count",
                    (key, amount, now + expiry))
                row = conn.execute("SELECT count FROM counters WHERE key = ?", (key,)).fetchone()
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return int(row[0])

    def get(self, key: str) -> int:
        with self._connect() as conn:
            row = conn.execute("SELECT count FROM counters WHERE key = ? AND expires > ?",
                               (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        with self._connect() as conn:
            row = conn.execute("SELECT expires FROM counters WHERE key = ? AND expires > ?",
                               (key, time.time())).fetchone()
        return float(row[0]) if row else time.time()

    def check(self) -> bool:
        try:
            with self._connect() as conn:
                conn.execute("SELECT 1 FROM counters LIMIT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        with self._connect() as conn:
            return conn.execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM counters WHERE key = ?", (key,))
