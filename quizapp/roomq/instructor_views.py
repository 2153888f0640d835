"""The instructor's side of the room's questions: the list, moderation, the room's screen."""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, get_timezone, ngettext
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from ..extensions import db
from ..instructor.auth import owner_required
from ..services.classroom.seminars import seminar_questions
from ..services.interchange import room_csv
from ..services.interchange.responses_csv import csv_lines
from ..services.review import notes
from ..services.roomq import asking, moderation
from ..web.access import access
from ..web.templating import shorten
from .blueprint import bp
from .forms import ModerateForm, ScreenForm
from .present import stamper, vote_labeller

PREFIX = "/instructor/sessions/<code>/room"


def _screen_url() -> str:
    return url_for("roomq.screen", code=g.seminar.code, token=g.seminar.projector_token,
                   _external=True)


def _order() -> str:
    return "time" if request.args.get("sort") == "time" else "votes"


def _item_context(order: str) -> dict[str, Any]:
    """What roomq/_instructor_item.html needs beside the row: made once per request (a
    signed token, translated labels, URLs), for the page and for the feed alike."""
    code = g.seminar.code
    room_notes: dict[int, list] = {}
    for note in notes.notes_for(g.seminar, kind="room_question"):
        room_notes.setdefault(note.room_question_id, []).append(note)
    return {
        "seminar": g.seminar, "order": order, "token": generate_csrf(),
        "here": url_for("roomq.instructor_room", code=code,
                        sort="time" if order == "time" else None),
        "moderate_url": url_for("roomq.moderate", code=code, rqid=0),
        "screen_post_url": url_for("roomq.set_screen", code=code),
        "screen": moderation.screen_for(g.seminar), "room_notes": room_notes,
        "stamp": stamper(), "votes_label": vote_labeller(),
        "labels": {"session": _("The session in general"), "pinned": _("Pinned"),
                   "answered": _("Answered"), "hidden": _("Hidden from the class"),
                   "on_screen": _("On the screen"), "put": _("Put on the screen"),
                   "note": _("Private note on this question")},
        # Each moderation button's label by the action it sends; the script swaps them.
        "action_labels": {"hide": _("Hide"), "show": _("Show to the class"),
                          "answered": _("Mark answered"), "unanswered": _("Mark unanswered"),
                          "pin": _("Pin"), "unpin": _("Unpin")},
    }


@bp.route(PREFIX)
@access("owner")
@owner_required
def instructor_room(code: str):
    order = _order()
    rows = asking.instructor_questions(g.seminar, order)
    return render_template(
        "roomq/instructor.html", rows=rows, screen_url=_screen_url(),
        screen_form=ScreenForm(), discussion=seminar_questions(g.seminar, "discussion"),
        feed_url=url_for("roomq.instructor_feed", code=g.seminar.code,
                         sort="time" if order == "time" else None),
        **_item_context(order))


@bp.route(PREFIX + "/feed")
@access("owner")
@owner_required
def instructor_feed(code: str):
    """The instructor's list as JSON for static/roomq-instructor.js: every question's count
    and flags in the page's order, and the questions after ``after`` (the newest id the page
    has) drawn as the page draws them, so their forms work as the others do."""
    order = _order()
    raw = request.args.get("after", "0")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        abort(400, _("“after” must be a question number."))
    after = int(raw)
    screen = moderation.screen_for(g.seminar)
    # Like the students' feed: an unchanged list (questions, flags, votes, the screen) in
    # the same order, language and time zone is a 304 without building it.
    etag = "-".join(("rqi", asking.fingerprint(g.seminar, None),
                     str(screen.version if screen else 0), order, str(after),
                     str(get_locale()), str(get_timezone())))
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        rows = asking.instructor_questions(g.seminar, order)
        fresh = [r for r in rows if r.id > after]
        labeller = vote_labeller()
        on_screen = (screen.room_question_id if screen and screen.mode == "question"
                     else None)
        html = ""
        if fresh:
            html = render_template("roomq/_instructor_items.html", rows=fresh,
                                   **_item_context(order))
        if len(fresh) == 1:
            announce = _("New question from the room: %(text)s",
                         text=shorten(fresh[0].question.body, 80))
        else:
            announce = ngettext("%(num)d new question from the room",
                                "%(num)d new questions from the room", len(fresh))
        response = jsonify({
            "total": len(rows), "after": max((r.id for r in rows), default=0),
            "questions": [{"id": r.id, "votes": r.votes, "votes_label": labeller(r.votes),
                           "hidden": r.question.hidden, "answered": r.question.answered,
                           "pinned": r.question.pinned, "on_screen": r.id == on_screen}
                          for r in rows],
            "html": html, "announce": announce if fresh else ""})
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


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

