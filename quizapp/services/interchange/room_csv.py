"""The room's questions as CSV: one row per question, hidden ones included (issue 18)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...models import Seminar
from ..roomq.asking import instructor_questions

ROOM_COLUMNS = ["session_code", "room_question_id", "student", "reading", "question",
                "asked_at", "votes", "hidden", "answered", "pinned"]


def room_rows(seminar: Seminar) -> Iterator[list[Any]]:
    for row in instructor_questions(seminar, "time"):
        q = row.question
        yield [seminar.code, q.id, row.author, q.reading.slug if q.reading else "", q.body,
               q.created_at.isoformat(timespec="seconds") + "Z", row.votes, q.hidden,
               q.answered, q.pinned]
