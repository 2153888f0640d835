"""Live seminar mode: the instructor's panel, students' live screens, the projector."""

from . import control_views, projector_views, student_views  # noqa: F401  (routes register on import)
from .blueprint import bp

__all__ = ["bp"]
