"""Instructor login with Flask-Login; the cookie carries a token that logout rotates."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter, login_manager
from ..models import Instructor
from ..services.accounts import instructors
from ..services.classroom.seminars import can_view, find_seminar
from ..web.access import access
from ..web.security import safe_next
from .blueprint import bp
from .forms import ConfirmForm, LoginForm


def init_login(app: Flask) -> None:
    login_manager.login_view = "instructor.login"
    login_manager.login_message = _l("Log in as an instructor to see that page.")
    login_manager.session_protection = "basic"


@login_manager.user_loader
def _load_user(user_id: str) -> Instructor | None:
    ident, _, token = user_id.partition(":")
    if not ident.isdigit():
        return None
    instructor = db.session.get(Instructor, int(ident))
    if instructor is None or not token or instructor.session_token != token:
        return None
    return instructor


def _login_limit() -> str:
    return current_app.config["QUIZAPP_LOGIN_LIMIT"]


def _username_key() -> str:
    return "user:" + (request.form.get("username") or "").strip().lower()[:80]


def _failed(response: Any) -> bool:
    return response.status_code >= 400


@bp.route("/login", methods=["GET", "POST"])
@access("public")
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit, methods=["POST"], key_func=_username_key, deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("instructor.dashboard"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        instructor = instructors.authenticate(form.username.data, form.password.data)
        if instructor is not None:
            target = safe_next(form.next.data)
            session.clear()  # nothing from before the login survives it
            login_user(instructor)
            return redirect(target or url_for("instructor.dashboard"))
        form.password.errors.append(_("That username and password do not match."))
    status = 400 if form.errors else 200
    return render_template("instructor/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@access("instructor")
@login_required
def logout():
    if ConfirmForm().validate_on_submit():
        current_user.rotate_session_token()  # every copy of the old cookie stops working
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You are logged out."), "info")
    return redirect(url_for("instructor.login"))


def owner_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Load g.seminar from the URL's code; 404 unless the instructor may see it."""

    @functools.wraps(view)
    @login_required
    def wrapper(code: str, **kwargs: Any) -> Any:
        seminar = find_seminar(code)
        if seminar is None or not can_view(current_user, seminar):
            # 404 rather than 403: do not confirm that another instructor's session exists.
            abort(404, _("There is no session with that code among yours."))
        g.seminar = seminar
        return view(code=code, **kwargs)

    return wrapper
