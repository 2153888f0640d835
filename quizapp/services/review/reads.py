"""Which discussion answers an instructor has read: the review page's "not yet read by me".

An answer revised after it was read counts as unread again (its updated_at is later).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, exists, select, update

from ...database import insert_ignore
from ...extensions import db
from ...models import Instructor, Response, ResponseRead, Seminar, utcnow


def read_clause(instructor_id: int):
    """A condition on Response: this instructor has read the answer as it stands."""
    return exists().where(and_(ResponseRead.instructor_id == instructor_id,
                               ResponseRead.response_id == Response.id,
                               ResponseRead.read_at >= Response.updated_at))


def mark_read(seminar: Seminar, instructor: Instructor, response_ids: Iterable[int]) -> int:
    """Mark these answers of this seminar read now; returns how many were marked. Ids of
    other seminars' answers are ignored."""
    wanted = {int(i) for i in response_ids}
    if not wanted:
        return 0
    ids = list(db.session.scalars(select(Response.id).where(
        Response.seminar_id == seminar.id, Response.kind == "discussion",
        Response.id.in_(wanted))))
    if not ids:
        return 0
    now = utcnow()
    db.session.execute(update(ResponseRead).where(
        ResponseRead.instructor_id == instructor.id, ResponseRead.response_id.in_(ids))
        .values(read_at=now))
    db.session.execute(insert_ignore(ResponseRead, [
        {"instructor_id": instructor.id, "response_id": rid, "read_at": now} for rid in ids],
        ["instructor_id", "response_id"]))
    db.session.flush()
    return len(ids)


def read_ids(instructor: Instructor, responses: Iterable[Response]) -> set[int]:
    """Of these answers, those the instructor has read as they stand now."""
    by_id = {r.id: r for r in responses}
    # One query even for no answers: the page issues the same statements whatever it shows.
    rows = db.session.execute(select(ResponseRead.response_id, ResponseRead.read_at).where(
        ResponseRead.instructor_id == instructor.id, ResponseRead.response_id.in_(list(by_id))))
    return {rid for rid, at in rows if at >= by_id[rid].updated_at}
