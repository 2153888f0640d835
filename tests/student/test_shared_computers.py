"""Shared computers (issue 13): "Leave on this device", the personal code only on the session
home and "My answers", no-store on student pages, and a seat cookie that ends with the
session (plus QUIZAPP_SEAT_GRACE_HOURS), not after 30 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Participant, Seminar
from support import text

READING = "milei-first-year"


def _code(app, name: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Participant.resume_code).where(
            Participant.display_name == name))


def test_personal_code_only_on_home_and_my_answers(app, client, seminar):
    assert client.join(seminar, "Ana").status_code == 302
    personal = _code(app, "Ana")
    assert personal in text(client.get(f"/s/{seminar}/"))
    assert personal in text(client.get(f"/s/{seminar}/answers"))
    for url in (f"/s/{seminar}/r/{READING}", f"/s/{seminar}/r/{READING}/check/1",
                f"/s/{seminar}/r/{READING}/discuss/mfy-d1"):
        page = client.get(url)
        assert page.status_code == 200 and personal not in text(page), url


def test_leave_shows_the_code_then_forgets_the_seat(app, client, make_client, seminar):
    assert client.join(seminar, "Ana").status_code == 302
    personal = _code(app, "Ana")
    page = client.get(f"/s/{seminar}/leave")
    assert page.status_code == 200 and personal in text(page)
    left = client.post_form(f"/s/{seminar}/leave")
    assert left.status_code == 302 and left.headers["Location"].endswith("/")
    after = client.get(left.headers["Location"])
    assert personal not in text(after) and "left" in text(after)
    # the next person on this computer is not Ana
    assert client.get(f"/s/{seminar}/").status_code == 302
    assert client.get(f"/s/{seminar}/answers").status_code == 302
    # Ana comes back with her code; her seat is still hers
    assert client.post_form(f"/join/{seminar}/resume",
                            {"resume_code": personal}).status_code == 302
    assert "Ana" in text(client.get(f"/s/{seminar}/"))
    # a GET never leaves; a POST without the token does not either
    assert make_client().get(f"/s/{seminar}/leave").status_code == 302
    assert client.post(f"/s/{seminar}/leave").status_code == 400
    assert client.get(f"/s/{seminar}/").status_code == 200


def test_student_pages_are_not_stored(client, seminar):
    assert client.get(f"/join/{seminar}").headers["Cache-Control"] == "no-store"
    assert client.join(seminar, "Ana").status_code == 302
    for url in (f"/s/{seminar}/", f"/s/{seminar}/answers", f"/s/{seminar}/r/{READING}",
                f"/s/{seminar}/r/{READING}/check/1", f"/s/{seminar}/leave", "/"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def _expires(response) -> datetime | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith("session="):
            for part in header.split(";"):
                if part.strip().lower().startswith("expires="):
                    return parsedate_to_datetime(part.split("=", 1)[1].strip())
    return None


def _close(app, code: str, ago: timedelta) -> None:
    with app.app_context():
        seminar = db.session.scalar(select(Seminar).where(Seminar.code == code))
        seminar.is_open = False
        seminar.closed_at = (datetime.now(UTC) - ago).replace(tzinfo=None)
        db.session.commit()


def test_the_seat_cookie_ends_with_the_session_and_its_grace(app_factory, make_seminar):
    app = app_factory(QUIZAPP_SEAT_GRACE_HOURS=3)
    code = make_seminar("Ends")
    client = app.test_client()
    joined = client.join(code, "Ana")
    open_expiry = _expires(joined)
    assert open_expiry is not None  # while open: the usual lifetime
    _close(app, code, timedelta(hours=1))
    page = client.get(f"/s/{code}/")
    assert page.status_code == 200  # within the grace period: answers can still be read
    expiry = _expires(page)
    assert expiry is not None
    assert abs(expiry - (datetime.now(UTC) + timedelta(hours=2))) < timedelta(minutes=2)
    assert expiry < open_expiry
    # after the grace period the browser forgets the seat even if the cookie survived
    _close(app, code, timedelta(hours=4))
    assert client.get(f"/s/{code}/").status_code == 302
    with client.session_transaction() as sess:
        assert sess.get("seats") == {}
