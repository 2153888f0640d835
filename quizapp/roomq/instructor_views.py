"""The instructor's side of the room's questions: the list, moderation, the room's screen."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..instructor.auth import owner_required
from ..instructor.forms import NoteForm
from ..services.classroom.seminars import seminar_questions
from ..services.interchange import room_csv
from ..services.interchange.responses_csv import csv_lines
from ..services.review import notes
from ..services.roomq import asking, moderation
from ..web.access import access
from .blueprint import bp
from .forms import ModerateForm, ScreenForm

PREFIX = "/instructor/sessions/<code>/room"


def _screen_url() -> str:
    return url_for("roomq.screen", code=g.seminar.code, token=g.seminar.projector_token,
                   _external=True)


@bp.route(PREFIX)
@access("owner")
@owner_required
def instructor_room(code: str):
    order = "time" if request.args.get("sort") == "time" else "votes"
    rows = asking.instructor_questions(g.seminar, order)
    room_notes: dict[int, list] = {}
    for note in notes.notes_for(g.seminar, kind="room_question"):
        room_notes.setdefault(note.room_question_id, []).append(note)
    return render_template(
        "roomq/instructor.html", seminar=g.seminar, rows=rows, order=order,
        screen=moderation.screen_for(g.seminar), screen_url=_screen_url(),
        form=ModerateForm(), screen_form=ScreenForm(), note_form=NoteForm(),
        room_notes=room_notes, discussion=seminar_questions(g.seminar, "discussion"))


@bp.route(PREFIX + ".csv")
@access("owner")
@owner_required
def room_csv_download(code: str):
    rows = list(room_csv.room_rows(g.seminar))  # read now: the stream outlives the request
    return Response(csv_lines(room_csv.ROOM_COLUMNS, rows), mimetype="text/csv", headers={
        "Content-Disposition":
            f'attachment; filename="quizapp-{g.seminar.code}-room-questions.csv"'})


@bp.route(PREFIX + "/<int:rqid>/moderate", methods=["POST"])
@access("owner")
@owner_required
def moderate(code: str, rqid: int):
    form = ModerateForm()
    if not form.validate_on_submit():
        abort(400, _("Choose what to do with the question."))
    try:
        question = asking.room_question(g.seminar, rqid)
        moderation.moderate(g.seminar, question, form.action.data)
    except asking.RoomQuestionError as exc:
        db.session.rollback()
        abort(exc.status, str(exc))
    db.session.commit()
    sort = "time" if request.form.get("sort") == "time" else None
    return redirect(url_for("roomq.instructor_room", code=g.seminar.code, sort=sort,
                            _anchor=f"rq-{rqid}"))


def _stance(value: str | None) -> int | None:
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 2:
        abort(400, _("Pick a point on the question's scale."))
    return int(value)


@bp.route("/instructor/sessions/<code>/screen", methods=["POST"])
@access("owner")
@owner_required
def set_screen(code: str):
    """Put a room question, an answer wall or an evidence map on the room's screen, or clear."""
    form = ScreenForm()
    if not form.validate_on_submit():
        abort(400, _("Choose what to show on the room's screen."))
    mode = form.mode.data
    back = url_for("roomq.instructor_room", code=g.seminar.code)
    try:
        if mode == "off":
            moderation.clear_screen(g.seminar)
        elif mode == "question":
            raw = form.room_question.data or ""
            if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
                abort(400, _("Choose a question to show."))
            moderation.project_room_question(g.seminar,
                                             asking.room_question(g.seminar, int(raw)))
        elif mode in ("wall", "evidence"):
            question = next((q for q in seminar_questions(g.seminar, "discussion")
                             if q.key == form.question.data), None)
            if question is None:
                abort(404, _("No such discussion question in this session."))
            moderation.project_discussion(
                g.seminar, question, mode, show_all=bool(form.show_all.data),
                stance=_stance(form.stance.data), names=bool(form.names.data))
            back = url_for("roomq.wall", code=g.seminar.code, key=question.key)
        else:
            abort(400, _("Unknown screen."))
    except asking.RoomQuestionError as exc:
        db.session.rollback()
        abort(exc.status, str(exc))
    db.session.commit()
    flash(_("The room's screen is updated.") if mode != "off" else
          _("The room's screen is cleared."), "info")
    return redirect(back)

