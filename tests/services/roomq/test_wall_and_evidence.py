"""The answer wall (approval, stance filter, latest answer per student) and the evidence map
(key terms with aliases and summary sections, from the reading in the database)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Question
from quizapp.services.classroom import answers, participants, seminars
from quizapp.services.roomq import asking, evidence, moderation, wall


def _setup(code: str, names=("Ana", "Ben", "Cleo")):
    seminar = seminars.find_seminar(code)
    people = [participants.join(seminar, n) for n in names]
    question = db.session.scalar(select(Question).where(Question.key == "mfy-d1"))
    db.session.commit()
    return seminar, people, question


def test_the_wall_shows_approved_answers_unless_all_and_filters_by_stance(ctx, seminar):
    sem, (ana, ben, cleo), question = _setup(seminar)
    ra = answers.submit_discussion(ana, question, "Calculation, mostly.", 1)
    rb = answers.submit_discussion(ben, question, "Conviction.", 5)
    answers.submit_discussion(cleo, question, "Hard to say.")
    db.session.commit()
    assert wall.wall_answers(sem, question) == []
    wall.approve(sem, question, ra.id)
    wall.approve(sem, question, ra.id)  # twice: still one approval
    wall.approve(sem, question, rb.id)
    db.session.commit()
    assert {a.response.id for a in wall.wall_answers(sem, question)} == {ra.id, rb.id}
    assert [a.response.id for a in wall.wall_answers(sem, question, stance=5)] == [rb.id]
    assert len(wall.wall_answers(sem, question, show_all=True)) == 3
    wall.approve(sem, question, rb.id, on=False)
    assert [a.response.id for a in wall.wall_answers(sem, question)] == [ra.id]


def test_approving_an_answer_of_another_question_or_session_is_404(ctx, seminar, make_seminar):
    other_code = make_seminar("Other")  # before this context holds the write lock
    sem, (ana, *_), question = _setup(seminar)
    other_q = db.session.scalar(select(Question).where(Question.key == "mfy-d2"))
    response = answers.submit_discussion(ana, other_q, "Elsewhere")
    db.session.commit()
    with pytest.raises(asking.RoomQuestionError) as caught:
        wall.approve(sem, question, response.id)
    assert caught.value.status == 404
    other_sem = seminars.find_seminar(other_code)
    with pytest.raises(asking.RoomQuestionError):
        wall.approve(other_sem, other_q, response.id)


def test_projecting_checks_the_question_and_the_stance(ctx, seminar):
    sem, _people, question = _setup(seminar)
    mc = db.session.scalar(select(Question).where(Question.key == "mfy-q1"))
    with pytest.raises(asking.RoomQuestionError):
        moderation.project_discussion(sem, mc, "wall")
    with pytest.raises(asking.RoomQuestionError):
        moderation.project_discussion(sem, question, "wall", stance=9)
    screen = moderation.project_discussion(sem, question, "wall", stance=2, names=True)
    assert (screen.mode, screen.question_id, screen.wall_stance, screen.wall_names) == (
        "wall", question.id, 2, True)


def test_evidence_map_counts_terms_aliases_sections_and_stances(ctx, seminar):
    sem, (ana, ben, cleo), question = _setup(seminar)
    reading = question.reading
    terms = {t["id"]: t for t in reading.key_terms}
    drago = terms["drago-doctrine"]
    # An alias, another case, no accents: all count as the term.
    answers.submit_discussion(ana, question, f"Think of {drago['aliases'][0].upper()} in 1902.",
                              1)
    answers.submit_discussion(ben, question, "The Drago Doctrine and neutrality.", 5)
    answers.submit_discussion(cleo, question, "I have no idea at all.")
    db.session.commit()
    emap = evidence.evidence_map(sem, question)
    assert emap.answers == 3
    used = {t.id: t for t in emap.terms}
    assert used["drago-doctrine"].count == 2
    assert used["drago-doctrine"].by_stance == {1: 1, 5: 1}
    assert "drago-doctrine" not in {t.id for t in emap.unused_terms}
    assert len(emap.unused_terms) == len(reading.key_terms) - sum(
        1 for t in emap.terms if t.count)
    sections = {s.id: s for s in emap.sections}
    # s1 names the Drago Doctrine: both answers that name it draw on that section.
    assert sections["s1"].count == 2
    rows = evidence.evidence_rows(sem, emap)
    assert rows[0][:3] == [sem.code, "mfy-d1", "key_term"]
    assert {r[5] for r in rows} == {"", 1, 2, 3, 4, 5}


def test_evidence_map_with_no_answers(ctx, seminar):
    sem, _people, question = _setup(seminar)
    emap = evidence.evidence_map(sem, question)
    assert emap.answers == 0 and len(emap.unused_terms) == len(question.reading.key_terms)


def test_fold_ignores_case_and_accents():
    assert evidence.fold("Río de la PLATA") == "rio de la plata"
