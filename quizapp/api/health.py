"""GET /healthz: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

from flask import jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..web.access import access
from .blueprint import bp


@bp.route("/healthz")
@access("public")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "unavailable", "database": "not answering"}), 503
    return jsonify({"status": "ok"})
