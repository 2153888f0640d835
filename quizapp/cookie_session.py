"""Signed-cookie sessions that stay quiet on 304 Not Modified answers.

Flask re-signs and re-sends a permanent session's cookie on every response, to slide its
expiry. A live screen polls every couple of seconds and nearly every answer is a 304 that
changes nothing: signing a fresh cookie there was a sixth of the poll's cost. Any other
response (every page view, every 200 from the poll) still refreshes the cookie.
"""

from __future__ import annotations

from flask import Flask, Response
from flask.sessions import SecureCookieSessionInterface, SessionMixin


class QuietOn304SessionInterface(SecureCookieSessionInterface):
    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if response.status_code == 304 and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")  # the same Vary as the 200 it stands for
            return
        super().save_session(app, session, response)
