"""Instructor pages: dashboard, sessions, review, per-student and per-question views."""

from __future__ import annotations

import io

import segno
from flask import (
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Participant
from ..services.analytics import misconceptions
from ..services.classroom import progress, seminars
from ..services.courses import courses
from ..services.interchange import responses_csv
from ..services.live import spotlight
from ..services.review import figures, notes, reads, responses, roster, stances
from ..services.review.paging import PageNotFound
from ..web.access import access
from ..web.charts import Bar, bar_chart
from ..web.templating import question_label
from .auth import coteacher_required, owner_required
from .blueprint import bp
from .forms import ConfirmForm, NoteForm, SessionForm
from .seat_panel import seat_context


@bp.route("/")
@access("instructor")
@login_required
def dashboard():
    archived = request.args.get("archived") == "1"
    return render_template("instructor/dashboard.html", archived=archived,
                           seminars=seminars.seminars_for(current_user, archived=archived),
                           form=ConfirmForm())


@bp.route("/sessions/new", methods=["GET", "POST"])
@access("instructor")
@login_required
def new_session():
    form = SessionForm()
    visible = courses.courses_for(current_user)
    form.course.choices = [(c.slug, c.title) for c in visible]
    wanted = request.form.get("course") if request.method == "POST" else \
        request.args.get("course")
    course = next((c for c in visible if c.slug == wanted), visible[0] if visible else None)
    available = seminars.active_readings(course) if course is not None else []
    form.readings.choices = [(r.slug, r.title) for r in available]
    switching = request.method == "POST" and "switch" in request.form
    if request.method == "POST" and "course" not in request.form and course is not None:
        form.course.data = course.slug  # a form or script from before courses: the first
    if request.method == "GET" or switching:
        # A new course chosen (without JavaScript: the "show its readings" button): offer
        # all of its readings, nothing created yet.
        form.course.data = course.slug if course is not None else None
        form.readings.data = [r.slug for r in available]
    if switching:
        return render_template("instructor/new_session.html", form=form)
    if form.validate_on_submit():
        try:
            seminar = seminars.create_seminar(current_user, form.title.data,
                                              form.readings.data, form.pacing.data,
                                              course=course)
        except seminars.SeminarError as exc:
            form.title.errors.append(str(exc))
        else:
            db.session.commit()
            flash(gettext("Session created. Students join with code %(code)s.",
                          code=seminar.code), "success")
            return redirect(url_for("instructor.review_session", code=seminar.code))
    status = 400 if form.errors else 200
    return render_template("instructor/new_session.html", form=form), status


def _join_url(code: str) -> str:
    return url_for("student.join_code", code=code, _external=True)


@bp.route("/sessions/<code>/")
@access("owner")
@owner_required
def review_session(code: str):
    """The seminar at a glance first (who is here, how far, the questions most missed, the
    latest discussion answers, the call-on list), then sections the instructor opens."""
    seminar = g.seminar
    args = request.args
    question_key = args.get("question") or None
    stance = args.get("stance", type=int)
    stance = stance if stance is not None and 0 < stance < 100 else None
    unread = args.get("unread") == "1"
    try:
        # A page of students (?page=, ?find=) and of discussion answers (?answers=): a large
        # class no longer makes a page that grows with it.
        people = roster.student_page(seminar, args.get("page", 1, type=int), args.get("find"))
        discussion = responses.discussion_answers(
            seminar, question_key, args.get("answers", 1, type=int), stance=stance,
            unread_by=current_user.id if unread else None)
    except PageNotFound:
        abort(404, gettext("There is no such page."))
    prog = progress.seminar_progress(seminar, [p.id for p in people.items])
    stats = responses.mc_stats(seminar)
    summary = roster.class_summary(seminar, people.class_size, stats)
    charts = {s.question.id: bar_chart(
        [Bar(f"{c.id}) {c.text}", c.count, c.correct) for c in s.choices],
        title=gettext("Answers to “%(question)s”", question=question_label(s.question)),
        total=s.responses) for s in stats}
    talk = seminars.seminar_questions(seminar, "discussion")
    # The sections the request is about open by themselves (a page link, a filter).
    opened = {"students": any(k in args for k in ("page", "find")),
              "discussion": any(k in args for k in ("question", "stance", "unread", "answers"))}
    return render_template(
        "instructor/review.html", seminar=seminar, people=people, progress=prog,
        summary=summary, stats=stats, charts=charts, discussion=discussion,
        question_key=question_key, stance=stance, unread=unread, opened=opened,
        discussion_questions=talk,
        stance_points=max((q.current_revision.stance or {}).get("points", 0)
                          for q in talk) if talk else 0,
        # With one question chosen, the stance options name its scale's two ends.
        stance_scale=next((q.current_revision.stance for q in talk
                           if q.key == question_key and q.current_revision), None),
        hardest=figures.most_missed(stats),
        recent=responses.discussion_answers(seminar, size=3).items,
        call_on=spotlight.call_on_list(seminar),
        read=reads.read_ids(current_user, discussion.items),
        notes_by_response=notes.notes_by_response(seminar, current_user),
        session_notes=notes.notes_for(seminar, kind="session", viewer=current_user),
        join_url=_join_url(seminar.code), form=ConfirmForm(), note_form=NoteForm())


@bp.route("/sessions/<code>/qr.svg")
@access("owner")
@owner_required
def qr_code(code: str):
    qr = segno.make(_join_url(g.seminar.code), error="m")
    # A standalone SVG file needs its xmlns (svg_inline leaves it out): else no image shows.
    svg = io.BytesIO()
    qr.save(svg, kind="svg", scale=8, dark="#000", light="#fff", border=2, xmldecl=False)
    return Response(svg.getvalue(), mimetype="image/svg+xml")


@bp.route("/sessions/<code>/open", methods=["POST"])
@access("coteacher")  # not assistants
@coteacher_required
def toggle_open(code: str):
    if ConfirmForm().validate_on_submit():
        want_open = request.form.get("open") == "1"
        seminars.set_open(g.seminar, want_open)
        db.session.commit()
        flash(gettext("The session is open: students can join and answer.") if want_open else
              gettext("The session is closed: it takes no more answers."), "info")
    return redirect(url_for("instructor.review_session", code=g.seminar.code))


@bp.route("/sessions/<code>/students/<int:pid>")
@access("owner")
@owner_required
def student_detail(code: str, pid: int):
    participant = db.session.get(Participant, pid)
    if participant is None or participant.seminar_id != g.seminar.id:
        abort(404, gettext("No such student in this session."))
    return render_student(participant)


def render_student(participant: Participant, seat: dict | None = None) -> str:
    """The student page; ``seat`` carries the seat forms back with their errors."""
    pid = participant.id
    return render_template(
        "instructor/student.html", seminar=g.seminar, student=participant,
        seat=seat or seat_context(participant),
        progress=progress.seminar_progress(g.seminar, [pid])[pid],
        responses=responses.student_responses(g.seminar, participant),
        answer_label=responses.answer_label,
        notes=notes.notes_for(g.seminar, kind="student", participant_id=pid,
                              viewer=current_user),
        notes_by_response=notes.notes_by_response(g.seminar, current_user),
        note_form=NoteForm())


@bp.route("/sessions/<code>/questions/<key>")
@access("owner")
@owner_required
def question_detail(code: str, key: str):
    question = next((q for q in seminars.seminar_questions(g.seminar) if q.key == key), None)
    if question is None:
        abort(404, gettext("No such question in this session."))
    stats = responses.mc_stats(g.seminar, questions=[question])[0] if question.kind == "mc" \
        else None
    chart = bar_chart([Bar(f"{c.id}) {c.text}", c.count, c.correct) for c in stats.choices],
                      title=gettext("Answers to “%(question)s”",
                                    question=question_label(question)),
                      total=stats.responses) if stats else None
    stance = stances.stance_view(g.seminar, question)
    return render_template(
        "instructor/question.html", seminar=g.seminar, question=question, stats=stats,
        chart=chart, stance=stance, stance_chart=_stance_chart(question, stance),
        answers=responses.question_responses(g.seminar, question),
        answer_label=responses.answer_label, vocab=misconceptions.vocabulary(g.seminar.course_id),
        notes=notes.notes_for(g.seminar, kind="question", question_id=question.id,
                              viewer=current_user),
        notes_by_response=notes.notes_by_response(g.seminar, current_user),
        note_form=NoteForm())


def _stance_chart(question, view: stances.StanceView | None):
    if view is None or not view.latest:
        return None
    labels = [str(n) for n in range(1, view.points + 1)]
    labels[0], labels[-1] = f"1 · {view.left}", f"{view.points} · {view.right}"
    return bar_chart([Bar(label, n) for label, n in zip(labels, view.now, strict=True)],
                     title=gettext("Where the class stands on “%(question)s”",
                                   question=question_label(question)))


@bp.route("/sessions/<code>/export.csv")
@access("owner")
@owner_required
def export_csv(code: str):
    seminar = g.seminar
    lines = responses_csv.csv_lines(responses_csv.RESPONSE_COLUMNS,
                                    responses_csv.response_rows(seminar))
    return Response(stream_with_context(lines), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="quizapp-{seminar.code}-responses.csv"'})
