"""The room's open text: students' questions with votes, the instructor's moderation, the
answer wall and evidence map, and the room's screen that shows them."""

from . import instructor_views, screen_views, student_views, wall_views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
