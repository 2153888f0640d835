"""Creating, finding and opening/closing seminars, and who may see them."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import bindparam, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from ...extensions import db
from ...models import (
    Course,
    Instructor,
    Question,
    Reading,
    Seminar,
    SeminarReading,
    SeminarShare,
    utcnow,
)
from .codes import JOIN_CODE_LENGTH, new_code, normalize_code

PACINGS = ("self", "instructor")


class SeminarError(ValueError):
    pass


def active_readings(course: Course | None = None) -> list[Reading]:
    """The readings a new session of ``course`` (default: the first course) may use."""
    course = course or first_course()
    if course is None:
        return []
    return list(db.session.scalars(
        select(Reading).where(Reading.course_id == course.id, Reading.retired.is_(False),
                              Reading.draft.is_(False))
        .order_by(Reading.position, Reading.id)))


def first_course() -> Course | None:
    return db.session.scalar(select(Course).order_by(Course.id).limit(1))


def create_seminar(owner: Instructor, title: str, reading_slugs: Sequence[str] | None = None,
                   pacing: str = "self", course: Course | None = None) -> Seminar:
    """A new session of ``course`` (default: the first course) with some of its readings
    (default: all usable ones). Whether ``owner`` may use the course is the caller's check."""
    title = " ".join(title.split())
    if not title:
        raise SeminarError("a session needs a title")
    if pacing not in PACINGS:
        raise SeminarError(f"pacing must be one of {', '.join(PACINGS)}")
    course = course or first_course()
    if course is None:
        raise SeminarError("there are no readings to choose from: load questions/ first")
    available = {r.slug: r for r in active_readings(course)}
    if reading_slugs:
        unknown = [s for s in reading_slugs if s not in available]
        if unknown:
            raise SeminarError(f"unknown reading(s): {', '.join(unknown)}")
        chosen = [available[s] for s in dict.fromkeys(reading_slugs)]
    else:
        chosen = list(available.values())
    if not chosen:
        raise SeminarError("there are no readings to choose from: load questions/ first")
    for _attempt in range(10):
        seminar = Seminar(code=new_code(JOIN_CODE_LENGTH), title=title, owner_id=owner.id,
                          course_id=course.id,
                          pacing=pacing, projector_token=secrets.token_urlsafe(24))
        try:
            with db.session.begin_nested():
                db.session.add(seminar)
                db.session.flush()
        except IntegrityError:  # a code collision: astronomically rare, but try another
            continue
        for position, reading in enumerate(chosen):
            db.session.add(SeminarReading(seminar_id=seminar.id, reading_id=reading.id,
                                          position=position))
        db.session.flush()
        return seminar
    raise SeminarError("could not allocate a join code")


def find_seminar(code: str) -> Seminar | None:
    code = normalize_code(code)
    if not code:
        return None
    return db.session.scalar(select(Seminar).where(Seminar.code == code))


def set_open(seminar: Seminar, is_open: bool) -> None:
    seminar.is_open = is_open
    seminar.closed_at = None if is_open else utcnow()
    seminar.bump_live_version()


def role_of(instructor: Instructor, seminar: Seminar) -> str | None:
    """"owner", the share's role ("coteacher" or "assistant"), or None: no access."""
    if seminar.owner_id == instructor.id:
        return "owner"
    return db.session.scalar(select(SeminarShare.role).where(
        SeminarShare.seminar_id == seminar.id,
        SeminarShare.instructor_id == instructor.id))


def can_view(instructor: Instructor, seminar: Seminar) -> bool:
    return role_of(instructor, seminar) is not None


def seminars_for(instructor: Instructor, archived: bool | None = None) -> list[Seminar]:
    """The instructor's sessions (owned or shared): all, or only the archived (True) or the
    active (False) ones."""
    shared = select(SeminarShare.seminar_id).where(SeminarShare.instructor_id == instructor.id)
    stmt = select(Seminar).where(or_(Seminar.owner_id == instructor.id, Seminar.id.in_(shared)))
    if archived is not None:
        stmt = stmt.where(Seminar.archived_at.is_not(None) if archived
                          else Seminar.archived_at.is_(None))
    return list(db.session.scalars(
        stmt.order_by(Seminar.created_at.desc(), Seminar.id.desc())))


def share_seminar(seminar: Seminar, instructor: Instructor) -> None:
    if instructor.id != seminar.owner_id and not can_view(instructor, seminar):
        db.session.add(SeminarShare(seminar_id=seminar.id, instructor_id=instructor.id))
        db.session.flush()


def seminar_questions(seminar: Seminar, kind: str | None = None) -> list[Question]:
    """The seminar's live (non-retired) questions, in reading then question order.

    Their current revisions come in the same query: pages that show every question's wording
    must not issue one query per question.
    """
    stmt = (select(Question).join(SeminarReading,
                                  SeminarReading.reading_id == Question.reading_id)
            .options(joinedload(Question.current_revision))
            .where(SeminarReading.seminar_id == seminar.id, Question.retired.is_(False))
            .order_by(SeminarReading.position, Question.position))
    if kind:
        stmt = stmt.where(Question.kind == kind)
    return list(db.session.scalars(stmt))


# A reading's live questions of one kind, found through the seminar (so a reading outside it
# yields none), each with its reading and current revision. Built once: the check page runs it
# on every answer.
_READING_QUESTIONS = (
    select(Question)
    .join(Reading, Reading.id == Question.reading_id)
    .join(SeminarReading, SeminarReading.reading_id == Reading.id)
    .options(contains_eager(Question.reading).defer(Reading.body),
             joinedload(Question.current_revision))
    .where(SeminarReading.seminar_id == bindparam("seminar_id"),
           Reading.slug == bindparam("slug"), Question.kind == bindparam("kind"),
           Question.retired.is_(False))
    .order_by(Question.position))


def reading_questions(seminar: Seminar, slug: str, kind: str) -> list[Question]:
    """The questions of kind ``kind`` of the reading ``slug`` in this seminar, in order."""
    return list(db.session.scalars(_READING_QUESTIONS, {
        "seminar_id": seminar.id, "slug": slug, "kind": kind}))


_NTH_READING_QUESTION = (_READING_QUESTIONS.limit(1).offset(bindparam("skip")))


def reading_question(seminar: Seminar, slug: str, kind: str, n: int) -> Question | None:
    """The n-th (from 1) such question alone: an answer needs no other."""
    if n < 1:
        return None
    return db.session.scalar(_NTH_READING_QUESTION, {
        "seminar_id": seminar.id, "slug": slug, "kind": kind, "skip": n - 1})


def reading_in_seminar(seminar: Seminar, slug: str) -> Reading | None:
    return db.session.scalar(
        select(Reading).join(SeminarReading, SeminarReading.reading_id == Reading.id)
        .where(SeminarReading.seminar_id == seminar.id, Reading.slug == slug))
