"""A session's life: duplicate it, archive it (or bring it back), delete it while empty."""

from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext
from flask_login import current_user

from ..extensions import db
from ..services.classroom import lifecycle
from ..services.classroom.seminars import SeminarError
from ..web.access import access
from .auth import coteacher_required, owner_required, session_owner_required
from .blueprint import bp
from .forms import ConfirmForm


def _confirmed() -> None:
    if not ConfirmForm().validate_on_submit():
        abort(400, gettext("This form has expired: reload the page and try again."))


@bp.route("/sessions/<code>/duplicate", methods=["POST"])
@access("owner")
@owner_required
def duplicate_session(code: str):
    _confirmed()
    try:
        copy = lifecycle.duplicate_seminar(g.seminar, current_user)
    except SeminarError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("instructor.dashboard"))
    db.session.commit()
    flash(gettext("Made a copy with the same readings and settings. Students join it with "
                  "code %(code)s.", code=copy.code), "success")
    return redirect(url_for("instructor.review_session", code=copy.code))


@bp.route("/sessions/<code>/archive", methods=["POST"])
@access("coteacher")  # like closing it: not an assistant's decision
@coteacher_required
def archive_session(code: str):
    _confirmed()
    archive = g.seminar.archived_at is None
    lifecycle.set_archived(g.seminar, archive)
    db.session.commit()
    flash(gettext("Archived: the session is closed and listed under archived sessions; its "
                  "review and exports stay available.") if archive else
          gettext("The session is back on your dashboard."), "info")
    return redirect(url_for("instructor.dashboard", archived="1" if not archive else None))


@bp.route("/sessions/<code>/delete", methods=["POST"])
@access("session_owner")
@session_owner_required
def delete_session(code: str):
    _confirmed()
    try:
        lifecycle.delete_seminar(g.seminar)
    except SeminarError:
        db.session.rollback()
        flash(gettext("Students have joined this session, so it cannot be deleted: archive "
                      "it instead."), "error")
        return redirect(url_for("instructor.dashboard"))
    db.session.commit()
    flash(gettext("The session is deleted."), "info")
    return redirect(url_for("instructor.dashboard"))
