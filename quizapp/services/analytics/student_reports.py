"""The printable student report: score per reading, misconceptions, discussion, notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Instructor, Note, Participant, Question, Response, Seminar
from ..classroom.participants import participants_of
from ..classroom.progress import ReadingProgress, seminar_progress
from ..review.notes import notes_for
from . import misconceptions as mis
from .analysis import mc_questions


@dataclass
class HeldMisconception:
    tag: str
    label: str
    description: str
    questions: list[Question]


@dataclass
class StudentReport:
    participant: Participant
    progress: list[ReadingProgress]
    misconceptions: list[HeldMisconception] = field(default_factory=list)
    discussion: list[Response] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    # Totals: figures.score(report.progress) and figures.answered(report.progress).


def student_reports(seminar: Seminar, participant_id: int | None = None, *,
                    viewer: Instructor | None = None) -> list[StudentReport]:
    """Reports for every student (or one), in a fixed number of queries."""
    people = participants_of(seminar)
    if participant_id is not None:
        people = [p for p in people if p.id == participant_id]
    if not people:
        return []
    ids = [p.id for p in people]
    progress = seminar_progress(seminar, ids)
    questions = mc_questions([r.id for r in seminar.readings])
    held = mis.per_student(seminar.id, questions)
    vocab = mis.vocabulary(seminar.course_id)
    stmt = (select(Response).join(Question, Question.id == Response.question_id)
            .options(joinedload(Response.question), joinedload(Response.revision))
            .where(Response.seminar_id == seminar.id, Response.kind == "discussion")
            .order_by(Response.participant_id, Question.reading_id, Question.position,
                      Response.round))
    if participant_id is not None:
        stmt = stmt.where(Response.participant_id == participant_id)
    discussion: dict[int, list[Response]] = {}
    for response in db.session.scalars(stmt):
        discussion.setdefault(response.participant_id, []).append(response)
    notes: dict[int, list[Note]] = {}
    for note in notes_for(seminar, viewer=viewer):
        if note.participant_id is not None:
            notes.setdefault(note.participant_id, []).append(note)
    reports = []
    for person in people:
        tags = held.get(person.id, {})
        found = [HeldMisconception(tag, vocab.get(tag, {}).get("label", tag),
                                   vocab.get(tag, {}).get("description", ""), qs)
                 for tag, qs in tags.items()]
        found.sort(key=lambda m: (-len(m.questions), m.label.lower()))
        reports.append(StudentReport(
            person, progress[person.id], found, discussion.get(person.id, []),
            sorted(notes.get(person.id, []), key=lambda n: (n.created_at, n.id))))
    return reports
