"""Instructor accounts."""

from __future__ import annotations

import secrets
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from ...extensions import db
from ...models import Instructor

MIN_PASSWORD_LENGTH = 10
FIRST_INSTRUCTOR = "instructor"


class AccountError(ValueError):
    pass


def create_instructor(username: str, password: str) -> Instructor:
    username = username.strip()
    if not username or len(username) > 80:
        raise AccountError("username must be 1 to 80 characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if find_instructor(username) is not None:
        raise AccountError(f"an instructor named {username!r} already exists")
    instructor = Instructor(username=username)
    instructor.set_password(password)
    db.session.add(instructor)
    db.session.flush()
    return instructor


def set_password(instructor: Instructor, password: str) -> None:
    """A new password, and every device logged in with the old one is logged out (the login
    cookie carries the session token this rotates; the caller logs the current one back in)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > 200:
        raise AccountError("password must be at most 200 characters")
    instructor.set_password(password)
    instructor.rotate_session_token()
    db.session.flush()


def set_timezone(instructor: Instructor, name: str | None) -> None:
    """The zone the instructor's dates are shown in (an IANA name), or None: the
    installation's (QUIZAPP_TIMEZONE)."""
    name = (name or "").strip() or None
    if name is not None:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise AccountError(f"unknown time zone {name!r}") from exc
    instructor.timezone = name


def find_instructor(username: str) -> Instructor | None:
    return db.session.scalar(select(Instructor).where(Instructor.username == username.strip()))


def authenticate(username: str, password: str) -> Instructor | None:
    instructor = find_instructor(username)
    if instructor is None:
        # Same cost as a real check, so response time does not reveal which names exist.
        Instructor(password_hash="").set_password(password)
        return None
    return instructor if instructor.check_password(password) else None


def ensure_first_instructor() -> tuple[str, str] | None:
    """Create an instructor with a generated password when there is none; return it once."""
    if db.session.scalar(select(func.count()).select_from(Instructor)):
        return None
    password = secrets.token_urlsafe(12)
    create_instructor(FIRST_INSTRUCTOR, password)
    return FIRST_INSTRUCTOR, password
