"""The timeline of events and the perspectives page, from _course.yaml.

Public pages; a student who has joined a session sees them inside that session's frame (its
navigation and footer), so the course pages are no dead end.
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Course, Reading
from ..services.classroom.localized import LocalizedCourse, localized
from ..services.classroom.timeline import format_date
from ..student.identity import current_seat
from ..web.access import access
from ..web.i18n import current_language
from .blueprint import bp


def _course() -> LocalizedCourse:
    """The course in the reader's language (English where it is not translated)."""
    course = db.session.get(Course, 1)
    if course is None:
        abort(404, _("No course is loaded yet."))
    return LocalizedCourse(course, current_language())


def _readings() -> dict[str, Reading]:
    lang = current_language()
    return {r.slug: localized(r, lang)
            for r in db.session.scalars(select(Reading).order_by(Reading.position))}


def _frame() -> dict[str, Any]:
    seminar, me = current_seat()
    return {"seminar": seminar, "me": me}


@bp.route("/timeline")
@access("public")
def timeline():
    course = _course()
    events = sorted(course.timeline, key=lambda e: e["date"])
    language = current_language()
    return render_template("course/timeline.html", course=course, events=events,
                           readings=_readings(),
                           format_date=lambda iso: format_date(iso, language), **_frame())


@bp.route("/perspectives")
@access("public")
def perspectives():
    course = _course()
    return render_template("course/perspectives.html", course=course,
                           themes=course.perspectives, readings=_readings(), **_frame())
