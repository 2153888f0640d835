"""The instructor's own account: changing the password logs out every other device."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..extensions import db
from ..services.accounts import instructors
from ..web.access import access
from .blueprint import bp
from .forms import PasswordForm


@bp.route("/account/password", methods=["GET", "POST"])
@access("instructor")
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data or ""):
            form.current.errors.append(_("That is not your current password."))
        else:
            try:
                instructors.set_password(current_user, form.new.data or "")
            except instructors.AccountError as exc:
                form.new.errors.append(str(exc))
            else:
                db.session.commit()
                # The token rotated: every other device's cookie is now useless. This one
                # logs in again with the new token, in a fresh session.
                instructor = current_user._get_current_object()
                session.clear()
                login_user(instructor)
                flash(_("Your password is changed. Every other device you were logged in on "
                        "is logged out."), "success")
                return redirect(url_for("instructor.dashboard"))
    status = 400 if form.errors else 200
    return render_template("instructor/password.html", form=form), status
