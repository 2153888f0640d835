"""A session's life after it is made: duplicated for another class, archived when it is over
(off the dashboard, still reviewable and exportable), deleted only while nobody has joined."""

from __future__ import annotations

import secrets

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import Instructor, Note, Participant, Seminar, SeminarReading, SeminarShare, utcnow
from .codes import JOIN_CODE_LENGTH, new_code
from .seminars import SeminarError

MAX_TITLE = 200


def duplicate_seminar(seminar: Seminar, owner: Instructor, title: str | None = None) -> Seminar:
    """A new session with the same readings (in order) and settings, a new join code and
    projector link, no students and no answers; ``owner`` owns it."""
    title = " ".join((title or f"{seminar.title} (copy)").split())[:MAX_TITLE]
    readings = list(db.session.execute(
        select(SeminarReading.reading_id, SeminarReading.position)
        .where(SeminarReading.seminar_id == seminar.id)))
    for _attempt in range(10):
        copy = Seminar(code=new_code(JOIN_CODE_LENGTH), title=title, owner_id=owner.id,
                       course_id=seminar.course_id,
                       pacing=seminar.pacing, show_names=seminar.show_names,
                       projector_language=seminar.projector_language,
                       projector_token=secrets.token_urlsafe(24))
        try:
            with db.session.begin_nested():
                db.session.add(copy)
                db.session.flush()
        except IntegrityError:  # a code collision: try another
            continue
        for reading_id, position in readings:
            db.session.add(SeminarReading(seminar_id=copy.id, reading_id=reading_id,
                                          position=position))
        db.session.flush()
        return copy
    raise SeminarError("could not allocate a join code")


def set_archived(seminar: Seminar, archived: bool) -> None:
    """Archive (and close: an archived session takes no answers) or bring back."""
    if archived:
        seminar.archived_at = utcnow()
        if seminar.is_open:
            seminar.is_open, seminar.closed_at = False, utcnow()
            seminar.bump_live_version()
    else:
        seminar.archived_at = None


def is_empty(seminar: Seminar) -> bool:
    return not db.session.scalar(select(
        exists().where(Participant.seminar_id == seminar.id)
        | exists().where(Note.seminar_id == seminar.id)))


def delete_seminar(seminar: Seminar) -> None:
    """Delete a session nobody joined (no students, answers or notes); else SeminarError:
    a session with work in it is archived, never deleted."""
    if not is_empty(seminar):
        raise SeminarError("students have joined this session: archive it instead")
    db.session.execute(delete(SeminarReading).where(SeminarReading.seminar_id == seminar.id))
    db.session.execute(delete(SeminarShare).where(SeminarShare.seminar_id == seminar.id))
    db.session.delete(seminar)
    db.session.flush()
