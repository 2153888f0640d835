"""The room's own text: students' questions with votes, and what goes on the room's screen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .content import Question, Reading
from .people import Participant
from .seminar import utcnow


class RoomQuestion(db.Model):
    """A question a student asks the room, about one reading or (reading None) the session.

    Never deleted by moderation: hiding keeps the row, so nothing a student wrote is lost.
    """

    __tablename__ = "room_questions"
    __table_args__ = (Index("ix_room_questions_seminar_created", "seminar_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    reading_id: Mapped[int | None] = mapped_column(ForeignKey("readings.id"), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden: Mapped[bool] = mapped_column(default=False)
    answered: Mapped[bool] = mapped_column(default=False)
    pinned: Mapped[bool] = mapped_column(default=False)

    participant: Mapped[Participant] = relationship()
    reading: Mapped[Reading | None] = relationship()


class RoomVote(db.Model):
    """One seat's upvote of one room question: the unique key makes a second vote a no-op."""

    __tablename__ = "room_votes"
    __table_args__ = (UniqueConstraint("room_question_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_question_id: Mapped[int] = mapped_column(ForeignKey("room_questions.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RoomScreen(db.Model):
    """What the room's screen (the projector link) shows outside live rounds; one per seminar.

    mode: "off", "question" (a room question), "wall" (a discussion question's answers) or
    "evidence" (its evidence map). ``version`` grows on every change, for the screen's poll.
    """

    __tablename__ = "room_screens"

    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16), default="off")
    room_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("room_questions.id"), nullable=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id"), nullable=True)
    wall_all: Mapped[bool] = mapped_column(default=False)  # False: approved answers only
    wall_stance: Mapped[int | None] = mapped_column(nullable=True)  # one point, or all
    wall_names: Mapped[bool] = mapped_column(default=False)  # anonymous by default
    version: Mapped[int] = mapped_column(default=1)

    room_question: Mapped[RoomQuestion | None] = relationship()
    question: Mapped[Question | None] = relationship()


class WallApproval(db.Model):
    """A discussion answer the instructor let onto the answer wall."""

    __tablename__ = "wall_approvals"
    __table_args__ = (UniqueConstraint("response_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"))
    approved_at: Mapped[datetime] = mapped_column(default=utcnow)
