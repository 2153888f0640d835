"""Who may do what with feedback: assistants draft, co-teachers (and the owner) release.

The one place that decides it, from the share's role (``classroom.seminars.role_of``):
every instructor who works on the session (owner, co-teacher, assistant) may draft; the
owner and co-teachers release and choose the session's rubric.
"""

from __future__ import annotations

from ...models import Instructor, Seminar
from ..classroom.seminars import role_of

RELEASING_ROLES = frozenset({"owner", "coteacher"})


def feedback_role(instructor: Instructor, seminar: Seminar) -> str | None:
    """``owner``, ``coteacher``, ``assistant``, or None (no access)."""
    return role_of(instructor, seminar)


def can_draft(instructor: Instructor, seminar: Seminar) -> bool:
    return feedback_role(instructor, seminar) is not None


def can_release(instructor: Instructor, seminar: Seminar) -> bool:
    return feedback_role(instructor, seminar) in RELEASING_ROLES
