"""The student's side of a seminar, through the test client, on both databases."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Participant, Question, Response, ResponseRevision, SummaryRead
from support import text

READING = "milei-first-year"


def _question(app, n: int = 1, reading: str = READING, kind: str = "mc") -> Question:
    with app.app_context():
        from quizapp.models import Reading

        r = db.session.scalar(select(Reading).where(Reading.slug == reading))
        qs = [q for q in r.questions if q.kind == kind and not q.retired]
        q = qs[n - 1]
        rev = q.current_revision
        return {"id": q.id, "key": q.key, "correct": sorted(rev.correct_ids),
                "wrong": [c["id"] for c in rev.choices if not c.get("correct")],
                "multiple": rev.multiple, "choices": [c["id"] for c in rev.choices],
                "feedback": {c["id"]: c["feedback"] for c in rev.choices},
                "explanation": rev.explanation, "stance": rev.stance}


def test_join_by_link_lands_on_home_with_readings_and_progress(client, seminar):
    page = client.get(f"/join/{seminar}")
    assert page.status_code == 200
    assert 'name="display_name"' in text(page)
    response = client.join(seminar, "Ana García")
    assert response.status_code == 302
    home = client.get(response.headers["Location"])
    body = text(home)
    assert "Milei&#39;s foreign policy" in body or "Milei's foreign policy" in body
    assert "Alignment, personalism and pragmatism" in body  # a reading title
    assert "0 of 10 answered" in body
    assert "not read yet" in body
    # the personal resume code is shown on the student's pages
    assert re.search(r'class="code">[A-Z2-9]{6}<', body)


def test_join_form_with_code_and_lowercase_code(client, seminar):
    response = client.post_form("/join", {"code": seminar.lower()[:4] + "-" + seminar[4:].lower(),
                                          "display_name": "Bruno"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/{seminar}/")


def test_wrong_code_is_a_clear_error(client, seminar):
    response = client.post_form("/join", {"code": "ZZZZZZZZ", "display_name": "Bruno"})
    assert response.status_code == 400
    assert "No session has that code" in text(response)
    assert client.get("/join/ZZZZZZZZ").status_code == 404
    assert "no session with that code" in text(client.get("/join/ZZZZZZZZ")).lower()


def test_duplicate_display_name_gets_a_message_not_a_merge(app, make_client, seminar):
    first, second = make_client(), make_client()
    assert first.join(seminar, "Ana").status_code == 302
    response = second.join(seminar, "  ana ")
    assert response.status_code == 400
    assert "already called" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 1


def test_closed_session_refuses_join_and_answers(app, client, teacher_client, seminar):
    assert client.join(seminar, "Early").status_code == 302
    q = _question(app)
    teacher_client.post_form(f"/instructor/sessions/{seminar}/open", {"open": "0"})
    late = app.test_client()
    response = late.join(seminar, "Late")
    assert response.status_code == 400
    assert "closed" in text(response)
    page = client.get(f"/s/{seminar}/r/{READING}/check/1")
    assert "closed" in text(page)
    response = client.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": q["correct"][0]})
    assert response.status_code == 400
    assert "closed" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_reading_page_shows_metadata_summary_points_terms(client, seminar):
    client.join(seminar, "Ana")
    body = text(client.get(f"/s/{seminar}/r/{READING}"))
    for expected in ["Publication", "Author", "Date", "22 May, 2025", "Key points",
                     "Key terms", "Drago Doctrine", 'href="#term-drago-doctrine"', 'id="s1"']:
        assert expected in body, expected


def test_mark_summary_read_is_a_post_and_shows_in_progress(app, client, seminar):
    client.join(seminar, "Ana")
    assert client.get(f"/s/{seminar}/r/{READING}/read").status_code == 405
    response = client.post_form(f"/s/{seminar}/r/{READING}/read")
    assert response.status_code == 302
    client.post_form(f"/s/{seminar}/r/{READING}/read")  # twice: still one row
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SummaryRead)) == 1
    assert "✓</span> read" in text(client.get(f"/s/{seminar}/"))


def test_check_question_feedback_explanation_and_first_answer_counts(app, client, seminar):
    client.join(seminar, "Ana")
    q = _question(app, 1)
    page = client.get(f"/s/{seminar}/r/{READING}/check/1")
    body = text(page)
    assert "Question 1 of 10" in body
    assert 'type="radio"' in body and 'name="choice"' in body
    wrong = q["wrong"][0]
    response = client.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": wrong})
    assert response.status_code == 302
    result = text(client.get(response.headers["Location"]))
    assert "Not quite" in result
    assert q["feedback"][wrong].replace("'", "&#39;")[:40] in result
    assert q["explanation"].replace("'", "&#39;")[:40] in result
    assert "It rests on" in result
    # answering again (even with the right answer) does not create a second answer
    again = client.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": q["correct"][0]})
    assert again.status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(Response)).all()
        assert len(rows) == 1 and rows[0].answer == wrong and rows[0].correct is False
    assert "Not quite" in text(client.get(f"/s/{seminar}/r/{READING}/check/1"))


def test_correct_answer_and_progress_question_3_of_n(app, client, seminar):
    client.join(seminar, "Ana")
    q = _question(app, 3)
    body = text(client.get(f"/s/{seminar}/r/{READING}/check/3"))
    assert "Question 3 of 10" in body
    if q["multiple"]:
        data = {"choice": q["correct"]}
    else:
        data = {"choice": q["correct"][0]}
    response = client.post_form(f"/s/{seminar}/r/{READING}/check/3", data)
    assert "Right" in text(client.get(response.headers["Location"]))
    home = text(client.get(f"/s/{seminar}/"))
    assert "1 of 10 answered" in home and "score 1 of 1 (100%)" in home


def test_multiple_answer_question_uses_checkboxes(app, client, seminar):
    client.join(seminar, "Ana")
    with app.app_context():
        from quizapp.models import Reading

        r = db.session.scalar(select(Reading).where(Reading.slug == READING))
        mc = [q for q in r.questions if q.kind == "mc"]
        n = next(i for i, q in enumerate(mc, 1) if q.current_revision.multiple)
    q = _question(app, n)
    body = text(client.get(f"/s/{seminar}/r/{READING}/check/{n}"))
    assert 'type="checkbox"' in body and "select all that apply" in body.lower()
    response = client.post_form(f"/s/{seminar}/r/{READING}/check/{n}", {"choice": q["correct"]})
    assert response.status_code == 302
    with app.app_context():
        row = db.session.scalar(select(Response))
        assert row.answer == "|".join(sorted(q["correct"])) and row.correct is True


def test_choice_from_another_question_is_refused(app, client, seminar):
    client.join(seminar, "Ana")
    response = client.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": "zz"})
    assert response.status_code == 400
    assert "does not belong to this question" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_empty_choice_gets_error_beside_field(client, seminar):
    client.join(seminar, "Ana")
    response = client.post_form(f"/s/{seminar}/r/{READING}/check/1", {})
    assert response.status_code == 400
    assert "Choose an answer" in text(response)
    assert 'class="field-error"' in text(response)


def test_discussion_answer_revisions_are_kept_latest_shown(app, client, seminar):
    client.join(seminar, "Ana")
    q = _question(app, 1, kind="discussion")
    url = f"/s/{seminar}/r/{READING}/discuss/{q['key']}"
    body = text(client.get(url))
    assert 'name="answer"' in body and "<textarea" in body
    data = {"answer": "First thoughts."}
    if q["stance"]:
        data["stance"] = "2"
    assert client.post_form(url, data).status_code == 302
    data["answer"] = "Revised: pragmatism wins."
    assert client.post_form(url, data).status_code == 302
    page = text(client.get(url))
    assert "Revised: pragmatism wins." in page and "version 2" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 1
        versions = db.session.scalars(select(ResponseRevision.text).order_by(
            ResponseRevision.number)).all()
        assert versions == ["First thoughts.", "Revised: pragmatism wins."]


def test_discussion_answer_too_long_keeps_text_and_says_why(app, client, seminar):
    client.join(seminar, "Ana")
    q = _question(app, 1, kind="discussion")
    url = f"/s/{seminar}/r/{READING}/discuss/{q['key']}"
    response = client.post_form(url, {"answer": "x" * 5001})
    assert response.status_code == 400
    assert "5000 characters" in text(response)
    assert "x" * 5001 in text(response)


def test_my_answers_lists_everything_and_survives_a_new_client_via_resume(app, client, seminar):
    join = client.join(seminar, "Ana")
    assert join.status_code == 302
    q = _question(app, 1)
    client.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": q["correct"][0]})
    d = _question(app, 1, kind="discussion")
    client.post_form(f"/s/{seminar}/r/{READING}/discuss/{d['key']}",
                     {"answer": "My view on this."})
    mine = text(client.get(f"/s/{seminar}/answers"))
    assert "My view on this." in mine and "right" in mine
    with app.app_context():
        code = db.session.scalar(select(Participant.resume_code))
    other_device = app.test_client()
    assert other_device.get(f"/s/{seminar}/answers").status_code == 302
    bad = other_device.post_form(f"/join/{seminar}/resume", {"resume_code": "AAAAAA"})
    assert bad.status_code == 400 and "does not match" in text(bad)
    ok = other_device.post_form(f"/join/{seminar}/resume", {"resume_code": code.lower()})
    assert ok.status_code == 302
    assert "My view on this." in text(other_device.get(f"/s/{seminar}/answers"))


def test_a_student_cannot_read_another_students_answers(app, make_client, make_seminar,
                                                        seminar):
    ana, ben = make_client(), make_client()
    ana.join(seminar, "Ana")
    d = _question(app, 1, kind="discussion")
    ana.post_form(f"/s/{seminar}/r/{READING}/discuss/{d['key']}", {"answer": "Ana's secret"})
    ben.join(seminar, "Ben")
    assert "Ana&#39;s secret" not in text(ben.get(f"/s/{seminar}/answers"))
    assert "Ana&#39;s secret" not in text(ben.get(f"/s/{seminar}/r/{READING}/discuss/{d['key']}"))
    # a student of another session has no access to this one at all
    other = make_seminar("Other")
    carla = make_client()
    carla.join(other, "Carla")
    response = carla.get(f"/s/{seminar}/answers")
    assert response.status_code == 302 and f"/join/{seminar}" in response.headers["Location"]


def test_student_cannot_open_instructor_pages(client, seminar):
    client.join(seminar, "Ana")
    for url in ["/instructor/", f"/instructor/sessions/{seminar}/",
                f"/instructor/sessions/{seminar}/export.csv"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/instructor/login" in response.headers["Location"]


def test_missing_csrf_token_is_400_and_stores_nothing(app, client, seminar):
    response = client.post_form(f"/join/{seminar}", {"display_name": "Ana"}, csrf=False)
    assert response.status_code == 400
    assert "expired or was not sent by this site" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
