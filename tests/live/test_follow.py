"""Phones follow the room from any page of the session (static/live-follow.js is tested in
tests/browser/test_live_browser.py); here: which pages carry it, and the notices."""

from __future__ import annotations

import pytest
from test_live import READING, act, live_facts, panel, students

from support import text


@pytest.fixture
def live(app, make_seminar):
    return live_facts(app, make_seminar)


def test_student_pages_of_a_live_session_follow_it(app, live) -> None:
    code = live["code"]
    ana = students(app, code, ["Ana"])["Ana"]
    for path in (f"/s/{code}/", f"/s/{code}/r/{READING}", f"/s/{code}/answers"):
        page = text(ana.get(path))
        assert 'id="live-follow"' in page and "live-follow.js" in page, path
        assert f'data-state-url="/s/{code}/live/state"' in page
    assert 'id="live-follow"' not in text(ana.get(f"/s/{code}/live"))  # it follows by itself


def test_self_paced_pages_do_not(app, make_seminar) -> None:
    code = make_seminar("Self-paced", [READING], "self")
    ana = students(app, code, ["Ana"])["Ana"]
    assert 'id="live-follow"' not in text(ana.get(f"/s/{code}/"))


def test_moved_notice_and_poll_interval(app, teacher_client, live) -> None:
    code = live["code"]
    ana = students(app, code, ["Ana"])["Ana"]
    act(teacher_client, code, "open", question_id=live["mc"])
    moved = text(ana.get(f"/s/{code}/live?moved=1"))
    assert "You were moved to the live question" in moved
    assert "You were moved" not in text(ana.get(f"/s/{code}/live"))
    state = ana.get(f"/s/{code}/live/state").json
    assert state["poll_ms"] == 1000  # a small room: every second
    assert text(teacher_client.get(panel(code)))  # the panel still renders


def test_poll_interval_grows_with_the_room(app) -> None:
    from quizapp.live.state import poll_interval_ms

    with app.app_context():
        assert poll_interval_ms(30) == 1000 and poll_interval_ms(700) == 1000
        assert poll_interval_ms(1400) == 2000 and poll_interval_ms(20_000) == 3000
