"""Who may use each route. Every view declares it; the access-matrix test reads it.

Levels:
  public      anyone
  student     a participant of the seminar named in the URL (signed-cookie identity)
  instructor  any logged-in instructor
  owner       an instructor who owns the seminar in the URL, or with whom it is shared
              (in any role: co-teacher or assistant): reviewing, and one's own notes
  coteacher   the seminar's owner or a co-teacher: running it (open/close, live control,
              projector settings, seats); not an assistant
  session_owner  the seminar's owner alone: sharing it (and deleting it)
  token       whoever holds the seminar's secret projector link
  course      an instructor who may work on the course in the URL: its owner or a co-teacher
              (the shipped course, which has no owner, is every instructor's)
  course_owner  the course's owner alone: sharing it
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)

LEVELS = ("public", "student", "instructor", "owner", "coteacher", "session_owner", "token",
          "course", "course_owner")


def access(level: str) -> Callable[[F], F]:
    if level not in LEVELS:
        raise ValueError(f"unknown access level {level!r}")

    def mark(view: F) -> F:
        view.access_level = level  # type: ignore[attr-defined]
        return view

    return mark


def access_level(view: Callable) -> str | None:
    while view is not None:
        level = getattr(view, "access_level", None)
        if level:
            return level
        view = getattr(view, "__wrapped__", None)  # type: ignore[assignment]
    return None
