"""`quizapp serve`: the app under gunicorn, the way it runs in production.

The master process checks the configuration, runs the first-run set-up once, then forks the
workers. Every worker serves the same app object (gunicorn's preload): nothing a request needs
lives in process memory (sessions are signed cookies, everything else is in the database), so
any worker, on this machine or another, can answer any request.
"""

from __future__ import annotations

import os
from typing import Any

import click
from flask import Flask
from flask.cli import ScriptInfo, get_debug_flag
from gunicorn.app.base import BaseApplication

from .extensions import db

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


def refusal(app: Flask) -> str | None:
    """Why this app must not be served in production, or None when it may."""
    if app.debug or get_debug_flag():
        return ("refusing to serve in debug mode: unset FLASK_DEBUG (and DEBUG in "
                "instance/config.py). The debugger lets anyone who reaches it run code.")
    if not app.config.get("QUIZAPP_SECRET_KEY_CONFIGURED"):
        return ("refusing to serve without a configured secret key: set QUIZAPP_SECRET_KEY "
                "(or SECRET_KEY in instance/config.py) to a long random value, the same on "
                "every app server, e.g. "
                "QUIZAPP_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')")
    return None


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


@click.command("serve")
@click.option("--bind", "-b", default=DEFAULT_BIND, show_default=True,
              help="Address to listen on: HOST:PORT, or unix:PATH.")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=None,
              help=f"Worker processes [default: 2 x cores + 1, at most {MAX_DEFAULT_WORKERS}; "
                   f"here {default_workers()}].")
@click.option("--threads", type=click.IntRange(min=1, max=64), default=None,
              help="Threads per worker (more than 1 uses gunicorn's gthread worker) "
                   f"[default: 1 on SQLite, {SERVER_DB_THREADS} on PostgreSQL].")
@click.pass_context
def serve_command(ctx: click.Context, bind: str, workers: int | None, threads: int | None
                  ) -> None:
    """Serve the app in production with gunicorn (one access-log line per request)."""
    from .cli import _init_or_exit  # the same first-run set-up and messages as `quizapp run`

    app = ctx.ensure_object(ScriptInfo).load_app()
    problem = refusal(app)
    if problem:
        raise click.ClickException(problem)
    with app.app_context():
        _init_or_exit()
        db.session.remove()
        db.engine.dispose()  # the workers open their own connections after the fork
    threads = threads or default_threads(str(app.config["SQLALCHEMY_DATABASE_URI"]))
    options = gunicorn_options(bind, workers, threads)
    click.echo(f"Serving quizapp on {bind} with {options['workers']} worker(s) x {threads} "
               f"thread(s) (instructors: /instructor/)")
    GunicornServer(app, options).run()
