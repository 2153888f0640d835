"""The room's screen: opened by a secret link, no login, no student names unless turned on."""

from __future__ import annotations

import hmac
import io
from typing import Any

import segno
from flask import Response, abort, g, jsonify, render_template, request, url_for
from flask_babel import lazy_gettext, refresh
from flask_login import current_user

from ..models import Seminar, utcnow
from ..services.classroom.seminars import can_view, find_seminar
from ..services.live import rounds
from ..web.access import access
from ..web.i18n import current_language
from .blueprint import bp
from .state import announcement, panel_actions, room_context

NOT_FOUND = lazy_gettext("There is nothing at this address. "
                         "Ask the instructor for the projector link.")


def _seminar_for(code: str, token: str) -> Seminar:
    seminar = find_seminar(code)
    # Same answer for a wrong code and a wrong token; compare in constant time.
    expected = seminar.projector_token if seminar is not None else "-"
    if not hmac.compare_digest(expected.encode(), token.encode()) or seminar is None \
            or seminar.pacing != "instructor":
        abort(404, str(NOT_FOUND))
    if seminar.projector_language:
        # The session fixed the room's language: the interface and the course in it,
        # whatever the projector's browser says.
        g.forced_language = seminar.projector_language
        refresh()  # forget a locale already chosen for this request
    return seminar


def _context(seminar: Seminar) -> dict[str, Any]:
    """The room's state; for an instructor of the session logged in in this browser, also what
    the presenter keys post to (static/live-keys.js). The room never sees any of it."""
    ctx = room_context(seminar, utcnow(), language=current_language())
    ctx["control"] = bool(current_user.is_authenticated and can_view(current_user, seminar))
    ctx["primary_url"] = None
    if ctx["control"]:
        can_revote = rounds.can_revote(seminar, ctx["question"])
        primary = next(endpoint for endpoint, _label, first in panel_actions(
            seminar, ctx["question"], ctx["phase"], can_revote) if first)
        ctx["primary_url"] = url_for(f"live.{primary}", code=seminar.code)
    return ctx


def _etag(seminar: Seminar) -> str:
    # The language too: a browser's Accept-Language (or its switch) changes the page.
    joined, answered = rounds.room_counts(seminar)
    expired = int(rounds.deadline_passed(seminar))
    return f"p{seminar.live_version}-{joined}-{answered}-{expired}-{current_language()}"


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # the URL is a secret: keep it out of caches
    return response


@bp.route("/projector/<code>/<token>")
@access("token")
def projector(code: str, token: str):
    seminar = _seminar_for(code, token)
    ctx = _context(seminar)
    html = render_template("live/projector.html", token=token, etag=_etag(seminar), **ctx)
    return _no_store(Response(html))


@bp.route("/projector/<code>/<token>/state")
@access("token")
def projector_state(code: str, token: str):
    seminar = _seminar_for(code, token)
    etag = _etag(seminar)
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        ctx = _context(seminar)
        response = jsonify({
            "html": render_template("live/_projector_body.html", token=token, **ctx),
            "announce": announcement(ctx["phase"], ctx["question"], ctx["round"],
                                     current_language()),
            # A changed language (the panel's setting) reloads the whole page: its chrome too.
            "lang": current_language()})
    response.set_etag(etag, weak=True)
    return _no_store(response)


@bp.route("/projector/<code>/<token>/qr.svg")
@access("token")
def projector_qr(code: str, token: str):
    seminar = _seminar_for(code, token)
    qr = segno.make(url_for("student.join_code", code=seminar.code, _external=True), error="m")
    svg = io.BytesIO()  # a standalone file needs its xmlns, which svg_inline leaves out
    qr.save(svg, kind="svg", scale=10, dark="#000", light="#fff", border=2, xmldecl=False)
    return _no_store(Response(svg.getvalue(), mimetype="image/svg+xml"))
