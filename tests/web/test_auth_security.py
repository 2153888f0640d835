"""Logins, sessions, rate limits, join codes, CSRF, and answers that survive an expired form."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from live_server import csrf_token, launch, wait_ready
from route_world import build_world, routes, snapshot
from sqlalchemy import select

from quizapp import create_app
from quizapp.cli import cli
from quizapp.extensions import db
from quizapp.models import Instructor, Response, ResponseRevision
from quizapp.services.classroom import codes
from support import PASSWORD, csrf_from, text

READING = "milei-first-year"
DISCUSSION = "mfy-d1"  # has a 1-5 stance scale
DISCUSS_URL = "/s/{code}/r/" + READING + "/discuss/" + DISCUSSION


def _ip(client, address: str):
    client.environ_base["REMOTE_ADDR"] = address
    return client


# -- passwords, sessions, logout, next ----------------------------------------------------

def test_passwords_are_hashed_with_scrypt(app, instructor):
    with app.app_context():
        stored = db.session.scalar(select(Instructor.password_hash).where(
            Instructor.username == instructor))
    assert stored.startswith("scrypt:")
    assert PASSWORD not in stored


def test_an_installation_hashes_at_scrypts_full_cost(tmp_path):
    """The suite hashes cheaply (tests/dbkit.py); an installation's default is werkzeug's
    scrypt cost, N = 2**15."""
    from quizapp import create_app
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'q.sqlite'}",
                      "SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        teacher = Instructor(username="t", password_hash="")
        teacher.set_password(PASSWORD)
    assert teacher.password_hash.startswith("scrypt:32768:8:1$")
    assert teacher.check_password(PASSWORD)


def test_login_starts_a_fresh_session(client, seminar, instructor):
    assert client.join(seminar, "Ana").status_code == 302
    assert client.get(f"/s/{seminar}/").status_code == 200
    before = client.get_cookie("session", domain="quizapp.test").value
    assert client.login(instructor).status_code == 302
    assert client.get_cookie("session", domain="quizapp.test").value != before
    # nothing from before the login is kept: not even the student seat
    response = client.get(f"/s/{seminar}/")
    assert response.status_code == 302 and "/join/" in response.headers["Location"]


def test_logout_makes_the_old_cookie_useless(app, teacher_client, instructor):
    stolen = teacher_client.get_cookie("session", domain="quizapp.test").value
    assert teacher_client.get("/instructor/").status_code == 200
    assert teacher_client.post_form("/instructor/logout").status_code == 302
    assert teacher_client.get("/instructor/").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen, domain="quizapp.test")
    response = thief.get("/instructor/")
    assert response.status_code == 302 and "/instructor/login" in response.headers["Location"]
    # logging in again works, and the new cookie works
    again = app.test_client()
    assert again.login(instructor).status_code == 302
    assert again.get("/instructor/").status_code == 200


def test_logout_needs_a_post_with_csrf(teacher_client):
    assert teacher_client.get("/instructor/logout").status_code == 405
    assert teacher_client.post("/instructor/logout").status_code == 400
    assert teacher_client.get("/instructor/").status_code == 200


def _browser_target(location: str) -> tuple[str, str]:
    # Browsers drop tabs and newlines from URLs and read backslashes as slashes.
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/")
    resolved = urlsplit(urljoin("http://quizapp.test/instructor/login", cleaned))
    return resolved.scheme, resolved.netloc


OFFSITE = ["https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
           "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example", " //evil.example",
           "http:/evil.example", "https:evil.example", "\x00//evil.example",
           "/%2F/evil.example"]


def test_login_next_never_leaves_the_site(make_client, instructor):
    for target in OFFSITE:  # one database for all: a fresh browser logs in for each
        response = make_client().post_form("/instructor/login?next=x", {
            "username": instructor, "password": PASSWORD, "next": target})
        assert response.status_code in (302, 400), target
        if response.status_code == 302:
            scheme, host = _browser_target(response.headers["Location"])
            assert scheme in ("", "http") and host in ("", "quizapp.test"), \
                (target, response.headers)


def test_login_next_to_a_local_page_is_followed(client, instructor):
    page = client.get("/instructor/sessions/new")
    assert page.status_code == 302
    login_url = page.headers["Location"]
    form = client.get(login_url)
    assert 'value="/instructor/sessions/new"' in text(form)
    response = client.post_form(login_url, {"username": instructor, "password": PASSWORD,
                                            "next": "/instructor/sessions/new"})
    assert response.headers["Location"].endswith("/instructor/sessions/new")


def test_wrong_password_and_unknown_user_get_the_same_answer(client, instructor):
    wrong = client.post_form("/instructor/login", {"username": instructor, "password": "nope"})
    unknown = client.post_form("/instructor/login", {"username": "ghost", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 400
    assert "do not match" in text(wrong) and "do not match" in text(unknown)


# -- no default account -------------------------------------------------------------------

def _init_fresh(tmp_path: Path, name: str) -> str:
    url = f"sqlite:///{tmp_path / name}"
    info = ScriptInfo(create_app=lambda: create_app({"SQLALCHEMY_DATABASE_URI": url,
                                                     "SECRET_KEY": "x"}))
    result = CliRunner().invoke(cli, ["init"], obj=info)
    assert result.exit_code == 0, result.output
    return result.output


def test_no_default_account_first_password_is_generated(tmp_path):
    first, second = _init_fresh(tmp_path, "a.sqlite"), _init_fresh(tmp_path, "b.sqlite")
    pw1 = re.search(r"password: (\S+)", first).group(1)
    pw2 = re.search(r"password: (\S+)", second).group(1)
    assert pw1 != pw2 and len(pw1) >= 16
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.sqlite'}",
                      "SECRET_KEY": "x", "RATELIMIT_STORAGE_URI": "memory://"})
    client = app.test_client()
    for guess in ("instructor", "password", "admin", "changeme", "quizapp", ""):
        token = csrf_from(text(client.get("/instructor/login")))
        response = client.post("/instructor/login", data={
            "username": "instructor", "password": guess, "csrf_token": token})
        assert response.status_code == 400, guess


# -- rate limits --------------------------------------------------------------------------

def test_ten_failed_logins_from_one_client_then_429(app, make_client, instructor,
                                                    other_instructor):
    client = _ip(make_client(), "10.9.0.1")
    for _ in range(10):
        assert client.login(instructor, "wrong password").status_code == 400
    blocked = client.login(instructor)  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many attempts" in text(blocked)
    assert _ip(make_client(), "10.9.0.2").login(instructor).status_code == 302
    # the same address, another account: its own (username, address) counter
    assert _ip(make_client(), "10.9.0.1").login(other_instructor).status_code == 302


def test_many_usernames_from_one_address_then_429(app_factory, instructor):
    app = app_factory(QUIZAPP_LOGIN_ADDRESS_LIMIT="5 per minute")
    client = _ip(app.test_client(), "10.9.1.1")
    for i in range(5):
        assert client.login(f"nobody{i}", "wrong password").status_code == 400
    assert client.login(instructor).status_code == 429


def test_successful_logins_do_not_count(app_factory, instructor):
    app = app_factory(QUIZAPP_LOGIN_LIMIT="3 per minute")  # the same rule, fewer slow logins
    client = _ip(app.test_client(), "10.7.0.1")
    for _ in range(4):
        assert client.login(instructor).status_code == 302
        client.post_form("/instructor/logout")


def test_wrong_join_codes_then_429(make_client, seminar):
    client = _ip(make_client(), "10.6.0.1")
    for i in range(10):
        response = client.post_form("/join", {"code": f"ZZZZZZZ{i + 2}", "display_name": "Eve"})
        assert response.status_code == 400
    assert client.post_form("/join", {"code": seminar, "display_name": "Eve"}).status_code == 429
    assert _ip(make_client(), "10.6.0.2").join(seminar, "Ann").status_code == 302


def test_wrong_codes_in_join_links_then_429(make_client, seminar):
    client = _ip(make_client(), "10.6.1.1")
    for i in range(10):
        assert client.get(f"/join/ZZZZZZZ{i + 2}").status_code == 404
    assert client.get(f"/join/{seminar}").status_code == 429
    assert _ip(make_client(), "10.6.1.2").get(f"/join/{seminar}").status_code == 200


def test_sqlite_file_rate_limit_storage_counts_shares_and_expires(tmp_path):
    from limits.storage import storage_from_string

    uri = f"quizapp-sqlite://{tmp_path / 'limits.sqlite'}"
    one, other = storage_from_string(uri), storage_from_string(uri)  # as two processes would
    assert one.check()
    assert one.incr("k", 60) == 1 and other.incr("k", 60) == 2
    assert one.get("k") == other.get("k") == 2
    assert time.time() < one.get_expiry("k") <= time.time() + 60
    one.clear("k")
    assert other.get("k") == 0
    one.incr("short", 1)
    one.incr("long", 60)
    time.sleep(1.1)
    assert one.get("short") == 0 and one.get("long") == 1
    assert one.incr("short", 1) == 1  # a new window starts from zero
    assert one.reset() >= 1 and one.get("long") == 0
    with pytest.raises(ValueError, match="absolute path"):
        storage_from_string("quizapp-sqlite://relative.sqlite")


def test_wrong_personal_codes_then_429(make_client, seminar):
    client = _ip(make_client(), "10.5.0.1")
    for _ in range(10):
        response = client.post_form(f"/join/{seminar}/resume", {"resume_code": "AAAAAA"})
        assert response.status_code == 400
    assert client.post_form(f"/join/{seminar}/resume",
                            {"resume_code": "BBBBBB"}).status_code == 429


def test_a_forged_forwarded_for_does_not_escape_the_limit(make_client, seminar):
    client = _ip(make_client(), "10.4.0.1")
    for i in range(10):
        client.post_form("/join", {"code": "ZZZZZZZZ", "display_name": "E"},
                         headers={"X-Forwarded-For": f"192.0.2.{i}"})
    response = client.post_form("/join", {"code": "ZZZZZZZZ", "display_name": "E"},
                                headers={"X-Forwarded-For": "192.0.2.99"})
    assert response.status_code == 429


def test_behind_a_trusted_proxy_clients_count_apart(app_factory, seminar):
    app = app_factory(QUIZAPP_PROXY_HOPS=1, QUIZAPP_JOIN_ADDRESS_LIMIT="10 per minute")

    def wrong(address: str):
        # a new browser each time (no cookie): only the per-address counter applies
        client = _ip(app.test_client(), "127.0.0.1")  # every request comes from the proxy
        return client.post_form("/join", {"code": "ZZZZZZZZ", "display_name": "E"},
                                headers={"X-Forwarded-For": address})

    for _ in range(10):
        assert wrong("198.51.100.1").status_code == 400
    assert wrong("198.51.100.1").status_code == 429
    assert wrong("198.51.100.2").status_code == 400


def test_join_codes_cannot_be_guessed_in_a_seminar(seminar):
    assert len(seminar) == codes.JOIN_CODE_LENGTH == 8
    assert set(seminar) <= set(codes.ALPHABET) and len(codes.ALPHABET) == 31
    # 1000 clients, each at the limit (10 wrong codes a minute), for a 4-hour seminar,
    # against 100 open sessions: the chance of hitting any of them.
    guesses = 1000 * 10 * 60 * 4
    assert guesses * 100 / len(codes.ALPHABET) ** codes.JOIN_CODE_LENGTH < 1e-3


def _redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("storage", ["redis", "quizapp-sqlite"])
def test_rate_limit_store_is_shared_between_processes(backend, db_url, tmp_path, storage):
    """Two servers (two gunicorn workers each) on one database: failures add up across all
    four processes. Requests alternate between the servers, so neither saw more than 6 of
    the 12 itself: the 11th is refused only if the counts are shared."""
    if backend.name != "sqlite":
        pytest.skip("the rate-limit store does not depend on the database back end")
    uri = {"redis": "redis://127.0.0.1:6379",
           "quizapp-sqlite": f"quizapp-sqlite://{tmp_path / 'limits.sqlite'}"}[storage]
    if storage == "redis" and not _redis_available():
        pytest.skip("no Redis server at 127.0.0.1:6379")
    env = {"QUIZAPP_RATELIMIT_STORAGE_URI": uri}
    # started together: each takes a few seconds to boot
    servers = [launch(db_url, tmp_path / f"server{i}.log", env=env) for i in range(2)]
    try:
        for server in servers:
            wait_ready(server)
        statuses = []
        for attempt in range(12):
            # a new connection each time, so that both workers of each server get requests
            with httpx.Client(base_url=servers[attempt % 2].url) as client:
                token = csrf_token(client, "/instructor/login")
                statuses.append(client.post("/instructor/login", data={
                    "username": "instructor", "password": "wrong", "csrf_token": token},
                ).status_code)
    finally:
        for server in servers:
            server.kill()
    assert statuses[:10] == [400] * 10, statuses
    assert statuses[10:] == [429, 429], statuses


# -- CSRF --------------------------------------------------------------------------------

@pytest.fixture
def world(app, make_client, make_seminar):
    return build_world(app, make_client, make_seminar)


def test_every_post_without_a_valid_token_is_400_and_stores_nothing(app, world):
    problems = []
    posts = [(rule, method) for rule, method in routes(app) if method != "GET"]
    assert len(posts) >= 10
    foreign = world.fresh_client("anonymous").token()  # a real token, of another session
    for rule, method in posts:
        url = world.url(rule)
        before = snapshot(app)
        for role in ("anonymous", "student_a", "owner"):
            client = world.client(role)
            for data in ({"answer": "x", "body": "x", "display_name": "x", "open": "1"},
                         {"csrf_token": "forged", "body": "x"},
                         {"csrf_token": foreign, "body": "x"}):
                response = client.open(url, method=method, data=data)
                if response.status_code != 400:
                    problems.append(f"{method} {rule.rule} as {role} with {sorted(data)}: "
                                    f"{response.status_code}")
        if snapshot(app) != before:
            problems.append(f"{method} {rule.rule}: stored something without a valid token")
    assert not problems, "\n".join(problems)


def _discussion_page(client, code: str) -> str:
    page = client.get(DISCUSS_URL.format(code=code))
    assert page.status_code == 200
    return text(page)


def _revisions(app) -> list[tuple[str, int | None]]:
    with app.app_context():
        return [(r.text, r.stance) for r in db.session.scalars(
            select(ResponseRevision).order_by(ResponseRevision.id))]


ANSWER = "First line <b>bold?</b> & \"quoted\"\n\nSecond paragraph \u2014 \u00e9t\u00e9 \U0001f30d"


def test_answer_sent_after_the_token_expired_comes_back(app_factory, make_seminar):
    app = app_factory(WTF_CSRF_TIME_LIMIT=1)
    code = make_seminar("Expiring")
    client = app.test_client()
    assert client.join(code, "Ana").status_code == 302
    token = csrf_from(_discussion_page(client, code))
    time.sleep(2.1)  # the form has been open longer than the token lives
    response = client.post(DISCUSS_URL.format(code=code),
                           data={"csrf_token": token, "answer": ANSWER, "stance": "4"})
    assert response.status_code == 400
    body = text(response)
    assert "has not been saved yet" in body
    assert "First line &lt;b&gt;bold?&lt;/b&gt; &amp; &#34;quoted&#34;" in body
    assert 'value="4" checked' in body or 'checked value="4"' in body or \
        re.search(r'<input[^>]*checked[^>]*value="4"', body)
    assert _revisions(app) == []
    # the page carries a fresh token: sending it again saves the answer, byte for byte
    again = client.post(DISCUSS_URL.format(code=code),
                        data={"csrf_token": csrf_from(body), "answer": ANSWER, "stance": "4"})
    assert again.status_code == 302
    assert _revisions(app) == [(ANSWER, 4)]


def test_answer_with_a_broken_token_comes_back_with_a_message(app, client, seminar):
    assert client.join(seminar, "Ana").status_code == 302
    with client.session_transaction() as sess:
        sess.pop("csrf_token", None)  # the session lost its CSRF secret
    response = client.post(DISCUSS_URL.format(code=seminar),
                           data={"csrf_token": "stale", "answer": ANSWER})
    assert response.status_code == 400
    assert "has not been saved yet" in text(response)
    assert "Second paragraph \u2014 \u00e9t\u00e9 \U0001f30d" in text(response)
    assert _revisions(app) == []


def _personal_code(app, name: str) -> str:
    from quizapp.models import Participant

    with app.app_context():
        return db.session.scalar(select(Participant.resume_code).where(
            Participant.display_name == name))


def test_answer_sent_after_the_session_is_gone_is_kept_until_resume(app, make_client,
                                                                    seminar):
    first = make_client()
    assert first.join(seminar, "Ana").status_code == 302
    personal = _personal_code(app, "Ana")
    _discussion_page(first, seminar)
    # The cookie is gone (another browser, cleared cookies): the answer arrives without it.
    lost = make_client()
    response = lost.post(DISCUSS_URL.format(code=seminar),
                         data={"csrf_token": "old", "answer": ANSWER, "stance": "2"})
    assert response.status_code == 400
    body = text(response)
    assert "personal code" in body and "has not been saved yet" in body
    assert "First line &lt;b&gt;bold?&lt;/b&gt;" in body
    action = re.search(r'action="([^"]+/resume)"', body).group(1)
    assert action == DISCUSS_URL.format(code=seminar) + "/resume"
    # a wrong personal code: still nothing lost
    token = csrf_from(body)
    wrong = lost.post(action, data={"csrf_token": token, "resume_code": "ZZZZZZ",
                                    "answer": ANSWER, "stance": "2"})
    assert wrong.status_code == 400
    assert "does not match" in text(wrong) and "Second paragraph" in text(wrong)
    assert _revisions(app) == []
    right = lost.post(action, data={"csrf_token": csrf_from(text(wrong)),
                                    "resume_code": personal.lower(), "answer": ANSWER,
                                    "stance": "2"})
    assert right.status_code == 302
    assert right.headers["Location"].endswith(DISCUSS_URL.format(code=seminar))
    assert _revisions(app) == [(ANSWER, 2)]
    page = lost.get(right.headers["Location"])
    assert "Your answer is saved" in text(page)


def test_recovered_answer_for_a_closed_session_is_shown_with_the_reason(
        app, make_client, seminar, teacher_client):
    first = make_client()
    assert first.join(seminar, "Ana").status_code == 302
    personal = _personal_code(app, "Ana")
    teacher_client.post_form(f"/instructor/sessions/{seminar}/open", {"open": "0"})
    lost = make_client()
    page = lost.post(DISCUSS_URL.format(code=seminar), data={"answer": ANSWER})
    action = DISCUSS_URL.format(code=seminar) + "/resume"
    response = lost.post(action, data={"csrf_token": csrf_from(text(page)),
                                       "resume_code": personal, "answer": ANSWER})
    assert response.status_code == 400
    assert "closed" in text(response)
    assert "Second paragraph" in text(response)
    with app.app_context():
        assert db.session.scalars(select(Response)).all() == []


def _open_live_discussion(app, code: str) -> int:
    from quizapp.models import Question
    from quizapp.services.classroom import seminars
    from quizapp.services.live import rounds

    with app.app_context():
        seminar = seminars.find_seminar(code)
        question = db.session.scalar(select(Question).where(Question.key == DISCUSSION))
        rounds.open_question(seminar, question)
        db.session.commit()
        return question.id


def test_live_answer_sent_with_an_expired_token_comes_back(app, make_client, make_seminar):
    code = make_seminar("Live", pacing="instructor")
    student = make_client()
    assert student.join(code, "Ana").status_code == 302
    qid = _open_live_discussion(app, code)
    assert student.get(f"/s/{code}/live").status_code == 200
    response = student.post(f"/s/{code}/live/answer", data={
        "csrf_token": "expired", "question_id": str(qid), "round": "1", "answer": ANSWER})
    assert response.status_code == 400
    assert "has not been saved yet" in text(response)
    assert "First line &lt;b&gt;bold?&lt;/b&gt;" in text(response)
    assert _revisions(app) == []
    # without the session: the text is shown on a page that asks for the personal code
    lost = make_client().post(f"/s/{code}/live/answer", data={
        "question_id": str(qid), "round": "1", "answer": ANSWER})
    assert lost.status_code == 400
    assert "personal code" in text(lost) and "Second paragraph" in text(lost)
    assert _revisions(app) == []
