"""The answer wall: a discussion question's answers on the room's screen, moderated.

Only answers the instructor approved, unless the instructor chooses all; anonymous unless
the instructor turns names on; one point of the stance scale, or every point.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from ...database import insert_ignore
from ...extensions import db
from ...models import Participant, Question, Response, Seminar, WallApproval, utcnow
from .asking import RoomQuestionError
from .text import _

WALL_SIZE = 12  # what fits the screen at a readable size (3 columns x 4 rows)


@dataclass
class WallAnswer:
    response: Response
    name: str
    approved: bool


def latest_answers(seminar: Seminar, question: Question) -> list[tuple[Response, str]]:
    """Each student's latest discussion answer to the question (the later round wins)."""
    rows = db.session.execute(
        select(Response, Participant.display_name)
        .join(Participant, Participant.id == Response.participant_id)
        .where(Response.seminar_id == seminar.id, Response.question_id == question.id,
               Response.kind == "discussion")
        .order_by(Response.participant_id, Response.round.desc())).all()
    latest: dict[int, tuple[Response, str]] = {}
    for response, name in rows:
        latest.setdefault(response.participant_id, (response, name))
    return sorted(latest.values(), key=lambda pair: (pair[0].updated_at, pair[0].id),
                  reverse=True)


def approved_ids(seminar: Seminar) -> set[int]:
    return set(db.session.scalars(select(WallApproval.response_id).where(
        WallApproval.seminar_id == seminar.id)))


def wall_answers(seminar: Seminar, question: Question, *, show_all: bool = False,
                 stance: int | None = None) -> list[WallAnswer]:
    """Every answer the wall may show, newest first, with whether it is approved."""
    approved = approved_ids(seminar)
    return [WallAnswer(r, name, r.id in approved)
            for r, name in latest_answers(seminar, question)
            if (show_all or r.id in approved) and (stance is None or r.stance == stance)]


def _response(seminar: Seminar, question: Question, response_id: int) -> Response:
    response = db.session.get(Response, response_id)
    if response is None or response.seminar_id != seminar.id or \
            response.question_id != question.id:
        raise RoomQuestionError(_("There is no such answer to this question."), 404)
    return response


def approve(seminar: Seminar, question: Question, response_id: int, on: bool = True) -> None:
    """Let an answer onto the wall (or take it off); approving twice changes nothing."""
    response = _response(seminar, question, response_id)
    if on:
        db.session.execute(insert_ignore(WallApproval, {
            "seminar_id": seminar.id, "response_id": response.id, "approved_at": utcnow()},
            ["response_id"]))
    else:
        db.session.execute(delete(WallApproval).where(WallApproval.response_id == response.id))
    db.session.flush()
