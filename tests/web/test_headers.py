"""Security headers on every response, no-store on instructor pages, cookie flags, no inline
script or style anywhere (the CSP would block them)."""

from __future__ import annotations

import re

import pytest
from route_world import ROLES, build_world, routes

from quizapp import create_app
from support import PASSWORD

# A JSON data block (type="application/json") is never run: only code counts as inline.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>",
                           re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style[\s>]", re.IGNORECASE)


def header_problems(response, where: str) -> list[str]:
    problems = []
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
    if not csp:
        problems.append(f"{where}: no Content-Security-Policy")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"{where}: CSP allows unsafe-inline/eval: {csp}")
    if directives.get("frame-ancestors") != "frame-ancestors 'none'":
        problems.append(f"{where}: CSP without frame-ancestors 'none'")
    if "default-src" not in directives or "object-src" not in directives:
        problems.append(f"{where}: CSP without default-src/object-src")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{where}: no X-Content-Type-Options: nosniff")
    if response.headers.get("Referrer-Policy") not in ("same-origin", "no-referrer",
                                                        "strict-origin-when-cross-origin"):
        problems.append(f"{where}: Referrer-Policy {response.headers.get('Referrer-Policy')}")
    return problems


def page_problems(response, where: str) -> list[str]:
    if response.mimetype != "text/html":
        return []
    body = response.get_data(as_text=True)
    return [f"{where}: {name}" for name, pattern in (
        ("inline <script>", INLINE_SCRIPT), ("inline event handler", INLINE_HANDLER),
        ("style= attribute", STYLE_ATTR), ("<style> element", STYLE_TAG))
        if pattern.search(body)]


@pytest.fixture
def world(app, make_client, make_seminar):
    return build_world(app, make_client, make_seminar)


def test_every_route_has_security_headers_and_no_inline_code(app, world):
    problems: list[str] = []
    seen = 0
    for rule, method in routes(app):
        if method != "GET":
            continue
        url = world.url(rule)
        for role in ROLES:
            response = world.client(role).get(url)
            response.get_data()  # read streamed bodies while their context exists
            where = f"GET {url} as {role} ({response.status_code})"
            problems += header_problems(response, where) + page_problems(response, where)
            instructor_page = url.startswith("/instructor")
            if instructor_page and "no-store" not in response.headers.get("Cache-Control", ""):
                problems.append(f"{where}: instructor page without Cache-Control: no-store")
            seen += 1
    assert seen > 30
    assert not problems, "\n".join(problems)


def test_error_and_refusal_responses_have_the_headers_too(app, world):
    client = world.client("owner")
    responses = {
        "404": client.get("/no/such/page"),
        "405": client.get("/instructor/logout"),
        "400 csrf": client.post("/instructor/logout"),
        "413": client.post_form("/join", {"display_name": "x" * 300_000}),
        "instructor 404": client.get("/instructor/sessions/NOPE/"),
        "api": client.get("/healthz"),
    }
    limited = world.fresh_client("anonymous")
    for _ in range(11):
        responses["429"] = limited.post_form("/join", {"code": "ZZZZZZZZ", "display_name": "E"})
    assert responses["429"].status_code == 429
    assert responses["413"].status_code == 413
    problems = []
    for name, response in responses.items():
        problems += header_problems(response, name) + page_problems(response, name)
    assert "no-store" in responses["instructor 404"].headers["Cache-Control"]
    assert not problems, "\n".join(problems)


def test_csv_export_and_login_page_are_not_cached(world):
    owner = world.client("owner")
    export = owner.get(f"/instructor/sessions/{world.seminar_a}/export.csv")
    assert export.status_code == 200
    assert "no-store" in export.headers["Cache-Control"]
    login = world.fresh_client("anonymous").get("/instructor/login")
    assert "no-store" in login.headers["Cache-Control"]


def _set_cookie_headers(response) -> list[str]:
    return [v for k, v in response.headers.items() if k.lower() == "set-cookie"]


def test_cookie_flags_in_development(app, client, instructor, seminar):
    cookies = _set_cookie_headers(client.login(instructor))
    student = app.test_client()
    cookies += _set_cookie_headers(student.join(seminar, "Ana"))
    assert cookies
    for cookie in cookies:
        flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
        assert "httponly" in flags, cookie
        assert "samesite=lax" in cookie.lower(), cookie
        assert "secure" not in flags, cookie  # plain http on a laptop must still work


def test_cookies_are_secure_in_production(db_url, monkeypatch, instructor, seminar):
    monkeypatch.setenv("QUIZAPP_SECURE_COOKIES", "1")
    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "production-secret",
                      "SERVER_NAME": "quizapp.test", "RATELIMIT_STORAGE_URI": "memory://"})
    from support import FormClient

    app.test_client_class = FormClient
    teacher, student = app.test_client(), app.test_client()
    cookies = _set_cookie_headers(teacher.login("teacher", PASSWORD))
    cookies += _set_cookie_headers(student.join(seminar, "Ana"))
    assert cookies
    for cookie in cookies:
        flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
        assert {"secure", "httponly"} <= flags, cookie
        assert "samesite=lax" in cookie.lower(), cookie
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
