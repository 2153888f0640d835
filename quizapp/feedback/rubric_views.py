"""The course's rubrics: a list and a form to add one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ..extensions import db
from ..services.courses import courses
from ..services.feedback import rubrics
from ..services.feedback.errors import FeedbackError
from ..web.access import access
from .blueprint import bp
from .forms import RubricForm

EXAMPLE = ("0 | missing | does not answer the question\n1 | restates | repeats the reading\n"
           "2 | argues | a claim and a reason\n3 | argues from evidence | cites the reading")


@bp.route("/rubrics", methods=["GET", "POST"])
@access("instructor")
@login_required
def rubric_list():
    visible = courses.courses_for(current_user)
    # A form without the course field (one course) adds to the instructor's first course.
    form = RubricForm(course=visible[0].slug if visible else None)
    form.course.choices = [(c.slug, c.title) for c in visible]
    if form.validate_on_submit():
        course = next(c for c in visible if c.slug == form.course.data)
        try:
            rubric = rubrics.create_rubric(form.title.data or "",
                                           rubrics.parse_levels(form.levels.data or ""), course)
        except FeedbackError as exc:
            db.session.rollback()
            form.levels.errors = [*form.levels.errors, str(exc)]
        else:
            db.session.commit()
            flash(gettext("Rubric “%(title)s” added to the course “%(course)s”.",
                          title=rubric.title, course=course.title), "success")
            return redirect(url_for("feedback.rubric_list"))
    status = 400 if form.errors else 200
    groups = [(course, rubrics.course_rubrics(course)) for course in visible]
    return render_template("feedback/rubrics.html", form=form, groups=groups,
                           example=EXAMPLE), status
