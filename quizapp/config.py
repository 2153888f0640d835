"""Configuration: defaults, then instance/config.py, then QUIZAPP_* environment variables."""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_QUESTIONS_DIR = PACKAGE_DIR.parent / "questions"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret

# Environment variable -> config key. Values are strings; see _coerce for types.
ENV_KEYS = {
    "QUIZAPP_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "QUIZAPP_SECRET_KEY": "SECRET_KEY",
    "QUIZAPP_QUESTIONS_DIR": "QUIZAPP_QUESTIONS_DIR",
    "QUIZAPP_RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "QUIZAPP_SECURE_COOKIES": "SESSION_COOKIE_SECURE",
    "QUIZAPP_MAX_CONTENT_LENGTH": "MAX_CONTENT_LENGTH",
    "QUIZAPP_RATELIMIT_ENABLED": "RATELIMIT_ENABLED",
    "QUIZAPP_PROXY_HOPS": "QUIZAPP_PROXY_HOPS",
    "QUIZAPP_DEFAULT_LANGUAGE": "QUIZAPP_DEFAULT_LANGUAGE",
    "QUIZAPP_TIMEZONE": "QUIZAPP_TIMEZONE",
    "QUIZAPP_LOGIN_LIMIT": "QUIZAPP_LOGIN_LIMIT",
    "QUIZAPP_LOGIN_ADDRESS_LIMIT": "QUIZAPP_LOGIN_ADDRESS_LIMIT",
    "QUIZAPP_LOGIN_SLOWDOWN_SECONDS": "QUIZAPP_LOGIN_SLOWDOWN_SECONDS",
    "QUIZAPP_JOIN_LIMIT": "QUIZAPP_JOIN_LIMIT",
    "QUIZAPP_JOIN_ADDRESS_LIMIT": "QUIZAPP_JOIN_ADDRESS_LIMIT",
    "QUIZAPP_SEAT_GRACE_HOURS": "QUIZAPP_SEAT_GRACE_HOURS",
}


def defaults(instance_path: str) -> dict[str, Any]:
    return {
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(Path(instance_path) / "quizapp.sqlite"),
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "QUIZAPP_QUESTIONS_DIR": str(DEFAULT_QUESTIONS_DIR),
        # A seminar runs for hours: a form left open since the start must still submit.
        "WTF_CSRF_TIME_LIMIT": int(timedelta(hours=12).total_seconds()),
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "MAX_FORM_MEMORY_SIZE": 256 * 1024,
        "PERMANENT_SESSION_LIFETIME": timedelta(days=30),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Shared by every worker process on this machine (memory:// would count per process);
        # redis://HOST:6379 when several machines serve. See quizapp/ratelimit_storage.py.
        "RATELIMIT_STORAGE_URI": "quizapp-sqlite://" + str(Path(instance_path).resolve()
                                                            / "ratelimit.sqlite"),
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed logins per (username, address), and per known device (quizapp/web/throttle.py);
        # failures per username from everywhere only slow its logins down.
        "QUIZAPP_LOGIN_LIMIT": "10 per minute",
        "QUIZAPP_LOGIN_ADDRESS_LIMIT": "30 per minute",
        "QUIZAPP_LOGIN_SLOWDOWN_SECONDS": 1.0,
        # Wrong session or personal codes per browser, and per address: a lecture hall is
        # hundreds of students behind one campus address, so that cap is a hall's size.
        "QUIZAPP_JOIN_LIMIT": "10 per minute",
        "QUIZAPP_JOIN_ADDRESS_LIMIT": "300 per minute;2000 per hour",
        # A student's seat stays in the browser while the session is open and this many hours
        # after it closes (time to look at one's answers), then the cookie forgets it.
        "QUIZAPP_SEAT_GRACE_HOURS": 2.0,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust (0: none,
        # so a client cannot forge its address to escape the per-client rate limits).
        "QUIZAPP_PROXY_HOPS": 0,
        # The language when neither the user's choice nor the browser's names one we have.
        "QUIZAPP_DEFAULT_LANGUAGE": "en",
        # Where times are shown (stored in UTC); empty: the server's own zone.
        "QUIZAPP_TIMEZONE": "",
        # werkzeug's method string. scrypt at its default cost; the test suite, which creates
        # and logs in an instructor in hundreds of tests, sets a cheaper scrypt.
        "PASSWORD_HASH_METHOD": "scrypt",
    }


def _coerce(key: str, value: str) -> Any:
    if key in {"SESSION_COOKIE_SECURE", "RATELIMIT_ENABLED"}:
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if key in {"MAX_CONTENT_LENGTH", "QUIZAPP_PROXY_HOPS"}:
        return int(value)
    if key in {"QUIZAPP_LOGIN_SLOWDOWN_SECONDS", "QUIZAPP_SEAT_GRACE_HOURS"}:
        return float(value)
    return value


def load_config(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    app.config.from_mapping(defaults(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    for env, key in ENV_KEYS.items():
        if os.environ.get(env):
            app.config[key] = _coerce(key, os.environ[env])
    if overrides:
        app.config.update(overrides)
    engine_options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"] or {})
    if not str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        # A database server can restart under a running app: test each pooled connection
        # before use. A SQLite file cannot go away like that; the ping would be a statement
        # more on every request for nothing.
        engine_options.setdefault("pool_pre_ping", True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["SESSION_COOKIE_SECURE"])
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    app.config["QUIZAPP_SECRET_KEY_CONFIGURED"] = bool(app.config.get("SECRET_KEY"))
    # Installations sharing one rate-limit store (a Redis, the instance file) count apart.
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "quizapp-" + hashlib.sha256(
        str(app.config["SQLALCHEMY_DATABASE_URI"]).encode()).hexdigest()[:12])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))


def _instance_secret_key(instance: Path) -> str:
    """Generated once and kept in the instance folder, so sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    # O_EXCL: when two processes start together, one writes and both read the same key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
