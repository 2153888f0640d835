"""Sharing a session with another instructor in a role, and unsharing: the owner only."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, Length

from ..extensions import db
from ..services.accounts import sharing
from ..web.access import access
from .auth import session_owner_required
from .blueprint import bp
from .forms import ConfirmForm

ROLE_CHOICES = [
    ("coteacher", lazy_gettext("Co-teacher: everything but deleting or sharing the session")),
    ("assistant", lazy_gettext("Assistant: review answers and write their own notes; no "
                               "opening or closing, live control or projector settings")),
]


class ShareForm(FlaskForm):
    username = StringField(lazy_gettext("Share with instructor (username)"), validators=[
        InputRequired(lazy_gettext("Enter the username of the instructor to share with.")),
        Length(max=80, message=lazy_gettext("Usernames have at most 80 characters."))],
        render_kw={"autocomplete": "off", "maxlength": 80})
    # Left out (an older form, a script): co-teacher, what sharing meant before roles.
    role = RadioField(lazy_gettext("Role"), choices=ROLE_CHOICES, default="coteacher")


@bp.route("/sessions/<code>/share", methods=["GET", "POST"])
@access("session_owner")  # sharing further is the owner's decision alone
@session_owner_required
def share_session(code: str):
    form = ShareForm()
    if form.validate_on_submit():
        try:
            other = sharing.share_with_username(g.seminar, current_user, form.username.data,
                                                form.role.data)
        except sharing.ShareError as exc:
            db.session.rollback()
            form.username.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Shared with %(name)s as %(role)s.", name=other.username,
                    role=_("co-teacher") if form.role.data == "coteacher" else _("assistant")),
                  "success")
            return redirect(url_for("instructor.share_session", code=g.seminar.code))
    status = 400 if form.errors else 200
    return render_template("instructor/share.html", seminar=g.seminar, form=form,
                           shares=sharing.shares_of(g.seminar), confirm=ConfirmForm()), status


@bp.route("/sessions/<code>/share/<int:instructor_id>/remove", methods=["POST"])
@access("session_owner")
@session_owner_required
def unshare_session(code: str, instructor_id: int):
    if ConfirmForm().validate_on_submit():
        other = sharing.unshare(g.seminar, current_user, instructor_id)
        if other is None:
            abort(404, _("This session is not shared with that instructor."))
        db.session.commit()
        flash(_("%(name)s no longer has access to this session.", name=other.username), "info")
    return redirect(url_for("instructor.share_session", code=g.seminar.code))
