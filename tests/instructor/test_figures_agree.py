"""One truth per figure: the same student, question and class show the same numbers on the
student's home, the review page, the student page, the student reports and the CSV downloads
(services/review/figures.py defines each figure once)."""

from __future__ import annotations

import csv
import html
import io
import re

from analytics_data import READING, reading_questions, right, wrong
from flask import Flask
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Participant
from quizapp.services.review.figures import Share
from support import text

FIGURE = re.compile(r'<span class="figure" title="([^"]*)">(.*?)</span>', re.S)


def figures_on(page: str) -> list[tuple[str, str]]:
    """(definition, shown text) of every figure on a page."""
    return [(html.unescape(t), html.unescape(" ".join(v.split()))) for t, v in FIGURE.findall(page)]


def shown(page: str, definition_word: str) -> list[str]:
    return [v for t, v in figures_on(page) if t.startswith(definition_word)]


def _answer(client, code: str, n: int, choices: list[str]) -> None:
    url = f"/s/{code}/r/{READING}/check/{n}"
    assert client.post_form(url, {"choice": choices}).status_code == 302


def test_share_percent_and_empty_whole() -> None:
    assert Share(1, 3).percent == 33 and Share(2, 3).percent == 67
    assert Share(0, 0).percent is None and Share(0, 0).value is None


def test_the_same_figures_on_every_page_and_csv(app: Flask, make_seminar, teacher_client,
                                                make_client) -> None:
    code = make_seminar("Week 1", readings=[READING])
    qs = reading_questions(app)
    eva, finn = make_client(), make_client()
    assert eva.join(code, "Eva").status_code == 302
    assert finn.join(code, "Finn").status_code == 302
    # Eva: right, wrong, wrong (1 of 3 answered right, 3 of 10 answered). Finn: q1 right.
    _answer(eva, code, 1, right(qs[0]))
    _answer(eva, code, 2, wrong(qs[1]))
    _answer(eva, code, 3, wrong(qs[2]))
    _answer(finn, code, 1, right(qs[0]))
    with app.app_context():
        eva_id = db.session.scalar(select(Participant.id).where(Participant.display_name == "Eva"))
    score, answered = "1 of 3 (33%)", "3 of 10 (30%)"

    home = text(eva.get(f"/s/{code}/"))
    assert shown(home, "Score") == ["score " + score]
    review = text(teacher_client.get(f"/instructor/sessions/{code}/"))
    assert "score " + score in shown(review, "Score")
    student = text(teacher_client.get(f"/instructor/sessions/{code}/students/{eva_id}"))
    assert shown(student, "Score") == [score, score]  # the reading and the total
    assert shown(student, "Answered") == [answered, answered]
    report = text(teacher_client.get(f"/instructor/sessions/{code}/students?student={eva_id}"))
    assert shown(report, "Score") == [score, score]
    assert shown(report, "Answered") == [answered, answered]
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(text(
        teacher_client.get(f"/instructor/sessions/{code}/students.csv"))))}
    row = rows["Eva"]
    assert (row["total_right"], row["total_answered"], row["score_percent"]) == ("1", "3", "33")
    assert (row[f"{READING}_right"], row[f"{READING}_answered"],
            row[f"{READING}_score_percent"]) == ("1", "3", "33")
    assert row["total_questions"] == "10"

    # A question: q1 right for both, q2 wrong for Eva alone.
    question = text(teacher_client.get(f"/instructor/sessions/{code}/questions/{qs[0]['key']}"))
    assert shown(question, "Right") == ["right: 2 of 2 (100%)"]
    checks = review[review.index('id="checks"'):review.index('id="discussion"')]
    assert shown(checks, "Right")[:3] == [
        "right: 2 of 2 (100%)", "right: 0 of 1 (0%)", "right: 0 of 1 (0%)"]
    # The overview's most missed questions show the same figures.
    overview = review[:review.index('id="students"')]
    assert shown(overview, "Right") == ["right: 0 of 1 (0%)", "right: 0 of 1 (0%)"]
    analysis = text(teacher_client.get(f"/instructor/sessions/{code}/analysis"))
    row_q1 = analysis.split(f'id="item-{READING}-{qs[0]["key"]}"')[1].split("</tr>")[0]
    assert shown(row_q1, "Right") == ["2 of 2 (100%)"]
    items = {r["question_id"]: r for r in csv.DictReader(io.StringIO(text(
        teacher_client.get(f"/instructor/sessions/{code}/analysis.csv"))))}
    assert (items[qs[0]["key"]]["right"], items[qs[0]["key"]]["answered"],
            items[qs[0]["key"]]["right_percent"]) == ("2", "2", "100")
    assert items[qs[1]["key"]]["right_percent"] == "0"
    responses = list(csv.DictReader(io.StringIO(text(
        teacher_client.get(f"/instructor/sessions/{code}/export.csv")))))
    q1 = [r for r in responses if r["question_id"] == qs[0]["key"]]
    assert (sum(r["correct"] == "true" for r in q1), len(q1)) == (2, 2)

    # The class on the reading: 2 right of 4 first answers (Eva 1 of 3, Finn 1 of 1);
    # 4 of 20 possible answers (2 students x 10 questions).
    assert shown(review, "Class score") == ["right 2 of 4 (50%)", "2 of 4 (50%)"]
    assert shown(review, "Answered: first answers") == ["answered 4 of 20 (20%)",
                                                        "4 of 20 (20%)"]
    # Every figure carries its definition.
    assert all(t for t, _ in figures_on(review) + figures_on(report) + figures_on(home))
