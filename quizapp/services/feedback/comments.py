"""Writing feedback on a discussion answer: a comment and, with the session's rubric, a mark.

One draft per answer at a time: saving again edits the draft. Released feedback is never
changed; writing after a release starts a new draft, released separately.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Feedback, Instructor, Response, ResponseRevision, Seminar, utcnow
from .errors import FeedbackError, gettext
from .roles import can_draft
from .rubrics import seminar_rubric

MAX_COMMENT_LENGTH = 4000


def answer_in_seminar(seminar: Seminar, response_id: int) -> Response:
    """The discussion answer ``response_id`` of this session, or a 404 error."""
    response = db.session.get(Response, response_id)
    if response is None or response.seminar_id != seminar.id:
        raise FeedbackError(gettext("There is no such answer in this session."), 404)
    if response.kind != "discussion":
        raise FeedbackError(gettext("Feedback is written on discussion answers only."))
    return response


def current_version(response: Response) -> int:
    """The number of the answer's latest version (1 before any revision)."""
    return db.session.scalar(select(func.max(ResponseRevision.number)).where(
        ResponseRevision.response_id == response.id)) or 1


def draft_for(response: Response) -> Feedback | None:
    return db.session.scalar(select(Feedback).where(
        Feedback.response_id == response.id, Feedback.released_at.is_(None))
        .order_by(Feedback.id.desc()).limit(1))


def save_feedback(seminar: Seminar, author: Instructor, response_id: int, body: str,
                  level_id: int | None) -> Feedback:
    """Create or edit the draft on this answer; the comment is stored as written."""
    if not can_draft(author, seminar):
        raise FeedbackError(gettext("You cannot write feedback in this session."), 403)
    response = answer_in_seminar(seminar, response_id)
    body = body or ""
    if len(body) > MAX_COMMENT_LENGTH:
        raise FeedbackError(gettext("Keep a comment to %(n)d characters or fewer.",
                                    n=MAX_COMMENT_LENGTH))
    if level_id is not None:
        rubric = seminar_rubric(seminar)
        if rubric is None or level_id not in {level.id for level in rubric.levels}:
            raise FeedbackError(gettext("That mark is not on this session's scale."))
    if not body.strip() and level_id is None:
        raise FeedbackError(gettext("Write a comment or choose a mark."))
    now = utcnow()
    # A draft follows the answer until it is released: it is about the version it was saved on.
    version = current_version(response)
    feedback = draft_for(response)
    if feedback is None:
        feedback = Feedback(seminar_id=seminar.id, response_id=response.id, created_at=now)
        db.session.add(feedback)
    feedback.revision_number = version
    feedback.author_id = author.id
    feedback.body = body
    feedback.level_id = level_id
    feedback.updated_at = now
    db.session.flush()
    return feedback


def delete_draft(seminar: Seminar, author: Instructor, response_id: int) -> None:
    if not can_draft(author, seminar):
        raise FeedbackError(gettext("You cannot write feedback in this session."), 403)
    draft = draft_for(answer_in_seminar(seminar, response_id))
    if draft is None:
        # The answer exists: nothing to delete is a bad request, not a missing page.
        raise FeedbackError(gettext("There is no draft on this answer."))
    db.session.delete(draft)
    db.session.flush()


def feedback_by_response(seminar: Seminar, response_ids: Iterable[int] | None = None
                         ) -> dict[int, list[Feedback]]:
    """Every feedback of the session (or of these answers), oldest first, per answer."""
    stmt = (select(Feedback).options(joinedload(Feedback.level), joinedload(Feedback.author))
            .where(Feedback.seminar_id == seminar.id).order_by(Feedback.id))
    if response_ids is not None:
        ids = list(response_ids)
        if not ids:
            return {}
        stmt = stmt.where(Feedback.response_id.in_(ids))
    grouped: dict[int, list[Feedback]] = {}
    for feedback in db.session.scalars(stmt):
        grouped.setdefault(feedback.response_id, []).append(feedback)
    return grouped
