"""The shipped course in Spanish: a student whose language is Spanish reads the Spanish
summary, questions, choices and feedback, is graded exactly as in English, and the instructor's
export keeps its keys; the course pages follow the language switch."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Question, Reading, Response
from quizapp.services.classroom.localized import localized

SLUG = "milei-first-year"


def _spanish(client, url: str) -> str:
    return client.get(url, headers={"Accept-Language": "es"}).get_data(as_text=True)


def test_views_fall_back_to_english_and_keep_ids(ctx):
    reading = db.session.scalar(select(Reading).where(Reading.slug == SLUG))
    question = db.session.scalar(select(Question).where(Question.key == "mfy-q1"))
    es = localized(reading, "es")
    assert es.title.startswith("Alineamiento") and es.slug == SLUG
    assert [s["id"] for s in es.sections] == [s["id"] for s in reading.sections]
    revision = localized(question.current_revision, "es")
    english = question.current_revision
    assert revision.prompt != english.prompt and revision.prompt.startswith("¿")
    assert [(c["id"], c.get("correct"), c.get("misconception")) for c in revision.choices] == [
        (c["id"], c.get("correct"), c.get("misconception")) for c in english.choices]
    assert revision.correct_ids == english.correct_ids
    assert localized(reading, "en") is reading  # English needs no view


def test_a_spanish_student_reads_answers_and_is_graded_as_in_english(app, client, seminar,
                                                                     teacher_client):
    with app.app_context():
        revision = db.session.scalar(
            select(Question).where(Question.key == "mfy-q1")).current_revision
        es = localized(revision, "es")
        right = next(c for c in es.choices if c.get("correct"))
        wrong = next(c for c in es.choices if not c.get("correct"))
    client.join(seminar, "Ana")
    home = _spanish(client, f"/s/{seminar}/")
    assert "Alineamiento, personalismo y pragmatismo" in home
    reading = _spanish(client, f"/s/{seminar}/r/{SLUG}")
    assert "Una ruptura con la tradición" in reading and "Doctrina Drago" in reading
    assert "no consta" in reading and "not stated" not in reading
    check = _spanish(client, f"/s/{seminar}/r/{SLUG}/check/1")
    assert es.prompt.replace('"', "&#34;")[:40] in check
    assert right["text"][:40] in check and wrong["text"][:40] in check
    result = client.post_form(f"/s/{seminar}/r/{SLUG}/check/1", {"choice": right["id"]},
                              headers={"Accept-Language": "es"}, follow_redirects=True)
    assert right["feedback"][:40] in result.get_data(as_text=True)
    with app.app_context():
        response = db.session.scalar(select(Response))
        assert response.correct is True and response.answer == right["id"]
    mine = _spanish(client, f"/s/{seminar}/answers")
    assert es.prompt.replace('"', "&#34;")[:40] in mine and right["text"][:30] in mine
    export = teacher_client.get(f"/instructor/sessions/{seminar}/export.csv")
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert [(r["question_id"], r["answer"], r["correct"]) for r in rows] == [
        ("mfy-q1", right["id"], "true")], rows  # ids, not words: the same in every language


def test_course_pages_follow_the_language(client):
    timeline = _spanish(client, "/course/timeline")
    assert "La Doctrina Drago" in timeline and "Alineamiento, personalismo" in timeline
    perspectives = _spanish(client, "/course/perspectives")
    assert "El alineamiento con Estados Unidos" in perspectives
    english = client.get("/course/perspectives", headers={"Accept-Language": "en"})
    assert "Alignment with the United States" in english.get_data(as_text=True)
