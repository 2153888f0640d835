"""Signed-cookie sessions that are re-signed only when there is a reason to.

Flask re-signs and re-sends a permanent session's cookie on every response, to slide its
expiry. In a seminar every phone polls every couple of seconds and a class answers at once:
signing a fresh cookie on each of those requests was a sixth of a poll's cost and a visible
share of an answer's. Here the cookie is re-sent when the session changed, or when the one
the browser holds was signed longer ago than SESSION_REFRESH_INTERVAL (an hour by default):
the expiry still slides, by the hour instead of by the request. A 304 never re-sends it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature

DEFAULT_REFRESH_INTERVAL = timedelta(hours=1)


class DatedSession(SecureCookieSession):
    """A session that knows when its cookie was signed (None: not from a cookie)."""

    signed_at: datetime | None = None


class QuietSessionInterface(SecureCookieSessionInterface):
    session_class = DatedSession

    def open_session(self, app: Flask, request: Request) -> DatedSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        interval: Any = app.config.get("SESSION_REFRESH_INTERVAL", DEFAULT_REFRESH_INTERVAL)
        return signed_at is None or datetime.now(UTC) - signed_at >= interval

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if response.status_code == 304 and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")  # the same Vary as the 200 it stands for
            return
        super().save_session(app, session, response)
