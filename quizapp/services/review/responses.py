"""What the instructor's review page shows: per-question distributions and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Participant, Question, Response, Seminar
from ...models.responses import MC_ANSWER
from ..classroom.seminars import seminar_questions
from .paging import Page, check_page_number
from .reads import read_clause

DISCUSSION_PER_PAGE = 20


@dataclass
class ChoiceCount:
    id: str
    text: str
    correct: bool
    count: int = 0
    misconception: str | None = None


@dataclass
class QuestionStats:
    question: Question
    responses: int = 0
    correct: int = 0
    choices: list[ChoiceCount] = field(default_factory=list)
    # The share right is figures.question_right: defined once for every page.


def mc_stats(seminar: Seminar, round_: int = 1,
             questions: list[Question] | None = None) -> list[QuestionStats]:
    """Counts per choice and share correct for every check question: one grouped query,
    read from the multiple-choice index alone (MC_ANSWER matches its condition)."""
    only = questions is not None
    questions = questions if questions is not None else seminar_questions(seminar, "mc")
    stmt = (select(Response.question_id, Response.answer, Response.correct, func.count())
            .where(Response.seminar_id == seminar.id, MC_ANSWER, Response.round == round_)
            .group_by(Response.question_id, Response.answer, Response.correct))
    if only:
        stmt = stmt.where(Response.question_id.in_([q.id for q in questions]))
    rows = db.session.execute(stmt)
    by_question: dict[int, list[tuple[str, bool, int]]] = {}
    for qid, answer, correct, n in rows:
        by_question.setdefault(qid, []).append((answer, bool(correct), n))
    out = []
    for q in questions:
        revision = q.current_revision
        choices = [ChoiceCount(c["id"], c["text"], bool(c.get("correct")),
                               misconception=c.get("misconception"))
                   for c in (revision.choices if revision else [])]
        index = {c.id: c for c in choices}
        stats = QuestionStats(q, choices=choices)
        for answer, correct, n in by_question.get(q.id, []):
            stats.responses += n
            stats.correct += n if correct else 0
            for cid in answer.split("|"):
                if cid in index:
                    index[cid].count += n
        out.append(stats)
    return out


def discussion_answers(seminar: Seminar, question_key: str | None = None,
                       number: int = 1, size: int | None = None, *,
                       stance: int | None = None, unread_by: int | None = None
                       ) -> Page[Response]:
    """Discussion answers newest first, a page at a time, optionally for one question, one
    point of the stance scale, or those the instructor ``unread_by`` has not read yet: two
    queries, the page read in order from ix_responses_seminar_kind_updated."""
    size = size or DISCUSSION_PER_PAGE
    where = [Response.seminar_id == seminar.id, Response.kind == "discussion"]
    if question_key:
        where.append(Response.question_id.in_(
            select(Question.id).where(Question.key == question_key)))
    if stance is not None:
        where.append(Response.stance == stance)
    if unread_by is not None:
        where.append(~read_clause(unread_by))
    total = db.session.scalar(select(func.count()).select_from(Response).where(*where)) or 0
    check_page_number(number, total, size)
    answers = list(db.session.scalars(
        select(Response).options(joinedload(Response.participant), joinedload(Response.question))
        .where(*where).order_by(Response.updated_at.desc(), Response.id.desc())
        .limit(size).offset((number - 1) * size)))
    return Page(answers, number, size, total)


def student_responses(seminar: Seminar, participant: Participant) -> list[Response]:
    return list(db.session.scalars(
        select(Response).options(joinedload(Response.question), joinedload(Response.revision))
        .where(Response.seminar_id == seminar.id, Response.participant_id == participant.id)
        .order_by(Response.created_at, Response.id)))


def answer_label(response: Response) -> str:
    """A readable form of an answer: 'b) text' for choices, the text for discussion."""
    if response.kind != "mc":
        return response.answer
    parts: list[str] = []
    for cid in response.choice_ids:
        choice: dict[str, Any] | None = response.revision.choice(cid)
        parts.append(f"{cid}) {choice['text']}" if choice else cid)
    return "; ".join(parts)


def question_responses(seminar: Seminar, question: Question) -> list[Response]:
    return list(db.session.scalars(
        select(Response).options(joinedload(Response.participant), joinedload(Response.revision))
        .where(Response.seminar_id == seminar.id, Response.question_id == question.id)
        .order_by(Response.round, Response.updated_at.desc(), Response.id.desc())))
