"""How far a student has got: per reading, summary read, checks answered and score."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from ...database import insert_ignore
from ...extensions import db
from ...models import (
    Participant,
    Question,
    Reading,
    Response,
    Seminar,
    SeminarReading,
    SummaryRead,
    utcnow,
)

FEW_PARTICIPANTS = 50


@dataclass
class ReadingProgress:
    reading: Reading
    summary_read: bool = False
    mc_total: int = 0
    mc_answered: int = 0
    mc_correct: int = 0
    discussion_total: int = 0
    discussion_answered: int = 0

    @property
    def complete(self) -> bool:
        return (self.summary_read and self.mc_answered >= self.mc_total
                and self.discussion_answered >= self.discussion_total)


def question_totals(seminar: Seminar) -> dict[tuple[int, str], int]:
    """Live questions per (reading, kind): counted by the database, on every home page."""
    rows = db.session.execute(
        select(Question.reading_id, Question.kind, func.count())
        .join(SeminarReading, SeminarReading.reading_id == Question.reading_id)
        .where(SeminarReading.seminar_id == seminar.id, Question.retired.is_(False))
        .group_by(Question.reading_id, Question.kind))
    return {(reading_id, kind): n for reading_id, kind, n in rows}


def seminar_progress(seminar: Seminar, participant_ids: list[int] | None = None
                     ) -> dict[int, list[ReadingProgress]]:
    """Progress of every participant (or those given), in a fixed number of queries."""
    readings = list(seminar.readings)
    totals = question_totals(seminar)
    answered = (
        select(Response.participant_id, Question.reading_id, Response.kind,
               func.count(Response.id),
               func.sum(case((Response.correct.is_(True), 1), else_=0)))
        .join(Question, Question.id == Response.question_id)
        .where(Response.round == 1, Question.retired.is_(False))
        .group_by(Response.participant_id, Question.reading_id, Response.kind))
    reads = select(SummaryRead.participant_id, SummaryRead.reading_id)
    if participant_ids is not None and len(participant_ids) <= FEW_PARTICIPANTS:
        # A home page: look the few students up by participant only. A participant belongs
        # to one seminar, so a seminar filter adds nothing, and on SQLite it can steer the
        # planner into reading the whole seminar's answers (650 ms at 100,000 responses).
        answered = answered.where(Response.participant_id.in_(participant_ids))
        reads = reads.where(SummaryRead.participant_id.in_(participant_ids))
    else:
        # Many students (the review page): one pass over the seminar, not a huge IN list.
        answered = answered.where(Response.seminar_id == seminar.id)
        reads = reads.join(Participant, Participant.id == SummaryRead.participant_id).where(
            Participant.seminar_id == seminar.id)
    counts: dict[tuple[int, int, str], tuple[int, int]] = {
        (pid, rid, kind): (n, int(correct or 0))
        for pid, rid, kind, n, correct in db.session.execute(answered)}
    read_pairs = {(pid, rid) for pid, rid in db.session.execute(reads)}
    ids = participant_ids if participant_ids is not None else sorted(
        {pid for pid, _, _ in counts} | {pid for pid, _ in read_pairs})
    result: dict[int, list[ReadingProgress]] = {}
    for pid in ids:
        rows = []
        for reading in readings:
            mc = counts.get((pid, reading.id, "mc"), (0, 0))
            disc = counts.get((pid, reading.id, "discussion"), (0, 0))
            rows.append(ReadingProgress(
                reading=reading, summary_read=(pid, reading.id) in read_pairs,
                mc_total=totals.get((reading.id, "mc"), 0), mc_answered=mc[0],
                mc_correct=mc[1], discussion_total=totals.get((reading.id, "discussion"), 0),
                discussion_answered=disc[0]))
        result[pid] = rows
    return result


def participant_progress(participant: Participant) -> list[ReadingProgress]:
    return seminar_progress(participant.seminar, [participant.id])[participant.id]


def mark_summary_read(participant: Participant, reading: Reading) -> None:
    db.session.execute(insert_ignore(SummaryRead, {
        "participant_id": participant.id, "reading_id": reading.id, "read_at": utcnow(),
    }, ["participant_id", "reading_id"]))


def has_read(participant: Participant, reading: Reading) -> bool:
    return db.session.scalar(select(SummaryRead.id).where(
        SummaryRead.participant_id == participant.id,
        SummaryRead.reading_id == reading.id)) is not None
