"""Where the class stands on a discussion question's scale, and who moved.

A student's stance is the latest one given (a revised answer, or the answer after the
discussion in a live round 2). Where a student gave a stance twice or more, the first and the
latest are compared: before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Participant, Question, Response, Seminar


@dataclass
class Shift:
    participant: Participant
    before: int
    after: int

    @property
    def moved(self) -> int:
        return self.after - self.before


@dataclass
class StanceView:
    points: int
    left: str
    right: str
    latest: dict[int, int] = field(default_factory=dict)  # participant id -> latest stance
    without: int = 0  # answers that gave no stance
    shifts: list[Shift] = field(default_factory=list)

    def counts(self, values: list[int]) -> list[int]:
        """How many of ``values`` fall on each point of the scale, 1..points."""
        return [sum(1 for v in values if v == n) for n in range(1, self.points + 1)]

    @property
    def now(self) -> list[int]:
        return self.counts(list(self.latest.values()))

    @property
    def before(self) -> list[int]:
        return self.counts([s.before for s in self.shifts])

    @property
    def after(self) -> list[int]:
        return self.counts([s.after for s in self.shifts])

    @property
    def toward_right(self) -> int:
        return sum(1 for s in self.shifts if s.moved > 0)

    @property
    def toward_left(self) -> int:
        return sum(1 for s in self.shifts if s.moved < 0)

    @property
    def stayed(self) -> int:
        return sum(1 for s in self.shifts if s.moved == 0)


def stance_view(seminar: Seminar, question: Question) -> StanceView | None:
    """The stance distribution of a discussion question with a scale; None without one.
    Two queries: the answers (with their people), and every version of them."""
    scale = question.current_revision.stance if question.current_revision else None
    if question.kind != "discussion" or not scale:
        return None
    view = StanceView(int(scale["points"]), str(scale["left"]), str(scale["right"]))
    rows = db.session.scalars(
        select(Response).options(selectinload(Response.revisions),
                                 selectinload(Response.participant))
        .where(Response.seminar_id == seminar.id, Response.question_id == question.id)
        .order_by(Response.participant_id, Response.round))
    given: dict[int, list[int]] = {}
    people: dict[int, Participant] = {}
    for response in rows:
        people[response.participant_id] = response.participant
        mine = given.setdefault(response.participant_id, [])
        # Every version in order; a response stored without versions counts with its own.
        versions = [v.stance for v in response.revisions] or [response.stance]
        mine += [v for v in versions if v is not None and 1 <= v <= view.points]
    for pid, stances in given.items():
        if not stances:
            view.without += 1
            continue
        view.latest[pid] = stances[-1]
        if len(stances) > 1:
            view.shifts.append(Shift(people[pid], stances[0], stances[-1]))
    view.shifts.sort(key=lambda s: (-abs(s.moved), s.participant.display_name.lower()))
    return view

