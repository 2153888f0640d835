"""The benchmark's bare baselines: a Flask "hello" route and a Flask-SQLAlchemy insert-one-row
route. Not part of quizapp. Served with exactly the gunicorn settings of `quizapp serve`, on a
database of the same kind, so the ratios compare our work with the framework's floor.

    python -m bench.baseline_app --database sqlite:///x.sqlite --bind 127.0.0.1:8001
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from quizapp.serving import GunicornServer, gunicorn_options


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Row(db.Model):
    __tablename__ = "rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    payload: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class Version(db.Model):  # type: ignore[name-defined]
    """One counter: the bare floor of "has anything changed?" polling (bench/latency.py)."""

    __tablename__ = "version"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=1)


def create_app(database_url: str) -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            # The same durability settings as quizapp's SQLite (WAL, synchronous=NORMAL).
            @event.listens_for(db.engine, "connect")
            def _pragmas(dbapi_conn: Any, _record: Any) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA busy_timeout = 15000")
                cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = NORMAL")
                cur.close()
        db.create_all()
        db.engine.dispose()

    @app.get("/hello")
    def hello() -> str:
        return "hello"

    @app.get("/version")
    def version() -> Response:
        """The same conditional poll as the live state, on one row and nothing else."""
        row = db.session.get(Version, 1)
        value = row.value if row is not None else 0
        etag = f"v{value}"
        if request.if_none_match.contains_weak(etag):
            reply = Response(status=304)
        else:
            reply = jsonify({"version": value})
        reply.set_etag(etag, weak=True)
        return reply

    @app.post("/bump")
    def bump() -> tuple[str, int]:
        row = db.session.get(Version, 1)
        if row is None:
            db.session.add(Version(id=1, value=2))
        else:
            row.value += 1
        db.session.commit()
        return "bumped", 200

    @app.post("/insert")
    def insert() -> tuple[str, int]:
        db.session.add(Row(payload=request.form.get("payload", "")[:100],
                           created_at=datetime.now(UTC).replace(tzinfo=None)))
        db.session.commit()
        return "inserted", 201

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--bind", default="127.0.0.1:8001")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    app = create_app(args.database)
    GunicornServer(app, gunicorn_options(args.bind, args.workers, args.threads)).run()


if __name__ == "__main__":
    main()
