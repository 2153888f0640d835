"""Item analysis for a session, or for one reading across sessions: the pages' data.

A fixed number of queries whatever the number of students: the questions with their current
wording, the course, the answer patterns of each check, the count of each distinct answer and
the students holding each misconception (all grouped by the database).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Course, Instructor, Question, Reading, Response, Seminar, SeminarReading
from ..classroom.seminars import seminars_for
from . import misconceptions as mis
from .item_stats import (
    SMALL_CLASS,
    CheckStats,
    ItemStats,
    SectionStats,
    analyse_patterns,
    load_check_patterns,
    section_rollup,
)


@dataclass
class QuestionReport:
    question: Question
    item: ItemStats
    distractors: mis.Distractors

    @property
    def section(self) -> str | None:
        rev = self.question.current_revision
        return rev.section if rev else None


@dataclass
class SectionReport:
    id: str
    heading: str
    stats: SectionStats
    questions: list[Question]


@dataclass
class CheckReport:
    reading: Reading
    stats: CheckStats
    questions: list[QuestionReport]
    sections: list[SectionReport]

    @property
    def most_missed(self) -> SectionReport | None:
        scored = [s for s in self.sections if s.stats.missed_share is not None]
        return max(scored, key=lambda s: s.stats.missed_share or 0.0, default=None)


@dataclass
class Analysis:
    seminar_ids: list[int]
    checks: list[CheckReport]
    misconceptions: list[mis.Misconception]
    small_class: int = SMALL_CLASS
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def students(self) -> int:
        return max((c.stats.n for c in self.checks), default=0)


def _sections(reading: Reading, reports: list[QuestionReport],
              stats: list[SectionStats]) -> list[SectionReport]:
    headings = {s["id"]: s["heading"] for s in reading.sections}
    by_id = {s.section: s for s in stats}
    out = []
    # Reading order first; questions whose section is missing from the summary come last.
    for key in [*headings, *(k for k in by_id if k not in headings)]:
        if key not in by_id:
            continue
        qs = [r.question for r in reports if (r.section or "") == key]
        out.append(SectionReport(key, headings.get(key, "Not tied to a summary section"),
                                 by_id[key], qs))
    return out


def analyse(seminar_ids: Sequence[int], readings: Sequence[Reading],
            questions: Sequence[Question], round_: int = 1) -> Analysis:
    """Statistics for the checks of ``readings`` over the students of ``seminar_ids``.

    Three grouped queries whatever the class size: the answer patterns of each check, the
    count of each distinct answer (distractors and the answers behind misconceptions) and
    the students holding each misconception.
    """
    checks_of = {r.id: [q for q in questions if q.reading_id == r.id] for r in readings}
    checks_of = {rid: mine for rid, mine in checks_of.items() if mine}
    patterns = load_check_patterns(seminar_ids, checks_of, round_)
    counts = mis.choice_counts(seminar_ids, [q.id for q in questions], round_)
    choices = mis.distractors(questions, counts)
    checks = []
    for reading in readings:
        mine = checks_of.get(reading.id)
        if not mine:
            continue
        local = patterns.get(reading.id, [])
        stats = analyse_patterns(local, len(mine))
        reports = [QuestionReport(q, stats.items[i], choices[q.id])
                   for i, q in enumerate(mine)]
        groups: dict[str, list[int]] = {}
        for i, r in enumerate(reports):
            groups.setdefault(r.section or "", []).append(i)
        rolled = section_rollup(local, list(groups.items()))
        checks.append(CheckReport(reading, stats, reports, _sections(reading, reports, rolled)))
    return Analysis(list(seminar_ids), checks,
                    mis.ranking(seminar_ids, questions, counts, round_))


def mc_questions(reading_ids: Sequence[int]) -> list[Question]:
    """Live multiple-choice questions of these readings, in the given reading order."""
    if not reading_ids:
        return []
    order = {rid: i for i, rid in enumerate(reading_ids)}
    # Revisions in the same query, held by the questions: a bare identity-map load is
    # weakly referenced, so it may be gone by the time the page reads the choices.
    found = db.session.scalars(select(Question).options(
        joinedload(Question.current_revision)).where(
        Question.reading_id.in_(list(reading_ids)), Question.kind == "mc",
        Question.retired.is_(False)))
    return sorted(found, key=lambda q: (order[q.reading_id], q.position, q.id))


def session_analysis(seminar: Seminar) -> Analysis:
    readings = list(seminar.readings)
    return analyse([seminar.id], readings, mc_questions([r.id for r in readings]))


def sessions_with_reading(seminars: Sequence[Seminar], reading: Reading) -> list[Seminar]:
    """Those of ``seminars`` that include the reading: one query."""
    ids = [s.id for s in seminars]
    if not ids:
        return []
    having = set(db.session.scalars(select(SeminarReading.seminar_id).where(
        SeminarReading.reading_id == reading.id, SeminarReading.seminar_id.in_(ids))))
    return [s for s in seminars if s.id in having]


def reading_analysis(seminars: Sequence[Seminar], reading: Reading) -> Analysis:
    """One reading's check over every given session (students pooled), plus per session."""
    analysis = analyse([s.id for s in seminars], [reading], mc_questions([reading.id]))
    analysis.extras["per_session"] = facility_by_session(
        [s.id for s in seminars], [r.question.id for c in analysis.checks for r in c.questions])
    return analysis


def reading_analysis_for(instructor: Instructor, slug: str, course: str | None = None
                         ) -> tuple[Reading, list[Seminar], Analysis] | None:
    """A reading pooled over the sessions this instructor may see; None for no such reading.
    Slugs name readings within a course: ``course`` (a course slug) says which; without it,
    the reading of a course the instructor has sessions of comes first."""
    mine = seminars_for(instructor)
    query = select(Reading).where(Reading.slug == slug).order_by(Reading.course_id)
    if course:
        query = query.join(Course, Course.id == Reading.course_id).where(Course.slug == course)
    candidates = list(db.session.scalars(query))
    courses = {s.course_id for s in mine}
    reading = next((r for r in candidates if r.course_id in courses),
                   candidates[0] if candidates else None)
    if reading is None:
        return None
    sessions = sessions_with_reading(mine, reading)
    return reading, sessions, reading_analysis(sessions, reading)


def facility_by_session(seminar_ids: Sequence[int], question_ids: Sequence[int]
                        ) -> dict[tuple[int, int], tuple[int, int]]:
    """(seminar, question) -> (answered, right), first round: one grouped query.

    Per session this is the share right among those who answered; the pooled table above it
    uses Moodle's facility (unanswered counts as 0).
    """
    if not seminar_ids or not question_ids:
        return {}
    right = func.sum(case((Response.correct.is_(True), 1), else_=0))
    rows = db.session.execute(
        select(Response.seminar_id, Response.question_id, func.count(), right)
        .where(Response.seminar_id.in_(list(seminar_ids)), Response.kind == "mc",
               Response.round == 1, Response.question_id.in_(list(question_ids)))
        .group_by(Response.seminar_id, Response.question_id))
    return {(s, q): (int(n), int(r or 0)) for s, q, n, r in rows}
