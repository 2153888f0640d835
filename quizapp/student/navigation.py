"""Where a student goes next: a link after every answer, so no page is a dead end.

Checks in order, then the reading's discussion questions, then the next reading of the session,
then the session home.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext

from ..models import Question, Reading, Seminar
from ..services.classroom import seminars


@dataclass(frozen=True)
class Step:
    url: str
    label: str


def _after_reading(seminar: Seminar, reading: Reading) -> Step:
    readings = list(seminar.readings)
    ids = [r.id for r in readings]
    at = ids.index(reading.id) if reading.id in ids else len(ids)
    if at + 1 < len(readings):
        following = readings[at + 1]
        return Step(url_for("student.reading", code=seminar.code, slug=following.slug),
                    gettext("Next reading: %(title)s", title=following.title))
    return Step(url_for("student.home", code=seminar.code),
                gettext("Back to the session's readings"))


def _discussion_step(seminar: Seminar, reading: Reading, question: Question) -> Step:
    return Step(url_for("student.discussion", code=seminar.code, slug=reading.slug,
                        key=question.key), gettext("Next: the discussion questions"))


def after_check(seminar: Seminar, reading: Reading, n: int, total: int) -> Step:
    """After check question n of total."""
    if n < total:
        return Step(url_for("student.check", code=seminar.code, slug=reading.slug, n=n + 1),
                    gettext("Next question"))
    talk = seminars.reading_questions(seminar, reading.slug, "discussion")
    if talk:
        return _discussion_step(seminar, reading, talk[0])
    return _after_reading(seminar, reading)


def after_discussion(seminar: Seminar, reading: Reading, question: Question,
                     talk: list[Question]) -> Step:
    """After one of the reading's discussion questions (``talk``, in order)."""
    keys = [q.key for q in talk]
    at = keys.index(question.key) if question.key in keys else len(keys)
    if at + 1 < len(talk):
        following = talk[at + 1]
        return Step(url_for("student.discussion", code=seminar.code, slug=reading.slug,
                            key=following.key), gettext("Next discussion question"))
    return _after_reading(seminar, reading)
