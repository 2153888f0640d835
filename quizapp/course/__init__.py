"""Course-wide pages anyone in the class can open: timeline and perspectives."""

from flask import Blueprint

bp = Blueprint("course", __name__, url_prefix="/course")

from . import views  # noqa: E402,F401
