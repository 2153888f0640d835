"""Instructor login with Flask-Login; the cookie carries a token that logout rotates."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import (
    Flask,
    abort,
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

from ..extensions import db, login_manager
from ..models import Instructor
from ..services.accounts import instructors
from ..services.classroom.seminars import find_seminar, role_of
from ..web import throttle
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
    if not (ident.isascii() and ident.isdigit()):
        return None
    instructor = db.session.get(Instructor, int(ident))
    if instructor is None or not token or instructor.session_token != token:
        return None
    return instructor


@bp.route("/login", methods=["GET", "POST"])
@access("public")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("instructor.dashboard"))
    form = LoginForm(next=request.args.get("next", ""))
    if request.method == "POST":
        # Per (username, address) and per address: stop the guessing source. Per username
        # from everywhere: only slower, so nobody can keep the owner out (web/throttle.py).
        username = request.form.get("username", "")
        if throttle.login_blocked(username):
            throttle.refuse()
        throttle.slow_down(username)
    if form.validate_on_submit():
        instructor = instructors.authenticate(form.username.data, form.password.data)
        if instructor is not None:
            target = safe_next(form.next.data)
            session.clear()  # nothing from before the login survives it
            login_user(instructor)
            response = redirect(target or url_for("instructor.dashboard"))
            throttle.remember_device(response, instructor.username)
            return response
        throttle.login_failed(form.username.data or "")
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
        role = role_of(current_user, seminar) if seminar is not None else None
        if seminar is None or role is None:
            # 404 rather than 403: do not confirm that another instructor's session exists.
            abort(404, _("There is no session with that code among yours."))
        g.seminar, g.role = seminar, role
        return view(code=code, **kwargs)

    return wrapper


# What each role may do beyond reviewing and writing its own notes (which all may).
ROLE_POWERS = {
    "owner": {"manage", "run", "share", "delete"},
    "coteacher": {"manage", "run"},  # everything but deleting or sharing the session
    "assistant": set(),  # review and own notes: no close/reopen, live or projector settings
}


def may(power: str) -> bool:
    """Whether the current instructor's role in g.seminar includes ``power``: "manage"
    (seats, open/close), "run" (live control, projector settings), "share", "delete"."""
    return power in ROLE_POWERS.get(getattr(g, "role", None) or "", set())


def require(power: str) -> None:
    if not may(power):
        abort(403, _("Your role in this session does not allow that."))


def _role_required(power: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def checked(code: str, **kwargs: Any) -> Any:
            require(power)  # after owner_required: g.role is set, strangers already got 404
            return view(code=code, **kwargs)

        return owner_required(checked)

    return decorate


# The session's owner or a co-teacher (declare @access("coteacher")).
coteacher_required = _role_required("run")
# The session's owner alone (declare @access("session_owner")).
session_owner_required = _role_required("share")
