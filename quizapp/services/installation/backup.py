"""Backups of the SQLite database while the app runs, and restoring one.

SQLite's online backup API copies the database as one consistent snapshot (a read
transaction for the whole copy), while the app keeps writing (WAL mode lets writers go on).
The copy is checked (integrity_check), made self-contained (no -wal file) and only then
renamed into place, so a backup file either is complete or does not exist.

PostgreSQL has its own tools for this (pg_dump, pg_restore); `postgres_hint` says how.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

BUSY_TIMEOUT_S = 30.0


class BackupError(RuntimeError):
    """A backup or restore that cannot be done, with a message for the operator."""


@dataclass
class Summary:
    path: Path
    revision: str | None
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def sqlite_file(database_url: str) -> Path | None:
    """The database file of a SQLite URL; None for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError("this SQLite database has no file to back up")
    return Path(url.database).resolve()


def postgres_hint(database_url: str, action: str) -> str:
    url = make_url(database_url).set(drivername="postgresql")
    shown = url.render_as_string(hide_password=True)
    if action == "backup":
        return ("`quizapp backup` copies SQLite databases; this one is PostgreSQL. Use "
                f"pg_dump, which takes a consistent snapshot while the app runs:\n"
                f"  pg_dump --format=custom --file=quizapp.dump '{shown}'")
    return ("`quizapp restore` restores SQLite backups; this one is PostgreSQL. Stop the app, "
            f"then use pg_restore:\n"
            f"  pg_restore --clean --if-exists --no-owner --dbname='{shown}' quizapp.dump")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def summarize(conn: sqlite3.Connection, path: Path) -> Summary:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    # Table names come from the file itself: quoted as identifiers, never spliced raw.
    rows = {t: conn.execute("SELECT count(*) FROM " + _quoted(t)).fetchone()[0]  # noqa: S608  # nosec B608
            for t in tables}
    revision = None
    if "alembic_version" in tables:
        found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = found[0] if found else None
    return Summary(path, revision, rows)


def _check(conn: sqlite3.Connection, what: str) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{what} failed SQLite's integrity check: {result}")


def backup_target(target: Path, now: datetime | None = None) -> Path:
    """PATH itself, or a time-stamped file inside PATH when it is a directory."""
    if target.is_dir():
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
        target = target / f"quizapp-{stamp}.sqlite"
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new name (backups never "
                          "overwrite each other)")
    return target


def backup_sqlite(database_url: str, target: Path) -> Summary:
    source = sqlite_file(database_url)
    if source is None:
        raise BackupError(postgres_hint(database_url, "backup"))
    if not source.exists():
        raise BackupError(f"there is no database at {source} yet")
    target = backup_target(target)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = _connect(source)
    dst = _connect(partial)
    try:
        src.backup(dst)  # all pages in one step: one read transaction, one snapshot
        dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        _check(dst, "the copy")
        summary = summarize(dst, target)
    except sqlite3.Error as exc:
        raise BackupError(f"the backup failed: {exc}") from exc
    finally:
        src.close()
        dst.close()
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return summary


def inspect_backup(path: Path) -> Summary:
    """Check that PATH is a sound quizapp SQLite database; summarize it."""
    if not path.is_file():
        raise BackupError(f"there is no file at {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            _check(conn, str(path))
            summary = summarize(conn, path)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database ({exc})") from exc
    if summary.revision is None:
        raise BackupError(f"{path} is not a quizapp database (no schema version in it)")
    return summary


def restore_sqlite(database_url: str, source: Path) -> Summary:
    """Replace the database's whole content by the backup's (the app may keep running:
    SQLite copies under its write lock, and open connections see the restored data next)."""
    target = sqlite_file(database_url)
    if target is None:
        raise BackupError(postgres_hint(database_url, "restore"))
    inspect_backup(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = _connect(target)
    try:
        src.backup(dst)
        _check(dst, "the restored database")
        return summarize(dst, target)
    except sqlite3.Error as exc:
        raise BackupError(f"the restore failed: {exc}") from exc
    finally:
        src.close()
        dst.close()
