"""Helpers shared by the tests: a test client that fills in CSRF tokens like a browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from quizapp.extensions import db

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "correct horse battery staple"


def csrf_from(html: str) -> str:
    match = TOKEN_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class FormClient(FlaskClient):
    """Posts forms the way a browser does: with the CSRF token of the current session."""

    def token(self) -> str:
        page = self.get("/")
        return csrf_from(page.get_data(as_text=True))

    def post_form(self, url: str, data: dict[str, Any] | None = None, *,
                  csrf: bool = True, **kwargs: Any):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.token()
        return self.post(url, data=data, **kwargs)

    def login(self, username: str, password: str = PASSWORD):
        return self.post_form("/instructor/login",
                              {"username": username, "password": password})

    def join(self, code: str, name: str):
        return self.post_form(f"/join/{code}", {"display_name": name})


def text(response) -> str:
    return response.get_data(as_text=True)


@contextmanager
def counting_statements(app: Flask) -> Iterator[list[str]]:
    """Every SQL statement the app's engine sends while the block runs."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
