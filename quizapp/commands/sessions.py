"""Session commands: `create-session`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db
from ..services.accounts import instructors
from ..services.classroom import seminars
from .setup import init_or_exit


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
    init_or_exit()
    instructor = instructors.find_instructor(owner)
    if instructor is None:
        raise click.ClickException(f"no instructor named {owner!r}")
    try:
        seminar = seminars.create_seminar(instructor, title, list(readings) or None, pacing)
    except seminars.SeminarError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created session {seminar.title!r}: join at /join/{seminar.code}")
    click.echo(seminar.code)
