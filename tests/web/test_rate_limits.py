"""Rate limits that fit a shared network (issue 13): a lecture hall behind one address joins
even when some students mistype, a browser guessing codes is stopped, and nobody can keep an
instructor out of their own account."""

from __future__ import annotations

import time

from quizapp.extensions import limiter
from quizapp.web import throttle
from support import csrf_from, text

HALL = "10.20.0.1"  # the campus NAT: every student comes from here


def _ip(client, address: str):
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _student(make_client):
    client = _ip(make_client(), HALL)
    return client, client.token()


def test_a_lecture_hall_behind_one_address_joins(app, make_client, seminar):
    """300 students from one address; 10 of them mistype codes 12 times on every code route,
    20 pick a name already taken. Every correct join succeeds."""
    fumblers = [_student(make_client) for _ in range(10)]
    statuses: dict[int, list[int]] = {i: [] for i in range(10)}
    joined = 0
    for n in range(300):
        if n < 120:  # the typos come in while the others join
            i, attempt = n % 10, n // 10
            client, token = fumblers[i]
            route = attempt % 3
            if route == 0:
                response = client.post("/join", data={"csrf_token": token,
                                                      "code": f"ZZZZ{attempt:04d}",
                                                      "display_name": f"Fumbler {i}"})
            elif route == 1:
                response = client.get(f"/join/WRONG{attempt:03d}")
            else:
                response = client.post(f"/join/{seminar}/resume",
                                       data={"csrf_token": token, "resume_code": "AAAAAA"})
            statuses[i].append(response.status_code)
        client, token = _student(make_client)
        name = "Ana" if n % 15 == 0 else f"Student {n}"  # 20 clashes with the first Ana
        response = client.post(f"/join/{seminar}", data={"csrf_token": token,
                                                         "display_name": name})
        if name == "Ana" and n:
            assert response.status_code == 400 and "already called" in text(response)
            response = client.post(f"/join/{seminar}", data={
                "csrf_token": token, "display_name": f"Ana {n}"})
        assert response.status_code == 302, (n, text(response)[:300])
        joined += 1
    assert joined == 300
    for i, seen in statuses.items():
        # each fumbling browser is stopped after 10 wrong codes, and only that browser
        assert [s for s in seen if s != 429] == seen[:10] and seen[10:] == [429, 429], (i, seen)
        assert all(s in (400, 404) for s in seen[:10])
    # a fumbler on a fresh browser (same address) gets in with the right code
    client, token = _student(make_client)
    assert client.post(f"/join/{seminar}", data={"csrf_token": token,
                                                 "display_name": "Fumbler 0"}).status_code == 302
    assert _ip(make_client(), HALL).get(f"/join/{seminar}").status_code == 200


def test_a_guessing_browser_is_stopped_on_every_code_route(app, make_client, seminar):
    client = _ip(make_client(), "10.21.0.1")
    token = client.token()
    statuses = []
    for i in range(4):  # 4 + 3 + 3 wrong codes on different routes: one counter
        statuses.append(client.post("/join", data={"csrf_token": token, "code": f"QQQQ{i}",
                                                   "display_name": "Eve"}).status_code)
    for i in range(3):
        statuses.append(client.get(f"/join/GUESS{i}").status_code)
    for _ in range(2):
        statuses.append(client.post(f"/join/{seminar}/resume", data={
            "csrf_token": token, "resume_code": "BBBBBB"}).status_code)
    statuses.append(client.get("/s/NOPENOPE/").status_code)
    assert all(s in (400, 404) for s in statuses), statuses
    # now even the right code is refused, on every route, so a 429 reveals nothing
    assert client.get(f"/join/{seminar}").status_code == 429
    assert client.post(f"/join/{seminar}", data={"csrf_token": token,
                                                 "display_name": "Eve"}).status_code == 429
    assert client.get(f"/s/{seminar}/").status_code == 429
    assert client.post(f"/s/{seminar}/r/milei-first-year/discuss/mfy-d1/resume", data={
        "csrf_token": token, "resume_code": "CCCCCC", "answer": "x"}).status_code == 429
    # a browser that drops its cookie is stopped by the per-address cap
    assert _ip(make_client(), "10.21.0.1").get(f"/join/{seminar}").status_code == 200


def test_dropping_the_cookie_meets_the_address_cap(app_factory, seminar):
    app = app_factory(QUIZAPP_JOIN_ADDRESS_LIMIT="20 per minute")
    for i in range(20):
        assert _ip(app.test_client(), "10.22.0.1").get(f"/join/NOPE{i:04d}").status_code == 404
    assert _ip(app.test_client(), "10.22.0.1").get(f"/join/{seminar}").status_code == 429
    assert _ip(app.test_client(), "10.22.0.2").get(f"/join/{seminar}").status_code == 200


def _browser_failures(app, client) -> int:
    with client.session_transaction() as sess:
        bid = sess[throttle.BROWSER_KEY]
    with app.test_request_context():
        item = throttle._items(app.config["QUIZAPP_JOIN_LIMIT"])[0]
        stats = limiter.limiter.get_window_stats(item, *throttle._args("code-browser", bid))
        return item.amount - stats.remaining


