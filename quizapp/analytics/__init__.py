"""Instructor analytics and interchange: item analysis, misconceptions, passages, student
reports, CSV and JSON exports (and, in commands.py, the import/export commands)."""

from flask import Blueprint

bp = Blueprint("analytics", __name__, url_prefix="/instructor")

from . import downloads, views  # noqa: E402,F401  (routes register on import)
