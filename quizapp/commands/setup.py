"""Set-up commands: `init`, `run`, `check-questions`, `load-questions`, and the first-run set-up
that `run`, `serve` and every command that needs a database share (`init_or_exit`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import ScriptInfo, run_command, with_appcontext

from ..content.itemwriting import spec_warnings
from ..content.schema import read_content
from ..content.translations import untranslated
from ..extensions import db
from ..services.installation.setup import ContentInvalid, initialize, load_questions


def _print_first_instructor(first: tuple[str, str] | None) -> None:
    if first:
        username, password = first
        click.secho("Created the first instructor account (shown only this once):",
                    fg="yellow")
        click.echo(f"  username: {username}")
        click.echo(f"  password: {password}")
        click.echo("  Log in at /instructor/login")


def init_or_exit(load: bool = True) -> None:
    try:
        result = initialize(load=load)
    except ContentInvalid as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("questions/ has errors; fix them and run again") from exc
    if result.load is not None and (result.load.changed or result.load.conflicts):
        click.echo(f"Content: {result.load}")
    _print_first_instructor(result.first_instructor)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database, load questions/, create a first instructor."""
    init_or_exit()
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("run")
@click.option("--host", "-h", default="127.0.0.1", show_default=True)
@click.option("--port", "-p", default=5000, show_default=True)
@click.pass_context
def run_wrapper(ctx: click.Context, host: str, port: int) -> None:
    """Set up on first run, then serve with Flask's development server."""
    with ctx.ensure_object(ScriptInfo).load_app().app_context():
        init_or_exit()
    click.echo(f"Serving quizapp on http://{host}:{port}/ (instructors: /instructor/)")
    ctx.invoke(run_command, host=host, port=port, reload=False, debugger=False,
               with_threads=True)


@click.command("check-questions")
@with_appcontext
@click.argument("path", required=False, type=click.Path(path_type=Path))
def check_questions_command(path: Path | None) -> None:
    """Validate content files; print each problem as file:line: message."""
    folder = path or Path(current_app.config["QUIZAPP_QUESTIONS_DIR"])
    content = read_content(folder)
    for problem in content.problems:
        click.echo(str(problem))
    if content.problems:
        sys.exit(1)
    n_q = sum(len(r.questions) for r in content.readings)
    n_d = sum(len(r.discussion) for r in content.readings)
    warnings = 0
    for reading in content.readings:
        # Item-writing warnings: advice, not errors (silence one with `silence: {rule: why}`).
        for warning in spec_warnings(reading.questions,
                                     {q.id: q.silence for q in reading.questions}):
            click.echo(f"{reading.path}:{warning.line}: {warning}" if warning.line
                       else f"{reading.path}: {warning}")
            warnings += 1
    click.echo(f"OK: {len(content.readings)} reading(s), {n_q} multiple-choice and "
               f"{n_d} discussion question(s)"
               + (f"; {warnings} item-writing warning(s)" if warnings else ""))
    languages = sorted({lang for r in content.readings for lang in r.translations})
    for lang in languages:  # a partial translation is valid: say what still shows in English
        done = [r for r in content.readings if lang in r.translations]
        gaps = sum(len(untranslated(r, lang)) for r in content.readings)
        click.echo(f"{lang}: {len(done)} of {len(content.readings)} reading(s) translated"
                   + (f", {gaps} item(s) shown in English" if gaps else ""))


@click.command("load-questions")
@with_appcontext
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace readings edited in the browser with "
              "the file's version (their history keeps the browser edit).")
@click.option("--course", "course", metavar="SLUG", default=None,
              help="Load into this course (made if missing); default: the first course.")
def load_questions_command(path: Path | None, overwrite: bool, course: str | None) -> None:
    """Load content into the database (idempotent; edits become new revisions)."""
    init_or_exit(load=False)
    try:
        report = load_questions(path, overwrite=overwrite, course=course)
    except ContentInvalid as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    click.echo(str(report))
    if report.conflicts:
        sys.exit(1)  # a browser edit was not overwritten: say so to scripts too
