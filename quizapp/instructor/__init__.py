"""The instructor side: login, dashboard, sessions, review, notes, exports."""

from . import auth, notes_views, review_actions, share_views, views  # noqa: F401  (routes register on import)
from .blueprint import bp

__all__ = ["bp"]
