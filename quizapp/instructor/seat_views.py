"""Repairing seats from the student page: a new personal code, a new name, an empty seat
removed, two seats of one person merged (services/classroom/seats.py)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..models import Participant
from ..services.classroom import seats
from ..web.access import access
from .auth import coteacher_required
from .blueprint import bp
from .forms import ConfirmForm, RenameSeatForm
from .seat_panel import merge_form as _merge_form
from .seat_panel import seat_context
from .views import render_student


def _seat(pid: int) -> Participant:
    participant = db.session.get(Participant, pid)
    if participant is None or participant.seminar_id != g.seminar.id:
        abort(404, _("No such student in this session."))
    return participant


def _back(participant: Participant):
    return redirect(url_for("instructor.student_detail", code=g.seminar.code,
                            pid=participant.id, _anchor="seat"))


def _refused(participant: Participant, **forms: Any):
    """The student page again, with the error beside the field and what was typed."""
    return render_student(participant, seat=seat_context(participant, **forms)), 400


@bp.route("/sessions/<code>/students/<int:pid>/code", methods=["POST"])
@access("coteacher")
@coteacher_required
def reissue_code(code: str, pid: int):
    participant = _seat(pid)
    if ConfirmForm().validate_on_submit():
        new = seats.reissue_code(participant)
        db.session.commit()
        flash(_("New personal code for %(name)s: %(code)s. The old one no longer works.",
                name=participant.display_name, code=new), "success")
    return _back(participant)


@bp.route("/sessions/<code>/students/<int:pid>/rename", methods=["POST"])
@access("coteacher")
@coteacher_required
def rename_seat(code: str, pid: int):
    participant = _seat(pid)
    form = RenameSeatForm()
    if not form.validate_on_submit():
        return _refused(participant, rename=form)
    try:
        seats.rename(participant, form.display_name.data or "")
    except seats.SeatError as exc:
        db.session.rollback()
        form.display_name.errors.append(str(exc))
        return _refused(participant, rename=form)
    db.session.commit()
    flash(_("Renamed to %(name)s.", name=participant.display_name), "success")
    return _back(participant)


@bp.route("/sessions/<code>/students/<int:pid>/remove", methods=["POST"])
@access("coteacher")
@coteacher_required
def remove_seat(code: str, pid: int):
    participant = _seat(pid)
    if not ConfirmForm().validate_on_submit():
        return _back(participant)
    name = participant.display_name
    try:
        seats.remove_empty(participant)
    except seats.SeatError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _back(participant)
    db.session.commit()
    flash(_("The empty seat “%(name)s” is removed.", name=name), "info")
    return redirect(url_for("instructor.review_session", code=g.seminar.code,
                            _anchor="students"))


@bp.route("/sessions/<code>/students/<int:pid>/merge", methods=["POST"])
@access("coteacher")
@coteacher_required
def merge_seat(code: str, pid: int):
    participant = _seat(pid)
    form = _merge_form(participant)
    if not form.validate_on_submit() or not form.other.data:
        if not form.other.errors:
            form.other.errors.append(_("Choose the seat to merge into this one."))
        return _refused(participant, merge=form)
    other = _seat(int(form.other.data))
    try:
        kept = seats.merge(participant, other)
    except seats.SeatError as exc:
        db.session.rollback()
        form.other.errors.append(str(exc))
        return _refused(participant, merge=form)
    db.session.commit()
    flash(_("%(other)s is merged into %(name)s.", other=other.display_name,
            name=participant.display_name) + " " +
          (_("%(n)s answers given on both seats are kept as history below.", n=kept)
           if kept else ""), "success")
    return _back(participant)
