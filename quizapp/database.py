"""Database engine set-up shared by both back ends, and small portable helpers."""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from .extensions import db

# Whether the current unit of work may write. GET requests read only; everything else (POST
# requests, CLI commands) takes SQLite's write lock up front so a later write in the same
# transaction can never fail with "database is locked".
write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)

SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_CACHE_KB = 64 * 1024  # per connection


def configure_engine(engine: Engine) -> None:
    """Install per-connection settings for SQLite; PostgreSQL needs none."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
            # Review pages aggregate a whole seminar's answers: with SQLite's default 2 MB
            # page cache each of 100,000 index-to-row lookups went back to the OS. Memory is
            # only taken as pages are read.
            cur.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")


# A short list of ids in a hot statement goes in as a fixed number of plain parameters, padded
# with 0 (never an id): an expanding IN list is re-rendered on every execution, a tenth of a
# live poll's time. Longer lists (rare) go in as a list.
ID_SLOTS = (1, 2, 4, 8, 16)


def id_slots(name: str, ids: list[int]) -> tuple[int | None, dict[str, Any]]:
    """(slot count or None for a list, the parameters) for ``ids_in(column, name, slots)``."""
    slots = next((n for n in ID_SLOTS if n >= len(ids)), None)
    if slots is None:
        return None, {name: ids}
    return slots, {f"{name}{i}": ids[i] if i < len(ids) else 0 for i in range(slots)}


def ids_in(column: Any, name: str, slots: int | None) -> Any:
    """``column IN (...)`` for the parameters id_slots() makes."""
    if slots is None:
        return column.in_(bindparam(name, expanding=True))
    return column.in_([bindparam(f"{name}{i}") for i in range(slots)])


# Tables a bulk load fills: responses and what hangs off them.
BULK_TABLES = ("participants", "responses", "response_revisions")


def refresh_statistics(tables: Iterable[str] = BULK_TABLES) -> None:
    """ANALYZE after a bulk load, as PostgreSQL's manual advises ("Populating a Database").

    Without fresh statistics the planner works blind on the new rows until autovacuum gets to
    them (minutes on PostgreSQL; never on its own on SQLite): the item analysis over 100,000
    freshly restored answers took twice as long on PostgreSQL.
    """
    for table in tables:
        if table not in BULK_TABLES:
            raise ValueError(f"not a bulk-loaded table: {table}")
        db.session.execute(text(f"ANALYZE {table}"))


def insert_ignore(model: Any, rows: dict[str, Any] | Iterable[dict[str, Any]] | None,
                  conflict: list[str]) -> Any:
    """An INSERT that silently skips rows violating the unique key ``conflict``.

    The database decides (ON CONFLICT DO NOTHING), so concurrent duplicates are impossible
    on both SQLite and PostgreSQL, unlike a check-then-insert.
    ``rows`` None: the values come as parameters at execution (a statement built once).
    """
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(model)
    if rows is not None:
        stmt = stmt.values(rows)
    return stmt.on_conflict_do_nothing(index_elements=conflict)
