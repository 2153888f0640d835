"""`quizapp serve`: refuses unsafe configurations; really serves under gunicorn."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from quizapp import create_app
from quizapp.cli import cli
from quizapp.serving import (
    MAX_DEFAULT_WORKERS,
    SERVER_DB_THREADS,
    default_threads,
    default_workers,
    gunicorn_options,
)

ROOT = Path(__file__).resolve().parents[2]


def _invoke(tmp_path: Path, args: list[str], env: dict[str, str] | None = None,
            set_debug_flag: bool = True, **config):
    db_file = tmp_path / "refused.sqlite"

    def factory():
        return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}", **config})

    info = ScriptInfo(create_app=factory, set_debug_flag=set_debug_flag)
    result = CliRunner().invoke(cli, args, obj=info, env=env)
    return result, db_file


def test_refuses_without_configured_secret_key(tmp_path):
    # An empty key means: none configured, so the auto-generated instance key is used.
    result, db_file = _invoke(tmp_path, ["serve"], env={"FLASK_DEBUG": ""}, SECRET_KEY="")
    assert result.exit_code == 1
    assert "secret key" in result.output and "QUIZAPP_SECRET_KEY" in result.output
    assert not db_file.exists()  # refused before any set-up


def test_refuses_with_flask_debug(tmp_path):
    result, db_file = _invoke(tmp_path, ["serve"], env={"FLASK_DEBUG": "1"},
                              SECRET_KEY="configured")
    assert result.exit_code == 1
    assert "debug mode" in result.output
    assert not db_file.exists()


def test_refuses_with_debug_in_config(tmp_path):
    result, _ = _invoke(tmp_path, ["serve"], env={"FLASK_DEBUG": ""}, set_debug_flag=False,
                        SECRET_KEY="configured", DEBUG=True)
    assert result.exit_code == 1
    assert "debug mode" in result.output


def test_rejects_bad_worker_count(tmp_path):
    result, _ = _invoke(tmp_path, ["serve", "--workers", "0"], SECRET_KEY="configured")
    assert result.exit_code == 2
    assert "--workers" in result.output


def test_worker_count_from_the_machine():
    assert default_workers(1) == 3
    assert default_workers(2) == 5
    assert default_workers(64) == MAX_DEFAULT_WORKERS
    assert gunicorn_options(workers=7)["workers"] == 7
    assert gunicorn_options(threads=4)["worker_class"] == "gthread"
    assert gunicorn_options()["worker_class"] == "sync"


def test_threads_by_database():
    # PostgreSQL: threads overlap the round trips and keep phones' connections alive between
    # polls; SQLite: one writer, so one thread per worker.
    assert default_threads("sqlite:////tmp/x.sqlite") == 1
    assert default_threads("postgresql+psycopg://db/quiz") == SERVER_DB_THREADS > 1
    # A kept-alive connection outlives the live screen's poll interval (1.5 s).
    assert gunicorn_options(threads=4)["keepalive"] > 1.5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@pytest.mark.slow
def test_serves_over_http_with_two_workers(tmp_path):
    """A real start on an empty database: set-up once in the master, 2 workers, access log."""
    port = _free_port()
    db_file = tmp_path / "served.sqlite"
    env = {**os.environ, "QUIZAPP_DATABASE_URL": f"sqlite:///{db_file}",
           "QUIZAPP_SECRET_KEY": "test-serve-secret", "FLASK_DEBUG": ""}
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from quizapp.cli import main; main()", "serve",
         "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        response = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert response is not None, f"server did not answer:\n{Path(log.name).read_text()}"
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
        assert len(_children(proc.pid)) == 2
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()
    assert proc.returncode == 0
    output = (tmp_path / "serve.log").read_text()
    # The first-run set-up ran once, in the master, before the workers started.
    assert output.count("Created the first instructor account") == 1
    assert "Booting worker" in output
    # One access-log line per request.
    assert output.count('"GET /healthz HTTP/1.1" 200') == 1
    assert output.count('"GET / HTTP/1.1" 200') == 1
