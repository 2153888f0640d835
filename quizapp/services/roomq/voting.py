"""Upvotes: one per seat and question, decided by the database's unique key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ...database import insert_ignore
from ...extensions import db
from ...models import Participant, RoomVote, utcnow
from .asking import RoomQuestionError, check_open, room_question
from .text import _

# INSERT .. ON CONFLICT DO NOTHING RETURNING id, built once per dialect: a row comes back only
# when this call inserted it, so a second vote (or two at once) counts once.
_VOTE_INSERT: dict[str, Any] = {}


def _vote_insert() -> Any:
    dialect = db.session.get_bind().dialect.name
    stmt = _VOTE_INSERT.get(dialect)
    if stmt is None:
        stmt = _VOTE_INSERT[dialect] = insert_ignore(
            RoomVote.__table__, None, ["room_question_id", "participant_id"],
        ).returning(RoomVote.__table__.c.id)
    return stmt


def vote(participant: Participant, question_id: int) -> bool:
    """Upvote a question of the participant's seminar; True when this call counted.

    Hidden questions and another session's questions are 404 (the voter cannot see them);
    a student cannot upvote their own question (400).
    """
    seminar = participant.seminar
    check_open(seminar)
    question = room_question(seminar, question_id)
    if question.hidden:
        raise RoomQuestionError(_("There is no such question in this session."), 404)
    if question.participant_id == participant.id:
        raise RoomQuestionError(_("You cannot upvote your own question."))
    inserted = db.session.connection().execute(_vote_insert(), {
        "room_question_id": question.id, "participant_id": participant.id,
        "created_at": utcnow()}).scalar()
    return inserted is not None


def vote_count(question_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(RoomVote).where(
        RoomVote.room_question_id == question_id)) or 0
