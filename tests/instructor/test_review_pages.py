"""The review page for large classes: students and discussion answers a page at a time, a
search by name, the class summary on top, and the indexes the big queries rely on."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import insert, select, text

from quizapp.extensions import db
from quizapp.models import Participant, Response, SummaryRead, utcnow
from quizapp.services.classroom import seminars
from quizapp.services.review import responses, roster
from support import text as body_of

READING = "milei-first-year"


def _fill(app: Flask, code: str, students: int, discussion: int = 0) -> list[int]:
    """``students`` who each answered the first check question (every third one wrongly);
    the first ``discussion`` of them also answered a discussion question, oldest first."""
    with app.app_context():
        seminar = seminars.find_seminar(code)
        assert seminar is not None
        now = utcnow()
        db.session.execute(insert(Participant), [
            {"seminar_id": seminar.id, "display_name": f"Pupil {i:03d}",
             "name_key": f"pupil {i:03d}", "resume_code": f"P{i:05d}", "joined_at": now}
            for i in range(students)])
        ids = list(db.session.scalars(select(Participant.id).where(
            Participant.seminar_id == seminar.id).order_by(Participant.id)))
        questions = seminars.seminar_questions(seminar)
        mc = next(q for q in questions if q.kind == "mc")
        talk = next(q for q in questions if q.kind == "discussion")
        right = sorted(mc.current_revision.correct_ids)[0]
        wrong = next(c["id"] for c in mc.current_revision.choices if not c.get("correct"))
        rows = []
        for n, pid in enumerate(ids):
            answer = wrong if n % 3 == 0 else right
            rows.append({"seminar_id": seminar.id, "participant_id": pid, "question_id": mc.id,
                         "revision_id": mc.current_revision_id, "kind": "mc", "round": 1,
                         "answer": answer, "correct": answer == right, "created_at": now,
                         "updated_at": now, "spotlighted": False, "call_on": False})
        for n, pid in enumerate(ids[:discussion]):
            stamp = now.replace(microsecond=0).replace(second=n % 60, minute=n // 60)
            rows.append({"seminar_id": seminar.id, "participant_id": pid,
                         "question_id": talk.id, "revision_id": talk.current_revision_id,
                         "kind": "discussion", "round": 1, "answer": f"Opinion number {n:03d}",
                         "correct": None, "created_at": stamp, "updated_at": stamp,
                         "spotlighted": False, "call_on": False})
        db.session.execute(insert(Response), rows)
        db.session.execute(insert(SummaryRead), [
            {"participant_id": pid, "reading_id": mc.reading_id, "read_at": now}
            for pid in ids[: students // 2]])
        db.session.commit()
        return ids


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(roster, "STUDENTS_PER_PAGE", 4)
    monkeypatch.setattr(responses, "DISCUSSION_PER_PAGE", 3)


def test_students_come_a_page_at_a_time(app, make_seminar, teacher_client, small_pages):
    code = make_seminar("Big", readings=[READING])
    _fill(app, code, students=10)
    url = f"/instructor/sessions/{code}/"
    first = body_of(teacher_client.get(url))
    assert "(10 students)" in first and "Students 1–4 of 10" in first
    assert "Pupil 000" in first and "Pupil 003" in first and "Pupil 004" not in first
    assert "Page 1 of 3" in first and "?page=2#students" in first
    second = body_of(teacher_client.get(url + "?page=2"))
    assert "Pupil 004" in second and "Pupil 007" in second
    assert "Pupil 000" not in second and "Pupil 008" not in second
    assert "(10 students)" in second  # the heading and summary stay about the whole class
    last = body_of(teacher_client.get(url + "?page=3"))
    assert "Students 9–10 of 10" in last and "Next students" not in last


@pytest.mark.parametrize("page", ["0", "-1", "4", "99999999999999999999"])
def test_pages_that_do_not_exist_are_404(app, make_seminar, teacher_client, small_pages,
                                         page):
    code = make_seminar("Big", readings=[READING])
    _fill(app, code, students=10, discussion=2)
    url = f"/instructor/sessions/{code}/"
    assert teacher_client.get(f"{url}?page={page}").status_code == 404
    assert teacher_client.get(f"{url}?answers={page}").status_code == 404


def test_a_page_number_that_is_not_a_number_shows_the_first(app, make_seminar,
                                                            teacher_client, small_pages):
    code = make_seminar("Big", readings=[READING])
    _fill(app, code, students=10)
    page = teacher_client.get(f"/instructor/sessions/{code}/?page=two&answers=x")
    assert page.status_code == 200 and "Students 1–4 of 10" in body_of(page)


def test_an_empty_class_has_one_page(app, make_seminar, teacher_client):
    code = make_seminar("Empty", readings=[READING])
    url = f"/instructor/sessions/{code}/"
    assert "Nobody has joined yet." in body_of(teacher_client.get(url))
    assert teacher_client.get(url + "?page=2").status_code == 404


def test_find_a_student_by_name(app, make_seminar, teacher_client, small_pages):
    code = make_seminar("Big", readings=[READING])
    _fill(app, code, students=10)
    url = f"/instructor/sessions/{code}/"
    found = body_of(teacher_client.get(url + "?find=PUPIL%20007"))
    assert "Pupil 007" in found and "Pupil 006" not in found
    assert "(10 students)" in found and "Students 1–1 of 1" in found
    # LIKE wildcards are searched for literally, not as wildcards
    for pattern in ["%25", "_", "pupil%25"]:
        none = body_of(teacher_client.get(f"{url}?find={pattern}"))
        assert "No student’s name contains" in none and "Pupil 001" not in none
    several = body_of(teacher_client.get(url + "?find=pupil%2000"))
    assert "Students 1–4 of 10" in several and "Page 1 of 3" in several
    assert "find=pupil+00" in several or "find=pupil%2000" in several  # pages keep the search


def test_class_summary_counts_the_whole_class(app, make_seminar, teacher_client,
                                              small_pages):
    code = make_seminar("Big", readings=[READING])
    _fill(app, code, students=10, discussion=5)
    body = body_of(teacher_client.get(f"/instructor/sessions/{code}/?page=3"))
    # 5 of 10 read the summary; 10 answers of 10 x 10 possible; 6 of 10 right (every third
    # wrong: 0, 3, 6, 9); 5 discussion answers.
    assert "5 of 10 (50%)" in body
    assert "10 of 100 (10%)" in body
    assert "60%" in body
    assert ">5 <span class=\"meta\">on 4 questions</span>" in body


def test_discussion_answers_come_newest_first_a_page_at_a_time(app, make_seminar,
                                                               teacher_client, small_pages):
    code = make_seminar("Big", readings=[READING])
    _fill(app, code, students=10, discussion=7)
    url = f"/instructor/sessions/{code}/"
    page = body_of(teacher_client.get(url))
    first = page[page.index('id="discussion"'):]  # the overview above shows the latest three
    assert "Answers 1–3 of 7" in first
    assert first.index("Opinion number 006") < first.index("Opinion number 004")
    assert "Opinion number 003" not in first
    second = body_of(teacher_client.get(url + "?answers=2&page=2"))
    listed = second[second.index('id="discussion"'):]
    assert "Opinion number 003" in listed and "Opinion number 001" in listed
    assert "Opinion number 004" not in listed
    assert "Pupil 004" in second  # the students' page is kept
    assert "?page=2&amp;answers=3#discussion" in second


def test_review_page_issues_the_same_statements_on_every_page(app, make_seminar,
                                                              teacher_client, small_pages):
    from support import counting_statements

    code = make_seminar("Big", readings=[READING])
    _fill(app, code, students=10, discussion=7)
    counts = []
    for query in ["", "?page=3&answers=3", "?find=pupil"]:
        url = f"/instructor/sessions/{code}/{query}"
        assert teacher_client.get(url).status_code == 200
        with counting_statements(app) as statements:
            assert teacher_client.get(url).status_code == 200
        counts.append(len(statements))
    assert len(set(counts)) == 1, counts


def _plan(app: Flask, sql: str, **params) -> str:
    with app.app_context():
        rows = db.session.execute(text("EXPLAIN QUERY PLAN " + sql), params).all()
    return "\n".join(str(r[-1]) for r in rows)


def test_sqlite_reads_the_big_queries_from_their_indexes(app, backend, make_seminar):
    if backend.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    from quizapp.services.interchange import responses_csv

    code = make_seminar("Big", readings=[READING])
    _fill(app, code, students=3, discussion=2)
    with app.app_context():
        seminar = seminars.find_seminar(code)
        assert seminar is not None
        statements: list = []
        real = db.session.execute
        db.session.execute = lambda stmt, *a, **k: statements.append(stmt) or real(stmt, *a, **k)
        try:
            list(responses_csv.response_rows(seminar))
            responses.mc_stats(seminar)
        finally:
            db.session.execute = real
        export_sql, counts_sql = (
            str(s.compile(db.engine, compile_kwargs={"literal_binds": True}))
            for s in statements)
    exported = _plan(app, export_sql)
    assert "ix_responses_seminar_created" in exported and "TEMP B-TREE" not in exported
    counted = _plan(app, counts_sql)
    assert "COVERING INDEX ix_responses_mc_answers" in counted and "TEMP" not in counted
