"""`quizapp serve`: checks the configuration, runs the first-run set-up once, then gunicorn."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import ScriptInfo, get_debug_flag

from ..extensions import db
from ..serving import (
    DEFAULT_BIND,
    MAX_DEFAULT_WORKERS,
    SERVER_DB_THREADS,
    GunicornServer,
    default_threads,
    default_workers,
    gunicorn_options,
)
from .setup import init_or_exit


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
    app = ctx.ensure_object(ScriptInfo).load_app()
    problem = refusal(app)
    if problem:
        raise click.ClickException(problem)
    with app.app_context():
        init_or_exit()  # the same first-run set-up and messages as `quizapp run`
        db.session.remove()
        db.engine.dispose()  # the workers open their own connections after the fork
    threads = threads or default_threads(str(app.config["SQLALCHEMY_DATABASE_URI"]))
    options = gunicorn_options(bind, workers, threads)
    click.echo(f"Serving quizapp on {bind} with {options['workers']} worker(s) x {threads} "
               f"thread(s) (instructors: /instructor/)")
    GunicornServer(app, options).run()
