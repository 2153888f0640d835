"""Set-up done in the benchmark's own process, before the servers start: the course, an
instructor, the seminars, and the review seminar's stored responses inserted in bulk."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select

BENCH_INSTRUCTOR = "bench-instructor"
BENCH_PASSWORD = "bench password, loopback only"  # noqa: S105 - a throwaway local account
BATCH = 5000


@dataclass
class World:
    """What the scenarios need to know about the database they run against."""

    burst_code: str
    live_code: str
    review_code: str
    reading_slug: str
    review_responses: int
    review_students: int
    extras: dict[str, Any] = field(default_factory=dict)


def _app(db_url: str, secret: str):
    from quizapp import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": secret,
                       "RATELIMIT_ENABLED": False})


def build(db_url: str, secret: str, review_responses: int, seed: int = 1) -> World:
    """Migrate, load questions/, create the instructor, the seminars and the review data."""
    from quizapp.extensions import db
    from quizapp.services.accounts import instructors
    from quizapp.services.classroom import seminars
    from quizapp.services.installation.setup import initialize

    app = _app(db_url, secret)
    with app.app_context():
        initialize(load=True)
        teacher = instructors.create_instructor(BENCH_INSTRUCTOR, BENCH_PASSWORD)
        burst = seminars.create_seminar(teacher, "Bench: answer burst")
        live = seminars.create_seminar(teacher, "Bench: live polling", pacing="instructor")
        review = seminars.create_seminar(teacher, "Bench: instructor review")
        db.session.commit()
        slug = burst.readings[0].slug
        students = _fill_review(review, review_responses, random.Random(seed))
        world = World(burst.code, live.code, review.code, slug, review_responses, students)
        db.session.remove()
        db.engine.dispose()
    return world


def _fill_review(seminar: Any, total: int, rng: random.Random) -> int:
    """``total`` stored responses: every student answers every check question; one student in
    ten also answers a discussion question (with two revisions). Returns the student count."""
    from quizapp.extensions import db
    from quizapp.models import Participant, Response, ResponseRevision, utcnow
    from quizapp.services.classroom import seminars

    questions = seminars.seminar_questions(seminar)
    mc = [q for q in questions if q.kind == "mc"]
    discussion = [q for q in questions if q.kind == "discussion"]
    per_student = len(mc) + 0.1
    students = max(1, round(total / per_student))
    now = utcnow()
    db.session.execute(insert(Participant), [
        {"seminar_id": seminar.id, "display_name": f"Reviewed Student {i:05d}",
         "name_key": f"reviewed student {i:05d}", "resume_code": f"{i:06d}", "joined_at": now}
        for i in range(students)])
    ids = list(db.session.scalars(select(Participant.id).where(
        Participant.seminar_id == seminar.id).order_by(Participant.id)))
    rows: list[dict[str, Any]] = []
    written = 0

    def flush() -> None:
        nonlocal written
        if rows:
            db.session.execute(insert(Response), rows)
            written += len(rows)
            rows.clear()

    for n, pid in enumerate(ids):
        for q in mc:
            if written + len(rows) >= total:
                break
            rev = q.current_revision
            right = rng.random() < 0.65
            pool = [c["id"] for c in rev.choices if bool(c.get("correct")) == right]
            answer = rng.choice(pool or [c["id"] for c in rev.choices])
            rows.append(_row(seminar.id, pid, q, answer, answer in rev.correct_ids, now))
        if n % 10 == 0 and discussion and written + len(rows) < total:
            q = discussion[n % len(discussion)]
            rows.append(_row(seminar.id, pid, q, f"Student {n} argues the point.", None, now))
        if len(rows) >= BATCH:
            flush()
    flush()
    response_ids = list(db.session.scalars(select(Response.id).where(
        Response.seminar_id == seminar.id, Response.kind == "discussion")))
    if response_ids:
        db.session.execute(insert(ResponseRevision), [
            {"response_id": rid, "number": number, "text": "A first and a second thought.",
             "created_at": now} for rid in response_ids for number in (1, 2)])
    db.session.commit()
    # A bulk load is followed by ANALYZE (PostgreSQL's advice; what autovacuum would do a few
    # minutes later in a class that answered this much): the review is measured on a
    # database whose planner knows the rows, as it would in use.
    from quizapp.database import refresh_statistics

    refresh_statistics()
    db.session.commit()
    return students


def _row(seminar_id: int, pid: int, q: Any, answer: str, correct: bool | None,
         now: Any) -> dict[str, Any]:
    return {"seminar_id": seminar_id, "participant_id": pid, "question_id": q.id,
            "revision_id": q.current_revision_id, "kind": q.kind, "round": 1,
            "answer": answer, "correct": correct, "stance": None, "created_at": now,
            "updated_at": now, "spotlighted": False, "call_on": False}


def count_answers(db_url: str, secret: str, code: str, question_key: str | None = None
                  ) -> int:
    """Stored responses in a seminar (to one question when given): the 'lost' check."""
    from quizapp.extensions import db
    from quizapp.models import Question, Response, Seminar

    app = _app(db_url, secret)
    with app.app_context():
        stmt = (select(func.count(Response.id)).join(Seminar, Seminar.id == Response.seminar_id)
                .where(Seminar.code == code))
        if question_key:
            stmt = stmt.join(Question, Question.id == Response.question_id).where(
                Question.key == question_key)
        n = db.session.scalar(stmt) or 0
        db.session.remove()
        db.engine.dispose()
    return int(n)


def first_check_key(db_url: str, secret: str, slug: str) -> str:
    from quizapp.extensions import db
    from quizapp.models import Question, Reading

    app = _app(db_url, secret)
    with app.app_context():
        key = db.session.scalar(
            select(Question.key).join(Reading, Reading.id == Question.reading_id)
            .where(Reading.slug == slug, Question.kind == "mc", Question.retired.is_(False))
            .order_by(Question.position).limit(1))
        db.session.remove()
        db.engine.dispose()
    assert key is not None
    return key

