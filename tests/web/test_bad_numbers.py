"""Regressions for inputs that gave HTTP 500 (issue 13): a note of only spaces, a stance of
"²" on the discussion resume form, question_id="²" on a live answer without a CSRF token.
Plus numbers in every Unicode disguise on every numeric or choice field: 400 with a
message, never 500, and a typed discussion answer is shown back."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Note, Participant, Question, ResponseRevision
from quizapp.services.classroom import seminars
from quizapp.services.live import rounds
from support import csrf_from, text

READING = "milei-first-year"
DISCUSSION = "mfy-d1"  # a 1-5 stance scale
DISCUSS_URL = "/s/{code}/r/" + READING + "/discuss/" + DISCUSSION
ANSWER = "My answer <kept> \u00e9t\u00e9"
# Unicode digits, superscripts, full-width digits, signs and huge numbers.
NUMBERS = ["\u00b2", "\u00b9", "\u2075", "\uff13", "\uff11\uff12", "\u0663", "\u096a",
           "\u2460", "\u216b", "+3", "-3", "\u22123", "\uff0b3", " 3 ", "3.0", "1e3",
           "9" * 40, "-" + "9" * 40, "0", "00003", "\u00bd", "\U0001d7d1"]


def _personal_code(app, name: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Participant.resume_code).where(
            Participant.display_name == name))


def _revisions(app) -> list[tuple[str, int | None]]:
    with app.app_context():
        return [(r.text, r.stance) for r in db.session.scalars(
            select(ResponseRevision).order_by(ResponseRevision.id))]


def test_note_edited_to_only_whitespace_is_a_form_error(app, teacher_client, seminar):
    url = f"/instructor/sessions/{seminar}/notes"
    assert teacher_client.post_form(url, {"kind": "session", "body": "real"}).status_code == 302
    with app.app_context():
        note_id = db.session.scalar(select(Note.id))
    edit = f"{url}/{note_id}/edit"
    for body in ("   ", "\n\n", " \r\n\t "):
        response = teacher_client.post_form(edit, {"body": body})
        assert response.status_code == 400, body
        assert "only spaces" in text(response)
    # a new note of only spaces: the same form error, not a bare 400 page
    response = teacher_client.post_form(url, {"kind": "session", "body": "  \n "})
    assert response.status_code == 400 and "only spaces" in text(response)
    with app.app_context():
        assert db.session.scalars(select(Note.body)).all() == ["real"]


def test_odd_stance_on_the_resume_form_keeps_the_answer(app, make_client, seminar):
    # One database for every value (a fresh one per value cost a second each): each
    # value comes from its own lost browser, and nothing may be stored by any of them.
    first = make_client()
    assert first.join(seminar, "Ana").status_code == 302
    personal = _personal_code(app, "Ana")
    for stance in ["\u00b2", "\uff13", "\u0663", "9" * 40, "-1", "\u00bd"]:
        lost = make_client()
        page = lost.post(DISCUSS_URL.format(code=seminar), data={"answer": ANSWER})
        response = lost.post(DISCUSS_URL.format(code=seminar) + "/resume", data={
            "csrf_token": csrf_from(text(page)), "resume_code": personal, "answer": ANSWER,
            "stance": stance})
        assert response.status_code == 400, stance
        assert "Pick a point on the scale" in text(response), stance
        assert "My answer &lt;kept&gt; \u00e9t\u00e9" in text(response), stance
    assert _revisions(app) == []


def _live(app, make_seminar, make_client):
    code = make_seminar("Live", pacing="instructor")
    student = make_client()
    assert student.join(code, "Ana").status_code == 302
    with app.app_context():
        seminar = seminars.find_seminar(code)
        question = db.session.scalar(select(Question).where(Question.key == DISCUSSION))
        rounds.open_question(seminar, question)
        db.session.commit()
    return code, student


def test_odd_question_id_on_a_live_answer_without_token(app, make_seminar, make_client):
    code, student = _live(app, make_seminar, make_client)
    for value in NUMBERS:
        response = student.post(f"/s/{code}/live/answer", data={
            "question_id": value, "round": "1", "answer": ANSWER})
        assert response.status_code == 400, value
        assert "My answer &lt;kept&gt;" in text(response), value
    assert _revisions(app) == []


@pytest.mark.parametrize("field", ["question_id", "round", "stance"])
def test_odd_numbers_on_a_live_answer_with_token(app, make_seminar, make_client, field):
    code, student = _live(app, make_seminar, make_client)
    token = csrf_from(text(student.get(f"/s/{code}/live")))
    with app.app_context():
        qid = db.session.scalar(select(Question.id).where(Question.key == DISCUSSION))
    for value in NUMBERS:
        data = {"csrf_token": token, "question_id": str(qid), "round": "1", "stance": "2",
                "answer": ANSWER, field: value}
        response = student.post(f"/s/{code}/live/answer", data=data)
        assert response.status_code in (302, 303, 400), (field, value)
        if response.status_code == 400:
            assert "My answer &lt;kept&gt;" in text(response), (field, value)


def test_odd_stance_on_the_discussion_form(app, make_client, seminar):
    url = DISCUSS_URL.format(code=seminar)
    for i, stance in enumerate(NUMBERS):
        client = make_client()  # a student per value: an accepted one stores an answer
        assert client.join(seminar, f"Ana {i}").status_code == 302
        token = csrf_from(text(client.get(url)))
        response = client.post(url, data={"csrf_token": token, "answer": ANSWER,
                                          "stance": stance})
        # Only the scale's own ASCII points are accepted ("3 " is stripped).
        if stance.strip() in {"1", "2", "3", "4", "5"}:
            assert response.status_code == 302, stance
        else:
            assert response.status_code == 400, stance
            assert "My answer &lt;kept&gt;" in text(response), stance
            assert re.search("Pick a point|Not a valid", text(response)), stance
