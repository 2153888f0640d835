"""Sharing a session with another instructor: a page and a form, for the owner only."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from ..extensions import db
from ..services.accounts import sharing
from ..web.access import access
from .auth import owner_required
from .blueprint import bp


class ShareForm(FlaskForm):
    username = StringField(_l("Share with instructor (username)"), validators=[
        InputRequired(_l("Enter the username of the instructor to share with.")),
        Length(max=80, message=_l("Usernames have at most 80 characters."))],
        render_kw={"autocomplete": "off", "maxlength": 80})


def _owner_only() -> None:
    # owner_required also admits instructors it is shared with; sharing further is the
    # owner's decision alone.
    if g.seminar.owner_id != current_user.id:
        abort(403, _("Only the session's owner can share it."))


@bp.route("/sessions/<code>/share", methods=["GET", "POST"])
@access("owner")
@owner_required
def share_session(code: str):
    _owner_only()
    form = ShareForm()
    if form.validate_on_submit():
        try:
            other = sharing.share_with_username(g.seminar, current_user, form.username.data)
        except sharing.ShareError as exc:
            db.session.rollback()
            form.username.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Shared with %(name)s: they can now review this session.",
                    name=other.username), "success")
            return redirect(url_for("instructor.share_session", code=g.seminar.code))
    status = 400 if form.errors else 200
    return render_template("instructor/share.html", seminar=g.seminar, form=form,
                           shared=sharing.shared_with(g.seminar)), status
