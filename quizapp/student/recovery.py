"""A discussion answer sent with an expired form or a lost session is shown back, not lost.

The CSRF check runs before the view, so these requests end in the CSRF error handler
(quizapp/web/errors.py), which asks this module first. With the student's seat still in the
cookie, the discussion page comes back with the text in the form; without it, a page keeps the
text and asks for the personal code, then saves the answer in the same step.
"""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..extensions import db
from ..models import Participant, Question, Reading, Seminar
from ..services.classroom import answers, participants, seminars
from ..web import throttle
from ..web.access import access
from ..web.errors import register_csrf_recovery
from ..web.templating import end_sentence
from .blueprint import bp
from .identity import participant_for, remember
from .views import render_discussion

EXPIRED = ("Your answer has not been saved yet: this page had expired. It is still in the box "
           "below; press the button to send it again.")


class RecoverForm(FlaskForm):
    resume_code = StringField(
        "Your personal code", validators=[InputRequired("Enter your personal code."),
                                          Length(max=16, message="That code is too long.")],
        render_kw={"autocomplete": "off", "autocapitalize": "characters",
                   "spellcheck": "false"})
    answer = TextAreaField("Your answer", render_kw={"rows": 8,
                                                     "maxlength": answers.MAX_ANSWER_LENGTH})
    stance = HiddenField()


def _find(code: str, slug: str, key: str) -> tuple[Seminar, Reading, Question] | None:
    seminar = seminars.find_seminar(code)
    reading = seminars.reading_in_seminar(seminar, slug) if seminar is not None else None
    if seminar is None or reading is None:
        return None
    question = next((q for q in seminars.seminar_questions(seminar, "discussion")
                     if q.key == key and q.reading_id == reading.id), None)
    return None if question is None else (seminar, reading, question)


def _recover_page(seminar: Seminar, reading: Reading, question: Question, form: RecoverForm,
                  status: int = 400):
    return render_template("student/discussion_recover.html", seminar=seminar,
                           reading=reading, question=question, form=form), status


def after_csrf_error() -> Any:
    """The CSRF handler's answer for a discussion POST, or None for the generic 400 page."""
    args = request.view_args or {}
    found = _find(str(args.get("code", "")), str(args.get("slug", "")),
                  str(args.get("key", "")))
    if found is None:
        return None
    seminar, reading, question = found
    participant = participant_for(seminar)
    if participant is not None:
        g.seminar, g.participant = seminar, participant
        body, _status = render_discussion(reading, question, EXPIRED)
        return body, 400
    return _recover_page(seminar, reading, question, RecoverForm())


def unsent_answer_page(seminar: Seminar, text: str) -> Any:
    """For a POST whose form expired and whose seat is gone: a page that keeps the typed text
    and asks for the personal code (None when nothing was typed: the generic 400 page)."""
    if not text.strip():
        return None
    from .forms import ResumeForm

    return render_template("student/unsent_answer.html", seminar=seminar, text=text,
                           resume_form=ResumeForm(formdata=None)), 400


def _stance(raw: str | None) -> int | None:
    if not raw:
        return None
    # Anything but a small ASCII number is refused by submit_discussion ("pick a point").
    # isascii() first: "²".isdigit() is true but int("²") fails (and "１" would pass int()).
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else 0


@bp.route("/s/<code>/r/<slug>/discuss/<key>/resume", methods=["POST"])
@access("public")  # the personal code in the form is the proof of identity, as in resume
def discussion_resume(code: str, slug: str, key: str):
    throttle.check_code_guessing()  # the same counters as every other code route
    found = _find(code, slug, key)
    if found is None:
        if seminars.find_seminar(code) is None:
            throttle.wrong_code()
        return render_template("error.html", code=404, title="Not found",
                               message="This discussion question is not in this session."), 404
    seminar, reading, question = found
    form = RecoverForm()
    if not form.validate_on_submit():
        return _recover_page(seminar, reading, question, form)
    participant: Participant | None = participants.resume(seminar, form.resume_code.data or "")
    if participant is None:
        throttle.wrong_code()
        form.resume_code.errors.append("That personal code does not match anyone in this "
                                       "session.")
        return _recover_page(seminar, reading, question, form)
    remember(participant)
    g.seminar, g.participant = seminar, participant
    try:
        answers.submit_discussion(participant, question, form.answer.data or "",
                                  _stance(form.stance.data))
    except answers.AnswerError as exc:
        db.session.rollback()
        body, _status = render_discussion(reading, question, str(exc))
        return body, 400
    db.session.commit()
    flash(" ".join([end_sentence(gettext("Welcome back, %(name)s",
                                         name=participant.display_name)),
                    gettext("Your answer is saved.")]), "success")
    return redirect(url_for("student.discussion", code=seminar.code, slug=reading.slug,
                            key=question.key))


register_csrf_recovery("student.discussion", after_csrf_error)
