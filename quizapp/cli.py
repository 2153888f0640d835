"""The `quizapp` command: Flask's CLI for this app, plus the app's own commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo, run_command, shell_command, with_appcontext
from flask.cli import routes_command as flask_routes_command

from . import create_app
from .analytics.commands import COMMANDS as ANALYTICS_COMMANDS
from .backup_cli import backup_command, restore_command
from .content.schema import read_content
from .extensions import db
from .services import accounts, seminars
from .services.setup import ContentInvalid, initialize, load_questions
from .serving import serve_command


def _print_first_instructor(first: tuple[str, str] | None) -> None:
    if first:
        username, password = first
        click.secho("Created the first instructor account (shown only this once):",
                    fg="yellow")
        click.echo(f"  username: {username}")
        click.echo(f"  password: {password}")
        click.echo("  Log in at /instructor/login")


def _init_or_exit(load: bool = True) -> None:
    try:
        result = initialize(load=load)
    except ContentInvalid as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("questions/ has errors; fix them and run again") from exc
    if result.load is not None and result.load.changed:
        click.echo(f"Content: {result.load}")
    _print_first_instructor(result.first_instructor)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database, load questions/, create a first instructor."""
    _init_or_exit()
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("run")
@click.option("--host", "-h", default="127.0.0.1", show_default=True)
@click.option("--port", "-p", default=5000, show_default=True)
@click.pass_context
def run_wrapper(ctx: click.Context, host: str, port: int) -> None:
    """Set up on first run, then serve with Flask's development server."""
    with ctx.ensure_object(ScriptInfo).load_app().app_context():
        _init_or_exit()
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
    click.echo(f"OK: {len(content.readings)} reading(s), {n_q} multiple-choice and "
               f"{n_d} discussion question(s)")


@click.command("load-questions")
@with_appcontext
@click.argument("path", required=False, type=click.Path(path_type=Path))
def load_questions_command(path: Path | None) -> None:
    """Load content into the database (idempotent; edits become new revisions)."""
    _init_or_exit(load=False)
    try:
        report = load_questions(path)
    except ContentInvalid as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    click.echo(str(report))


@click.command("create-instructor")
@with_appcontext
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_instructor_command(username: str, password_stdin: bool) -> None:
    """Create an instructor account."""
    _init_or_exit()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        accounts.create_instructor(username, password)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created instructor {username!r}")


@click.command("create-session")
@with_appcontext
@click.option("--title", required=True)
@click.option("--reading", "readings", multiple=True, help="A reading slug (repeatable).")
@click.option("--owner", required=True, help="The instructor's username.")
@click.option("--pacing", type=click.Choice(seminars.PACINGS), default="self",
              show_default=True)
def create_session_command(title: str, readings: tuple[str, ...], owner: str,
                           pacing: str) -> None:
    """Create a seminar session; prints its join code alone on the last line."""
    _init_or_exit()
    instructor = accounts.find_instructor(owner)
    if instructor is None:
        raise click.ClickException(f"no instructor named {owner!r}")
    try:
        seminar = seminars.create_seminar(instructor, title, list(readings) or None, pacing)
    except seminars.SeminarError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created session {seminar.title!r}: join at /join/{seminar.code}")
    click.echo(seminar.code)


COMMANDS = [init_command, run_wrapper, check_questions_command, load_questions_command,
            create_instructor_command, create_session_command, shell_command,
            flask_routes_command, serve_command, *ANALYTICS_COMMANDS, backup_command,
            restore_command]


def register_commands(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)


def _make_app(*_args: object) -> object:
    return create_app()


cli = FlaskGroup(create_app=_make_app, add_default_commands=False, load_dotenv=False,
                 help="quizapp: the seminar app's command line.")
register_commands(cli)


def main() -> None:
    cli.main(prog_name="quizapp")


if __name__ == "__main__":
    main()
