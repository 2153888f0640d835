"""Signed-cookie sessions that are re-signed only when there is a reason to.

Flask re-signs and re-sends a permanent session's cookie on every response, to slide its
expiry. In a seminar every phone polls every couple of seconds and a class answers at once:
signing a fresh cookie on each of those requests was a sixth of a poll's cost and a visible
share of an answer's. Here the cookie is re-sent when the session changed, or when the one
the browser holds was signed longer ago than SESSION_REFRESH_INTERVAL (an hour by default):
the expiry still slides, by the hour instead of by the request. A 304 never re-sends it.

Checking a cookie's signature (key derivation, HMAC, zlib, JSON) was a third of a poll's
framework cost, repeated for the same cookie every two seconds. Cookies that verified are
remembered per process (by secret key and value), with their signing time, so a repeat costs a
dictionary lookup and a copy; the expiry is still checked on every request. A forged cookie
never enters the memo.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature

DEFAULT_REFRESH_INTERVAL = timedelta(hours=1)
VERIFIED_MEMO_SIZE = 8192  # cookies: a 2,000-seat hall, several seminars a day


class _VerifiedCookies:
    """A bounded memo of cookies whose signature checked out: value -> (data, signed_at)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, str], tuple[dict[str, Any], datetime]] = (
            OrderedDict())
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, str]) -> tuple[dict[str, Any], datetime] | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
        return hit

    def put(self, key: tuple[Any, str], data: dict[str, Any], signed_at: datetime) -> None:
        with self._lock:
            self._items[key] = (data, signed_at)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


_VERIFIED = _VerifiedCookies(VERIFIED_MEMO_SIZE)


class DatedSession(SecureCookieSession):
    """A session that knows when its cookie was signed (None: not from a cookie)."""

    signed_at: datetime | None = None


class QuietSessionInterface(SecureCookieSessionInterface):
    session_class = DatedSession

    def open_session(self, app: Flask, request: Request) -> DatedSession | None:
        if not app.secret_key:
            return None  # Flask's null session, as without the memo
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        verified = self.verified(app, value)
        if verified is None:
            return self.session_class()
        data, signed_at = verified
        # A deep copy: the request may change its session; the memo must not change.
        return self.dated(copy.deepcopy(data), signed_at)

    def verified(self, app: Flask, value: str) -> tuple[dict[str, Any], datetime] | None:
        """A cookie's data and signing time if its signature holds and it has not expired.

        The data is the memo's own: read it, never change it (open_session copies it).
        """
        lifetime = app.permanent_session_lifetime
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()), value)
        hit = _VERIFIED.get(key)
        if hit is not None:
            if datetime.now(UTC) - hit[1] > lifetime:
                return None  # expired, as itsdangerous would say
            return hit
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        try:
            data, signed_at = serializer.loads(value, max_age=int(lifetime.total_seconds()),
                                               return_timestamp=True)
        except BadSignature:
            return None
        _VERIFIED.put(key, data, signed_at)
        return data, signed_at

    def dated(self, data: dict[str, Any], signed_at: datetime) -> DatedSession:
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

    def get_expiration_time(self, app: Flask, session: SessionMixin) -> datetime | None:
        """A student's cookie lasts as long as its seats (student/identity.py SEAT_UNTIL_KEY):
        while a session is open, then its grace period after closing. An instructor's, or
        one with a seat in an open session, keeps the usual lifetime."""
        default = super().get_expiration_time(app, session)
        seats, until = session.get("seats"), session.get("seat_until")
        if default is None or "_user_id" in session or not isinstance(seats, dict) or \
                not seats or not isinstance(until, dict):
            return default
        ends = [until.get(key) for key in seats]
        if any(not isinstance(end, int) or end <= 0 for end in ends):
            return default  # a seat in an open session (or from before this rule)
        return min(default, datetime.fromtimestamp(max(ends), UTC))

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if response.status_code == 304 and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")  # the same Vary as the 200 it stands for
            return
        super().save_session(app, session, response)
