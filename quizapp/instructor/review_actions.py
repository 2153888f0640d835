"""What the instructor does from the review page besides notes: mark discussion answers read,
and put an answer's author on the call-on list."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..extensions import db
from ..services.live import rounds, spotlight
from ..services.review import reads
from ..web.access import access
from ..web.security import safe_next
from .auth import owner_required
from .blueprint import bp
from .forms import ConfirmForm


def _back() -> str:
    return safe_next(request.form.get("next")) or url_for(
        "instructor.review_session", code=g.seminar.code, _anchor="discussion")


@bp.route("/sessions/<code>/responses/read", methods=["POST"])
@access("owner")
@owner_required
def mark_answers_read(code: str):
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form had expired: try again."))
    ids = [int(v) for v in request.form.getlist("response")
           if v.isascii() and v.isdigit() and len(v) < 10]  # "²".isdigit() is true
    marked = reads.mark_read(g.seminar, current_user, ids)
    db.session.commit()
    flash(ngettext("%(num)d answer marked as read.", "%(num)d answers marked as read.",
                   marked), "info")
    return redirect(_back())


@bp.route("/sessions/<code>/responses/<int:response_id>/call-on", methods=["POST"])
@access("owner")
@owner_required
def toggle_call_on(code: str, response_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form had expired: try again."))
    if response_id >= 2**31:  # no such row (and no "integer out of range" from PostgreSQL)
        abort(404, _("There is no such answer in this session."))
    try:
        spotlight.set_call_on(g.seminar, response_id, request.form.get("on") == "1")
    except rounds.LiveError as exc:
        abort(404, str(exc))
    db.session.commit()
    return redirect(_back())
