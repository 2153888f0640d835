"""The one error of the feedback services, carrying the HTTP status a view answers with."""

from __future__ import annotations

from typing import Any

import flask_babel
from flask import has_request_context


def gettext(message: str, **variables: Any) -> str:
    """flask_babel's gettext in a request; the English text elsewhere (commands, tests),
    where no request names a language. Named gettext so that extraction finds the strings."""
    if has_request_context():
        return flask_babel.gettext(message, **variables)
    return message % variables if variables else message


class FeedbackError(ValueError):
    """Feedback that cannot be saved or released; ``status`` is 400, 403 or 404."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status
