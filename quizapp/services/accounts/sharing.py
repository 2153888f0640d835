"""Sharing a seminar with another instructor, who may then review it (but not share it)."""

from __future__ import annotations

from sqlalchemy import select

from ...database import insert_ignore
from ...extensions import db
from ...models import Instructor, Seminar, SeminarShare
from .instructors import find_instructor


class ShareError(ValueError):
    """A share that cannot happen, with a message for the owner."""


def shared_with(seminar: Seminar) -> list[Instructor]:
    return list(db.session.scalars(
        select(Instructor).join(SeminarShare, SeminarShare.instructor_id == Instructor.id)
        .where(SeminarShare.seminar_id == seminar.id).order_by(Instructor.username)))


def share_with_username(seminar: Seminar, owner: Instructor, username: str) -> Instructor:
    """Share ``seminar`` (owned by ``owner``) with the instructor called ``username``.

    Sharing twice is harmless: the second time changes nothing.
    """
    if seminar.owner_id != owner.id:
        raise ShareError("Only the session's owner can share it.")
    name = username.strip()
    if not name:
        raise ShareError("Enter the username of the instructor to share with.")
    other = find_instructor(name)
    if other is None:
        raise ShareError(f"No instructor is called \u201c{name}\u201d.")
    if other.id == owner.id:
        raise ShareError("You already own this session.")
    # The database skips a share that exists already, even when two arrive at once.
    db.session.execute(insert_ignore(SeminarShare, {"seminar_id": seminar.id,
                                                    "instructor_id": other.id},
                                     ["seminar_id", "instructor_id"]))
    return other
