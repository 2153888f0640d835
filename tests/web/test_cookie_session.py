"""The session cookie is re-sent when it changed or is due a refresh; never on a 304."""

from __future__ import annotations

from datetime import timedelta

from quizapp.web.cookie_session import QuietSessionInterface


def test_304_poll_leaves_the_cookie_alone(client, make_seminar):
    code = make_seminar("Live", pacing="instructor")
    assert client.join(code, "Ana").status_code == 302
    first = client.get(f"/s/{code}/live/state")
    assert first.status_code == 200
    etag = first.headers["ETag"]

    again = client.get(f"/s/{code}/live/state", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert "Set-Cookie" not in again.headers
    assert "Cookie" in again.headers.get("Vary", "")

    # The identity survives.
    assert client.get(f"/s/{code}/").status_code == 200
    assert client.get(f"/s/{code}/live/state", headers={"If-None-Match": etag}
                      ).status_code == 304


def test_cookie_is_re_signed_when_changed_or_older_than_the_interval(app, client,
                                                                      make_seminar):
    code = make_seminar("Self-paced")
    assert client.join(code, "Ana").status_code == 302
    assert "Set-Cookie" in client.get(f"/s/{code}/").headers  # the welcome flash is taken
    # Just signed: ordinary pages do not re-sign it on every request...
    assert "Set-Cookie" not in client.get(f"/s/{code}/").headers
    # ...but once it is older than the interval, the next response slides its expiry.
    app.config["SESSION_REFRESH_INTERVAL"] = timedelta(0)
    refreshed = client.get(f"/s/{code}/")
    assert refreshed.status_code == 200
    assert "Set-Cookie" in refreshed.headers
    assert "Cookie" in refreshed.headers.get("Vary", "")


def test_a_forged_or_expired_cookie_is_an_empty_session(app, client, make_seminar):
    code = make_seminar("Self-paced")
    assert client.join(code, "Ana").status_code == 302
    host = app.config["SERVER_NAME"]
    assert client.get_cookie("session", domain=host) is not None
    client.set_cookie("session", "forged.value.here", domain=host)
    assert client.get(f"/s/{code}/").status_code == 302  # sent to join: no identity
    assert client.join(code, "Ben").status_code == 302
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=-1)
    assert client.get(f"/s/{code}/").status_code == 302


def test_a_remembered_cookie_is_copied_not_shared(app, make_seminar):
    # Two requests with the same cookie: what one does to its session must not leak into
    # the memo of verified cookies, hence into the other.
    code = make_seminar("Self-paced")
    first = app.test_client()
    assert first.join(code, "Ana").status_code == 302
    with app.test_request_context():
        cookie = first.get_cookie("session", domain=app.config["SERVER_NAME"])
        assert cookie is not None
        iface = QuietSessionInterface()
        req = app.request_class({"HTTP_COOKIE": f"session={cookie.value}",
                                 "REQUEST_METHOD": "GET", "PATH_INFO": "/",
                                 "wsgi.url_scheme": "http", "SERVER_NAME": "x",
                                 "SERVER_PORT": "80"})
        one = iface.open_session(app, req)
        one["seats"]["999"] = 1
        one["extra"] = True
        two = iface.open_session(app, req)
        assert "999" not in two["seats"] and "extra" not in two
        assert two.signed_at is not None
