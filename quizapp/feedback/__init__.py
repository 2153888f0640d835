"""Feedback that reaches the student (instructor side): writing comments and marks, quick
marking, rubrics, release, and the gradebook with its CSV downloads."""

from . import gradebook_views, marking_views, rubric_views, views  # noqa: F401  (routes)
from .blueprint import bp

__all__ = ["bp"]
