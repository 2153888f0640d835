"""Courses: the list of those an instructor may work on, a new course, and one course's page
(its readings and sessions; the owner shares it with co-teachers there)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..extensions import db
from ..models import Course, Seminar
from ..services.classroom import seminars
from ..services.courses import courses
from ..web.access import access
from .blueprint import bp
from .forms import ConfirmForm, CourseForm, CourseShareForm


def _course_or_404(slug: str, *, owner: bool = False) -> Course:
    course = courses.find_course(slug)
    if course is None:
        abort(404, gettext("There is no course with that name."))
    if not courses.can_edit(current_user, course):
        abort(403, gettext("You do not teach this course: ask its owner to share it with "
                           "you."))
    if owner and course.owner_id != current_user.id:
        abort(403, gettext("Only the course's owner can share it."))
    return course


@bp.route("/courses/")
@access("instructor")
@login_required
def courses_list():
    mine = courses.courses_for(current_user)
    counts = dict(db.session.execute(
        select(Seminar.course_id, func.count()).group_by(Seminar.course_id)
        .where(Seminar.id.in_([s.id for s in seminars.seminars_for(current_user)]))).all())
    return render_template("instructor/courses.html", courses=mine, counts=counts,
                           readings={c.id: len(courses.course_readings(c)) for c in mine},
                           form=CourseForm())


@bp.route("/courses/new", methods=["GET", "POST"])
@access("instructor")
@login_required
def new_course():
    form = CourseForm()
    if form.validate_on_submit():
        try:
            course = courses.create_course(current_user, form.title.data or "",
                                           form.slug.data or "")
        except courses.CourseError as exc:
            db.session.rollback()
            getattr(form, exc.field).errors = [*getattr(form, exc.field).errors, str(exc)]
        else:
            db.session.commit()
            flash(gettext("Course created. Add its readings, then make a session of it."),
                  "success")
            return redirect(url_for("instructor.course_page", course=course.slug))
    status = 400 if form.errors else 200
    return render_template("instructor/new_course.html", form=form), status


@bp.route("/courses/<course>/")
@access("course")
@login_required
def course_page(course: str):
    found = _course_or_404(course)
    return _render_course(found, CourseShareForm())


def _render_course(course: Course, form: CourseShareForm, status: int = 200):
    sessions = [s for s in seminars.seminars_for(current_user) if s.course_id == course.id]
    return render_template("instructor/course.html", course=course,
                           readings=courses.course_readings(course), sessions=sessions,
                           coteachers=courses.coteachers(course), form=form,
                           confirm=ConfirmForm(),
                           is_owner=course.owner_id == current_user.id), status


@bp.route("/courses/<course>/share", methods=["POST"])
@access("course_owner")
@login_required
def share_course(course: str):
    found = _course_or_404(course, owner=True)
    form = CourseShareForm()
    if form.validate_on_submit():
        try:
            other = courses.share_course(found, current_user, form.username.data or "")
        except courses.CourseError as exc:
            db.session.rollback()
            form.username.errors = [*form.username.errors, str(exc)]
        else:
            db.session.commit()
            flash(gettext("%(name)s co-teaches this course now.", name=other.username),
                  "success")
            return redirect(url_for("instructor.course_page", course=found.slug))
    return _render_course(found, form, 400)


@bp.route("/courses/<course>/unshare/<int:instructor_id>", methods=["POST"])
@access("course_owner")
@login_required
def unshare_course(course: str, instructor_id: int):
    found = _course_or_404(course, owner=True)
    if not ConfirmForm().validate_on_submit():
        abort(400, gettext("This form has expired: reload the page and try again."))
    other = courses.unshare_course(found, current_user, instructor_id)
    db.session.commit()
    if other is not None:
        flash(gettext("%(name)s no longer co-teaches this course.", name=other.username),
              "info")
    return redirect(url_for("instructor.course_page", course=found.slug))
