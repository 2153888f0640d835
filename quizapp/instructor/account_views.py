"""The instructor's own account: changing the password logs out every other device; the time
zone their dates are shown in."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..extensions import db
from ..services.accounts import instructors
from ..web.access import access
from ..web.i18n import timezone_names
from .blueprint import bp
from .forms import PasswordForm, TimezoneForm


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


@bp.route("/account/timezone", methods=["GET", "POST"])
@access("instructor")
@login_required
def timezone():
    form = TimezoneForm(data={"timezone": current_user.timezone or ""})
    default = current_app.config["QUIZAPP_TIMEZONE"]
    form.timezone.choices = [("", _("Installation default (QUIZAPP_TIMEZONE: %(zone)s)",
                                    zone=default))] + [(z, z) for z in timezone_names()]
    if form.validate_on_submit():
        try:
            instructors.set_timezone(current_user, form.timezone.data)
        except instructors.AccountError:
            form.timezone.errors.append(_("Choose a time zone from the list."))
        else:
            db.session.commit()
            flash(_("Your dates and times are now shown in %(zone)s.",
                    zone=current_user.timezone or default), "success")
            return redirect(url_for("instructor.timezone"))
    status = 400 if form.errors else 200
    return render_template("instructor/timezone.html", form=form), status
