"""Writing feedback on one answer, choosing the session's rubric, releasing feedback."""

from __future__ import annotations

from typing import NoReturn

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user

from ..extensions import db
from ..instructor.auth import coteacher_required, owner_required
from ..services.feedback import comments, marking, release, roles, rubrics
from ..services.feedback.errors import FeedbackError
from ..web.access import access
from ..web.security import safe_next
from .blueprint import bp
from .forms import ChooseRubricForm, ReleaseForm, make_feedback_form


def fail(exc: FeedbackError) -> NoReturn:
    db.session.rollback()
    abort(exc.status, str(exc))


def _overview_url() -> str:
    return url_for("feedback.overview", code=g.seminar.code)


@bp.route("/sessions/<code>/feedback/")
@access("owner")
@owner_required
def overview(code: str):
    seminar = g.seminar
    rubric = rubrics.seminar_rubric(seminar)
    choose = ChooseRubricForm(rubric=rubric.id if rubric else None)
    choose.rubric.choices = [(None, gettext("No rubric: comments only"))] + [
        (r.id, r.title) for r in rubrics.course_rubrics(g.seminar.course)]
    return render_template(
        "feedback/overview.html", seminar=seminar, rubric=rubric, choose=choose,
        summaries=marking.question_summaries(seminar), held=release.held_count(seminar),
        can_release=roles.can_release(current_user, seminar), release_form=ReleaseForm())


@bp.route("/sessions/<code>/feedback/rubric", methods=["POST"])
@access("coteacher")  # assistants draft; the owner and co-teachers release
@coteacher_required
def choose_rubric(code: str):
    form = ChooseRubricForm()
    form.rubric.choices = [(None, "")] + [
        (r.id, r.title) for r in rubrics.course_rubrics(g.seminar.course)]
    if not form.validate_on_submit():
        abort(400, gettext("Choose one of the course's rubrics."))
    try:
        chosen = rubrics.set_seminar_rubric(g.seminar, form.rubric.data)
    except FeedbackError as exc:
        fail(exc)
    db.session.commit()
    flash(gettext("This session marks with “%(title)s”.", title=chosen.title) if chosen
          else gettext("This session has no rubric: feedback is comments only."), "success")
    return redirect(_overview_url())


@bp.route("/sessions/<code>/feedback/release", methods=["POST"])
@access("coteacher")  # assistants draft; the owner and co-teachers release
@coteacher_required
def release_feedback(code: str):
    form = ReleaseForm()
    if not form.validate_on_submit():
        abort(400, gettext("The form expired; reload the page and try again."))
    question = None
    if form.question.data:
        question = marking.discussion_question(g.seminar, form.question.data)
        if question is None:
            abort(404, gettext("No such discussion question in this session."))
    try:
        count = release.release(g.seminar, current_user, question)
    except FeedbackError as exc:
        fail(exc)
    db.session.commit()
    flash(ngettext("Released %(num)d feedback: its student can read it now.",
                   "Released %(num)d feedback: their students can read them now.", count),
          "success")
    return redirect(safe_next(request.form.get("next")) or _overview_url())


@bp.route("/sessions/<code>/feedback/answers/<int:rid>", methods=["GET", "POST"])
@access("owner")
@owner_required
def write(code: str, rid: int):
    seminar = g.seminar
    try:
        response = comments.answer_in_seminar(seminar, rid)
    except FeedbackError as exc:
        fail(exc)
    rubric = rubrics.seminar_rubric(seminar)
    draft = comments.draft_for(response)
    data = {"body": draft.body, "level": draft.level_id} if draft and request.method == "GET" \
        else None
    form = make_feedback_form(rubric, data=data)
    back = safe_next(request.values.get("next")) or url_for(
        "instructor.review_session", code=seminar.code, _anchor=f"response-{rid}")
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                comments.save_feedback(seminar, current_user, rid, form.body.data or "",
                                       form.level.data)
            except FeedbackError as exc:
                if exc.status != 400:
                    fail(exc)
                db.session.rollback()
                form.body.errors = [*form.body.errors, str(exc)]  # keep what was typed
            else:
                db.session.commit()
                flash(gettext("Feedback saved. The student sees it after release."), "success")
                return redirect(back)
        status = 400
    return render_template(
        "feedback/write.html", seminar=seminar, response=response, form=form, back=back,
        rubric=rubric, history=comments.feedback_by_response(seminar, [rid]).get(rid, []),
        version=comments.current_version(response),
        can_release=roles.can_release(current_user, seminar), release_form=ReleaseForm()
    ), status


@bp.route("/sessions/<code>/feedback/answers/<int:rid>/release", methods=["POST"])
@access("coteacher")  # assistants draft; the owner and co-teachers release
@coteacher_required
def release_answer(code: str, rid: int):
    if not ReleaseForm().validate_on_submit():
        abort(400, gettext("The form expired; reload the page and try again."))
    try:
        draft = comments.draft_for(comments.answer_in_seminar(g.seminar, rid))
        if draft is None:
            raise FeedbackError(gettext("This answer has no held feedback to release."))
        release.release_one(g.seminar, current_user, draft.id)
    except FeedbackError as exc:
        fail(exc)
    db.session.commit()
    flash(gettext("Released: the student can read this feedback now."), "success")
    return redirect(url_for("feedback.write", code=g.seminar.code, rid=rid))


@bp.route("/sessions/<code>/feedback/answers/<int:rid>/delete", methods=["POST"])
@access("owner")
@owner_required
def delete_draft(code: str, rid: int):
    if not ReleaseForm().validate_on_submit():
        abort(400, gettext("The form expired; reload the page and try again."))
    try:
        comments.delete_draft(g.seminar, current_user, rid)
    except FeedbackError as exc:
        fail(exc)
    db.session.commit()
    flash(gettext("Draft deleted: nothing of it reaches the student."), "info")
    return redirect(url_for("feedback.write", code=g.seminar.code, rid=rid))
