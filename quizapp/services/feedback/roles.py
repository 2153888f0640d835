"""Who may do what with feedback: assistants draft, co-teachers (and the owner) release.

The one place that reads the sharing role. Today a share has no role: every instructor a
session is shared with may draft, only the owner may release. When shares get roles (the
real-rooms issue), a share whose ``role`` is a co-teacher's may release as well.
"""

from __future__ import annotations

from sqlalchemy import select

from ...extensions import db
from ...models import Instructor, Seminar, SeminarShare

OWNER = "owner"
# Role names a share may carry that allow releasing; anything else drafts only.
RELEASING_ROLES = frozenset({"co-teacher", "coteacher", "co_teacher", "teacher"})


def feedback_role(instructor: Instructor, seminar: Seminar) -> str | None:
    """``owner``, the share's role (``shared`` while shares have none), or None."""
    if seminar.owner_id == instructor.id:
        return OWNER
    share = db.session.scalar(select(SeminarShare).where(
        SeminarShare.seminar_id == seminar.id, SeminarShare.instructor_id == instructor.id))
    if share is None:
        return None
    return str(getattr(share, "role", None) or "shared")


def can_draft(instructor: Instructor, seminar: Seminar) -> bool:
    return feedback_role(instructor, seminar) is not None


def can_release(instructor: Instructor, seminar: Seminar) -> bool:
    role = feedback_role(instructor, seminar)
    return role == OWNER or role in RELEASING_ROLES
