"""What gunicorn needs to serve the app in production: its settings and the application class.

`quizapp serve` (quizapp/commands/serve.py) checks the configuration and runs the first-run
set-up once in the master process; gunicorn then forks the workers. Every worker serves the
same app object (gunicorn's preload): nothing a request needs lives in process memory
(sessions are signed cookies, everything else is in the database), so any worker, on this
machine or another, can answer any request.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

DEFAULT_BIND = "127.0.0.1:8000"
# More workers than this only adds memory and database connections on any machine we target.
MAX_DEFAULT_WORKERS = 12
# One line per request: client, time, request line, status, bytes, referrer, agent, duration.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'


def cpu_cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# Threads per worker when not given. On a database server a worker spends part of each request
# waiting for round trips, and the gthread worker keeps phones' connections alive between
# polls: measured with 2,000 students polling, p99 19-42 ms against 334 ms with sync workers
# (bench/RESULTS.md). SQLite has one writer and its busy wait sleeps: threads queued on
# the write lock there made an answer burst slower, so SQLite keeps one thread per worker.
SERVER_DB_THREADS = 4
# Seconds a kept-alive connection waits for its next request: longer than the live screen's
# poll interval, so a phone's polls reuse one connection.
KEEPALIVE_SECONDS = 5


def default_threads(database_url: str) -> int:
    return 1 if database_url.startswith("sqlite") else SERVER_DB_THREADS


def default_workers(cores: int | None = None) -> int:
    """Gunicorn's rule of thumb, 2 x cores + 1, capped."""
    return min(2 * (cores or cpu_cores()) + 1, MAX_DEFAULT_WORKERS)


def gunicorn_options(bind: str = DEFAULT_BIND, workers: int | None = None,
                     threads: int = 1) -> dict[str, Any]:
    """The gunicorn settings `quizapp serve` uses (the benchmark's baselines use them too)."""
    return {
        "bind": [bind],
        "workers": workers or default_workers(),
        "threads": threads,
        # gthread when threads are asked for; otherwise the plain pre-fork sync worker.
        "worker_class": "gthread" if threads > 1 else "sync",
        "keepalive": KEEPALIVE_SECONDS,
        "preload_app": True,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "timeout": 30,
        "graceful_timeout": 10,
        "proc_name": "quizapp",
    }


class GunicornServer(BaseApplication):
    """Serves one WSGI app (a Flask app built by quizapp.create_app) with the given options."""

    def __init__(self, application: Flask, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        assert self.cfg is not None
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if "control_socket_disable" in self.cfg.settings:  # gunicorn >= 25
            # One fixed socket path per user: several servers on a machine would fight over it.
            self.cfg.set("control_socket_disable", True)
        self.cfg.set("post_fork", self._post_fork)

    def load(self) -> Flask:
        return self.application

    def _post_fork(self, _server: Any, _worker: Any) -> None:
        # A forked worker must never reuse a database connection of the master's.
        app = self.application
        sqlalchemy = app.extensions.get("sqlalchemy") if isinstance(app, Flask) else None
        if sqlalchemy is not None:
            with app.app_context():
                sqlalchemy.engine.dispose(close=False)
