"""Security headers on every response."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, request
from flask_babel import gettext as _
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
])


# Sent with every response (unless a view set its own).
DEFAULT_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)


# Database integer columns are 32-bit on PostgreSQL: a larger id in a URL is simply not found
# (404) instead of an "out of range" error from the database.
MAX_URL_INT = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_URL_INT)
        super().__init__(url_map, *args, **kwargs)


def _has_nul(values: Iterable[tuple[str, str]]) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values)


def init_security(app: Flask) -> None:
    # Registered before the blueprints, so that every <int:...> in a route is bounded.
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def _refuse_nul() -> None:
        # No browser sends U+0000; PostgreSQL cannot store it in text. Refuse it everywhere,
        # so both databases behave alike and nothing is silently altered.
        if "\x00" in request.path or _has_nul(request.args.items(multi=True)) or (
                request.method not in ("GET", "HEAD", "OPTIONS")
                and _has_nul(request.form.items(multi=True))):
            abort(400, _("The request contains a NUL character (U+0000), which this app does "
                         "not accept. Remove it and try again."))

    hops = int(app.config.get("QUIZAPP_PROXY_HOPS") or 0)
    if hops:
        # Behind a reverse proxy every request comes from the proxy: take the client's address
        # (for per-client rate limits) and scheme from the headers the trusted proxies set.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in DEFAULT_HEADERS:
            response.headers.setdefault(name, value)
        if request.blueprint == "instructor" or request.path.startswith("/instructor"):
            # Grades and private notes must not linger in shared browser caches.
            response.headers["Cache-Control"] = "no-store"
        elif _student_page(response):
            # A shared lab computer: Back after "Leave" must not show the last student's page.
            response.headers["Cache-Control"] = "no-store"
        return response


def _student_page(response: Response) -> bool:
    """A student page (not the live poll, whose ETag revalidation needs "no-cache")."""
    path = request.path
    if not (path == "/" or path.startswith(("/s/", "/join"))):
        return False
    return response.headers.get("ETag") is None and response.status_code != 304


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host, scheme or protocol-relative URL."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target
