"""The student side: joining, readings, checks, discussion answers, my answers."""

from flask import Blueprint

bp = Blueprint("student", __name__)

from . import recovery, views  # noqa: E402,F401  (routes register on import)
