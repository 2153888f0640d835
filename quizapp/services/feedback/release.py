"""Releasing feedback (per question or per session) and what a student then sees."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import (
    Feedback,
    Instructor,
    Participant,
    Question,
    Response,
    ResponseRevision,
    Seminar,
    utcnow,
)
from .errors import FeedbackError, gettext
from .roles import can_release


def _scope(seminar: Seminar, question: Question | None) -> list:
    where = [Feedback.seminar_id == seminar.id, Feedback.released_at.is_(None)]
    if question is not None:
        where.append(Feedback.response_id.in_(select(Response.id).where(
            Response.seminar_id == seminar.id, Response.question_id == question.id)))
    return where


def held_count(seminar: Seminar, question: Question | None = None) -> int:
    """How many feedback drafts wait for a release (in the session, or on one question)."""
    return db.session.scalar(select(func.count()).select_from(Feedback).where(
        *_scope(seminar, question))) or 0


def release(seminar: Seminar, releaser: Instructor, question: Question | None = None) -> int:
    """Release every held feedback of the session or of one question; returns how many.

    Releasing when nothing is held (a second click, a reload) is an error, not a no-op,
    so the page can say so.
    """
    if not can_release(releaser, seminar):
        raise FeedbackError(gettext("Only the owner or a co-teacher can release feedback."), 403)
    count = held_count(seminar, question)
    if not count:
        raise FeedbackError(gettext("There is no held feedback to release: it is all "
                                    "released already."))
    db.session.execute(update(Feedback).where(*_scope(seminar, question)).values(
        released_at=utcnow(), released_by_id=releaser.id).execution_options(
        synchronize_session=False))
    db.session.flush()
    return count


def release_one(seminar: Seminar, releaser: Instructor, feedback_id: int) -> Feedback:
    if not can_release(releaser, seminar):
        raise FeedbackError(gettext("Only the owner or a co-teacher can release feedback."), 403)
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None or feedback.seminar_id != seminar.id:
        raise FeedbackError(gettext("There is no such feedback in this session."), 404)
    if feedback.released_at is not None:
        raise FeedbackError(gettext("This feedback is released already."))
    feedback.released_at = utcnow()
    feedback.released_by_id = releaser.id
    db.session.flush()
    return feedback


@dataclass
class StudentFeedback:
    """Released feedback as its student reads it."""

    feedback: Feedback
    answer_version: int  # the version of the answer today

    @property
    def on_earlier_version(self) -> bool:
        return self.feedback.revision_number < self.answer_version


def released_for(participant: Participant) -> dict[int, list[StudentFeedback]]:
    """The released feedback on this student's answers, per answer. Nothing else."""
    rows = db.session.scalars(
        select(Feedback).options(joinedload(Feedback.level), joinedload(Feedback.response))
        .join(Response, Response.id == Feedback.response_id)
        .where(Response.participant_id == participant.id,
               Feedback.seminar_id == participant.seminar_id,
               Feedback.released_at.is_not(None))
        .order_by(Feedback.released_at, Feedback.id))
    out: dict[int, list[StudentFeedback]] = {}
    items = list(rows)
    if not items:
        return out
    # Every answer's latest version in one grouped query, not one per answer.
    versions = {rid: n for rid, n in db.session.execute(
        select(ResponseRevision.response_id, func.max(ResponseRevision.number))
        .where(ResponseRevision.response_id.in_(sorted({f.response_id for f in items})))
        .group_by(ResponseRevision.response_id))}
    for feedback in items:
        rid = feedback.response_id
        out.setdefault(rid, []).append(StudentFeedback(feedback, versions.get(rid, 1)))
    return out


def released_count(participant: Participant) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Feedback)
        .join(Response, Response.id == Feedback.response_id)
        .where(Response.participant_id == participant.id,
               Feedback.seminar_id == participant.seminar_id,
               Feedback.released_at.is_not(None))) or 0
