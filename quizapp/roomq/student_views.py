"""Students' side of the room's questions: ask, see the others' (anonymous), upvote.

The page works without JavaScript (forms and redirects); static/roomq.js polls the feed and
votes in place when it runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from limits import parse

from ..extensions import db, limiter
from ..services.roomq import asking, voting
from ..student.identity import find_seat, student_required
from ..web.access import access
from ..web.errors import register_csrf_recovery
from .blueprint import bp
from .forms import AskForm, ConfirmForm
from .present import stamper, vote_labeller

# How many questions one seat may ask (a seat, not an address: a classroom shares one).
DEFAULT_ASK_LIMIT = "5 per 10 minutes"


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def no_instructors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse instructors (403): the room's questions and votes are the students'."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user.is_authenticated:
            abort(403, _("Instructors do not ask or vote in the room; the students do."))
        return view(*args, **kwargs)

    return wrapper


def _ask_limit() -> tuple[Any, tuple[str, ...]]:
    item = parse(current_app.config.get("QUIZAPP_ROOM_QUESTION_LIMIT", DEFAULT_ASK_LIMIT))
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "quizapp")
    return item, (prefix, "roomq-ask", str(g.participant.id))


def _reading_choices(form: AskForm) -> None:
    form.reading.choices = [("", _("The session in general"))] + [
        (r.slug, r.title) for r in g.seminar.readings]


def _page(form: AskForm, status: int = 200, error: str | None = None):
    rows = asking.class_questions(g.seminar, g.participant)
    return render_template("roomq/student.html", seminar=g.seminar, me=g.participant,
                           rows=rows, form=form, error=error, stamp=stamper(),
                           votes_label=vote_labeller(),
                           feed_url=url_for("roomq.student_feed", code=g.seminar.code)), status


@bp.route("/s/<code>/room", methods=["GET", "POST"])
@access("student")
@no_instructors
@student_required
def student_room(code: str):
    form = AskForm()
    _reading_choices(form)
    if request.method == "GET":
        form.reading.data = request.args.get("reading", "")[:80]
        return _page(form)
    if not form.validate_on_submit():
        return _page(form, 400)
    item, keys = _ask_limit()
    if limiter.enabled and not limiter.limiter.test(item, *keys):
        return _page(form, 429, _("You have asked several questions in a short time. Wait a "
                                  "few minutes, then send this one again."))
    try:
        asking.ask(g.participant, form.body.data or "", form.reading.data or None)
    except asking.RoomQuestionError as exc:
        db.session.rollback()
        return _page(form, exc.status, str(exc))
    if limiter.enabled:
        limiter.limiter.hit(item, *keys)
    db.session.commit()
    flash(_("Your question is up: the class sees it without your name."), "success")
    return redirect(url_for("roomq.student_room", code=g.seminar.code))


@bp.route("/s/<code>/room/feed")
@access("student")
@student_required
def student_feed(code: str):
    # The ETag names what the list holds and how it is shown (language, time zone): an
    # unchanged list is a 304 after two aggregate statements, without building it.
    etag = "rq-" + asking.fingerprint(g.seminar, g.participant) + "-" + \
        str(get_locale()) + "-" + str(get_timezone())
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        rows = asking.class_questions(g.seminar, g.participant)
        stamp, votes_label = stamper(), vote_labeller()
        response = jsonify({"open": g.seminar.is_open, "questions": [{
            "id": r.id, "body": r.question.body, "votes": r.votes, "voted": r.voted,
            "votes_label": votes_label(r.votes),
            "mine": r.question.participant_id == g.participant.id,
            "answered": r.question.answered, "pinned": r.question.pinned,
            "hidden": r.question.hidden,
            "reading": r.question.reading.title if r.question.reading else None,
            "asked": stamp(r.question.created_at)} for r in rows]})
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/s/<code>/room/<int:rqid>/vote", methods=["POST"])
@access("student")
@no_instructors
@student_required
def vote(code: str, rqid: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        counted = voting.vote(g.participant, rqid)
    except asking.RoomQuestionError as exc:
        db.session.rollback()
        if _wants_json():
            return jsonify({"ok": False, "message": str(exc)}), exc.status
        abort(exc.status, str(exc))
    db.session.commit()
    if _wants_json():
        return jsonify({"ok": True, "counted": counted})  # the page's poll fetches counts
    if not counted:
        flash(_("You had already upvoted this question: it counts once."), "info")
    return redirect(url_for("roomq.student_room", code=g.seminar.code, _anchor=f"rq-{rqid}"))


def _recover_ask() -> Response | tuple[str, int] | None:
    """An expired form: the page again with the question still in the box, never lost."""
    seminar, participant = find_seat((request.view_args or {}).get("code", ""))
    if seminar is None or participant is None or current_user.is_authenticated:
        return None
    g.seminar, g.participant = seminar, participant
    form = AskForm(meta={"csrf": False})  # filled from the posted form, text included
    _reading_choices(form)
    return _page(form, 400, _("Your question has not been sent yet: this page had expired. "
                              "It is still in the box below; press the button again."))


register_csrf_recovery("roomq.student_room", _recover_ask)
