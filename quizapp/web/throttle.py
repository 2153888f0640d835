"""Failed attempts counted so that guessing stops and a shared network does not.

A lecture hall is hundreds of students behind one campus address, so a failure is counted
twice: per browser (a random id kept in the signed session cookie) with a small cap, and per
address with a cap sized for a hall (QUIZAPP_JOIN_ADDRESS_LIMIT). One browser guessing codes
is stopped by the first; a script that drops its cookies by the second; a student who
mistypes a code blocks only their own browser.

- Only failures count: a wrong session code or personal code. Name clashes, valid joins
  and page views do not.
- A refused (429) request is not counted, so the window ends for a client that retries.
- Every route that takes a code (/join, /join/<CODE>, resume, discussion resume, student
  pages) shares the same counters.

Instructor logins: per (username, address) and per address, a hard stop; per username from
anywhere only a slow-down, so that nobody can keep an instructor out of their account. A
browser where the instructor logged in before carries a signed "known device" cookie and is
counted on its own only.

The counters live in Flask-Limiter's storage (the same file or Redis as its limits).
"""

from __future__ import annotations

import functools
import secrets
import time
from typing import Any

from flask import abort, current_app, request, session
from itsdangerous import BadSignature, URLSafeSerializer
from limits import RateLimitItem, parse_many

from ..extensions import limiter

BROWSER_KEY = "bid"  # in the session cookie: this browser's random id for the counters
DEVICE_COOKIE = "quizapp_device"
DEVICE_SALT = "quizapp-known-device"
DEVICE_MAX_AGE = 400 * 24 * 3600  # browsers cap cookie lifetimes at 400 days

Counter = tuple[str, str, str]  # (config key of the limit, counter kind, identity)


@functools.lru_cache(maxsize=32)
def _items(spec: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(spec))


def _strategy() -> Any:
    if not current_app.config.get("RATELIMIT_ENABLED", True) or not limiter.enabled:
        return None
    return limiter.limiter


def _args(kind: str, ident: str) -> tuple[str, str, str]:
    return (current_app.config.get("RATELIMIT_KEY_PREFIX") or "quizapp", kind, ident)


def over(counters: list[Counter]) -> bool:
    """Whether any of these counters has reached its limit (nothing is counted)."""
    strategy = _strategy()
    if strategy is None:
        return False
    try:
        return any(not strategy.test(item, *_args(kind, ident))
                   for key, kind, ident in counters
                   for item in _items(current_app.config[key]))
    except Exception:  # the store is down (Redis restarting): let people in, say so in the log
        current_app.logger.warning("rate-limit store unavailable", exc_info=True)
        return False


def count(counters: list[Counter]) -> None:
    """One failure more on each counter."""
    strategy = _strategy()
    if strategy is None:
        return
    try:
        for key, kind, ident in counters:
            for item in _items(current_app.config[key]):
                strategy.hit(item, *_args(kind, ident))
    except Exception:  # as in over(): a store outage must not turn a wrong code into a 500
        current_app.logger.warning("rate-limit store unavailable", exc_info=True)


def address() -> str:
    # remote_addr is the client's after ProxyFix (QUIZAPP_PROXY_HOPS), never a forged header.
    return request.remote_addr or "unknown"


def refuse() -> None:
    abort(429)


# -- students: wrong session codes and personal codes ----------------------------------------

def _browser_id(create: bool) -> str | None:
    bid = session.get(BROWSER_KEY)
    if isinstance(bid, str) and 0 < len(bid) <= 32:
        return bid
    if not create:
        return None
    bid = secrets.token_urlsafe(12)
    session[BROWSER_KEY] = bid
    return bid


def _code_counters(create: bool) -> list[Counter]:
    counters: list[Counter] = [("QUIZAPP_JOIN_ADDRESS_LIMIT", "code-address", address())]
    bid = _browser_id(create)
    if bid is not None:
        counters.append(("QUIZAPP_JOIN_LIMIT", "code-browser", bid))
    return counters


def code_guessing_blocked() -> bool:
    """Whether this browser, or its whole address, made too many wrong-code attempts."""
    return over(_code_counters(create=False))


def check_code_guessing() -> None:
    """429 before a request that takes a code, when this browser or address is over."""
    if code_guessing_blocked():
        refuse()


def wrong_code() -> None:
    """A wrong session code or personal code: one failure for this browser and address."""
    count(_code_counters(create=True))


# -- instructors: wrong passwords --------------------------------------------------------------

def username_key(username: str | None) -> str:
    return (username or "").strip().lower()[:80]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=DEVICE_SALT)


def known_device(username: str | None) -> str | None:
    """This browser's device id when the instructor with this username logged in on it."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or len(raw) > 512:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != username_key(username):
        return None
    device = data.get("d")
    return device if isinstance(device, str) else None


def remember_device(response: Any, username: str) -> None:
    """After a successful login: this browser is a known device of this username."""
    device = known_device(username) or secrets.token_urlsafe(12)
    value = _serializer().dumps({"u": username_key(username), "d": device})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_MAX_AGE, path="/instructor",
                        httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))


def _login_counters(username: str) -> list[Counter]:
    device = known_device(username)
    if device is not None:
        # The owner's own browser: counted on its own, never with a stranger's failures.
        return [("QUIZAPP_LOGIN_LIMIT", "login-device", device)]
    key = username_key(username)
    return [("QUIZAPP_LOGIN_LIMIT", "login-user-address", f"{key}|{address()}"),
            ("QUIZAPP_LOGIN_ADDRESS_LIMIT", "login-address", address())]


def login_blocked(username: str) -> bool:
    return over(_login_counters(username))


def login_failed(username: str) -> None:
    count([*_login_counters(username),
           ("QUIZAPP_LOGIN_LIMIT", "login-user", username_key(username))])


def slow_down(username: str) -> float:
    """Wait before checking a password for a username failing from everywhere (not on a known
    device): guessing it from many addresses gets slow, while its owner can still log in."""
    if known_device(username) is not None:
        return 0.0
    if not over([("QUIZAPP_LOGIN_LIMIT", "login-user", username_key(username))]):
        return 0.0
    delay = float(current_app.config.get("QUIZAPP_LOGIN_SLOWDOWN_SECONDS", 0) or 0)
    if delay > 0:
        time.sleep(min(delay, 10.0))
    return delay
