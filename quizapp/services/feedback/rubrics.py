"""The course's marking scales and the one a session marks with."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, or_, select

from ...extensions import db
from ...models import Course, Rubric, RubricLevel, Seminar, SeminarRubric
from .errors import FeedbackError, gettext

MAX_LEVELS = 9  # one digit key per level in quick marking
MAX_TITLE = 200
MAX_LABEL = 120
MAX_DESCRIPTOR = 1000


@dataclass(frozen=True)
class LevelSpec:
    score: int
    label: str
    descriptor: str = ""


def parse_levels(text: str) -> list[LevelSpec]:
    """Levels written one a line as ``score | label | descriptor`` (descriptor optional)."""
    levels = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|", 2)]
        if len(parts) < 2 or not parts[1]:
            raise FeedbackError(gettext(
                "Line %(n)d: write a level as “score | label | descriptor”.", n=number))
        try:
            score = int(parts[0])
        except ValueError:
            raise FeedbackError(gettext("Line %(n)d: the score must be a whole number.",
                                        n=number)) from None
        levels.append(LevelSpec(score, parts[1], parts[2] if len(parts) > 2 else ""))
    return levels


def create_rubric(title: str, levels: list[LevelSpec], course: Course | None = None) -> Rubric:
    """A new rubric of ``course`` (default: the first course); levels keep the order given
    (the marking keys 1, 2, ...)."""
    title = " ".join(title.split())
    if not title:
        raise FeedbackError(gettext("Give the rubric a title."))
    if len(title) > MAX_TITLE:
        raise FeedbackError(gettext("Keep the title to %(n)d characters.", n=MAX_TITLE))
    if not 2 <= len(levels) <= MAX_LEVELS:
        raise FeedbackError(gettext("A rubric has between 2 and %(n)d levels.", n=MAX_LEVELS))
    if len({level.score for level in levels}) != len(levels):
        raise FeedbackError(gettext("Two levels have the same score."))
    for level in levels:
        if not level.label or len(level.label) > MAX_LABEL:
            raise FeedbackError(gettext("Each level needs a label of at most %(n)d characters.",
                                        n=MAX_LABEL))
        if len(level.descriptor) > MAX_DESCRIPTOR or not -1000 <= level.score <= 1000:
            raise FeedbackError(gettext("A level's descriptor or score is too long."))
    course_id = course.id if course is not None else \
        db.session.scalar(select(Course.id).order_by(Course.id).limit(1))
    rubric = Rubric(course_id=course_id, title=title, levels=[
        RubricLevel(position=i, score=level.score, label=level.label,
                    descriptor=level.descriptor) for i, level in enumerate(levels)])
    db.session.add(rubric)
    db.session.flush()
    return rubric


def course_rubrics(course: Course) -> list[Rubric]:
    """The course's rubrics (and any made before courses had them), by title."""
    return list(db.session.scalars(select(Rubric).where(or_(
        Rubric.course_id == course.id, Rubric.course_id.is_(None)))
        .order_by(Rubric.title, Rubric.id)))


def seminar_rubric(seminar: Seminar) -> Rubric | None:
    return db.session.scalar(select(Rubric).join(
        SeminarRubric, SeminarRubric.rubric_id == Rubric.id).where(
        SeminarRubric.seminar_id == seminar.id))


def set_seminar_rubric(seminar: Seminar, rubric_id: int | None) -> Rubric | None:
    """Choose the session's rubric (None: comments only). Marks already given stay."""
    rubric = None
    if rubric_id is not None:
        rubric = db.session.get(Rubric, rubric_id)
        if rubric is None or rubric.course_id not in (None, seminar.course_id):
            raise FeedbackError(gettext("There is no such rubric."), 404)
    db.session.execute(delete(SeminarRubric).where(SeminarRubric.seminar_id == seminar.id))
    if rubric is not None:
        db.session.add(SeminarRubric(seminar_id=seminar.id, rubric_id=rubric.id))
    db.session.flush()
    return rubric
