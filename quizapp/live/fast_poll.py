"""The live poll's fast path: a poll that changes nothing is answered before Flask.

In a 2,000-seat hall every phone asks "anything new?" every two seconds: a thousand requests a
second, nearly all answered 304 Not Modified. The route (student_views.state) gives the same
answer, but through the whole framework: request context, session, hooks. This WSGI layer
answers just that case, with the route's own parts: the session cookie read by the app's
session interface, the same one-statement probe, the same ETag. Anything else (no cookie, a
changed state, a closed or unknown seminar, any doubt) goes to the route unchanged.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from sqlalchemy.exc import DBAPIError
from werkzeug.http import parse_cookie, parse_etags

from ..database import write_intent
from ..extensions import db
from ..models import utcnow
from ..services.live import rounds
from ..student.identity import seat_ids_in
from ..web.cookie_session import QuietSessionInterface
from ..web.security import DEFAULT_HEADERS
from .student_views import NO_CACHE, PROBE_KEY

STATE_PATH = re.compile(r"/s/(?P<code>[^/]{1,64})/live/state")

StartResponse = Callable[..., Any]


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

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        if (environ.get("REQUEST_METHOD") == "GET" and environ.get("HTTP_IF_NONE_MATCH")
                and environ.get("HTTP_COOKIE")):
            match = STATE_PATH.fullmatch(environ.get("PATH_INFO", ""))
            if match:
                etag = self._unchanged_etag(environ, match["code"])
                if etag is not None:
                    start_response("304 Not Modified", [
                        ("ETag", f'W/"{etag}"'), ("Cache-Control", NO_CACHE),
                        ("Vary", "Cookie"), *DEFAULT_HEADERS])
                    return []
        return self.wsgi_app(environ, start_response)

    def _unchanged_etag(self, environ: dict[str, Any], code: str) -> str | None:
        """The ETag when the client's copy is current; None to let the route answer."""
        # The session cookie, read-only: straight from the memo of verified cookies.
        value = parse_cookie(environ).get(self.cookie_name)
        verified = self.sessions.verified(self.app, value) if value else None
        seat_ids = seat_ids_in(verified[0]) if verified is not None else []
        if not seat_ids:
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
        etag = found.etag(utcnow())
        return etag if parse_etags(environ["HTTP_IF_NONE_MATCH"]).contains_weak(etag) else None

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
