"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

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


def init_security(app: Flask) -> None:
    hops = int(app.config.get("QUIZAPP_PROXY_HOPS") or 0)
    if hops:
        # Behind a reverse proxy every request comes from the proxy: take the client's address
        # (for per-client rate limits) and scheme from the headers the trusted proxies set.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.blueprint == "instructor" or request.path.startswith("/instructor"):
            # Grades and private notes must not linger in shared browser caches.
            response.headers["Cache-Control"] = "no-store"
        return response
