"""Machine-readable endpoints: health now; live state joins it in live mode."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import health  # noqa: E402,F401
