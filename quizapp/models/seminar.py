"""A seminar session: what the class joins with a code, and its live state."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


def utcnow() -> datetime:
    """Naive UTC, stored the same way by SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


class Seminar(db.Model):
    __tablename__ = "seminars"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # The course whose readings the session uses (its vocabulary, timeline, perspectives).
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("instructors.id"), index=True)
    pacing: Mapped[str] = mapped_column(String(16), default="self")  # "self" | "instructor"
    is_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Live mode: everything the students' screens follow is here, so any worker can serve it.
    projector_token: Mapped[str] = mapped_column(String(64))
    show_names: Mapped[bool] = mapped_column(default=False)
    # The projector's language ("en", "es"); None: the projector's browser decides.
    projector_language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    live_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id"), nullable=True
    )
    live_phase: Mapped[str] = mapped_column(String(16), default="idle")
    live_round: Mapped[int] = mapped_column(default=1)
    live_deadline: Mapped[datetime | None] = mapped_column(nullable=True)
    live_version: Mapped[int] = mapped_column(default=1)
    # Archived: off the dashboard's main list, still reviewable and exportable.
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True)

    owner = relationship("Instructor")
    course = relationship("Course")
    readings = relationship(
        "Reading", secondary="seminar_readings", order_by="SeminarReading.position",
        viewonly=True,
    )

    def bump_live_version(self) -> None:
        self.live_version = (self.live_version or 0) + 1


class SeminarReading(db.Model):
    __tablename__ = "seminar_readings"

    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"), primary_key=True)
    reading_id: Mapped[int] = mapped_column(ForeignKey("readings.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


SHARE_ROLES = ("coteacher", "assistant")


class SeminarShare(db.Model):
    """Another instructor who may work on a seminar they do not own, in a role:
    co-teacher (everything but deleting or sharing it) or assistant (review and own notes;
    no opening or closing, no live or projector settings)."""

    __tablename__ = "seminar_shares"
    __table_args__ = (UniqueConstraint("seminar_id", "instructor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"), index=True)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("instructors.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="coteacher",
                                      server_default="coteacher")
