"""The live poll's fast path: a seated student's poll is answered before Flask.

In a 2,000-seat hall every phone asks "anything new?" every two seconds: a thousand requests a
second, nearly all answered 304 Not Modified. The route (student_views.state) gives the same
answer, but through the whole framework: request context, session, hooks. This WSGI layer
answers a seated student's poll with the route's own parts: the session cookie read by the
app's session interface, the same one-statement probe, the same ETag, and, when the state
changed, the same body (live/state.py poll_body) in the same language.

The changed state matters as much as the 304: when the instructor moves on, every phone gets a
full state within one poll interval. Through Flask that burst cost more than the two cores
could serve at 1,000 a second, and the 304s queued behind it for seconds (bench/RESULTS.md).

Anything else (no cookie, a closed or unknown seminar, a cookie due for its refresh, no CSRF
secret yet, any doubt) goes to the route unchanged.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from flask import Flask, Response, g
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.exc import DBAPIError
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header, parse_cookie, parse_etags

from ..database import write_intent
from ..extensions import db
from ..models import utcnow
from ..services.live import rounds
from ..student.identity import seat_ids_in
from ..web.cookie_session import QuietSessionInterface
from ..web.i18n import LANGUAGE_COOKIE, pick_language
from ..web.security import DEFAULT_HEADERS
from .state import poll_body
from .student_views import NO_CACHE, PROBE_KEY

STATE_PATH = re.compile(r"/s/(?P<code>[^/]{1,64})/live/state")

StartResponse = Callable[..., Any]


def _poll_headers(etag: str) -> list[tuple[str, str]]:
    """What the route's poll answers carry besides the body (test_fast_poll compares them)."""
    return [("ETag", f'W/"{etag}"'), ("Cache-Control", NO_CACHE), ("Vary", "Cookie"),
            *DEFAULT_HEADERS]


class FastPoll:
    """WSGI middleware around the Flask app's own wsgi_app."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app, self.wsgi_app = app, wsgi_app
        with app.app_context():
            self.engine = db.engine
        # On a database server each poll paid four round trips: the pool's ping, BEGIN, the
        # probe, ROLLBACK. A server connection is kept per thread instead, in autocommit (no
        # transaction stays open between polls): one round trip. A SQLite file has no round
        # trips, and its connections stay with the pool.
        self.keep_connection = self.engine.dialect.name != "sqlite"
        self.sessions = app.session_interface
        assert isinstance(self.sessions, QuietSessionInterface)
        self.cookie_name = self.sessions.get_cookie_name(app)
        self._kept = threading.local()
        # Flask-WTF's CSRF token, made as its generate_csrf makes it: the session's secret,
        # signed and timestamped (the form's check accepts it like one from a page).
        self.csrf_field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        self._csrf = URLSafeTimedSerializer(
            app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key, salt="wtf-csrf-token")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("HTTP_COOKIE"):
            match = STATE_PATH.fullmatch(environ.get("PATH_INFO", ""))
            if match:
                reply = self._answer(environ, match["code"])
                if isinstance(reply, str):  # the client's copy is current: this is its ETag
                    # No Response object: this is most requests.
                    start_response("304 Not Modified", _poll_headers(reply))
                    return []
                if reply is not None:
                    return reply(environ, start_response)
        return self.wsgi_app(environ, start_response)

    def _answer(self, environ: dict[str, Any], code: str) -> str | Response | None:
        """For a seated student's poll: the ETag when the client's copy is current, else the
        changed state; None to let the route answer."""
        cookies = parse_cookie(environ)
        # The session cookie, read-only: straight from the memo of verified cookies.
        value = cookies.get(self.cookie_name)
        verified = self.sessions.verified(self.app, value) if value else None
        seat_ids = seat_ids_in(verified[0]) if verified is not None else []
        if verified is None or not seat_ids:
            return None
        try:
            found = self._probe(code, seat_ids)
        except DBAPIError:
            # The database server went away (a restart, a failover): forget the connection
            # and let the route answer through the pool, which tests its connections.
            self._forget_connection()
            return None
        environ[PROBE_KEY] = (code, found)
        if found is None or found.pacing != "instructor" or found.participant_id is None:
            return None
        now = utcnow()
        etag = found.etag(now)
        if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(etag):
            return etag
        data, signed_at = verified
        if self.sessions.should_set_cookie(self.app, self.sessions.dated(data, signed_at)):
            return None  # the route re-signs the cookie (its expiry slides)
        secret = data.get(self.csrf_field)
        if not isinstance(secret, str):
            return None  # the route makes the student's CSRF secret
        language = pick_language(
            cookies.get(LANGUAGE_COOKIE),
            parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept),
            self.app.config["QUIZAPP_DEFAULT_LANGUAGE"])
        reply = self._full_state(found, now, language, secret)
        if reply is None:
            return None
        reply.headers.update(_poll_headers(etag))
        return reply

    def _full_state(self, found: rounds.Probe, now: datetime, language: str, secret: str
                    ) -> Response | None:
        """The route's body (live/state.py poll_body) in an app context, no request context."""
        token = write_intent.set(False)  # a read: never SQLite's write lock
        try:
            with self.app.app_context():
                g.forced_language = language  # what web/i18n.select_locale would pick
                body = poll_body(found, now, language, self._csrf.dumps(secret))
                return self.app.json.response(body)
        except Exception:  # noqa: BLE001 - the route answers instead, with its error handling
            self.app.logger.exception("the live poll's fast path failed; the route answers")
            return None
        finally:
            write_intent.reset(token)

    def _probe(self, code: str, seat_ids: list[int]) -> rounds.Probe | None:
        if not self.keep_connection:
            token = write_intent.set(False)  # a read: never SQLite's write lock
            try:
                with self.engine.connect() as connection:
                    return rounds.probe(code, seat_ids, connection)
            finally:
                write_intent.reset(token)
        connection = getattr(self._kept, "connection", None)
        if connection is None or connection.closed or connection.invalidated:
            connection = self._kept.connection = self.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT")
        try:
            return rounds.probe(code, seat_ids, connection)
        finally:
            connection.rollback()  # ends SQLAlchemy's bookkeeping; nothing to undo

    def _forget_connection(self) -> None:
        connection = getattr(self._kept, "connection", None)
        self._kept.connection = None
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.invalidate()
                connection.close()


def init_fast_poll(app: Flask) -> None:
    app.wsgi_app = FastPoll(app, app.wsgi_app)  # type: ignore[method-assign]
