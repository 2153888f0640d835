"""The gradebook: per student, for one session or across every session of the course.

Students are matched across sessions by their seat's personal code (``student_key``), never
by display name; seats merged by the instructor (classroom.seats) are one seat already.
Figures are those of ``review.figures``: a check counts once, by its first answer (round 1);
score = right first answers / checks answered (``figures.Share``, its one rounding).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Feedback, Participant, Response, RubricLevel, Seminar
from ..review.figures import Share


def student_key(participant: Participant) -> str:
    """Who a seat belongs to across sessions: its personal code. The one place to change when
    seats are merged by the instructor (a merged seat would map to its survivor's key)."""
    return participant.resume_code


@dataclass
class GradeRow:
    key: str
    names: list[str] = field(default_factory=list)
    sessions: set[str] = field(default_factory=set)  # seminar codes attended
    checks_answered: int = 0
    checks_right: int = 0
    discussion_answers: int = 0
    marks_given: int = 0
    marks_total: int = 0
    marks_possible: int = 0
    released_marks_total: int = 0

    @property
    def name(self) -> str:
        return " / ".join(self.names)

    @property
    def sessions_attended(self) -> int:
        return len(self.sessions)

    @property
    def score_percent(self) -> int | None:
        return Share(self.checks_right, self.checks_answered).percent

    @property
    def marks_percent(self) -> int | None:
        return Share(self.marks_total, self.marks_possible).percent


def gradebook(seminar_list: Sequence[Seminar]) -> list[GradeRow]:
    """One row per student over these sessions, by name. Four grouped queries."""
    ids = [s.id for s in seminar_list]
    if not ids:
        return []
    codes = {s.id: s.code for s in seminar_list}
    rows: dict[str, GradeRow] = {}
    key_of: dict[int, str] = {}
    for p in db.session.scalars(select(Participant).where(Participant.seminar_id.in_(ids))
                                .order_by(Participant.joined_at, Participant.id)):
        key = key_of[p.id] = student_key(p)
        row = rows.setdefault(key, GradeRow(key))
        if p.display_name not in row.names:
            row.names.append(p.display_name)
        row.sessions.add(codes[p.seminar_id])
    right = func.sum(case((Response.correct.is_(True), 1), else_=0))
    for pid, kind, n, n_right in db.session.execute(
            select(Response.participant_id, Response.kind, func.count(), right)
            .where(Response.seminar_id.in_(ids), Response.round == 1)
            .group_by(Response.participant_id, Response.kind)):
        row = rows[key_of[pid]]
        if kind == "mc":
            row.checks_answered += n
            row.checks_right += int(n_right or 0)
        else:
            row.discussion_answers += n
    # The newest mark on each answer counts (a later draft or release replaces an earlier).
    newest: dict[int, Feedback] = {}
    for feedback in db.session.scalars(
            select(Feedback).options(joinedload(Feedback.response),
                                     joinedload(Feedback.level).joinedload(RubricLevel.rubric))
            .where(Feedback.seminar_id.in_(ids), Feedback.level_id.is_not(None))
            .order_by(Feedback.id)):
        newest[feedback.response_id] = feedback
    for feedback in newest.values():
        level = feedback.level
        assert level is not None
        row = rows[key_of[feedback.response.participant_id]]
        row.marks_given += 1
        row.marks_total += level.score
        row.marks_possible += level.rubric.max_score
        if feedback.released_at is not None:
            row.released_marks_total += level.score
    return sorted(rows.values(), key=lambda r: (r.name.casefold(), r.key))
