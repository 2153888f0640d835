"""The live poll's fast path (quizapp/live/fast_poll.py) answers exactly as the route would.

It answers a seated student's poll before Flask (a 304, or the changed state); everything else
must reach the route.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from test_live import act, live_facts, students

from dbkit import _pg_exec
from quizapp.extensions import db
from quizapp.live.fast_poll import FastPoll
from quizapp.models import Participant, Seminar
from quizapp.services.live import rounds
from support import counting_statements

# What a 304 from either path carries; Date/Server are added by servers, not by the app.
COMPARED = ("ETag", "Cache-Control", "Vary", "Content-Security-Policy",
            "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")


@pytest.fixture
def room(app, teacher_client, make_seminar):
    facts = live_facts(app, make_seminar)
    act(teacher_client, facts["code"], "open", question_id=facts["mc"])
    ana = students(app, facts["code"], ["Ana"])["Ana"]
    url = f"/s/{facts['code']}/live/state"
    first = ana.get(url)
    assert first.status_code == 200
    return facts, ana, url, first.headers["ETag"]


def _route_must_not_run(app, monkeypatch) -> None:
    def refuse(**_kwargs):
        raise AssertionError("the route ran: the fast path should have answered")

    monkeypatch.setitem(app.view_functions, "live.state", refuse)


def _by_route_and_fast(app, monkeypatch, get):
    """``get()`` answered by the route alone, then by the fast path (the route must not run)."""
    fast_app = app.wsgi_app
    assert isinstance(fast_app, FastPoll)
    app.wsgi_app = fast_app.wsgi_app
    try:
        by_route = get()
    finally:
        app.wsgi_app = fast_app
    with monkeypatch.context() as m:
        _route_must_not_run(app, m)
        fast = get()
    return by_route, fast


def _without_csrf(state: dict) -> dict:
    return {k: v for k, v in state.items() if k != "csrf"}


def test_unchanged_poll_is_answered_before_flask_like_the_route(app, room, monkeypatch):
    _facts, ana, url, etag = room
    by_route, fast = _by_route_and_fast(
        app, monkeypatch, lambda: ana.get(url, headers={"If-None-Match": etag}))
    assert by_route.status_code == fast.status_code == 304
    assert fast.data == b"" and "Set-Cookie" not in fast.headers
    assert {h: fast.headers.get(h) for h in COMPARED} == {
        h: by_route.headers.get(h) for h in COMPARED}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_changed_state_is_answered_before_flask_like_the_route(
        app, room, teacher_client, monkeypatch, language):
    facts, ana, url, etag = room
    act(teacher_client, facts["code"], "reveal")
    by_route, fast = _by_route_and_fast(app, monkeypatch, lambda: ana.get(
        url, headers={"If-None-Match": etag, "Accept-Language": language}))
    assert by_route.status_code == fast.status_code == 200
    assert fast.mimetype == by_route.mimetype == "application/json"
    assert _without_csrf(fast.json) == _without_csrf(by_route.json)
    assert fast.json["phase"] == "revealed" and fast.json["result"]["explanation"]
    assert {h: fast.headers.get(h) for h in COMPARED} == {
        h: by_route.headers.get(h) for h in COMPARED}
    assert "Set-Cookie" not in fast.headers
    # The language cookie (the page's switch) wins over the browser's, as on every page.
    other = "en" if language == "es" else "es"
    ana.set_cookie("quizapp_lang", other, domain=app.config["SERVER_NAME"])
    switched = _by_route_and_fast(app, monkeypatch, lambda: ana.get(
        url, headers={"Accept-Language": language}))
    assert _without_csrf(switched[0].json) == _without_csrf(switched[1].json)
    assert switched[1].json["question"]["prompt"] != fast.json["question"]["prompt"]


def test_the_fast_paths_csrf_token_is_accepted(app, room, teacher_client, monkeypatch):
    facts, ana, url, _etag = room
    act(teacher_client, facts["code"], "next")  # a new question: a full state
    with monkeypatch.context() as m:
        _route_must_not_run(app, m)
        state = ana.get(url).json
    sent = ana.post_form(f"/s/{facts['code']}/live/answer", {
        "question_id": state["question"]["id"], "round": 1,
        "choice": state["question"]["choices"][0]["id"], "csrf_token": state["csrf"]},
        headers={"Accept": "application/json"})
    assert sent.status_code == 200 and sent.json["ok"], sent.get_data(as_text=True)
    with monkeypatch.context() as m:
        _route_must_not_run(app, m)
        assert ana.get(url).json["answered"] is True


def test_a_cookie_due_for_refresh_or_without_a_csrf_secret_goes_to_the_route(
        app, room, teacher_client, monkeypatch):
    facts, ana, url, etag = room
    act(teacher_client, facts["code"], "close")
    # The route re-signs a cookie older than SESSION_REFRESH_INTERVAL (its expiry slides).
    monkeypatch.setitem(app.config, "SESSION_REFRESH_INTERVAL", timedelta(0))
    refreshed = ana.get(url, headers={"If-None-Match": etag})
    monkeypatch.undo()
    assert refreshed.status_code == 200 and "Set-Cookie" in refreshed.headers
    # No CSRF secret in the session yet: the route makes one (and sends the cookie).
    with ana.session_transaction() as session:
        session.pop("csrf_token", None)
    made = ana.get(url)
    assert made.status_code == 200 and made.json["csrf"] and "Set-Cookie" in made.headers


def test_one_read_statement_and_never_the_write_lock(app, room):
    _facts, ana, url, etag = room
    with counting_statements(app) as statements:
        assert ana.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert "BEGIN IMMEDIATE" not in statements
    assert len([s for s in statements if s.strip().upper() != "BEGIN"]) == 1, statements


def test_everything_else_reaches_the_route(app, room, teacher_client, make_seminar):
    facts, ana, url, etag = room
    # A changed state: the route sends the new one.
    act(teacher_client, facts["code"], "close")
    changed = ana.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json["phase"] == "closed"
    # No cookie, or a forged one: the route's refusal, never a 304 on someone else's ETag.
    stranger = app.test_client()
    assert stranger.get(url, headers={"If-None-Match": etag}).status_code == 403
    host = app.config["SERVER_NAME"]
    stranger.set_cookie("session", "forged.cookie.value", domain=host)
    assert stranger.get(url, headers={"If-None-Match": etag}).status_code == 403
    # The same ETag sent for another live seminar the student has not joined.
    other = live_facts(app, make_seminar)
    elsewhere = ana.get(f"/s/{other['code']}/live/state", headers={"If-None-Match": etag})
    assert elsewhere.status_code == 403
    # A seminar that does not exist, and a self-paced one: the route's 404.
    assert ana.get("/s/NOPE1234/live/state", headers={"If-None-Match": etag}
                   ).status_code == 404
    self_paced = make_seminar("Self-paced")
    assert ana.get(f"/s/{self_paced}/live/state", headers={"If-None-Match": etag}
                   ).status_code == 404


def test_a_changed_state_is_probed_once(app, room, teacher_client):
    facts, ana, url, etag = room
    act(teacher_client, facts["code"], "close")
    with counting_statements(app) as statements:
        assert ana.get(url, headers={"If-None-Match": etag}).status_code == 200
    probes = [s for s in statements if "seminars.code" in s and "participants" in s]
    assert len(probes) == 1, statements


def test_a_lost_server_connection_is_replaced(app, room):
    # On PostgreSQL the fast path keeps one connection per thread. A database restart ends it:
    # the next poll is still answered (by the route, through the pool), and the one after
    # gets the fast path again on a new connection.
    _facts, ana, url, etag = room
    fast = app.wsgi_app
    assert isinstance(fast, FastPoll)
    if not fast.keep_connection:
        pytest.skip("SQLite: the fast path uses the pool's connections, nothing is kept")
    assert ana.get(url, headers={"If-None-Match": etag}).status_code == 304
    kept = fast._kept.connection  # noqa: SLF001 - the thread's connection, to end it
    pid = kept.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    kept.rollback()
    _pg_exec(f"SELECT pg_terminate_backend({int(pid)})")
    assert ana.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert ana.get(url, headers={"If-None-Match": etag}).status_code == 304
    renewed = fast._kept.connection  # noqa: SLF001
    assert renewed is not kept and not renewed.closed


@pytest.mark.parametrize("others", [0, 2, 15, 40])
def test_the_probe_finds_the_seat_among_any_number(app, room, others):
    # Seat ids go in as padded fixed slots up to 16, as a list beyond: same answer either way.
    facts, _ana, _url, _etag = room
    with app.app_context():
        seminar = db.session.scalar(select(Seminar).where(Seminar.code == facts["code"]))
        ana_id = db.session.scalar(select(Participant.id).where(
            Participant.seminar_id == seminar.id))
        strangers = list(range(900_000, 900_000 + others))
        found = rounds.probe(facts["code"], [*strangers, ana_id])
        assert found is not None and found.participant_id == ana_id
        nobody = rounds.probe(facts["code"], strangers)
        assert nobody is not None and nobody.participant_id is None
        assert rounds.probe("NOPE1234", [ana_id]) is None
