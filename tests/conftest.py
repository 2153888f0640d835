"""Fixtures: every database test runs on a real SQLite file and on real PostgreSQL.

PostgreSQL is at QUIZAPP_TEST_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test).
Each run makes its own databases there (a template with the schema and the course loaded, and
one copy per test), so runs never see each other's rows. Without a reachable server the
PostgreSQL half is skipped with a message saying so. QUIZAPP_TEST_DATABASES=sqlite (or
postgresql) restricts the run to one back end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from dbkit import (  # noqa: F401 - re-exported for older imports
    SEEDS,
    Backend,
    _wanted_backends,
    dispose,
    make_app,
    pg_unavailable_reason,
    sqlite_connect,
    sqlite_path,
)
from quizapp.extensions import db
from quizapp.services.accounts import instructors
from quizapp.services.classroom import seminars
from support import PASSWORD, FormClient

# The slowest files first (measured with --durations): the run hands out whole files to
# its processes in collection order (--dist loadfile in pyproject.toml), so the long ones
# start early, side by side, and the many short files fill in at the end. In plain order
# the browser files, queued behind each other on one process, ran five minutes after the
# other two had finished.
SLOWEST_FIRST = ("tests/web/test_access_matrix.py", "tests/web/test_forms_property.py",
                 "tests/browser/", "tests/commands/test_cli.py",
                 "tests/web/test_auth_security.py", "tests/system/")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::")[0]
        return next((i for i, p in enumerate(SLOWEST_FIRST) if path.startswith(p)),
                    len(SLOWEST_FIRST))

    items.sort(key=rank)  # stable: the order within each group stays pytest's


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request, tmp_path_factory) -> Iterator[Backend]:
    name = request.param
    if name not in _wanted_backends():
        pytest.skip(f"{name} not selected in QUIZAPP_TEST_DATABASES")
    if name == "postgresql":
        reason = pg_unavailable_reason()
        if reason:
            pytest.skip(reason)
    b = Backend(name, tmp_path_factory.mktemp(name))
    yield b
    b.close()


@pytest.fixture
def db_url(backend: Backend) -> Iterator[str]:
    url = backend.fresh_url()
    yield url
    backend.drop(url)


@pytest.fixture
def app_factory(db_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Make app instances on this test's database (several = several app processes)."""
    made: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        app = make_app(db_url, tmp_path, **overrides)
        made.append(app)
        return app

    yield factory
    for app in made:
        dispose(app)


@pytest.fixture
def app(app_factory) -> Flask:
    return app_factory()


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    with app.app_context():
        yield app


@pytest.fixture
def client(app: Flask) -> FormClient:
    return app.test_client()


@pytest.fixture
def make_client(app: Flask) -> Callable[[], FormClient]:
    return app.test_client


@pytest.fixture
def instructor(app: Flask) -> str:
    with app.app_context():
        instructors.create_instructor("teacher", PASSWORD)
        db.session.commit()
    return "teacher"


@pytest.fixture
def other_instructor(app: Flask) -> str:
    with app.app_context():
        instructors.create_instructor("colleague", PASSWORD)
        db.session.commit()
    return "colleague"


@pytest.fixture
def make_seminar(app: Flask, instructor: str) -> Callable[..., str]:
    def make(title: str = "Seminar", readings: list[str] | None = None, pacing: str = "self",
             owner: str | None = None) -> str:
        with app.app_context():
            teacher = instructors.find_instructor(owner or instructor)
            assert teacher is not None
            seminar = seminars.create_seminar(teacher, title, readings, pacing)
            db.session.commit()
            return seminar.code

    return make


@pytest.fixture
def seminar(make_seminar) -> str:
    """A self-paced seminar with every reading; returns its join code."""
    return make_seminar("Milei's foreign policy")


@pytest.fixture
def teacher_client(app: Flask, instructor: str) -> FormClient:
    c = app.test_client()
    response = c.login(instructor)
    assert response.status_code == 302, response.get_data(as_text=True)
    return c


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not here ({SEEDS}): originality check skipped")
    return SEEDS
