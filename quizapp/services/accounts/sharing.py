"""Sharing a seminar with another instructor, in a role: a co-teacher may do everything but
delete or share it; an assistant may review it and write their own notes, but not open or
close it, run it live or change projector settings. The owner can change a role or unshare."""

from __future__ import annotations

from sqlalchemy import select, update

from ...database import insert_ignore
from ...extensions import db
from ...models import Instructor, Seminar, SeminarShare
from ...models.seminar import SHARE_ROLES
from .instructors import find_instructor


class ShareError(ValueError):
    """A share that cannot happen, with a message for the owner."""


def shared_with(seminar: Seminar) -> list[Instructor]:
    return [person for person, _role in shares_of(seminar)]


def shares_of(seminar: Seminar) -> list[tuple[Instructor, str]]:
    """Every instructor the seminar is shared with, and their role."""
    return [(person, role) for person, role in db.session.execute(
        select(Instructor, SeminarShare.role)
        .join(SeminarShare, SeminarShare.instructor_id == Instructor.id)
        .where(SeminarShare.seminar_id == seminar.id).order_by(Instructor.username))]


def share_with_username(seminar: Seminar, owner: Instructor, username: str,
                        role: str = "coteacher") -> Instructor:
    """Share ``seminar`` (owned by ``owner``) with the instructor called ``username``.

    Sharing twice is harmless; sharing again with another role changes the role.
    """
    if seminar.owner_id != owner.id:
        raise ShareError("Only the session's owner can share it.")
    if role not in SHARE_ROLES:
        raise ShareError("Choose co-teacher or assistant.")
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
                                                    "instructor_id": other.id, "role": role},
                                     ["seminar_id", "instructor_id"]))
    db.session.execute(update(SeminarShare).where(
        SeminarShare.seminar_id == seminar.id, SeminarShare.instructor_id == other.id)
        .values(role=role))
    return other


def unshare(seminar: Seminar, owner: Instructor, instructor_id: int) -> Instructor | None:
    """Take the seminar back from one instructor (their notes stay, theirs alone)."""
    if seminar.owner_id != owner.id:
        raise ShareError("Only the session's owner can unshare it.")
    share = db.session.scalar(select(SeminarShare).where(
        SeminarShare.seminar_id == seminar.id, SeminarShare.instructor_id == instructor_id))
    if share is None:
        return None
    other = db.session.get(Instructor, instructor_id)
    db.session.delete(share)
    db.session.flush()
    return other
