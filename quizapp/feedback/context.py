"""Template helpers that shared pages (review, question, student, the student's own pages)
call to show feedback, so their views need no change: one query per page, cached in g."""

from __future__ import annotations

from typing import Any

from flask import Flask, g

from ..models import Feedback, Participant, Seminar
from ..services.feedback import comments, release


def _instructor_feedback(seminar: Seminar) -> dict[int, list[Feedback]]:
    cache = g.setdefault("_feedback_by_response", {})
    if seminar.id not in cache:
        cache[seminar.id] = comments.feedback_by_response(seminar)
    return cache[seminar.id]


def _student_feedback(participant: Participant) -> dict[int, list[release.StudentFeedback]]:
    cache = g.setdefault("_student_feedback", {})
    if participant.id not in cache:
        cache[participant.id] = release.released_for(participant)
    return cache[participant.id]


def init_feedback_templates(app: Flask) -> None:
    @app.context_processor
    def _helpers() -> dict[str, Any]:
        return {"feedback_for_instructor": _instructor_feedback,
                "feedback_for_student": _student_feedback}
