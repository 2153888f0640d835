"""Student pages. Views parse input and render; the services decide."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Question
from ..services.classroom import answers, participants, progress, seminars
from ..services.classroom.codes import normalize_code
from ..services.classroom.localized import localized
from ..web import throttle
from ..web.access import access
from ..web.i18n import current_language
from ..web.templating import end_sentence
from . import navigation
from .blueprint import bp
from .forms import ConfirmForm, JoinForm, ResumeForm, make_discussion_form, make_mc_form
from .identity import (
    current_seat,
    forget,
    participant_for,
    remember,
    student_required,
)

ALREADY_ANSWERED = _l("You already answered this question: your first answer counts.")


@bp.route("/")
@access("public")
def index():
    # A student who joined a session sees a way back to it, not only an empty join form.
    seminar, me = current_seat()
    return render_template("index.html", form=JoinForm(), seated=seminar, me=me)


@bp.route("/join", methods=["GET", "POST"])
@access("public")
def join():
    # Wrong codes count per browser and per address (web/throttle.py), on every code route.
    if request.method == "POST":
        throttle.check_code_guessing()
    form = JoinForm()
    if form.validate_on_submit():
        seminar = seminars.find_seminar(form.code.data or "")
        if seminar is None:
            throttle.wrong_code()
            form.code.errors.append(_("No session has that code. Check it with your "
                                      "instructor."))
        else:
            return _join(seminar, form)
    status = 400 if form.errors else 200
    return render_template("student/join.html", form=form, seminar=None,
                           resume_form=ResumeForm()), status


@bp.route("/join/<code>", methods=["GET", "POST"])
@access("public")
def join_code(code: str):
    # GETs too: a wrong code in the join link is a guess like a wrong code in the form (a
    # blocked browser is refused before the look-up, so a 429 tells nothing about the code).
    throttle.check_code_guessing()
    seminar = seminars.find_seminar(code)
    if seminar is None:
        throttle.wrong_code()
        abort(404, _("There is no session with that code. Check it with your instructor."))
    if normalize_code(code) != code:
        return redirect(url_for("student.join_code", code=seminar.code))
    if participant_for(seminar) is not None:
        return redirect(url_for("student.home", code=seminar.code))
    form = JoinForm()
    if form.validate_on_submit():
        return _join(seminar, form)
    status = 400 if form.errors else 200
    return render_template("student/join.html", form=form, seminar=seminar,
                           resume_form=ResumeForm()), status


def _join(seminar, form: JoinForm):
    try:
        participant = participants.join(seminar, form.display_name.data or "")
    except participants.JoinError as exc:
        form.display_name.errors.append(str(exc))
        return render_template("student/join.html", form=form, seminar=seminar,
                               resume_form=ResumeForm()), 400
    # Everything read from the new row is read before the commit, which expires it: after it
    # each attribute would cost a refresh query (two per join in a 2,000-student storm).
    remember(participant)
    message = " ".join([
        end_sentence(gettext("Welcome, %(name)s", name=participant.display_name)),
        gettext("Your personal code is %(code)s: use it to continue on another device.",
                code=participant.resume_code)])
    target = url_for("student.home", code=seminar.code)
    db.session.commit()
    flash(message, "success")
    return redirect(target)


@bp.route("/join/<code>/resume", methods=["POST"])
@access("public")
def resume(code: str):
    throttle.check_code_guessing()
    seminar = seminars.find_seminar(code)
    if seminar is None:
        throttle.wrong_code()
        abort(404, _("There is no session with that code."))
    resume_form = ResumeForm()
    if resume_form.validate_on_submit():
        participant = participants.resume(seminar, resume_form.resume_code.data or "")
        if participant is not None:
            remember(participant)
            flash(end_sentence(gettext("Welcome back, %(name)s",
                                       name=participant.display_name)), "success")
            return redirect(url_for("student.home", code=seminar.code))
        throttle.wrong_code()
        resume_form.resume_code.errors.append(_("That personal code does not match anyone in "
                                                "this session."))
    return render_template("student/join.html", form=JoinForm(), seminar=seminar,
                           resume_form=resume_form), 400


@bp.route("/s/<code>/")
@access("student")
@student_required
def home(code: str):
    lang = current_language()
    rows = [replace(row, reading=localized(row.reading, lang))
            for row in progress.participant_progress(g.participant)]
    return render_template("student/home.html", seminar=g.seminar, me=g.participant,
                           progress=rows)


def _reading_or_404(slug: str):
    reading = seminars.reading_in_seminar(g.seminar, slug)
    if reading is None:
        abort(404, _("This reading is not part of this session."))
    return reading


def _questions(reading, kind: str) -> list[Question]:
    # With their current revisions: the check page reads one on every request.
    return list(db.session.scalars(select(Question).options(
        joinedload(Question.current_revision)).where(
        Question.reading_id == reading.id, Question.kind == kind,
        Question.retired.is_(False)).order_by(Question.position)))


@bp.route("/s/<code>/r/<slug>")
@access("student")
@student_required
def reading(code: str, slug: str):
    reading = _reading_or_404(slug)
    lang = current_language()  # the course in the reader's language where it is translated
    return render_template(
        "student/reading.html", seminar=g.seminar, me=g.participant,
        reading=localized(reading, lang), read=progress.has_read(g.participant, reading),
        form=ConfirmForm(), checks=_questions(reading, "mc"),
        discussion=localized(_questions(reading, "discussion"), lang))


@bp.route("/s/<code>/r/<slug>/read", methods=["POST"])
@access("student")
@student_required
def mark_read(code: str, slug: str):
    reading = _reading_or_404(slug)
    if ConfirmForm().validate_on_submit():
        progress.mark_summary_read(g.participant, reading)
        db.session.commit()
    return redirect(url_for("student.check", code=g.seminar.code, slug=slug, n=1))


@bp.route("/s/<code>/r/<slug>/check/<int:n>", methods=["GET", "POST"])
@access("student")
@student_required
def check(code: str, slug: str, n: int):
    # The answer path is the hottest write of a seminar (a whole class at once): the seminar
    # and the student came in one statement, the reading and its questions come in one more,
    # then the INSERT and the commit. The rest is looked up only where it is needed.
    question = (seminars.reading_question(g.seminar, slug, "mc", n)
                if request.method == "POST" else None)
    total = None  # only the page needs the other questions (for "n of total")
    if question is None:
        questions = seminars.reading_questions(g.seminar, slug, "mc")
        if not questions:
            _reading_or_404(slug)
        if not 1 <= n <= len(questions):
            abort(404, ngettext("This check has %(num)s question.",
                                "This check has %(num)s questions.", len(questions)))
        question, total = questions[n - 1], len(questions)
    reading, revision = question.reading, question.current_revision
    lang = current_language()
    # The labels in the reader's language; the choice ids (what is graded) are the same.
    form = make_mc_form(localized(revision, lang).choices, revision.multiple)
    target = url_for("student.check", code=g.seminar.code, slug=slug, n=n, _anchor="result")
    error = None
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            chosen = form.choice.data if revision.multiple else [form.choice.data]
            try:
                outcome = answers.submit_mc(g.participant, question, list(chosen),
                                            in_seminar=True,
                                            revision_id=_seen(request.form))
            except answers.AnswerError as exc:
                db.session.rollback()
                error, status = str(exc), 400
            else:
                # The database decided (a unique key): a second answer changes nothing.
                db.session.commit()
                if not outcome.created:
                    flash(str(ALREADY_ANSWERED), "info")
                return redirect(target)
        else:
            status = 400
    response = answers.find_response(g.participant, question)
    if response is not None and request.method == "POST" and error is None:
        # An incomplete resubmission of an answered question: the first answer stands.
        flash(str(ALREADY_ANSWERED), "info")
        return redirect(target)
    total = total or _count_checks(slug)
    return render_template(
        "student/check.html", seminar=g.seminar, me=g.participant,
        reading=localized(reading, lang), question=question,
        revision=localized(response.revision if response else revision, lang),
        response=response, form=form, n=n, total=total, error=error,
        closed_reason=_closed_reason(question),
        next_step=navigation.after_check(g.seminar, reading, n, total)), status


def _count_checks(slug: str) -> int:
    return len(seminars.reading_questions(g.seminar, slug, "mc"))


def _closed_reason(question: Question) -> str | None:
    try:
        answers.check_can_answer(g.seminar, question)
    except answers.AnswerError as exc:
        return str(exc)
    return None


@bp.route("/s/<code>/r/<slug>/discuss/<key>", methods=["GET", "POST"])
@access("student")
@student_required
def discussion(code: str, slug: str, key: str):
    reading = _reading_or_404(slug)
    question = next((q for q in _questions(reading, "discussion") if q.key == key), None)
    if question is None:
        abort(404, _("This discussion question is not part of this reading."))
    return render_discussion(reading, question)


def render_discussion(reading, question: Question, message: str | None = None):
    talk = _questions(reading, "discussion")
    revision = question.current_revision
    response = answers.find_response(g.participant, question)
    data: dict[str, Any] = {}
    if response is not None and request.method == "GET":
        data = {"answer": response.answer,
                "stance": str(response.stance) if response.stance else None}
    lang = current_language()
    form = make_discussion_form(localized(revision, lang).stance, data=data or None)
    error, status = message, (400 if message else 200)
    if request.method == "POST" and message is None:
        if form.validate_on_submit():
            stance = getattr(form, "stance", None)
            try:
                answers.submit_discussion(
                    g.participant, question, form.answer.data,
                    int(stance.data) if stance is not None and stance.data else None,
                    revision_id=_seen(request.form))
            except answers.AnswerError as exc:
                db.session.rollback()
                error, status = str(exc), 400
            else:
                db.session.commit()
                flash(_("Your answer is saved.") if response is None else
                      _("Your revised answer is saved; earlier versions are kept."), "success")
                return redirect(request.path)
        else:
            status = 400
    return render_template(
        "student/discussion.html", seminar=g.seminar, me=g.participant,
        reading=localized(reading, lang), question=question,
        revision=localized(revision, lang), response=response, form=form, error=error,
        closed_reason=_closed_reason(question),
        position=[q.key for q in talk].index(question.key) + 1 if question in talk else None,
        count=len(talk),
        next_step=navigation.after_discussion(g.seminar, reading, question, talk)), status


@bp.route("/s/<code>/answers")
@access("student")
@student_required
def my_answers(code: str):
    from ..services.review.responses import answer_label

    lang = current_language()
    groups = [(localized(reading, lang), localized(rows, lang))
              for reading, rows in answers.responses_by_reading(g.participant)]
    return render_template("student/answers.html", seminar=g.seminar, me=g.participant,
                           groups=groups,
                           answer_label=answer_label)


def _seen(form: Any) -> int | None:
    """The question revision the page showed (a hidden field), if it is a number."""
    value = form.get("revision", "")
    return int(value) if value.isascii() and value.isdigit() else None


@bp.route("/s/<code>/leave", methods=["GET", "POST"])
@access("student")
@student_required
def leave(code: str):
    """A shared computer: show the personal code first, then forget the seat here."""
    form = ConfirmForm()
    if form.validate_on_submit():
        seminar = g.seminar
        forget(seminar)
        flash(_("You have left “%(title)s” on this device. Your answers are saved; continue "
                "with your personal code.", title=seminar.title), "info")
        # The start page, not the join page of this session: nothing there names the student.
        return redirect(url_for("student.index"))
    return render_template("student/leave.html", seminar=g.seminar, me=g.participant,
                           form=form), (400 if request.method == "POST" else 200)
