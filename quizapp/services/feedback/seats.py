"""One student, one personal code across the course: the instructor gives a seat of another
session the personal code of the student's earlier seat, so the gradebook counts them as one
student (and the student resumes either session with one code).

Refused when both codes have seats in one session: that is two seats of one session, for the
seat merge (the real-rooms issue), not for this.
"""

from __future__ import annotations

from sqlalchemy import select

from ...extensions import db
from ...models import Instructor, Participant, Seminar
from ..classroom.codes import RESUME_CODE_LENGTH, normalize_code
from .errors import FeedbackError, gettext


def _seats(instructor: Instructor, code: str) -> list[Participant]:
    return list(db.session.scalars(
        select(Participant).join(Seminar, Seminar.id == Participant.seminar_id)
        .where(Participant.resume_code == code, Seminar.owner_id == instructor.id)))


def link_codes(instructor: Instructor, keep: str, replace: str) -> int:
    """Give every seat with the personal code ``replace`` (in the instructor's own sessions)
    the code ``keep``; returns how many seats changed."""
    keep, replace = normalize_code(keep), normalize_code(replace)
    if len(keep) != RESUME_CODE_LENGTH or len(replace) != RESUME_CODE_LENGTH:
        raise FeedbackError(gettext("A personal code has %(n)d characters.",
                                    n=RESUME_CODE_LENGTH))
    if keep == replace:
        raise FeedbackError(gettext("The two codes are the same: nothing to link."))
    kept, changed = _seats(instructor, keep), _seats(instructor, replace)
    if not kept or not changed:
        raise FeedbackError(gettext("No seat in your sessions has that personal code."), 404)
    if {p.seminar_id for p in kept} & {p.seminar_id for p in changed}:
        raise FeedbackError(gettext("Both codes have a seat in the same session: those are "
                                    "two seats of one session, not one student in two."))
    for seat in changed:
        seat.resume_code = keep
    db.session.flush()
    return len(changed)
