"""The review page built for a seminar: the overview first (who is here, the questions most
missed, the latest discussion answers, the call-on list), then sections the instructor opens,
with discussion answers filtered by question, stance and "not yet read by me"."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Response
from support import text

READING = "milei-first-year"


def _seed(make_client, seminar: str) -> None:
    for name, stance in [("Ana", "1"), ("Ben", "5"), ("Cleo", "5")]:
        c = make_client()
        c.join(seminar, name)
        c.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": "a"})
        c.post_form(f"/s/{seminar}/r/{READING}/discuss/mfy-d1",
                     {"answer": f"{name} says so", "stance": stance})


def _listed(page: str) -> str:
    return page[page.index('id="discussion"'):]


def test_overview_comes_first_and_sections_are_closed(make_client, teacher_client, seminar):
    _seed(make_client, seminar)
    page = text(teacher_client.get(f"/instructor/sessions/{seminar}/"))
    overview = page[:page.index('id="students"')]
    assert "3 students joined" in overview
    assert re.search(r">Ana</a>, <a [^>]+>Ben</a>, <a [^>]+>Cleo</a>", overview)  # who is here
    assert "Most missed questions" in overview and "Cleo says so" in overview
    assert "Call on" in overview
    # The sections are closed until the instructor opens them; no note box is open.
    assert re.search(r'<details class="section" id="checks">', page)
    assert re.search(r'<details class="section" id="discussion">', page)
    assert page.count('<details class="note-box">') == page.count("<textarea")


def test_filters_by_stance_and_question(make_client, teacher_client, seminar):
    _seed(make_client, seminar)
    url = f"/instructor/sessions/{seminar}/"
    five = _listed(text(teacher_client.get(url + "?stance=5")))
    assert "Ben says so" in five and "Cleo says so" in five and "Ana says so" not in five
    assert '<details class="section" id="discussion" open>' in text(
        teacher_client.get(url + "?stance=5"))
    assert "Stance 5 of 5" in five
    chosen = text(teacher_client.get(url + "?question=mfy-d1"))
    assert '<option value="1" >1 · mostly pragmatic</option>' in chosen
    other = _listed(text(teacher_client.get(url + "?question=mfy-d2")))
    assert "says so" not in other
    assert teacher_client.get(url + "?stance=99999999999").status_code == 200


def test_not_yet_read_by_me(app, make_client, teacher_client, other_instructor, seminar):
    _seed(make_client, seminar)
    url = f"/instructor/sessions/{seminar}/"
    with app.app_context():
        ids = {r.answer: r.id for r in db.session.scalars(
            select(Response).where(Response.kind == "discussion"))}
    done = teacher_client.post_form(f"/instructor/sessions/{seminar}/responses/read",
                                    {"response": [str(ids["Ben says so"])], "next": url})
    assert done.status_code == 302
    unread = _listed(text(teacher_client.get(url + "?unread=1")))
    assert "Ben says so" not in unread and "Ana says so" in unread
    # Mark every unread answer on the page: none left.
    teacher_client.post_form(f"/instructor/sessions/{seminar}/responses/read",
                             {"response": [str(i) for i in ids.values()]})
    assert "says so" not in _listed(text(teacher_client.get(url + "?unread=1")))
    # Ids of nothing, or of no answer here, change nothing and break nothing.
    assert teacher_client.post_form(f"/instructor/sessions/{seminar}/responses/read",
                                    {"response": ["x", "999999"]}).status_code == 302


def test_a_revised_answer_is_unread_again(make_client, teacher_client, seminar):
    student = make_client()
    student.join(seminar, "Dana")
    talk = f"/s/{seminar}/r/{READING}/discuss/mfy-d1"
    student.post_form(talk, {"answer": "First thought"})
    url = f"/instructor/sessions/{seminar}/"
    page = text(teacher_client.get(url))
    rid = re.search(r'name="response" value="(\d+)"', page).group(1)
    teacher_client.post_form(f"{url}responses/read", {"response": [rid]})
    assert "First thought" not in _listed(text(teacher_client.get(url + "?unread=1")))
    student.post_form(talk, {"answer": "Second thought"})
    assert "Second thought" in _listed(text(teacher_client.get(url + "?unread=1")))


def test_call_on_list(make_client, teacher_client, seminar):
    _seed(make_client, seminar)
    url = f"/instructor/sessions/{seminar}/"
    page = text(teacher_client.get(url))
    action = re.search(r'action="(/instructor/sessions/[^"]+/call-on)"', page).group(1)
    assert teacher_client.post_form(action, {"on": "1", "next": url}).status_code == 302
    overview = text(teacher_client.get(url))
    listed = overview[overview.index('id="call-on-h"'):overview.index('id="students"')]
    assert "says so" not in listed and re.search(r">(Ana|Ben|Cleo)</a>", listed)
    assert teacher_client.post_form(f"{url}responses/99999999999/call-on",
                                    {"on": "1"}).status_code == 404
