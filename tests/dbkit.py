"""Database back ends for the tests: a template database per back end, fresh copies per test.

Kept out of conftest.py so that test modules (and tests/browser, which has its own conftest)
can import these helpers by a unique module name.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from quizapp import create_app
from quizapp.extensions import db
from quizapp.services.installation.setup import initialize
from support import FormClient

ROOT = Path(__file__).resolve().parents[1]
# The seed articles sit beside the checkout; QUIZAPP_SEEDS points elsewhere (a worktree).
SEEDS = Path(os.environ.get("QUIZAPP_SEEDS") or ROOT.parent / "shared" / "seeds")
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
RUN_ID = uuid.uuid4().hex[:8]
_counter = itertools.count()


def _wanted_backends() -> list[str]:
    wanted = os.environ.get("QUIZAPP_TEST_DATABASES", "sqlite,postgresql")
    return [b.strip() for b in wanted.split(",") if b.strip()]


def _pg_admin_url() -> str:
    return os.environ.get("QUIZAPP_TEST_PG_URL", PG_DEFAULT)


_pg_status: dict[str, str | None] = {}


def pg_unavailable_reason() -> str | None:
    if "checked" not in _pg_status:
        _pg_status["checked"] = "yes"
        try:
            engine = create_engine(_pg_admin_url(), connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            _pg_status["reason"] = None
        except Exception as exc:  # any failure means: no PostgreSQL here
            _pg_status["reason"] = (f"PostgreSQL pass skipped: no server at {_pg_admin_url()} "
                                    f"({type(exc).__name__})")
    return _pg_status["reason"]


def _pg_exec(sql: str) -> None:
    engine = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def base_config(url: str, tmp: Path) -> dict[str, Any]:
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key",
        "TESTING": True,
        "SERVER_NAME": "quizapp.test",
        "RATELIMIT_STORAGE_URI": "memory://",
        # Still scrypt, at a cost that makes hundreds of logins cheap (production: the default).
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    }


def make_app(url: str, tmp: Path, **overrides: Any) -> Flask:
    app = create_app({**base_config(url, tmp), **overrides})
    app.test_client_class = FormClient
    return app


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class Backend:
    """One database back end: a template database, and fresh copies of it per test.

    On PostgreSQL, making a copy takes about half a second of the server's time: a thread
    makes the next copy while a test runs. Copies are dropped together at the end."""

    def __init__(self, name: str, tmp: Path) -> None:
        self.name = name
        self.tmp = tmp
        self.copies: set[str] = set()  # dropped by close()
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-copies")
        self._next: Future[str] | None = None
        if name == "sqlite":
            self.template = str(tmp / "template.sqlite")
            template_url = f"sqlite:///{self.template}"
        else:
            self.template = f"qa_{RUN_ID}_tpl"
            _pg_exec(f'CREATE DATABASE "{self.template}"')
            template_url = self._pg_url(self.template)
        app = make_app(template_url, tmp)
        with app.app_context():
            initialize(load=True)
        dispose(app)  # closing the last connection folds the WAL into the file we copy

    @staticmethod
    def _pg_url(database: str) -> str:
        return make_url(_pg_admin_url()).set(database=database).render_as_string(
            hide_password=False)

    def fresh_url(self) -> str:
        n = next(_counter)
        if self.name == "sqlite":
            path = self.tmp / f"test-{n}.sqlite"
            shutil.copyfile(self.template, path)
            return f"sqlite:///{path}"
        ready = self._next or self._background.submit(self._pg_copy, f"qa_{RUN_ID}_{n}")
        self._next = self._background.submit(self._pg_copy, f"qa_{RUN_ID}_{n}_next")
        return self._pg_url(ready.result())

    def _pg_copy(self, name: str) -> str:
        self.copies.add(name)  # before creating: dropped even if half made
        _pg_exec(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name

    def drop(self, url: str) -> None:
        # A PostgreSQL copy is left for close(): PostgreSQL 15 forces a checkpoint on every
        # DROP DATABASE, which, while other tests write, flushes their pages too (the
        # suite's PostgreSQL half ran 11% faster with the drops at the end).
        if self.name == "sqlite":
            path = Path(make_url(url).database or "")
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        self._background.shutdown(wait=True)  # the copy made ahead, if it is being made
        if self.name == "postgresql":
            # Several at once: drops that arrive together share one checkpoint (20 drops:
            # 2.7 s one by one, 1.6 s eight at a time).
            with ThreadPoolExecutor(max_workers=6) as pool:
                list(pool.map(lambda name: _pg_exec(
                    f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'), self.copies))
            _pg_exec(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')


def sqlite_path(url: str) -> str:
    return make_url(url).database or ""


def sqlite_connect(url: str) -> sqlite3.Connection:
    return sqlite3.connect(sqlite_path(url))
