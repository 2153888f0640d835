"""The analytics pages and downloads issue a fixed number of SQL statements, however many
students there are: counted with a before_cursor_execute event, before and after the class
grows from 2 to 30 students who answer everything."""

from __future__ import annotations

import random

from flask import Flask
from sqlalchemy import insert, select

from quizapp.extensions import db
from quizapp.models import (
    Instructor,
    Note,
    Participant,
    Response,
    ResponseRevision,
    SummaryRead,
    utcnow,
)
from quizapp.services.classroom import seminars
from support import counting_statements


def grow(app: Flask, code: str, first: int, count: int, seed: int) -> None:
    """Add students who answer every question (a random choice each), with notes."""
    rng = random.Random(seed)
    with app.app_context():
        seminar = seminars.find_seminar(code)
        author = db.session.scalar(select(Instructor))
        now = utcnow()
        db.session.execute(insert(Participant), [
            {"seminar_id": seminar.id, "display_name": f"Student {i}",
             "name_key": f"student {i}", "resume_code": f"R{i:05d}", "joined_at": now}
            for i in range(first, first + count)])
        people = [p for p in db.session.scalars(select(Participant).where(
            Participant.seminar_id == seminar.id)) if int(p.display_name.split()[1]) >= first]
        rows = []
        for p in people:
            for q in seminars.seminar_questions(seminar):
                rev = q.current_revision
                if q.kind == "mc":
                    # Everyone picks choice a on the first question, so a tag is always held.
                    pick = "a" if not rows else rng.choice([c["id"] for c in rev.choices])
                    answer, correct = pick, {pick} == rev.correct_ids
                else:
                    answer, correct = f"{p.display_name} thinks so", None
                rows.append({
                    "seminar_id": seminar.id, "participant_id": p.id, "question_id": q.id,
                    "revision_id": rev.id, "kind": q.kind, "round": 1, "answer": answer,
                    "correct": correct, "stance": None, "created_at": now, "updated_at": now,
                    "spotlighted": False, "call_on": False})
        db.session.execute(insert(Response), rows)
        db.session.execute(insert(SummaryRead), [
            {"participant_id": p.id, "reading_id": r.id, "read_at": now}
            for p in people for r in seminar.readings])
        mine = list(db.session.scalars(select(Response).where(
            Response.participant_id.in_([p.id for p in people]),
            Response.kind == "discussion")))
        db.session.execute(insert(ResponseRevision), [
            {"response_id": r.id, "number": 1, "text": r.answer, "created_at": now}
            for r in mine])
        db.session.execute(insert(Note), [
            {"seminar_id": seminar.id, "author_id": author.id, "kind": kind,
             "participant_id": p.id, "response_id": None, "question_id": None,
             "body": f"about {p.display_name}", "created_at": now, "updated_at": now}
            for p in people for kind in ("student",)])
        db.session.commit()


def first_tag(app: Flask, code: str) -> str:
    """The misconception of choice a on the seminar's first check question, if a is wrong."""
    with app.app_context():
        seminar = seminars.find_seminar(code)
        for q in seminars.seminar_questions(seminar, "mc"):
            choice = q.current_revision.choice("a")
            if choice and choice.get("misconception"):
                return choice["misconception"]
    raise AssertionError("no question has a wrong choice a")


def count_all(app: Flask, client, urls: list[str]) -> dict[str, int]:
    counts = {}
    for url in urls:
        warm = client.get(url)  # the first request may open a connection
        warm.get_data()
        assert warm.status_code == 200, url
        with counting_statements(app) as seen:
            response = client.get(url)
            response.get_data()  # downloads stream: count the statements of the whole body
        assert response.status_code == 200, url
        counts[url] = len(seen)
    return counts


def test_analytics_statement_counts_do_not_grow_with_the_class(app, teacher_client,
                                                               make_seminar):
    code = make_seminar("Counted")
    grow(app, code, 0, 2, seed=1)
    tag = first_tag(app, code)
    base = f"/instructor/sessions/{code}"
    with app.app_context():
        slug = seminars.find_seminar(code).readings[0].slug
    urls = [f"{base}/analysis", f"{base}/students", f"{base}/misconceptions/{tag}",
            f"/instructor/readings/{slug}/analysis", f"{base}/analysis.csv",
            f"{base}/students.csv", f"{base}/notes.csv", f"{base}/archive.json"]
    small = count_all(app, teacher_client, urls)
    grow(app, code, 2, 28, seed=2)
    large = count_all(app, teacher_client, urls)
    assert large == small
