"""The room's screen for open text: opened by the seminar's secret projector link, no login.

It shows what the instructor put there (a room question, an answer wall, an evidence map)
and follows changes by itself (static/roomq-screen.js polls the state, 304 when unchanged).
"""

from __future__ import annotations

import hmac

from flask import Response, abort, jsonify, render_template, request
from flask_babel import gettext as _

from ..models import Seminar
from ..services.classroom.seminars import find_seminar
from ..services.roomq import evidence, moderation, voting, wall
from ..web.access import access
from .blueprint import bp


def _seminar_for(code: str, token: str) -> Seminar:
    seminar = find_seminar(code)
    # Same answer for a wrong code and a wrong token; compare in constant time.
    expected = seminar.projector_token if seminar is not None else "-"
    if not hmac.compare_digest(expected.encode(), token.encode()) or seminar is None:
        abort(404, _("There is nothing at this address. Ask the instructor for the "
                     "projector link."))
    return seminar


def screen_context(seminar: Seminar) -> dict:
    screen = moderation.screen_for(seminar)
    ctx: dict = {"seminar": seminar, "screen": screen, "mode": "off"}
    if screen is None or screen.mode == "off":
        return ctx
    ctx["mode"] = screen.mode
    if screen.mode == "question" and screen.room_question is not None:
        ctx["room_question"] = screen.room_question
        ctx["votes"] = voting.vote_count(screen.room_question.id)
    elif screen.mode == "wall" and screen.question is not None:
        answers = wall.wall_answers(seminar, screen.question, show_all=screen.wall_all,
                                    stance=screen.wall_stance)
        ctx["wall"] = {"question": screen.question, "answers": answers[:wall.WALL_SIZE],
                       "total": len(answers), "names": screen.wall_names,
                       "stance": screen.wall_stance, "all": screen.wall_all,
                       "scale": screen.question.current_revision.stance}
    elif screen.mode == "evidence" and screen.question is not None:
        ctx["evidence"] = evidence.evidence_map(seminar, screen.question)
    return ctx


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # the URL is a secret: keep it out of caches
    return response


@bp.route("/room/<code>/<token>")
@access("token")
def screen(code: str, token: str):
    seminar = _seminar_for(code, token)
    html = render_template("roomq/screen.html", token=token, **screen_context(seminar))
    return _no_store(Response(html))


@bp.route("/room/<code>/<token>/state")
@access("token")
def screen_state(code: str, token: str):
    seminar = _seminar_for(code, token)
    response = jsonify({"html": render_template("roomq/_screen_body.html",
                                                **screen_context(seminar))})
    response.add_etag()
    return _no_store(response.make_conditional(request))
