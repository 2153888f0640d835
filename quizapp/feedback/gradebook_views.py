"""The gradebook: one session, or every session of the course the instructor can see; and
its CSV downloads (quizapp's columns, and Moodle's grade import)."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from ..extensions import db
from ..instructor.auth import owner_required
from ..models import Course, Seminar
from ..services.classroom.codes import normalize_code
from ..services.classroom.seminars import seminars_for
from ..services.courses import courses
from ..services.feedback import seats
from ..services.feedback.errors import FeedbackError
from ..services.feedback.gradebook import gradebook
from ..services.interchange import gradebook_csv as grade_csv
from ..services.interchange.responses_csv import BOM
from ..web.access import access
from .blueprint import bp
from .forms import LinkCodesForm


def _csv(body: str, filename: str) -> Response:
    # A byte-order mark like every CSV download: Excel then reads accented names as UTF-8
    # (Moodle's CSV reader strips it).
    return Response(BOM + body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/sessions/<code>/gradebook")
@access("owner")
@owner_required
def session_gradebook(code: str):
    return render_template("feedback/gradebook.html", seminar=g.seminar,
                           sessions=[g.seminar], rows=gradebook([g.seminar]))


@bp.route("/sessions/<code>/gradebook.csv")
@access("owner")
@owner_required
def session_gradebook_csv(code: str):
    return _csv(grade_csv.gradebook_file(gradebook([g.seminar])),
                f"quizapp-{g.seminar.code}-gradebook.csv")


@bp.route("/sessions/<code>/gradebook-moodle.csv")
@access("owner")
@owner_required
def session_moodle_csv(code: str):
    return _csv(grade_csv.moodle_file(gradebook([g.seminar])),
                f"quizapp-{g.seminar.code}-moodle-grades.csv")


def _course_sessions() -> tuple[list[Seminar], Course | None, list[Course]]:
    """The sessions the course gradebook covers: those of ``?course=`` (a course slug the
    instructor may see; another is 404), or of every course; and the courses to choose from."""
    visible = courses.courses_for(current_user)
    sessions = seminars_for(current_user)
    wanted = request.args.get("course")
    if not wanted:
        return sessions, None, visible
    course = next((c for c in visible if c.slug == wanted), None)
    if course is None:
        abort(404, gettext("There is no course with that name."))
    return [s for s in sessions if s.course_id == course.id], course, visible


@bp.route("/gradebook")
@access("instructor")
@login_required
def course_gradebook():
    return _course_page(LinkCodesForm())


def _course_page(form: LinkCodesForm, status: int = 200):
    sessions, course, visible = _course_sessions()
    return render_template("feedback/gradebook.html", seminar=None, sessions=sessions,
                           course=course, courses=visible, rows=gradebook(sessions),
                           link_form=form), status


@bp.route("/gradebook/link", methods=["POST"])
@access("instructor")
@login_required
def link_codes():
    form = LinkCodesForm()
    if form.validate_on_submit():
        try:
            count = seats.link_codes(current_user, form.keep.data or "", form.replace.data or "")
        except FeedbackError as exc:
            db.session.rollback()
            form.replace.errors = [*form.replace.errors, str(exc)]
        else:
            db.session.commit()
            flash(ngettext("%(num)d seat now has the personal code %(code)s.",
                           "%(num)d seats now have the personal code %(code)s.", count,
                           code=normalize_code(form.keep.data)), "success")
            return redirect(url_for("feedback.course_gradebook"))
    if not form.errors:
        form.replace.errors = [gettext("The form expired; try again.")]
    return _course_page(form, 400)


@bp.route("/gradebook.csv")
@access("instructor")
@login_required
def course_gradebook_csv():
    sessions, course, _visible = _course_sessions()
    return _csv(grade_csv.gradebook_file(gradebook(sessions)),
                f"quizapp-{course.slug if course else 'course'}-gradebook.csv")


@bp.route("/gradebook-moodle.csv")
@access("instructor")
@login_required
def course_moodle_csv():
    sessions, course, _visible = _course_sessions()
    return _csv(grade_csv.moodle_file(gradebook(sessions)),
                f"quizapp-{course.slug if course else 'course'}-moodle-grades.csv")
