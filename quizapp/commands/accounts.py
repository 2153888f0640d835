"""Instructor account commands: `create-instructor`, `set-password`."""

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
    password = _read_password(password_stdin)
    try:
        instructors.create_instructor(username, password)
    except instructors.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created instructor {username!r}")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("set-password")
@with_appcontext
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password_command(username: str, password_stdin: bool) -> None:
    """Set a new password for an instructor (a lost password); logs out all their devices."""
    init_or_exit()
    instructor = instructors.find_instructor(username)
    if instructor is None:
        raise click.ClickException(f"no instructor is named {username!r}")
    password = _read_password(password_stdin)
    try:
        instructors.set_password(instructor, password)
    except instructors.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"New password set for {instructor.username!r}; every device they were "
               "logged in on is logged out.")
