"""Fresh databases and real servers for the benchmark, all on loopback, all cleaned up after."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Databases:
    """Two fresh databases of one kind: the app's and the baselines'. Dropped on close."""

    def __init__(self, kind: str, pg_admin_url: str | None = None) -> None:
        self.kind = kind
        self.tmp = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
        self.pg_admin = pg_admin_url or os.environ.get("QUIZAPP_TEST_PG_URL", PG_DEFAULT)
        self.pg_names: list[str] = []
        self.app_url = self._fresh("quizapp")
        self.baseline_url = self._fresh("baseline")

    def _fresh(self, name: str) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.tmp / (name + '.sqlite')}"
        database = f"bench_{secrets.token_hex(4)}_{name}"
        self._pg(f'CREATE DATABASE "{database}"')
        self.pg_names.append(database)
        return make_url(self.pg_admin).set(database=database).render_as_string(
            hide_password=False)

    def _pg(self, sql: str) -> None:
        engine = create_engine(self.pg_admin, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        finally:
            engine.dispose()

    def close(self) -> None:
        for database in self.pg_names:
            self._pg(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(self.tmp, ignore_errors=True)


class Server:
    """A gunicorn server in a child process: started, health-checked, stopped."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], port: int,
                 ready_path: str, log_dir: Path) -> None:
        self.name, self.port, self.ready_path = name, port, ready_path
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(self.base_url + self.ready_path, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s")

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far."""
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
        return total / os.sysconf("SC_CLK_TCK")

    def access_lines(self) -> int:
        self._log.flush()
        return sum(1 for line in self.log_path.open() if '" ' in line and "HTTP/1." in line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def gunicorn_args(workers: int, threads: int, port: int) -> list[str]:
    return ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)]


def start_quizapp(db_url: str, secret: str, workers: int, threads: int, log_dir: Path
                  ) -> Server:
    port = free_port()
    env = {**os.environ, "QUIZAPP_DATABASE_URL": db_url, "QUIZAPP_SECRET_KEY": secret,
           # One client address sends every student's request: the per-IP join limit
           # would refuse the storm. The benchmark measures the app, not the limiter.
           "QUIZAPP_RATELIMIT_ENABLED": "0", "FLASK_DEBUG": ""}
    argv = [sys.executable, "-c", "from quizapp.cli import main; main()", "serve",
            *gunicorn_args(workers, threads, port)]
    return Server("quizapp", argv, env, port, "/healthz", log_dir)


def start_baseline(db_url: str, workers: int, threads: int, log_dir: Path) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "bench.baseline_app", "--database", db_url,
            *gunicorn_args(workers, threads, port)]
    return Server("baseline", argv, {**os.environ, "FLASK_DEBUG": ""}, port, "/hello",
                  log_dir)


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def anon_kb(pid: int) -> int:
    """A process's anonymous resident memory (heap: what grows if a response is buffered)."""
    try:
        return _status_kb(pid, "RssAnon")
    except OSError:
        return 0
