"""Seeding answers for the analytics tests, through the real services (no mocks)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Question, Reading
from quizapp.services.classroom import answers, participants, seminars

READING = "milei-first-year"


def reading_questions(app: Flask, slug: str = READING, kind: str = "mc") -> list[dict[str, Any]]:
    """The reading's live questions with their right and wrong choice ids."""
    with app.app_context():
        reading = db.session.scalar(select(Reading).where(Reading.slug == slug))
        out = []
        for q in reading.questions:
            if q.kind != kind or q.retired:
                continue
            rev = q.current_revision
            out.append({
                "id": q.id, "key": q.key, "section": rev.section, "multiple": rev.multiple,
                "heading": reading.section_heading(rev.section), "prompt": rev.prompt,
                "right": sorted(rev.correct_ids),
                "wrong": [c["id"] for c in rev.choices if not c.get("correct")],
                "tags": {c["id"]: c.get("misconception") for c in rev.choices},
            })
        return out


def seed(app: Flask, code: str, students: dict[str, dict[str, Any]]) -> dict[str, int]:
    """students: name -> {question key: list of choice ids | discussion text}. Returns ids."""
    ids = {}
    with app.app_context():
        seminar = seminars.find_seminar(code)
        by_key = {q.key: q for q in db.session.scalars(select(Question))}
        for name, given in students.items():
            person = participants.join(seminar, name)
            for key, answer in given.items():
                question = by_key[key]
                if question.kind == "mc":
                    answers.submit_mc(person, question, list(answer))
                else:
                    answers.submit_discussion(person, question, answer)
            ids[name] = person.id
        db.session.commit()
    return ids


def right(q: dict[str, Any]) -> list[str]:
    return list(q["right"])


def wrong(q: dict[str, Any], n: int = 0) -> list[str]:
    return [q["wrong"][n]]


def build_world(app: Flask, make_seminar: Any) -> dict[str, Any]:
    """Four students on the first three checks of one reading, plus one discussion answer.

        student  q1        q2        q3
        Ana      right     right     right
        Bo       right     wrong a   wrong a
        Cy       wrong a   right     -
        Di       wrong b   -         -
    (wrong a/b = the first/second wrong choice). Facility: q1 2/4, q2 2/4, q3 1/4, others 0/4.
    """
    code = make_seminar("Week 1", readings=[READING])
    qs = reading_questions(app)
    disc = reading_questions(app, kind="discussion")
    q1, q2, q3 = qs[:3]
    ids = seed(app, code, {
        "Ana": {q1["key"]: right(q1), q2["key"]: right(q2), q3["key"]: right(q3),
                disc[0]["key"]: "Alignment is a choice, not a necessity."},
        "Bo": {q1["key"]: right(q1), q2["key"]: wrong(q2), q3["key"]: wrong(q3)},
        "Cy": {q1["key"]: wrong(q1), q2["key"]: right(q2)},
        "Di": {q1["key"]: wrong(q1, 1)},
    })
    holders: dict[str, set[str]] = {}
    for name, q, n in [("Bo", q2, 0), ("Bo", q3, 0), ("Cy", q1, 0), ("Di", q1, 1)]:
        holders.setdefault(q["tags"][q["wrong"][n]], set()).add(name)
    # The same answers as a score matrix (columns: the reading's ten checks).
    matrix = [[1, 1, 1] + [0] * 7, [1, 0, 0] + [0] * 7, [0, 1, 0] + [0] * 7, [0] * 10]
    return {"code": code, "qs": qs, "disc": disc, "ids": ids, "holders": holders,
            "matrix": matrix}
