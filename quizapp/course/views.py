"""The timeline of events and the perspectives page, from _course.yaml.

Public pages; a student who has joined a session sees them inside that session's frame (its
navigation and footer), so the course pages are no dead end.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Course, Reading, Seminar
from ..services.classroom.localized import LocalizedCourse, localized
from ..services.classroom.timeline import format_date
from ..student.identity import current_seat
from ..web.access import access
from ..web.i18n import current_language
from .blueprint import bp


def _course(seminar: Seminar | None) -> Course:
    """The seated student's session's course, else the one named by ?course=, else the first
    (the shipped course)."""
    if seminar is not None:
        course = db.session.get(Course, seminar.course_id)
    elif request.args.get("course"):
        course = db.session.scalar(select(Course).where(
            Course.slug == request.args.get("course", "")))
    else:
        course = db.session.scalar(select(Course).order_by(Course.id).limit(1))
    if course is None:
        abort(404, _("No course is loaded yet."))
    return course


def _readings(course: Course) -> dict[str, Reading]:
    lang = current_language()
    return {r.slug: localized(r, lang)
            for r in db.session.scalars(select(Reading).where(Reading.course_id == course.id)
                                        .order_by(Reading.position))}


def _page(seminar: Seminar | None) -> tuple[LocalizedCourse, dict[str, Reading]]:
    """The course in the reader's language (English where it is not translated), and its
    readings."""
    course = _course(seminar)
    return LocalizedCourse(course, current_language()), _readings(course)


@bp.route("/timeline")
@access("public")
def timeline():
    seminar, me = current_seat()
    course, readings = _page(seminar)
    events = sorted(course.timeline, key=lambda e: e["date"])
    language = current_language()
    return render_template("course/timeline.html", course=course, events=events,
                           readings=readings, seminar=seminar, me=me,
                           format_date=lambda iso: format_date(iso, language))


@bp.route("/perspectives")
@access("public")
def perspectives():
    seminar, me = current_seat()
    course, readings = _page(seminar)
    return render_template("course/perspectives.html", course=course,
                           themes=course.perspectives, readings=readings, seminar=seminar,
                           me=me)
