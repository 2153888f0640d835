"""Live seminar mode: the instructor's panel, students' live screens, the projector."""

from flask import Blueprint

bp = Blueprint("live", __name__)

from . import control_views, projector_views, student_views  # noqa: E402,F401  (routes)
