"""Instructors (accounts with passwords) and participants (students in one seminar)."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .seminar import Seminar, utcnow


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Instructor(UserMixin, db.Model):
    __tablename__ = "instructors"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Part of the login cookie's identity: rotating it (at logout) makes old cookies useless.
    session_token: Mapped[str] = mapped_column(String(64), default=_new_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The zone their dates are shown in (an IANA name); None: the installation's QUIZAPP_TIMEZONE.
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)

    def set_password(self, password: str) -> None:
        method = (current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context()
                  else None) or "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def rotate_session_token(self) -> None:
        self.session_token = _new_token()


class Participant(db.Model):
    """A student in one seminar, known by a display name and a personal resume code."""

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("seminar_id", "name_key"),
        UniqueConstraint("seminar_id", "resume_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # case- and space-folded, for uniqueness
    resume_code: Mapped[str] = mapped_column(String(16))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the instructor merged this seat into another seat of the same person: the
    # seat stays (its cookie and personal code lead to the other), out of every list.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True)

    seminar: Mapped[Seminar] = relationship()
