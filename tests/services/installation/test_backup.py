"""`quizapp backup` under write load, and `quizapp restore`: SQLite; PostgreSQL points to
pg_dump/pg_restore."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from dbkit import make_app, sqlite_path
from quizapp.cli import cli
from support import csrf_from, text

READING = "milei-first-year"
KEYS = ("mfy-d1", "mfy-d2", "mfy-d3")


def _cli(db_url: str, tmp_path: Path, *args: str, stdin: str | None = None):
    info = ScriptInfo(create_app=lambda: make_app(db_url, tmp_path))
    return CliRunner().invoke(cli, list(args), obj=info, input=stdin)


def _texts(path: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT text FROM response_revisions")]
    finally:
        conn.close()


def _consistent(path: str) -> None:
    """Every answer has its revisions, and its text is its latest revision's: a copy taken
    in the middle of a transaction would break this."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute(
            "SELECT r.id, r.answer, (SELECT text FROM response_revisions v WHERE "
            "v.response_id = r.id ORDER BY v.number DESC LIMIT 1) FROM responses r "
            "WHERE r.kind = 'discussion'").fetchall()
        assert rows
        for rid, answer, latest in rows:
            assert answer == latest, rid
    finally:
        conn.close()


class Writers:
    """Students answering discussion questions as fast as they can, through the app."""

    def __init__(self, app, code: str, n: int = 3) -> None:
        self.app, self.code = app, code
        self.acked: list[tuple[float, str]] = []
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(n)]

    def run(self, i: int) -> None:
        client = self.app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.3.0.{i}"
        if client.join(self.code, f"Writer {i}").status_code != 302:
            self.errors.append("could not join")
            return
        n = 0
        while not self.stop.is_set():
            key = KEYS[n % len(KEYS)]
            url = f"/s/{self.code}/r/{READING}/discuss/{key}"
            answer = f"writer {i} answer {n}"
            response = client.post(url, data={"csrf_token": csrf_from(text(client.get(url))),
                                              "answer": answer})
            if response.status_code == 302:
                with self.lock:
                    self.acked.append((time.monotonic(), answer))
            else:
                self.errors.append(f"{response.status_code}: {text(response)[:200]}")
            n += 1

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


def _wait_for(writers: Writers, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(writers.acked) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(writers.acked) >= count, writers.errors[:3]


def test_backup_under_write_load_then_restore(backend, db_url, app, seminar, tmp_path):
    if backend.name != "sqlite":
        pytest.skip("quizapp backup copies SQLite files (PostgreSQL: see the pg_dump test)")
    live = sqlite_path(db_url)
    target = tmp_path / "backups" / "copy.sqlite"
    target.parent.mkdir()
    with Writers(app, seminar) as writers:
        _wait_for(writers, 20)
        started = time.monotonic()
        result = _cli(db_url, tmp_path, "backup", str(target))
        finished = time.monotonic()
        acked_before = {a for t, a in writers.acked if t < started}
        _wait_for(writers, len(writers.acked) + 20)  # more writes after the backup
    assert not writers.errors, writers.errors[:3]
    assert result.exit_code == 0, result.output
    assert f"Backed up to {target}" in result.output
    assert not Path(str(target) + "-wal").exists()  # one self-contained file

    in_backup = _texts(str(target))
    assert acked_before <= set(in_backup)  # everything acknowledged before it started
    assert len(in_backup) == len(set(in_backup))
    _consistent(str(target))
    written_after = {a for t, a in writers.acked if t > finished}
    assert written_after and not written_after & set(in_backup)
    assert set(_texts(live)) > set(in_backup)

    # Refusing is the default: answering "no" changes nothing.
    before = _texts(live)
    refused = _cli(db_url, tmp_path, "restore", str(target), stdin="n\n")
    assert refused.exit_code != 0 and "Replace EVERYTHING" in refused.output
    assert _texts(live) == before

    restored = _cli(db_url, tmp_path, "restore", str(target), "--yes")
    assert restored.exit_code == 0, restored.output
    assert sorted(_texts(live)) == sorted(in_backup)
    _consistent(live)
    # The running app carries on with the restored data.
    client = app.test_client()
    assert client.join(seminar, "After restore").status_code == 302
    url = f"/s/{seminar}/r/{READING}/discuss/{KEYS[0]}"
    response = client.post_form(url, {"answer": "written after the restore"})
    assert response.status_code == 302
    assert "written after the restore" in _texts(live)


def test_backup_never_overwrites_and_names_files_in_a_folder(backend, db_url, app, tmp_path):
    if backend.name != "sqlite":
        pytest.skip("SQLite only")
    folder = tmp_path / "nightly"
    folder.mkdir()
    first = _cli(db_url, tmp_path, "backup", str(folder))
    assert first.exit_code == 0, first.output
    made = list(folder.glob("quizapp-*.sqlite"))
    assert len(made) == 1
    again = _cli(db_url, tmp_path, "backup", str(made[0]))
    assert again.exit_code != 0 and "exists already" in again.output


def test_restore_refuses_what_is_not_a_quizapp_backup(backend, db_url, app, tmp_path):
    if backend.name != "sqlite":
        pytest.skip("SQLite only")
    live = sqlite_path(db_url)
    before = Path(live).stat().st_size
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    for path, message in ((junk, "not a SQLite database"), (other, "not a quizapp database"),
                          (tmp_path / "missing.sqlite", "no file")):
        result = _cli(db_url, tmp_path, "restore", str(path), "--yes")
        assert result.exit_code != 0 and message in result.output, result.output
    assert Path(live).stat().st_size == before


def test_postgresql_points_to_pg_dump_and_pg_restore(backend, db_url, app, tmp_path):
    if backend.name != "postgresql":
        pytest.skip("the SQLite commands are tested above")
    result = _cli(db_url, tmp_path, "backup", str(tmp_path / "x.dump"))
    assert result.exit_code != 0
    assert "pg_dump --format=custom" in result.output
    assert "postgresql://" in result.output and "+psycopg" not in result.output
    result = _cli(db_url, tmp_path, "restore", str(tmp_path / "x.dump"), "--yes")
    assert result.exit_code != 0 and "pg_restore" in result.output
    assert not (tmp_path / "x.dump").exists()
