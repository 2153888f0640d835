"""The instructor side: login, dashboard, sessions, review, notes, exports."""

from flask import Blueprint

bp = Blueprint("instructor", __name__, url_prefix="/instructor")

from . import auth, notes_views, share_views, views  # noqa: E402,F401  (routes register)
