"""Instructor account commands: `create-instructor`."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from ..extensions import db
from ..services.accounts import instructors
from .setup import init_or_exit


@click.command("create-instructor")
@with_appcontext
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_instructor_command(username: str, password_stdin: bool) -> None:
    """Create an instructor account."""
    init_or_exit()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        instructors.create_instructor(username, password)
    except instructors.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created instructor {username!r}")
