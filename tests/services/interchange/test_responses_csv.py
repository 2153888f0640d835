"""CSV cells that spreadsheets read safely (issue 13): formula characters after leading
blanks and their full-width look-alikes are neutralised, the file starts with a byte-order
mark, and the readable answer sits beside the choice letters."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Question
from quizapp.services.interchange.responses_csv import (
    BOM,
    RESPONSE_COLUMNS,
    csv_lines,
    safe_cell,
)

READING = "milei-first-year"


@pytest.mark.parametrize("cell", [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1", "   +cmd", "\u00a0=1",
    "\u200b=1", "\ufeff@x", "\u2060-1", "\u3000=1", " \u200b\u00a0=HYPERLINK(\"x\")",
    "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\ufe66cmd", "\ufe62 1", "\u22121",
    " \uff1dcmd", "\n=1",
])
def test_formula_starts_get_a_quote(cell):
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Ana", "1-2", "a=b", "  Ana", "\u00e9t\u00e9", "", "x@y",
                                  "\u00a0", " "])
def test_plain_text_is_unchanged(cell):
    assert safe_cell(cell) == cell


def test_the_file_starts_with_a_byte_order_mark():
    text = "".join(csv_lines(["student"], [["Jos\u00e9 N\u00fa\u00f1ez"]]))
    assert text.startswith(BOM)
    assert text.encode("utf-8").decode("utf-8-sig").splitlines() == [
        "student", "Jos\u00e9 N\u00fa\u00f1ez"]


def test_export_has_answer_text_beside_the_letters(app, make_client, teacher_client, seminar):
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == "mfy-q1"))
        choices = question.current_revision.choices
        first, second = str(choices[0]["id"]), str(choices[1]["id"])
        texts = {str(c["id"]): c["text"] for c in choices}
    student = make_client()
    assert student.join(seminar, "\uff1dcmd Jos\u00e9").status_code == 302
    student.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": first})
    student.post_form(f"/s/{seminar}/r/{READING}/discuss/mfy-d1", {"answer": " =not a formula"})
    response = teacher_client.get(f"/instructor/sessions/{seminar}/export.csv")
    raw = response.get_data()
    assert raw.startswith(BOM.encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == RESPONSE_COLUMNS
    by_q = {r["question_id"]: r for r in rows}
    assert by_q["mfy-q1"]["answer"] == first
    assert by_q["mfy-q1"]["answer_text"] == safe_cell(texts[first])
    assert second not in by_q["mfy-q1"]["answer"]
    assert by_q["mfy-d1"]["answer"] == "' =not a formula"
    assert by_q["mfy-d1"]["answer_text"] == "' =not a formula"
    assert by_q["mfy-q1"]["student"] == "'\uff1dcmd Jos\u00e9"  # full-width =, and UTF-8
