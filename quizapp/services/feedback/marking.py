"""Quick marking: a question's discussion answers in a fixed order, and where each stands."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Feedback, Participant, Question, Response, Seminar
from ..classroom.seminars import seminar_questions


@dataclass
class QuestionFeedback:
    question: Question
    answers: int = 0
    held: int = 0  # drafts waiting for a release
    released: int = 0


def marking_queue(seminar: Seminar, question: Question) -> list[Response]:
    """Round-1 discussion answers to ``question``, by student name: the marking order."""
    return list(db.session.scalars(
        select(Response).options(joinedload(Response.participant))
        .join(Participant, Participant.id == Response.participant_id)
        .where(Response.seminar_id == seminar.id, Response.question_id == question.id,
               Response.kind == "discussion", Response.round == 1)
        .order_by(Participant.name_key, Response.id)))


def discussion_question(seminar: Seminar, key: str) -> Question | None:
    return next((q for q in seminar_questions(seminar, "discussion") if q.key == key), None)


def question_summaries(seminar: Seminar) -> list[QuestionFeedback]:
    """Per discussion question of the session: answers, held and released feedback."""
    questions = seminar_questions(seminar, "discussion")
    out = {q.id: QuestionFeedback(q) for q in questions}
    answers = db.session.execute(
        select(Response.question_id, func.count()).where(
            Response.seminar_id == seminar.id, Response.kind == "discussion",
            Response.round == 1).group_by(Response.question_id))
    for qid, n in answers:
        if qid in out:
            out[qid].answers = n
    held = func.sum(case((Feedback.released_at.is_(None), 1), else_=0))
    rows = db.session.execute(
        select(Response.question_id, held, func.count())
        .join(Response, Response.id == Feedback.response_id)
        .where(Feedback.seminar_id == seminar.id).group_by(Response.question_id))
    for qid, n_held, n_all in rows:
        if qid in out:
            out[qid].held, out[qid].released = int(n_held or 0), n_all - int(n_held or 0)
    return list(out.values())
