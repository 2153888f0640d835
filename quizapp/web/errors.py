"""Error pages that say what happened, in HTML for people and JSON for the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db

# Lazy: translated when a page is rendered, in that request's language.
MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back, reload the "
                                "page and try again.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Not found"), _l("There is nothing at this address. Check the link or the code.")),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too large"), _l("What you sent is larger than this app accepts. Shorten it and "
                              "try again.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Wait a minute and "
                                      "try again.")),
    500: (_l("Something went wrong"), _l("The server could not finish this request. Nothing "
                                         "you submitted before this was lost; try again in a "
                                         "moment.")),
}


# endpoint -> a function answering a POST whose CSRF check failed (None: the generic page).
# Used where a refused form would lose what a person wrote (a discussion answer).
CSRF_RECOVERIES: dict[str, Callable[[], Any]] = {}


def register_csrf_recovery(endpoint: str, handler: Callable[[], Any]) -> None:
    CSRF_RECOVERIES[endpoint] = handler


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, (_l("Error"), _l("The request failed.")))
    title, message = str(title), str(detail or message)
    if _wants_json():
        return jsonify({"error": title, "message": message}), code
    return render_template("error.html", code=code, title=title, message=message), code


def init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        recover = CSRF_RECOVERIES.get(request.endpoint or "")
        if recover is not None and request.method == "POST":
            recovered = recover()
            if recovered is not None:
                return recovered
        return render_error(400, _("This form has expired or was not sent by this site "
                                   "(%(reason)s). Reload the page and send it again.",
                                   reason=exc.description))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        code = exc.code or 500
        detail = exc.description if code in (400, 403, 404) and exc.description and \
            exc.description != type(exc).description else None
        response = render_error(code, detail)
        if code == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
            body, status = response
            return body, status, {"Allow": ", ".join(exc.valid_methods)}
        return response

    @app.errorhandler(DataError)
    def _data_error(exc: DataError):
        # A value the database refuses (a number out of range, an over-long string): bad
        # input, so a 400 page rather than a 500. Views should catch these first.
        db.session.rollback()
        app.logger.warning("database refused a value: %s", exc.orig)
        return render_error(400, _("A value in this request is out of the range this app "
                                   "accepts. Check what you entered and try again."))

    @app.errorhandler(OverflowError)
    def _overflow(exc: OverflowError):
        # SQLite's driver raises this for integers above 2**63 before SQLAlchemy sees them.
        if "SQLite INTEGER" not in str(exc):
            raise exc
        db.session.rollback()
        return render_error(400, _("A number in this request is too large."))

    @app.errorhandler(InternalServerError)
    def _internal(exc: InternalServerError):
        app.logger.exception("internal error", exc_info=exc.original_exception)
        return render_error(500)
