"""What students submit (responses and their revisions) and what instructors write (notes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .content import Question, QuestionRevision
from .people import Instructor, Participant
from .seminar import utcnow

# The partial index's condition. Queries that want the index use MC_ANSWER below: kind = 'mc'
# written as a constant, so both planners can match it (a bound parameter's value may be
# unknown when PostgreSQL plans a prepared statement).
MC_ONLY = "kind = 'mc'"


class Response(db.Model):
    """A student's answer to one question in one round.

    Unique per (participant, question, round): the database, not the view, guarantees that an
    answer sent twice is stored once. Round 2 is the peer-instruction revote.
    """

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("participant_id", "question_id", "round"),
        Index("ix_responses_seminar_question", "seminar_id", "question_id", "round"),
        # Migration 0002. Counts and answer patterns read this index alone; multiple choice
        # only, because discussion texts are too long for a PostgreSQL index entry. ``kind``
        # is constant in it, but SQLite counts the index as covering only if it holds it.
        Index("ix_responses_mc_answers", "seminar_id", "kind", "round", "question_id",
              "answer", "correct", "participant_id", sqlite_where=text(MC_ONLY),
              postgresql_where=text(MC_ONLY)),
        # The newest discussion answers a page at a time; the CSV export in order, unsorted.
        Index("ix_responses_seminar_kind_updated", "seminar_id", "kind", "updated_at", "id"),
        Index("ix_responses_seminar_created", "seminar_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("question_revisions.id"))
    kind: Mapped[str] = mapped_column(String(16))  # "mc" | "discussion"
    round: Mapped[int] = mapped_column(default=1)
    # mc: chosen choice ids joined by "|" (sorted); discussion: the latest text
    answer: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool | None] = mapped_column(nullable=True)
    stance: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    spotlighted: Mapped[bool] = mapped_column(default=False)
    call_on: Mapped[bool] = mapped_column(default=False)

    participant: Mapped[Participant] = relationship()
    question: Mapped[Question] = relationship()
    revision: Mapped[QuestionRevision] = relationship()
    revisions: Mapped[list[ResponseRevision]] = relationship(
        back_populates="response", order_by="ResponseRevision.number"
    )

    @property
    def choice_ids(self) -> list[str]:
        return self.answer.split("|") if self.kind == "mc" and self.answer else []


MC_ANSWER = Response.kind == literal_column("'mc'")


class ResponseRevision(db.Model):
    """Every version of a discussion answer, the first one included."""

    __tablename__ = "response_revisions"
    __table_args__ = (UniqueConstraint("response_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    stance: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    response: Mapped[Response] = relationship(back_populates="revisions")


class SummaryRead(db.Model):
    __tablename__ = "summary_reads"
    __table_args__ = (UniqueConstraint("participant_id", "reading_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    reading_id: Mapped[int] = mapped_column(ForeignKey("readings.id"))
    read_at: Mapped[datetime] = mapped_column(default=utcnow)


NOTE_KINDS = ("response", "student", "question", "session", "room_question")


class Note(db.Model):
    """An instructor's private note on a response, a student, a question, the session or a
    question from the room."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("instructors.id"))
    kind: Mapped[str] = mapped_column(String(16))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"), nullable=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True
    )
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id"), nullable=True)
    room_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("room_questions.id"), nullable=True)  # migration 0007
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Private to its author unless marked "visible to co-teachers" (those it is shared with).
    shared: Mapped[bool] = mapped_column(default=False, server_default=text("false"))

    author: Mapped[Instructor] = relationship()
    response: Mapped[Response | None] = relationship()
    participant: Mapped[Participant | None] = relationship()
    question: Mapped[Question | None] = relationship()


class ResponseHistory(db.Model):
    """An answer kept as history when two seats of one person were merged and both had
    answered the same question in the same round: the first answer stays in responses, the
    other is kept here, whole (its versions included), with the seat it came from."""

    __tablename__ = "response_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    from_participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    kept_response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("question_revisions.id"))
    kind: Mapped[str] = mapped_column(String(16))
    round: Mapped[int] = mapped_column(default=1)
    answer: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool | None] = mapped_column(nullable=True)
    stance: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Every version of a discussion answer: [{"number", "text", "stance", "created_at"}]
    versions: Mapped[list[dict]] = mapped_column(JSON, default=list)
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)


class ResponseRead(db.Model):
    """An instructor has read this (discussion) answer: the review page's "not yet read by
    me" filter. One row per instructor and answer; a revised answer counts as unread again
    when it changed after ``read_at``."""

    __tablename__ = "response_reads"
    __table_args__ = (UniqueConstraint("instructor_id", "response_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("instructors.id"))
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"),
                                             index=True)
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
