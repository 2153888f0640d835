"""Quick marking: one answer at a time, keys to move and to mark; plain forms without JS."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from ..extensions import db
from ..instructor.auth import owner_required
from ..services.feedback import comments, marking, rubrics
from ..services.feedback.errors import FeedbackError
from ..services.review import notes
from ..web.access import access
from .blueprint import bp
from .forms import make_feedback_form
from .views import fail


@bp.route("/sessions/<code>/feedback/mark/<key>", methods=["GET", "POST"])
@access("owner")
@owner_required
def mark(code: str, key: str):
    seminar = g.seminar
    question = marking.discussion_question(seminar, key)
    if question is None:
        abort(404, gettext("No such discussion question in this session."))
    queue = marking.marking_queue(seminar, question)
    n = request.args.get("n", 1, type=int)
    if not 1 <= n <= len(queue) + 1:
        abort(404, gettext("There is no answer %(n)d to mark here.", n=n))
    rubric = rubrics.seminar_rubric(seminar)
    if n == len(queue) + 1:  # past the last answer: the end of the queue
        return render_template("feedback/mark.html", seminar=seminar, question=question,
                               queue=queue, n=n, response=None, form=None, rubric=rubric)
    response = queue[n - 1]
    draft = comments.draft_for(response)
    data = {"body": draft.body, "level": draft.level_id} if draft and request.method == "GET" \
        else None
    form = make_feedback_form(rubric, data=data)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                comments.save_feedback(seminar, current_user, response.id,
                                       form.body.data or "", form.level.data)
            except FeedbackError as exc:
                if exc.status != 400:
                    fail(exc)
                db.session.rollback()
                form.body.errors = [*form.body.errors, str(exc)]
            else:
                db.session.commit()
                return redirect(url_for("feedback.mark", code=seminar.code, key=key, n=n + 1))
        status = 400
    history = comments.feedback_by_response(seminar, [response.id]).get(response.id, [])
    return render_template(
        "feedback/mark.html", seminar=seminar, question=question, queue=queue, n=n,
        response=response, form=form, rubric=rubric, history=history,
        version=comments.current_version(response),
        notes=notes.notes_for(seminar, kind="response", response_id=response.id,
                             viewer=current_user)), status
