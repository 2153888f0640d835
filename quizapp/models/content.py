"""Course content as loaded from questions/: readings, questions and their revisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .seminar import utcnow


class Reading(db.Model):
    __tablename__ = "readings"
    # A slug names a reading within its course: two courses may both have "week-1".
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    original_title: Mapped[str] = mapped_column(String(300), default="")
    publication: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(200))
    date_text: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    # summary sections, key points and key terms, as validated by quizapp.content.schema
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    retired: Mapped[bool] = mapped_column(default=False)
    # Written in the browser and not yet valid: shown to instructors, never used in a session.
    draft: Mapped[bool] = mapped_column(default=False, server_default=false())

    questions: Mapped[list[Question]] = relationship(
        back_populates="reading", order_by="Question.position"
    )
    course: Mapped[Course] = relationship()

    @property
    def sections(self) -> list[dict[str, Any]]:
        return self.body.get("summary", [])

    @property
    def key_points(self) -> list[str]:
        return self.body.get("key_points", [])

    @property
    def key_terms(self) -> list[dict[str, Any]]:
        return self.body.get("key_terms", [])

    def section_heading(self, anchor: str | None) -> str:
        for section in self.sections:
            if section["id"] == anchor:
                return section["heading"]
        return ""


class Question(db.Model):
    """A question's stable identity; its wording lives in revisions."""

    __tablename__ = "questions"
    # Keys are unique within a course (the checks see to it); the database guards a reading.
    __table_args__ = (UniqueConstraint("reading_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))  # the stable id from the file
    reading_id: Mapped[int] = mapped_column(ForeignKey("readings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "mc" or "discussion"
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)  # gone from the file; answers kept
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_revisions.id", use_alter=True), nullable=True
    )

    reading: Mapped[Reading] = relationship(back_populates="questions")
    current_revision: Mapped[QuestionRevision | None] = relationship(
        foreign_keys=[current_revision_id], post_update=True
    )


class QuestionRevision(db.Model):
    """One version of a question's text, choices and explanation. Answers point here."""

    __tablename__ = "question_revisions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    number: Mapped[int]
    prompt: Mapped[str] = mapped_column(Text)
    # mc: {multiple, section, explanation, choices:[{id,text,correct,feedback,misconception}]}
    # discussion: {section, stance}
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))

    question: Mapped[Question] = relationship(foreign_keys=[question_id])

    @property
    def choices(self) -> list[dict[str, Any]]:
        return self.data.get("choices", [])

    @property
    def multiple(self) -> bool:
        return bool(self.data.get("multiple"))

    @property
    def correct_ids(self) -> set[str]:
        return {c["id"] for c in self.choices if c.get("correct")}

    @property
    def section(self) -> str | None:
        return self.data.get("section")

    @property
    def explanation(self) -> str:
        return self.data.get("explanation", "")

    @property
    def stance(self) -> dict[str, Any] | None:
        return self.data.get("stance")

    def choice(self, choice_id: str) -> dict[str, Any] | None:
        return next((c for c in self.choices if c["id"] == choice_id), None)


class ReadingVersion(db.Model):
    """One save of a reading (browser, upload, file load or restore): the whole reading as a
    document in the content format, who saved it and when. The history, and what optimistic
    concurrency compares: a form carries the number of the version it was loaded from."""

    __tablename__ = "reading_versions"
    __table_args__ = (UniqueConstraint("reading_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reading_id: Mapped[int] = mapped_column(ForeignKey("readings.id"), index=True)
    number: Mapped[int]
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(16))  # browser, upload, file, restore
    author_id: Mapped[int | None] = mapped_column(ForeignKey("instructors.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Saved with errors: kept as the editor's text, not applied to what students see.
    draft: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(200), default="")

    author = relationship("Instructor")


class Course(db.Model):
    """A course: its readings, and what _course.yaml holds (title, misconception vocabulary,
    timeline, perspectives) in ``data``. The first course is the one shipped in questions/;
    it has no owner and every instructor may work on it. Others belong to their owner and
    the co-teachers they share it with (CourseShare)."""

    __tablename__ = "course"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("instructors.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The course file's fields were last saved in the browser: a file load that differs
    # is then a conflict, never a silent overwrite.
    edited_in_browser: Mapped[bool] = mapped_column(default=False, server_default=false())

    owner = relationship("Instructor")

    @property
    def misconceptions(self) -> dict[str, dict[str, str]]:
        return {m["tag"]: m for m in self.data.get("misconceptions", [])}


class CourseShare(db.Model):
    """Another instructor who co-teaches a course: they edit its readings and vocabulary and
    make sessions of it; only the owner shares it."""

    __tablename__ = "course_shares"
    __table_args__ = (UniqueConstraint("course_id", "instructor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("instructors.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="coteacher")
