"""Instructor analytics pages: item analysis, misconceptions, passages, student reports, and
their CSV and JSON downloads."""

from . import downloads, views  # noqa: F401  (routes register on import)
from .blueprint import bp

__all__ = ["bp"]