def test_refused_requests_do_not_count_and_the_window_ends(app_factory, seminar):
    app = app_factory(QUIZAPP_JOIN_LIMIT="3 per 2 seconds")
    client = _ip(app.test_client(), "10.23.0.1")
    for i in range(3):
        assert client.get(f"/join/NOPE{i:04d}").status_code == 404
    assert _browser_failures(app, client) == 3
    for _ in range(5):
        assert client.get(f"/join/{seminar}").status_code == 429
    assert _browser_failures(app, client) == 3  # the refused ones were not counted
    time.sleep(2.2)
    assert client.get(f"/join/{seminar}").status_code == 200  # out of the limit


def test_name_clashes_valid_joins_and_page_views_are_not_failures(app_factory, seminar):
    app = app_factory(QUIZAPP_JOIN_LIMIT="3 per minute")
    first = _ip(app.test_client(), "10.24.0.1")
    assert first.join(seminar, "Ana").status_code == 302
    client = _ip(app.test_client(), "10.24.0.1")
    token = client.token()
    for _ in range(6):
        response = client.post(f"/join/{seminar}", data={"csrf_token": token,
                                                         "display_name": "ana"})
        assert response.status_code == 400
        assert client.get(f"/join/{seminar}").status_code == 200
    assert client.post(f"/join/{seminar}", data={"csrf_token": token,
                                                 "display_name": "Ana B"}).status_code == 302
    for _ in range(6):
        assert client.get(f"/s/{seminar}/").status_code == 200


# -- instructors --------------------------------------------------------------------------

def test_failures_for_one_user_from_everywhere_only_slow_it_down(app_factory, instructor,
                                                                  monkeypatch):
    waits: list[float] = []
    # Recorded rather than timed: scrypt on a loaded machine takes longer than any delay.
    monkeypatch.setattr(throttle.time, "sleep", waits.append)
    app = app_factory(QUIZAPP_LOGIN_SLOWDOWN_SECONDS=0.4)
    own = _ip(app.test_client(), "10.30.0.1")  # the instructor's laptop, used before
    assert own.login(instructor).status_code == 302
    own.post_form("/instructor/logout")
    for i in range(12):  # a stranger guesses from twelve addresses
        response = _ip(app.test_client(), f"10.31.0.{i}").login(" Teacher ", "wrong")
        assert response.status_code == 400
    assert waits == [0.4, 0.4]  # past 10 failures for the username: slower, not refused
    # the owner on a new device: slowed down, never locked out
    assert _ip(app.test_client(), "10.32.0.1").login(instructor).status_code == 302
    assert waits == [0.4] * 3
    # the owner's known device: not slowed down
    assert own.login(instructor).status_code == 302
    assert waits == [0.4] * 3


def test_strangers_on_the_owners_address_cannot_lock_the_known_device_out(app, make_client,
                                                                          instructor):
    own = _ip(make_client(), "10.33.0.1")
    assert own.login(instructor).status_code == 302
    own.post_form("/instructor/logout")
    for _ in range(12):  # a student on the same campus address
        _ip(make_client(), "10.33.0.1").login(instructor, "wrong")
    assert _ip(make_client(), "10.33.0.1").login(instructor).status_code == 429
    assert own.login(instructor).status_code == 302


def test_a_known_device_guessing_is_stopped_too(app, make_client, instructor):
    own = _ip(make_client(), "10.34.0.1")
    assert own.login(instructor).status_code == 302
    own.post_form("/instructor/logout")
    for _ in range(10):
        assert own.login(instructor, "wrong").status_code == 400
    assert own.login(instructor).status_code == 429


def test_a_forged_device_cookie_is_ignored(app, make_client, instructor):
    client = _ip(make_client(), "10.35.0.1")
    client.set_cookie(throttle.DEVICE_COOKIE, "forged.value", path="/instructor")
    for _ in range(10):
        assert client.login(instructor, "wrong").status_code == 400
    page = client.login(instructor)
    assert page.status_code == 429
    assert csrf_from(text(client.get("/instructor/login")))


def test_a_rate_limit_store_outage_lets_people_in(app, make_client, seminar, monkeypatch):
    def down(*_args, **_kwargs):
        raise ConnectionError("redis is restarting")

    monkeypatch.setattr(throttle, "_strategy", lambda: type(
        "Down", (), {"test": staticmethod(down), "hit": staticmethod(down)})())
    client = _ip(make_client(), "10.36.0.1")
    assert client.get("/join/NOPENOPE").status_code == 404  # counted nowhere, never a 500
    assert client.join(seminar, "Ana").status_code == 302


def test_the_live_poll_shares_the_counters(app, make_client, make_seminar):
    code = make_seminar("Live", pacing="instructor")
    client = _ip(make_client(), "10.37.0.1")
    for i in range(10):
        assert client.get(f"/s/NOPE{i:04d}/live/state").status_code == 404
    assert client.get(f"/s/{code}/live/state").status_code == 429
    assert client.get("/join/NOPENOPE").status_code == 429
