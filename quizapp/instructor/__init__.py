"""The instructor side: login, dashboard, sessions, review, notes, exports."""

from . import (  # noqa: F401  (routes register on import)
    account_views,
    auth,
    course_views,
    notes_views,
    review_actions,
    seat_views,
    session_views,
    share_views,
    views,
)
from .blueprint import bp

__all__ = ["bp"]
