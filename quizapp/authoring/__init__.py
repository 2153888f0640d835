"""Authoring in the browser: readings and their questions written, checked, previewed,
uploaded, downloaded and restored by instructors."""

from . import course_file_views, history_views, upload_views, views  # noqa: F401  (routes register on import)
from .blueprint import bp

__all__ = ["bp"]
