"""The instructor's side: login, sessions, review, notes, CSV export."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Instructor, Note, Question, Response, Seminar
from support import PASSWORD, text

READING = "milei-first-year"


def test_login_hashes_and_rejects_wrong_password(app, client, instructor):
    with app.app_context():
        teacher = db.session.scalar(select(Instructor))
        assert teacher.password_hash.startswith("scrypt:")
        assert PASSWORD not in teacher.password_hash
    bad = client.login(instructor, "wrong password!")
    assert bad.status_code == 400
    assert "do not match" in text(bad)
    assert client.get("/instructor/").status_code == 302
    ok = client.login(instructor)
    assert ok.status_code == 302 and ok.headers["Location"].endswith("/instructor/")
    assert "Your sessions" in text(client.get("/instructor/"))


def test_login_next_only_to_local_paths(client, instructor):
    response = client.post_form("/instructor/login?next=//evil.example/x",
                                {"username": instructor, "password": PASSWORD,
                                 "next": "//evil.example/x"})
    assert response.headers["Location"].endswith("/instructor/")
    client2 = client.application.test_client()
    response = client2.post_form("/instructor/login", {"username": instructor,
                                                       "password": PASSWORD,
                                                       "next": "/instructor/sessions/new"})
    assert response.headers["Location"].endswith("/instructor/sessions/new")


def test_create_session_gives_unambiguous_code_link_and_qr(app, teacher_client):
    page = teacher_client.get("/instructor/sessions/new")
    assert page.status_code == 200
    assert 'name="readings"' in text(page)
    response = teacher_client.post_form("/instructor/sessions/new", {
        "title": "Week 3 seminar", "readings": [READING, "limits-trump-milei"],
        "pacing": "self"})
    assert response.status_code == 302
    with app.app_context():
        seminar = db.session.scalar(select(Seminar))
        code = seminar.code
        assert [r.slug for r in seminar.readings] == [READING, "limits-trump-milei"]
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", code) and not set(code) & set("01OIL")
    review = text(teacher_client.get(response.headers["Location"]))
    assert f"/join/{code}" in review
    assert f"/instructor/sessions/{code}/qr.svg" in review
    qr = teacher_client.get(f"/instructor/sessions/{code}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert b"<svg" in qr.data
    # dashboard links to the review page
    assert f"/instructor/sessions/{code}/" in text(teacher_client.get("/instructor/"))


def test_create_session_form_errors_beside_fields(teacher_client):
    response = teacher_client.post_form("/instructor/sessions/new", {"title": "",
                                                                     "pacing": "self"})
    assert response.status_code == 400
    body = text(response)
    assert "Give the session a title." in body and "Choose at least one reading." in body
    response = teacher_client.post_form("/instructor/sessions/new",
                                        {"title": "x" * 201, "readings": [READING]})
    assert response.status_code == 400


def test_open_and_close_session(app, teacher_client, seminar, client):
    teacher_client.post_form(f"/instructor/sessions/{seminar}/open", {"open": "0"})
    with app.app_context():
        assert db.session.scalar(select(Seminar.is_open)) is False
    assert "closed" in text(client.get(f"/join/{seminar}"))
    teacher_client.post_form(f"/instructor/sessions/{seminar}/open", {"open": "1"})
    assert client.join(seminar, "Ana").status_code == 302


def test_other_instructor_cannot_see_session(app, seminar, other_instructor):
    colleague = app.test_client()
    colleague.login(other_instructor)
    assert colleague.get(f"/instructor/sessions/{seminar}/").status_code == 404
    assert colleague.get(f"/instructor/sessions/{seminar}/export.csv").status_code == 404
    assert seminar not in text(colleague.get("/instructor/"))


def _answer_everything(app, client, seminar):
    with app.app_context():
        q = db.session.scalar(select(Question).where(Question.key == "mfy-q1"))
        correct = sorted(q.current_revision.correct_ids)[0]
        wrong = next(c["id"] for c in q.current_revision.choices if not c.get("correct"))
    return correct, wrong


def test_review_shows_progress_counts_chart_and_discussion(app, make_client, teacher_client,
                                                           seminar):
    correct, wrong = _answer_everything(app, None, seminar)
    for name, choice in [("Ana", correct), ("Ben", wrong), ("Cleo", correct)]:
        c = make_client()
        c.join(seminar, name)
        c.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": choice})
        c.post_form(f"/s/{seminar}/r/{READING}/discuss/mfy-d2", {"answer": f"{name} thinks so"})
    page = teacher_client.get(f"/instructor/sessions/{seminar}/")
    body = text(page)
    assert "3 students joined" in body
    plain = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert "check 1/10 · score 1 of 1 (100%)" in plain
    assert "check 1/10 · score 0 of 1 (0%)" in plain
    assert "3 answers · right: 2 of 3 (67%)" in plain
    assert '<svg class="chart"' in body
    assert body.index("Cleo thinks so") < body.index("Ben thinks so") < body.index("Ana thinks so")
    filtered = text(teacher_client.get(f"/instructor/sessions/{seminar}/?question=mfy-d1"))
    assert "Cleo thinks so" not in filtered[filtered.index('id="discussion"'):]
    assert "Cleo thinks so" in text(teacher_client.get(
        f"/instructor/sessions/{seminar}/?question=mfy-d2"))


def test_notes_on_response_student_question_session(app, client, teacher_client, seminar):
    client.join(seminar, "Ana")
    client.post_form(f"/s/{seminar}/r/{READING}/discuss/mfy-d1", {"answer": "Pragmatic."})
    with app.app_context():
        response_id = db.session.scalar(select(Response.id))
        pid = db.session.scalar(select(Response.participant_id))
        qid = db.session.scalar(select(Question.id).where(Question.key == "mfy-q2"))
    url = f"/instructor/sessions/{seminar}/notes"
    for kind, target, body in [("response", response_id, "Good point, ask her"),
                               ("student", pid, "Quiet today"),
                               ("question", qid, "Rephrase next year"),
                               ("session", None, "Room too warm")]:
        data = {"kind": kind, "body": body}
        if target is not None:
            data["target_id"] = str(target)
        assert teacher_client.post_form(url, data).status_code == 302
    review = text(teacher_client.get(f"/instructor/sessions/{seminar}/"))
    assert "Good point, ask her" in review and "Room too warm" in review
    student_page = text(teacher_client.get(f"/instructor/sessions/{seminar}/students/{pid}"))
    assert "Quiet today" in student_page and "Good point, ask her" in student_page
    assert "Rephrase next year" in text(teacher_client.get(
        f"/instructor/sessions/{seminar}/questions/mfy-q2"))
    # never shown to students
    for page in [f"/s/{seminar}/", f"/s/{seminar}/answers",
                 f"/s/{seminar}/r/{READING}/discuss/mfy-d1"]:
        body = text(client.get(page))
        for note in ["Good point", "Quiet today", "Rephrase", "Room too warm"]:
            assert note not in body
    # edit and delete, with author and time shown
    with app.app_context():
        note_id = db.session.scalar(select(Note.id).where(Note.kind == "session"))
    edit_url = f"/instructor/sessions/{seminar}/notes/{note_id}/edit"
    assert "Room too warm" in text(teacher_client.get(edit_url))
    teacher_client.post_form(edit_url, {"body": "Room too cold"})
    notes_page = text(teacher_client.get(url))
    assert "Room too cold" in notes_page and "teacher" in notes_page
    teacher_client.post_form(f"/instructor/sessions/{seminar}/notes/{note_id}/delete")
    assert "Room too cold" not in text(teacher_client.get(url))


def test_note_on_response_of_another_session_is_refused(app, make_seminar, teacher_client,
                                                        seminar, client):
    other = make_seminar("Other")
    client.join(other, "Zed")
    client.post_form(f"/s/{other}/r/{READING}/discuss/mfy-d1", {"answer": "Elsewhere"})
    with app.app_context():
        rid = db.session.scalar(select(Response.id))
    response = teacher_client.post_form(f"/instructor/sessions/{seminar}/notes",
                                        {"kind": "response", "target_id": str(rid),
                                         "body": "sneaky"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Note)) == 0


def test_only_author_edits_a_note(app, seminar, teacher_client, other_instructor):
    teacher_client.post_form(f"/instructor/sessions/{seminar}/notes",
                             {"kind": "session", "body": "mine", "shared": "y"})
    with app.app_context():
        from quizapp.services.accounts import instructors
        from quizapp.services.classroom import seminars

        note_id = db.session.scalar(select(Note.id))
        seminars.share_seminar(seminars.find_seminar(seminar),
                               instructors.find_instructor(other_instructor))
        db.session.commit()
    colleague = app.test_client()
    colleague.login(other_instructor)
    assert colleague.get(f"/instructor/sessions/{seminar}/").status_code == 200
    response = colleague.post_form(f"/instructor/sessions/{seminar}/notes/{note_id}/edit",
                                   {"body": "theirs"})
    assert response.status_code == 403  # visible to co-teachers (shared), but not theirs


def test_csv_export_has_core_columns_and_rows(app, make_client, teacher_client, seminar):
    with app.app_context():
        multi = next(q for q in db.session.scalars(select(Question).where(
            Question.kind == "mc")) if q.current_revision.multiple
            and q.reading.slug == READING)
        multi_ids = sorted(multi.current_revision.correct_ids)
        mc = [q.key for q in multi.reading.questions if q.kind == "mc"]
        n = mc.index(multi.key) + 1
    correct, wrong = _answer_everything(app, None, seminar)
    c = make_client()
    c.join(seminar, "=cmd|' /C calc'!A0")
    c.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": wrong})
    c.post_form(f"/s/{seminar}/r/{READING}/check/{n}", {"choice": multi_ids})
    c.post_form(f"/s/{seminar}/r/{READING}/discuss/mfy-d1", {"answer": "Line one\nline two"})
    response = teacher_client.get(f"/instructor/sessions/{seminar}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.get_data().startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert {"session_code", "student", "reading", "question_id", "kind", "answer", "correct",
            "answered_at"} <= set(rows[0])
    by_q = {r["question_id"]: r for r in rows}
    assert by_q["mfy-q1"]["correct"] == "false" and by_q["mfy-q1"]["answer"] == wrong
    assert by_q[multi.key]["answer"] == "|".join(multi_ids)
    assert by_q[multi.key]["correct"] == "true" and by_q[multi.key]["kind"] == "mc"
    assert by_q["mfy-d1"]["kind"] == "discussion" and by_q["mfy-d1"]["correct"] == ""
    assert by_q["mfy-d1"]["answer"] == "Line one\nline two"
    assert all(r["session_code"] == seminar and r["reading"] == READING for r in rows)
    assert by_q["mfy-q1"]["student"].startswith("'=")  # formula neutralised


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_error_pages_say_what_happened(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Not found" in text(response)
    response = client.delete("/join")
    assert response.status_code == 405 and "cannot be used that way" in text(response)
    response = client.post("/join", data={"display_name": "x" * 400_000})
    assert response.status_code == 413 and "larger than this app accepts" in text(response)
