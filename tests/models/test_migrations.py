"""Schema upgrades never lose data: a database made at the first migration, filled with rows
in every table, upgraded to the latest migration (whatever has been added since), keeps every
row and every value."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, func, inspect, select, text, types

import quizapp
from dbkit import RUN_ID, Backend, _pg_exec, dispose, make_app
from quizapp.extensions import db

FIRST = "0001"
ROWS = 3
# Realistic values where later data migrations may look inside (JSON shapes, kinds).
SHAPES: dict[tuple[str, str], list[Any]] = {
    ("readings", "body"): [{"summary": [{"id": "s1", "heading": "H", "text": "T \u00e9"}],
                            "key_points": ["p"], "key_terms": []}],
    ("question_revisions", "data"): [
        {"multiple": False, "section": "s1", "explanation": "because",
         "choices": [{"id": "a", "text": "A", "correct": True, "feedback": "yes"},
                     {"id": "b", "text": "B", "correct": False, "feedback": "no",
                      "misconception": "wrong-actor"}]},
        {"section": "s2", "stance": {"left": "no", "right": "yes", "points": 5}}],
    ("course", "data"): [{"misconceptions": [{"tag": "wrong-actor", "label": "Wrong actor"}],
                          "timeline": [], "perspectives": []}],
    ("questions", "kind"): ["mc", "discussion"],
    ("responses", "kind"): ["mc", "discussion"],
    ("notes", "kind"): ["response", "student", "question", "session"],
    ("seminars", "pacing"): ["self", "instructor"],
    ("seminars", "live_phase"): ["idle"],
}


@pytest.fixture
def empty_url(backend: Backend, tmp_path: Path):
    if backend.name == "sqlite":
        yield f"sqlite:///{tmp_path / 'first.sqlite'}"
        return
    name = f"qa_{RUN_ID}_mig_{uuid.uuid4().hex[:6]}"
    _pg_exec(f'CREATE DATABASE "{name}"')
    yield Backend._pg_url(name)
    _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _value(table: str, column, i: int) -> Any:
    shaped = SHAPES.get((table, column.name))
    if shaped:
        return shaped[i % len(shaped)]
    kind = column.type
    if isinstance(kind, types.Boolean):
        return i % 2 == 0
    if isinstance(kind, types.Integer):
        return i + 1
    if isinstance(kind, types.DateTime):
        return datetime(2025, 3, i + 1, 12, 30, 15)
    if isinstance(kind, types.Date):
        return date(2025, 3, i + 1)
    if isinstance(kind, types.Numeric | types.Float):
        return i + 0.5
    if isinstance(kind, types.JSON):
        return {"n": i, "s": "\u00e9\U0001f30d"}
    if isinstance(kind, types.LargeBinary):
        return bytes([i, 0, 255])
    length = getattr(kind, "length", None) or 200
    return f"{table[:8]}-{column.name[:8]}-{i}-\u00e9"[:length]


def _parents_first(meta: MetaData) -> list[Table]:
    """Tables ordered so that required (NOT NULL) foreign keys point backwards; nullable ones
    may point forwards (cycles such as questions <-> question_revisions) and are set later."""
    needs = {t.name: {fk.column.table.name for c in t.columns if not c.nullable
                      for fk in c.foreign_keys} - {t.name}
             for t in meta.tables.values() if t.name != "alembic_version"}
    order: list[Table] = []
    while needs:
        ready = sorted(name for name, parents in needs.items() if not parents - {
            t.name for t in order})
        assert ready, f"required foreign keys form a cycle: {needs}"
        for name in ready:
            order.append(meta.tables[name])
            del needs[name]
    return order


def _fill(engine) -> dict[str, list[dict[str, Any]]]:
    """ROWS rows in every table, foreign keys pointing at real parent rows."""
    meta = MetaData()
    meta.reflect(engine)
    pks: dict[str, list[Any]] = {}
    later: list[tuple[Table, str, Any, str]] = []  # nullable keys whose parent comes later
    with engine.begin() as conn:
        for table in _parents_first(meta):
            pks[table.name] = []
            for i in range(ROWS):
                row: dict[str, Any] = {}
                for column in table.columns:
                    fks = list(column.foreign_keys)
                    if fks:
                        parent = fks[0].column.table.name
                        if pks.get(parent):
                            row[column.name] = pks[parent][i % len(pks[parent])]
                        elif column.nullable:
                            row[column.name] = None
                            later.append((table, column.name, i, parent))
                        else:
                            raise AssertionError(f"{table.name}.{column.name} needs {parent}")
                    elif column.primary_key and isinstance(column.type, types.Integer) and \
                            len(table.primary_key.columns) == 1:
                        continue  # the database numbers it
                    else:
                        row[column.name] = _value(table.name, column, i)
                result = conn.execute(table.insert().values(**row))
                key = result.inserted_primary_key
                pks[table.name].append(key[0] if len(key) == 1 else tuple(key))
        for table, column, i, parent in later:  # close the cycles (e.g. current revision)
            pk = list(table.primary_key.columns)[0]
            conn.execute(table.update().where(pk == pks[table.name][i])
                         .values({column: pks[parent][i % len(pks[parent])]}))
    return _rows(engine, [t for t in pks])


def _rows(engine, names: list[str]) -> dict[str, list[dict[str, Any]]]:
    meta = MetaData()
    meta.reflect(engine, only=names)
    out = {}
    with engine.connect() as conn:
        for name in names:
            table = meta.tables[name]
            order = list(table.primary_key.columns) or list(table.columns)
            out[name] = [dict(r._mapping) for r in conn.execute(select(table).order_by(*order))]
    return out


MIGRATIONS = Path(quizapp.__file__).resolve().parent / "migrations"


def _script() -> ScriptDirectory:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_upgrade_from_the_first_migration_keeps_every_row(empty_url, tmp_path):
    app = make_app(empty_url, tmp_path)
    directory = str(MIGRATIONS)
    try:
        with app.app_context():
            flask_migrate.upgrade(directory=directory, revision=FIRST)
            engine = db.engine
            before = _fill(engine)
            assert all(len(rows) == ROWS for rows in before.values()), before.keys()
            assert len(before) >= 12
            db.session.remove()

            flask_migrate.upgrade(directory=directory)  # to the latest, whatever it is

            with engine.connect() as conn:
                version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            heads = _script().get_heads()
            assert len(heads) == 1, f"the migrations have several heads: {heads}"
            assert version == heads[0]
            tables = set(inspect(engine).get_table_names())
            dropped = set(before) - tables
            assert not dropped, f"tables gone after the upgrade: {dropped}"
            after = _rows(engine, list(before))
            for name, rows in before.items():
                assert len(after[name]) == len(rows), name
                for old, new in zip(rows, after[name], strict=True):
                    gone = set(old) - set(new)
                    assert not gone, f"{name}: columns gone after the upgrade: {gone}"
                    changed = {k: (v, new[k]) for k, v in old.items() if new[k] != v}
                    assert not changed, f"{name}: values changed: {changed}"
            # The app's models read the upgraded rows.
            for mapper in db.Model.registry.mappers:
                model = mapper.class_
                name = getattr(model, "__tablename__", None)
                if name in before:
                    count = db.session.scalar(select(func.count()).select_from(model))
                    assert count == ROWS, name
                    assert db.session.scalars(select(model)).all()
    finally:
        dispose(app)


def test_the_migrations_have_one_head_and_start_at_the_first():
    script = _script()
    assert len(script.get_heads()) == 1, script.get_heads()
    assert list(script.get_bases()) == [FIRST]


def test_several_courses_migration_moves_everything_to_the_first_course(empty_url, tmp_path):
    """0011 (issue 17): every reading and session belongs to the first course afterwards,
    courses get unique slugs, and a new course can be made (PostgreSQL's id sequence moved
    past the course the old loader inserted as id 1)."""
    app = make_app(empty_url, tmp_path)
    directory = str(MIGRATIONS)
    try:
        with app.app_context():
            flask_migrate.upgrade(directory=directory, revision="0010")
            before = _fill(db.engine)
            with db.engine.begin() as conn:  # as the old loader did: an explicit id
                conn.execute(text("INSERT INTO course (id, title, data, content_hash) "
                                  "VALUES (50, 'Loaded', '{}', 'h')"))
            db.session.remove()
            flask_migrate.upgrade(directory=directory, revision="0011")
            after = _rows(db.engine, ["course", "readings", "seminars", "questions"])
            first = min(c["id"] for c in after["course"])
            assert {r["course_id"] for r in after["readings"]} == {first}
            assert {s["course_id"] for s in after["seminars"]} == {first}
            slugs = [c["slug"] for c in after["course"]]
            assert len(set(slugs)) == len(slugs) and all(slugs)
            assert [q["key"] for q in after["questions"]] == \
                [q["key"] for q in before["questions"]]
            flask_migrate.upgrade(directory=directory)  # the models are those of the head
            from quizapp.services.courses import courses
            made = courses.create_course(None, "A course made after the upgrade")
            db.session.commit()
            assert made.id > 50
    finally:
        dispose(app)
