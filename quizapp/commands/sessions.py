"""Session commands: `create-session`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db
from ..services.accounts import instructors
from ..services.classroom import seminars
from ..services.courses import courses
from .setup import init_or_exit


@click.command("create-session")
@with_appcontext
@click.option("--title", required=True)
@click.option("--reading", "readings", multiple=True, help="A reading slug (repeatable).")
@click.option("--owner", required=True, help="The instructor's username.")
@click.option("--pacing", type=click.Choice(seminars.PACINGS), default="self",
              show_default=True)
@click.option("--course", "course_slug", metavar="SLUG", default=None,
              help="The course whose readings it uses (default: the first course).")
def create_session_command(title: str, readings: tuple[str, ...], owner: str,
                           pacing: str, course_slug: str | None) -> None:
    """Create a seminar session; prints its join code alone on the last line."""
    init_or_exit()
    instructor = instructors.find_instructor(owner)
    if instructor is None:
        raise click.ClickException(f"no instructor named {owner!r}")
    course = None
    if course_slug:
        course = courses.find_course(course_slug)
        if course is None or not courses.can_edit(instructor, course):
            raise click.ClickException(f"no course {course_slug!r} that {owner} teaches")
    try:
        seminar = seminars.create_seminar(instructor, title, list(readings) or None, pacing,
                                          course=course)
    except seminars.SeminarError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created session {seminar.title!r}: join at /join/{seminar.code}")
    click.echo(seminar.code)
