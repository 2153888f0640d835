"""What goes on the room's screen from the students' answers: spotlights, and the instructor's
call-on list (which no one else sees)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Response, Seminar
from .rounds import LiveError, _


def _response_in(seminar: Seminar, response_id: int | None) -> Response:
    response = db.session.get(Response, response_id) if response_id is not None else None
    if response is None or response.seminar_id != seminar.id:
        raise LiveError(_("There is no such answer in this session."))
    return response


def set_spotlight(seminar: Seminar, response_id: int | None, on: bool) -> Response:
    response = _response_in(seminar, response_id)
    if response.kind != "discussion":
        raise LiveError(_("Only discussion answers can go on the projector."))
    response.spotlighted = on
    seminar.bump_live_version()  # the projector and students' phones show spotlights
    return response


def spotlight_next(seminar: Seminar) -> Response:
    """Put the earliest answer to the live discussion question not yet shown on the projector
    (the presenter's one-key spotlight)."""
    response = db.session.scalars(
        select(Response).where(Response.seminar_id == seminar.id,
                               Response.question_id == seminar.live_question_id,
                               Response.kind == "discussion",
                               Response.spotlighted.is_(False))
        .order_by(Response.updated_at, Response.id).limit(1)).first()
    if seminar.live_question_id is None or response is None:
        raise LiveError(_("There is no answer left to put on the projector."))
    return set_spotlight(seminar, response.id, True)


def set_call_on(seminar: Seminar, response_id: int | None, on: bool) -> Response:
    # No version bump: the call-on list is the instructor's alone and changes no one's screen.
    response = _response_in(seminar, response_id)
    response.call_on = on
    return response


# --- lists for the panel and the projector ------------------------------------------------------

def discussion_answers(seminar: Seminar, question_id: int) -> list[Response]:
    """Answers to the live discussion question, newest first, both rounds."""
    return list(db.session.scalars(
        select(Response).options(joinedload(Response.participant))
        .where(Response.seminar_id == seminar.id, Response.question_id == question_id)
        .order_by(Response.updated_at.desc(), Response.id.desc())))


def spotlighted(seminar: Seminar | int, question_id: int | None, *, with_people: bool = True
                ) -> list[Response]:
    if question_id is None:
        return []
    seminar_id = seminar if isinstance(seminar, int) else seminar.id
    stmt = (select(Response).where(Response.seminar_id == seminar_id,
                                   Response.question_id == question_id,
                                   Response.spotlighted.is_(True)).order_by(Response.id))
    if with_people:  # the projector may show names; students' phones never do
        stmt = stmt.options(joinedload(Response.participant))
    return list(db.session.scalars(stmt))


def call_on_list(seminar: Seminar) -> list[Response]:
    return list(db.session.scalars(
        select(Response).options(joinedload(Response.participant), joinedload(Response.question))
        .where(Response.seminar_id == seminar.id, Response.call_on.is_(True))
        .order_by(Response.question_id, Response.id)))
