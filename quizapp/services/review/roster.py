"""The review page's view of a class: one page of students at a time, and the whole class at a
glance per reading.

A class of 2,000 students made the review page a 1.4 MB table that took a second to build. The
page now shows a page of students (their progress looked up by participant) and a summary per
reading counted by the database, so its cost no longer grows with the class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select

from ...extensions import db
from ...models import Participant, Question, Reading, Response, Seminar, SeminarReading, SummaryRead
from ..classroom.participants import name_key
from ..classroom.progress import FEW_PARTICIPANTS, question_totals
from ..classroom.seats import real_student
from .paging import Page, check_page_number
from .responses import QuestionStats

# One page of the student table. No more than progress.FEW_PARTICIPANTS, so that the page's
# progress is looked up by participant rather than aggregated over the whole seminar.
STUDENTS_PER_PAGE = FEW_PARTICIPANTS


@dataclass
class StudentPage(Page[Participant]):
    class_size: int = 0  # real students in the seminar (seats.real_student), whatever the search
    find: str = ""
    seats: int = 0  # every seat listed (real students and empty seats), whatever the search


def student_page(seminar: Seminar, number: int = 1, find: str | None = None,
                 size: int | None = None) -> StudentPage:
    """Students in joining order, a page at a time, optionally those whose name contains
    ``find`` (compared as names are for uniqueness: case and spacing folded). Two queries."""
    size = size or STUDENTS_PER_PAGE
    find = (find or "").strip()
    # Seats merged into another are left out; the class size counts real students only
    # (seats.real_student: with an answer, a summary read, or just arrived).
    where = [Participant.seminar_id == seminar.id, Participant.merged_into_id.is_(None)]
    matches = Participant.name_key.contains(name_key(find), autoescape=True) if find else None
    # The class size and the number of matches in one statement.
    matching = func.count() if matches is None else func.sum(case((matches, 1), else_=0))
    class_size, total, seats = db.session.execute(
        select(func.sum(case((real_student(), 1), else_=0)), matching, func.count())
        .select_from(Participant).where(*where)).one()
    class_size, total, seats = int(class_size or 0), int(total or 0), int(seats or 0)
    check_page_number(number, total, size)
    if matches is not None:
        where.append(matches)
    people = list(db.session.scalars(
        select(Participant).where(*where).order_by(Participant.joined_at, Participant.id)
        .limit(size).offset((number - 1) * size)))
    return StudentPage(people, number, size, total, class_size=class_size, find=find,
                       seats=seats)


@dataclass
class ReadingSummary:
    """The class on one reading: how many read, answered and got right, counted by SQL."""

    reading: Reading
    students: int
    summary_read: int = 0
    mc_questions: int = 0
    mc_answers: int = 0
    mc_correct: int = 0
    discussion_questions: int = 0
    discussion_answers: int = 0

    @property
    def mc_possible(self) -> int:
        return self.students * self.mc_questions

    # Shares and percentages: figures.class_read, class_answered, class_score.


def class_summary(seminar: Seminar, class_size: int,
                  stats: Sequence[QuestionStats]) -> list[ReadingSummary]:
    """Per reading: summaries read, check answers and share right (from the per-question
    counts the page already has), discussion answers. Three grouped queries."""
    totals = question_totals(seminar)
    reads = dict(db.session.execute(
        select(SummaryRead.reading_id, func.count())
        .join(Participant, Participant.id == SummaryRead.participant_id)
        .where(Participant.seminar_id == seminar.id).group_by(SummaryRead.reading_id)).all())
    # Through the discussion questions' ids: both planners then read only discussion answers
    # (grouping by question let SQLite walk the seminar's 100,000 check answers in order).
    discussion_ids = (select(Question.id)
                      .join(SeminarReading, SeminarReading.reading_id == Question.reading_id)
                      .where(SeminarReading.seminar_id == seminar.id,
                             Question.kind == "discussion", Question.retired.is_(False)))
    discussed = dict(db.session.execute(
        select(Question.reading_id, func.count()).select_from(Response)
        .join(Question, Question.id == Response.question_id)
        .where(Response.seminar_id == seminar.id, Response.question_id.in_(discussion_ids))
        .group_by(Question.reading_id)).all())
    out = {r.id: ReadingSummary(
        r, class_size, summary_read=int(reads.get(r.id, 0)),
        mc_questions=totals.get((r.id, "mc"), 0),
        discussion_questions=totals.get((r.id, "discussion"), 0),
        discussion_answers=int(discussed.get(r.id, 0))) for r in seminar.readings}
    for s in stats:
        summary = out.get(s.question.reading_id)
        if summary is not None:
            summary.mc_answers += s.responses
            summary.mc_correct += s.correct
    return list(out.values())
