"""Asking the room: a student's question, stored as written, and the lists that show them."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, case, func, literal, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Participant, Reading, RoomQuestion, RoomVote, Seminar, utcnow
from ..classroom.seminars import reading_in_seminar
from .text import RoomTextError, _, clean_question


class RoomQuestionError(ValueError):
    """A question or vote that cannot be accepted; ``status`` is the HTTP status it means."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class RoomRow:
    """One room question as a list shows it, with its vote count."""

    question: RoomQuestion
    votes: int
    voted: bool  # by the seat looking at the list
    author: str  # the asker's display name; shown to instructors only

    @property
    def id(self) -> int:
        return self.question.id


def check_open(seminar: Seminar) -> None:
    if not seminar.is_open:
        raise RoomQuestionError(_("This session is closed: it takes no new questions or "
                                  "votes."))


def ask(participant: Participant, body: str, reading_slug: str | None = None) -> RoomQuestion:
    """Store a student's question about a reading of the session (or the session itself)."""
    seminar = participant.seminar
    check_open(seminar)
    try:
        text = clean_question(body)
    except RoomTextError as exc:
        raise RoomQuestionError(str(exc)) from exc
    reading: Reading | None = None
    if reading_slug:
        reading = reading_in_seminar(seminar, reading_slug)
        if reading is None:
            raise RoomQuestionError(_("That reading is not part of this session."))
    question = RoomQuestion(seminar_id=seminar.id, participant_id=participant.id,
                            reading_id=reading.id if reading else None, body=text,
                            created_at=utcnow())
    db.session.add(question)
    db.session.flush()
    return question


@functools.cache  # one statement per (hidden included, order), built once
def _rows_statement(include_hidden: bool, order: str) -> Any:
    viewer = bindparam("viewer_id")
    votes = (select(RoomVote.room_question_id, func.count().label("n"),
                    func.max(case((RoomVote.participant_id == viewer, 1), else_=0))
                    .label("mine"))
             .join(RoomQuestion, RoomQuestion.id == RoomVote.room_question_id)
             .where(RoomQuestion.seminar_id == bindparam("seminar_id"))
             .group_by(RoomVote.room_question_id).subquery())
    n = func.coalesce(votes.c.n, 0)
    stmt = (select(RoomQuestion, n, func.coalesce(votes.c.mine, 0), Participant.display_name)
            .join(Participant, Participant.id == RoomQuestion.participant_id)
            .outerjoin(votes, votes.c.room_question_id == RoomQuestion.id)
            # The reading's title only: its body (the whole summary) is not needed here.
            .options(joinedload(RoomQuestion.reading).load_only(
                Reading.id, Reading.slug, Reading.title))
            .where(RoomQuestion.seminar_id == bindparam("seminar_id")))
    if not include_hidden:
        # The asker still sees their own hidden question: nothing they wrote seems lost.
        stmt = stmt.where(RoomQuestion.hidden.is_(False) | (RoomQuestion.participant_id == viewer))
    if order == "time":
        return stmt.order_by(RoomQuestion.created_at.desc(), RoomQuestion.id.desc())
    # pinned first, then the open questions by votes, answered ones last
    return stmt.order_by(RoomQuestion.pinned.desc(), RoomQuestion.answered.asc(), n.desc(),
                         RoomQuestion.created_at.desc(), RoomQuestion.id.desc())


def _rows(seminar: Seminar, viewer_id: int | None, *, include_hidden: bool,
          order: str) -> list[RoomRow]:
    stmt = _rows_statement(include_hidden, "time" if order == "time" else "votes")
    params = {"seminar_id": seminar.id, "viewer_id": viewer_id or 0}
    return [RoomRow(q, int(count), bool(mine), name)
            for q, count, mine, name in db.session.execute(stmt, params)]


def class_questions(seminar: Seminar, viewer: Participant) -> list[RoomRow]:
    """What a student sees: every question not hidden, anonymous, by votes."""
    return _rows(seminar, viewer.id, include_hidden=False, order="votes")


def instructor_questions(seminar: Seminar, order: str = "votes") -> list[RoomRow]:
    """What an instructor sees: every question, hidden ones included, with the asker's name."""
    return _rows(seminar, None, include_hidden=True, order=order)


def room_question(seminar: Seminar, question_id: int) -> RoomQuestion:
    """A room question of this seminar, or a 404-meaning error (another session's too)."""
    question = db.session.get(RoomQuestion, question_id)
    if question is None or question.seminar_id != seminar.id:
        raise RoomQuestionError(_("There is no such question in this session."), 404)
    return question


# The poll's probe, built once (building it cost more than running it): what changes the
# list (questions, their flags, votes, this viewer's votes), in one statement of two
# aggregate subqueries.
_FLAGGED = [func.coalesce(func.sum(case((flag.is_(True), RoomQuestion.id), else_=0)), 0)
            for flag in (RoomQuestion.hidden, RoomQuestion.answered, RoomQuestion.pinned)]
_ASKED = (select(func.count(RoomQuestion.id).label("n"),
                 func.coalesce(func.max(RoomQuestion.id), 0).label("top"),
                 *(f.label(f"f{i}") for i, f in enumerate(_FLAGGED)))
          .where(RoomQuestion.seminar_id == bindparam("seminar_id")).subquery())
_VOTED = (select(func.count(RoomVote.id).label("votes"), func.coalesce(func.sum(case(
    (RoomVote.participant_id == bindparam("viewer_id"), RoomVote.room_question_id),
    else_=0)), 0).label("mine"))
    .join(RoomQuestion, RoomQuestion.id == RoomVote.room_question_id)
    .where(RoomQuestion.seminar_id == bindparam("seminar_id")).subquery())
_PROBE = select(*_ASKED.c, *_VOTED.c).select_from(_ASKED.join(_VOTED, literal(True)))


def fingerprint(seminar: Seminar, viewer: Participant | None) -> str:
    """Changes whenever the viewer's list would, so an unchanged poll is a 304 without
    building the list (2,000 students poll it every few seconds). ``None``: an instructor's
    list, which has no votes of its own."""
    row = db.session.execute(_PROBE, {"seminar_id": seminar.id,
                                      "viewer_id": viewer.id if viewer else 0}).one()
    return "-".join(str(int(v)) for v in (*row, seminar.is_open))
