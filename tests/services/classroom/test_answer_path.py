"""The answer path, the hottest write of a seminar: few statements, and each answer once.

A whole class answers within seconds, so the statements of one answer are counted: the
seminar and the student (one), the question (one), the INSERT, around the transaction.
"""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Response
from support import counting_statements, csrf_from, text

READING = "milei-first-year"
ANSWER_STATEMENTS = 3  # seminar + participant, the question, INSERT .. RETURNING


def _queries(statements: list[str]) -> list[str]:
    # Transaction control (BEGIN IMMEDIATE on SQLite) is not a query.
    return [s for s in statements if not s.upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))]


def test_an_answer_costs_three_statements(app, client, make_seminar):
    code = make_seminar("Answers")
    assert client.join(code, "Ana").status_code == 302
    url = f"/s/{code}/r/{READING}/check/2"
    token = csrf_from(client.get(url).text)
    with counting_statements(app) as statements:
        sent = client.post(url, data={"csrf_token": token, "choice": "b"})
    assert sent.status_code == 302
    assert len(_queries(statements)) == ANSWER_STATEMENTS, "\n---\n".join(statements)
    with app.app_context():
        assert db.session.scalars(select(Response.answer)).all() == ["b"]


def test_a_resubmission_keeps_the_first_answer_and_says_so(app, client, make_seminar):
    code = make_seminar("Answers")
    assert client.join(code, "Ana").status_code == 302
    url = f"/s/{code}/r/{READING}/check/1"
    token = csrf_from(client.get(url).text)
    assert client.post(url, data={"csrf_token": token, "choice": "a"}).status_code == 302
    again = client.post(url, data={"csrf_token": token, "choice": "b"},
                        follow_redirects=True)
    assert "first answer counts" in text(again)
    # An incomplete resubmission (no choice) is not an error for an answered question.
    empty = client.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert empty.status_code == 200 and "first answer counts" in text(empty)
    with app.app_context():
        stored = db.session.scalars(select(Response.answer)).all()
        assert stored == ["a"]
        assert db.session.scalar(select(func.count(Response.id))) == 1


def test_wrong_reading_or_number_is_404_with_a_reason(client, make_seminar):
    code = make_seminar("Answers", readings=[READING])
    assert client.join(code, "Ana").status_code == 302
    token = csrf_from(client.get(f"/s/{code}/r/{READING}/check/1").text)
    missing = client.post(f"/s/{code}/r/new-alliances/check/1",
                          data={"csrf_token": token, "choice": "a"})
    assert missing.status_code == 404 and "not part of this session" in text(missing)
    too_far = client.post(f"/s/{code}/r/{READING}/check/99",
                          data={"csrf_token": token, "choice": "a"})
    assert too_far.status_code == 404 and "questions" in text(too_far)
