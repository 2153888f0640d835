"""Who may do what with feedback: assistants draft, co-teachers (and the owner) release.

The roles are the session's sharing roles (`classroom.seminars.role_of`).
"""

from __future__ import annotations

from ...models import Instructor, Seminar
from ..classroom.seminars import role_of

OWNER = "owner"
# Roles that may release feedback; an assistant drafts only.
RELEASING_ROLES = frozenset({"coteacher"})


def feedback_role(instructor: Instructor, seminar: Seminar) -> str | None:
    """``owner``, ``coteacher``, ``assistant``, or None (no access)."""
    return role_of(instructor, seminar)


def can_draft(instructor: Instructor, seminar: Seminar) -> bool:
    return feedback_role(instructor, seminar) is not None


def can_release(instructor: Instructor, seminar: Seminar) -> bool:
    role = feedback_role(instructor, seminar)
    return role == OWNER or role in RELEASING_ROLES
