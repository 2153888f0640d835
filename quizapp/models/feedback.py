"""Feedback that reaches the student: course rubrics, a session's rubric, and feedback on a
discussion answer (held until the instructor releases it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .people import Instructor
from .responses import Response
from .seminar import utcnow


class Rubric(db.Model):
    """A marking scale of the course, e.g. 0-3 missing / restates / argues / evidence."""

    __tablename__ = "rubrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"), nullable=True,
                                                  index=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    levels: Mapped[list[RubricLevel]] = relationship(
        back_populates="rubric", order_by="RubricLevel.position", cascade="all, delete-orphan")

    @property
    def max_score(self) -> int:
        return max((level.score for level in self.levels), default=0)


class RubricLevel(db.Model):
    __tablename__ = "rubric_levels"
    __table_args__ = (UniqueConstraint("rubric_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubrics.id"), index=True)
    position: Mapped[int]  # 0-based; the quick-marking key is position + 1
    score: Mapped[int]
    label: Mapped[str] = mapped_column(String(120))
    descriptor: Mapped[str] = mapped_column(Text, default="")

    rubric: Mapped[Rubric] = relationship(back_populates="levels")


class SeminarRubric(db.Model):
    """The rubric a session marks with; no row means no marks, comments only.

    A table of its own rather than a column on seminars: the seminars table is left alone.
    """

    __tablename__ = "seminar_rubrics"

    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"), primary_key=True)
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubrics.id"), index=True)

    rubric: Mapped[Rubric] = relationship()


class Feedback(db.Model):
    """A comment and an optional mark on one discussion answer, for its author to read.

    ``revision_number`` is the version of the answer it was written on: a later revision
    leaves it tied to that version. Hidden from the student until ``released_at``.
    """

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_seminar_released", "seminar_id", "released_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"))
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    revision_number: Mapped[int] = mapped_column(default=1)
    author_id: Mapped[int] = mapped_column(ForeignKey("instructors.id"))
    body: Mapped[str] = mapped_column(Text, default="")
    level_id: Mapped[int | None] = mapped_column(ForeignKey("rubric_levels.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(nullable=True)
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("instructors.id"),
                                                       nullable=True)

    response: Mapped[Response] = relationship()
    author: Mapped[Instructor] = relationship(foreign_keys=[author_id])
    level: Mapped[RubricLevel | None] = relationship()

    @property
    def released(self) -> bool:
        return self.released_at is not None
