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
@click.option("--threads", type=click.IntRange(min=1, max=64), default=1, show_default=True,
              help="Threads per worker (more than 1 uses gunicorn's gthread worker).")
@click.pass_context
def serve_command(ctx: click.Context, bind: str, workers: int | None, threads: int) -> None:
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
    options = gunicorn_options(bind, workers, threads)
    click.echo(f"Serving quizapp on {bind} with {options['workers']} worker(s) x {threads} "
               f"thread(s) (instructors: /instructor/)")
    GunicornServer(app, options).run()
