"""The student's live screen, the state it polls, and where it sends answers."""

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
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from ..extensions import db
from ..models import Participant, Seminar, utcnow
from ..services.classroom import answers, seminars
from ..services.live import rounds
from ..student.identity import participant_for, seat_ids, student_required
from ..student.recovery import EXPIRED, unsent_answer_page
from ..web import throttle
from ..web.access import access
from ..web.errors import register_csrf_recovery
from ..web.i18n import current_language
from .blueprint import bp
from .forms import LiveAnswerForm
from .state import poll_body, student_state

NO_CACHE = "no-cache, private"  # always revalidate; the ETag makes that cheap
# Where the poll's fast path (fast_poll.py) leaves the probe it ran for this request.
PROBE_KEY = "quizapp.live_probe"
ANSWER_FIELDS = ("choice", "stance", "answer")  # the fields an error can sit beside


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _render(seminar: Seminar, participant: Participant, *, error: str | None = None,
            field: str | None = None, draft: dict[str, Any] | None = None,
            status: int = 200, moved: bool = False):
    now = utcnow()
    found = rounds.probe(seminar.code, [participant.id])
    assert found is not None  # the seminar was just loaded by its code
    state = student_state(found, now, current_language())
    unsent = None
    if draft and draft.get("question_id") != seminar.live_question_id:
        # Typed for a question that is gone: never file it under the new one, never lose it.
        unsent, draft = draft.get("text") or None, None
    response = Response(render_template(
        "live/student.html", seminar=seminar, me=participant, state=state, error=error,
        error_field=field, draft=draft or {}, unsent=unsent, moved=moved,
        etag=found.etag(now)), status=status)
    response.headers["Cache-Control"] = NO_CACHE
    return response


@bp.route("/s/<code>/live")
@access("student")
@student_required
def student_live(code: str):
    if g.seminar.pacing != "instructor":
        flash(_("This session is self-paced: work through the readings at your own speed."),
              "info")
        return redirect(url_for("student.home", code=g.seminar.code))
    # ?moved=1: live-follow.js brought the student here from another page of the session.
    return _render(g.seminar, g.participant, moved=request.args.get("moved") == "1")


def _probe_of_this_request(code: str) -> rounds.Probe | None:
    # The fast path (fast_poll.py) may have probed already, for this very request, and let
    # it through because something changed: the route reuses that answer.
    ready = request.environ.get(PROBE_KEY)
    if ready is not None and ready[0] == code:
        return ready[1]
    return rounds.probe(code, seat_ids())


@bp.route("/s/<code>/live/state")
@access("student")
def state(code: str):
    """Polled every ~1.5 s by every phone in the room: one small query when nothing changed."""
    found = _probe_of_this_request(code)
    if found is None or found.participant_id is None:
        # Not seated: a code guess like one on /join, on the same counters (web/throttle.py).
        throttle.check_code_guessing()
        if found is None:
            throttle.wrong_code()
    if found is None or found.pacing != "instructor":
        abort(404, _("There is no live session with that code."))
    if found.participant_id is None:
        return jsonify({"error": "Not joined",
                        "message": _("Join this session to follow it live."),
                        "join_url": url_for("student.join_code", code=code)}), 403
    now = utcnow()
    etag = found.etag(now)
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = jsonify(poll_body(found, now, current_language(), generate_csrf()))
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = NO_CACHE
    return response


@bp.route("/s/<code>/live/answer", methods=["POST"])
@access("student")
@student_required
def answer(code: str):
    seminar, participant = g.seminar, g.participant
    form = LiveAnswerForm()
    choices = [c for c in request.form.getlist("choice") if c]
    draft = {"choices": choices, "text": request.form.get("answer", ""),
             "stance": request.form.get("stance", ""),
             "question_id": form.question_id.data or seminar.live_question_id}
    if not form.validate_on_submit():
        name, errors = next(iter(form.errors.items()))
        return _refuse(seminar, participant, f"{errors[0]}", name, draft)
    try:
        _response, created = rounds.submit(
            participant, form.question_id.data, form.round.data, choices=choices,
            text=form.answer.data or "", stance=form.stance.data,
            revision_id=form.revision.data)
    except answers.AnswerError as exc:
        db.session.rollback()
        return _refuse(seminar, participant, str(exc), _field_of(str(exc)), draft)
    db.session.commit()
    message = (_("Answer received.") if created else
               _("Your revised answer is saved.") if request.form.get("answer") else
               _("You already voted in this round: your first vote counts."))
    if _wants_json():
        now = utcnow()
        found = rounds.probe(seminar.code, [participant.id])
        assert found is not None
        state = student_state(found, now, current_language())
        body = {"ok": True, "message": message, "state": state,
                "etag": f'W/"{found.etag(now)}"'}
        body["state"]["csrf"] = generate_csrf()
        return jsonify(body)
    flash(message, "success")
    return redirect(url_for("live.student_live", code=seminar.code), code=303)


def _field_of(message: str) -> str | None:
    """Which field an AnswerError is about, so the message can sit beside it (the words of
    the English and the Spanish messages)."""
    lowered = message.lower()
    for words, field in ((("choose", "choice", "elija", "opción"), "choice"),
                         (("scale", "escala"), "stance"),
                         (("write", "characters", "escriba", "caracteres"), "answer")):
        if any(w in lowered for w in words):
            return field
    return None  # about the question or the round: shown above the form


def _refuse(seminar: Seminar, participant: Participant, message: str, field: str | None,
            draft: dict[str, Any]):
    """Nothing was stored: say why, beside the field, and keep what the student typed."""
    if field not in ANSWER_FIELDS:
        field = None  # hidden fields (question, round): the message goes above the form
    if _wants_json():
        return jsonify({"ok": False, "message": message, "field": field}), 400
    return _render(seminar, participant, error=message, field=field, draft=draft, status=400)


def after_live_csrf_error() -> Any:
    """The CSRF handler's answer for a live answer sent without JavaScript after its form
    expired (the script renews its token on every poll and keeps the text itself)."""
    seminar = seminars.find_seminar(str((request.view_args or {}).get("code", "")))
    if seminar is None:
        return None
    text = request.form.get("answer", "")
    participant = participant_for(seminar)
    if participant is None:
        return unsent_answer_page(seminar, text)
    raw_id = request.form.get("question_id", "")
    draft = {"choices": [c for c in request.form.getlist("choice") if c], "text": text,
             "stance": request.form.get("stance", ""),
             "question_id": int(raw_id) if raw_id.isascii() and raw_id.isdigit()
             and len(raw_id) < 10 else None}
    g.seminar, g.participant = seminar, participant
    return _render(seminar, participant, error=EXPIRED, draft=draft, status=400)


register_csrf_recovery("live.answer", after_live_csrf_error)
