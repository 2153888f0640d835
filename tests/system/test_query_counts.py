"""Pages issue a fixed number of SQL statements, whatever the size of the class.

Each page is requested in a small seminar (2 students, one reading, few answers) and a large
one (20 students, every reading, every question answered, discussion answers with revisions,
notes); the statement counts, taken with a SQLAlchemy cursor event, must be equal.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import insert, select

from quizapp.extensions import db
from quizapp.models import (
    Instructor,
    Note,
    Participant,
    Response,
    ResponseRevision,
    SummaryRead,
    utcnow,
)
from quizapp.services.classroom import seminars
from support import counting_statements

SMALL_READING = "milei-first-year"


def populate(app: Flask, code: str, students: int, answer_all: bool) -> None:
    """Add students and their answers in bulk: (almost) none, or every question answered."""
    with app.app_context():
        seminar = seminars.find_seminar(code)
        assert seminar is not None
        author = db.session.scalar(select(Instructor))
        now = utcnow()
        db.session.execute(insert(Participant), [
            {"seminar_id": seminar.id, "display_name": f"Student {i}", "name_key": f"student {i}",
             "resume_code": f"R{i:05d}", "joined_at": now} for i in range(students)])
        people = list(db.session.scalars(select(Participant).where(
            Participant.seminar_id == seminar.id, Participant.display_name.like("Student %"))))
        questions = seminars.seminar_questions(seminar)
        if not answer_all:
            questions = [next(q for q in questions if q.kind == "mc")]
        rows = []
        for p in people:
            for q in questions:
                rev = q.current_revision
                answer = rev.choices[0]["id"] if q.kind == "mc" else f"{p.display_name} thinks"
                rows.append({
                    "seminar_id": seminar.id, "participant_id": p.id, "question_id": q.id,
                    "revision_id": rev.id, "kind": q.kind, "round": 1, "answer": answer,
                    "correct": (answer in rev.correct_ids) if q.kind == "mc" else None,
                    "stance": None, "created_at": now, "updated_at": now,
                    "spotlighted": False, "call_on": False})
        db.session.execute(insert(Response), rows)
        db.session.execute(insert(SummaryRead), [
            {"participant_id": p.id, "reading_id": r.id, "read_at": now}
            for p in people for r in seminar.readings])
        discussion = list(db.session.scalars(select(Response).where(
            Response.seminar_id == seminar.id, Response.kind == "discussion")))
        if discussion:
            db.session.execute(insert(ResponseRevision), [
                {"response_id": r.id, "number": n, "text": r.answer, "created_at": now}
                for r in discussion for n in (1, 2)])
            db.session.execute(insert(Note), [
                {"seminar_id": seminar.id, "author_id": author.id, "kind": "response",
                 "response_id": r.id, "participant_id": r.participant_id,
                 "question_id": r.question_id, "body": "good point", "created_at": now,
                 "updated_at": now} for r in discussion[:10]])
        db.session.commit()


@pytest.fixture
def classes(app, make_seminar) -> dict[str, str]:
    small = make_seminar("Small", readings=[SMALL_READING])
    large = make_seminar("Large")
    populate(app, small, students=2, answer_all=False)
    populate(app, large, students=20, answer_all=True)
    return {"small": small, "large": large}


def statements_for(app: Flask, client, url: str) -> list[str]:
    first = client.get(url)  # warm up: the first connection may run set-up statements
    assert first.status_code == 200, first.status_code
    with counting_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return statements


def assert_same(small: list[str], large: list[str]) -> None:
    assert len(small) == len(large), (
        f"{len(small)} statements for the small class, {len(large)} for the large one:\n"
        + "\n---\n".join(large))


def _student(app, code: str, reading: str) -> tuple[Any, str]:
    client = app.test_client()
    assert client.join(code, "Measured Student").status_code == 302
    # The measured student has answered the first check question, like their classmates.
    page = client.get(f"/s/{code}/r/{reading}/check/1")
    client.post_form(f"/s/{code}/r/{reading}/check/1", {"choice": "a"})
    assert page.status_code == 200
    return client, reading


def test_student_session_page_is_constant(app, classes):
    counts = {}
    for size, code in classes.items():
        client, _ = _student(app, code, SMALL_READING)
        counts[size] = statements_for(app, client, f"/s/{code}/")
    assert_same(counts["small"], counts["large"])


def test_check_page_is_constant(app, classes):
    counts = {}
    for size, code in classes.items():
        client, reading = _student(app, code, SMALL_READING)
        # An answered question (result and explanation) and an open one (the form).
        counts[size] = (statements_for(app, client, f"/s/{code}/r/{reading}/check/1")
                        + statements_for(app, client, f"/s/{code}/r/{reading}/check/2"))
    assert_same(counts["small"], counts["large"])


def test_review_page_is_constant(app, classes, teacher_client):
    small = statements_for(app, teacher_client, f"/instructor/sessions/{classes['small']}/")
    large = statements_for(app, teacher_client, f"/instructor/sessions/{classes['large']}/")
    assert_same(small, large)


def test_item_analysis_page_is_constant(app, classes, teacher_client):
    if "analytics.session_analysis" not in app.view_functions:
        pytest.skip("the item analysis page (analytics.session_analysis) is not built yet")
    with app.test_request_context():
        from flask import url_for

        urls = {size: url_for("analytics.session_analysis", code=code)
                for size, code in classes.items()}
    small = statements_for(app, teacher_client, urls["small"])
    large = statements_for(app, teacher_client, urls["large"])
    assert_same(small, large)
