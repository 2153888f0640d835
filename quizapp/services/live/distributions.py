"""Live-mode figures: one question's distribution per round, and what the second round changed.

Peer instruction: students vote (round 1), discuss with their neighbours, vote again (round 2).
The shift counts only students who voted in both rounds; the others are reported apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext
from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from ...extensions import db
from ...models import Question, Response, Seminar
from ..classroom.seminars import seminar_questions


@dataclass
class ChoiceShare:
    id: str
    text: str
    correct: bool
    count: int = 0
    feedback: str = ""


@dataclass
class Distribution:
    """Votes per choice in one round of one question (multiple answers count once per choice)."""

    choices: list[ChoiceShare]
    total: int = 0  # students who voted
    right: int = 0  # students whose vote was right

    @property
    def percent_right(self) -> int | None:
        return round(100 * self.right / self.total) if self.total else None


@dataclass
class Shift:
    """How the students who voted twice moved between round 1 and round 2."""

    wrong_to_right: int = 0
    right_to_wrong: int = 0
    stayed_right: int = 0
    stayed_wrong: int = 0
    only_first: int = 0  # voted in round 1 only
    only_second: int = 0  # voted in round 2 only

    @property
    def both(self) -> int:
        return self.wrong_to_right + self.right_to_wrong + self.stayed_right + self.stayed_wrong


@dataclass
class StanceDistribution:
    """Answers per point of a stance scale (index 0 = point 1 = the left label)."""

    counts: list[int]
    total: int = 0
    mean: float | None = None


@dataclass
class StanceShift:
    toward_left: int = 0  # a lower point after the discussion
    toward_right: int = 0
    same: int = 0

    @property
    def both(self) -> int:
        return self.toward_left + self.toward_right + self.same


@dataclass
class McComparison:
    question: Question
    before: Distribution
    after: Distribution
    shift: Shift
    kind: str = "mc"


@dataclass
class StanceComparison:
    question: Question
    scale: dict[str, Any]
    before: StanceDistribution
    after: StanceDistribution
    shift: StanceShift
    kind: str = "stance"
    labels: list[str] = field(default_factory=list)


def mc_distribution(seminar: Seminar, question: Question, round_: int = 1) -> Distribution:
    revision = question.current_revision
    choices = [ChoiceShare(c["id"], c["text"], bool(c.get("correct")), 0, c.get("feedback", ""))
               for c in (revision.choices if revision else [])]
    index = {c.id: c for c in choices}
    dist = Distribution(choices)
    rows = db.session.execute(
        select(Response.answer, Response.correct, func.count())
        .where(Response.seminar_id == seminar.id, Response.question_id == question.id,
               Response.round == round_, Response.kind == "mc")
        .group_by(Response.answer, Response.correct))
    for answer, correct, n in rows:
        dist.total += n
        dist.right += n if correct else 0
        for cid in answer.split("|"):
            if cid in index:
                index[cid].count += n
    return dist


def _paired(seminar: Seminar, question: Question, column: str) -> list[tuple[Any, Any, int]]:
    """(round-1 value, round-2 value, students) for everyone who answered both rounds."""
    first, second = aliased(Response), aliased(Response)
    return [tuple(row) for row in db.session.execute(
        select(getattr(first, column), getattr(second, column), func.count())
        .join(second, and_(second.participant_id == first.participant_id,
                           second.question_id == first.question_id, second.round == 2))
        .where(first.seminar_id == seminar.id, first.question_id == question.id,
               first.round == 1)
        .group_by(getattr(first, column), getattr(second, column)))]


def mc_shift(seminar: Seminar, question: Question, before: Distribution | None = None,
             after: Distribution | None = None) -> Shift:
    before = before or mc_distribution(seminar, question, 1)
    after = after or mc_distribution(seminar, question, 2)
    shift = Shift()
    for was, now, n in _paired(seminar, question, "correct"):
        if was and now:
            shift.stayed_right += n
        elif was:
            shift.right_to_wrong += n
        elif now:
            shift.wrong_to_right += n
        else:
            shift.stayed_wrong += n
    shift.only_first = before.total - shift.both
    shift.only_second = after.total - shift.both
    return shift


def stance_distribution(seminar: Seminar, question: Question, round_: int = 1
                        ) -> StanceDistribution:
    revision = question.current_revision
    points = int(revision.stance["points"]) if revision and revision.stance else 0
    dist = StanceDistribution([0] * points)
    rows = db.session.execute(
        select(Response.stance, func.count())
        .where(Response.seminar_id == seminar.id, Response.question_id == question.id,
               Response.round == round_, Response.stance.is_not(None))
        .group_by(Response.stance))
    weighted = 0
    for point, n in rows:
        if 1 <= point <= points:
            dist.counts[point - 1] += n
            dist.total += n
            weighted += point * n
    dist.mean = round(weighted / dist.total, 2) if dist.total else None
    return dist


def stance_shift(seminar: Seminar, question: Question) -> StanceShift:
    shift = StanceShift()
    for was, now, n in _paired(seminar, question, "stance"):
        if was is None or now is None:
            continue
        if now < was:
            shift.toward_left += n
        elif now > was:
            shift.toward_right += n
        else:
            shift.same += n
    return shift


def stance_labels(scale: dict[str, Any]) -> list[str]:
    points = int(scale["points"])
    return [f"{p} {scale['left']}" if p == 1 else f"{p} {scale['right']}" if p == points
            else str(p) for p in range(1, points + 1)]


def stance_point_labels(scale: dict[str, Any]) -> list[str]:
    """A full label for every point of a stance scale, so a phone can list them one under the
    other: '1 · prudent realism', '2 · closer to “prudent realism”', '3 · in between'..."""
    points, left, right = int(scale["points"]), scale["left"], scale["right"]
    middle = (points + 1) / 2
    labels = []
    for p in range(1, points + 1):
        if p == 1:
            words = left
        elif p == points:
            words = right
        elif p == middle:
            words = gettext("in between")
        else:
            words = gettext("closer to “%(side)s”", side=left if p < middle else right)
        labels.append(f"{p} · {words}")
    return labels


def comparison(seminar: Seminar, question: Question) -> McComparison | StanceComparison | None:
    """Round 1 against round 2 for one question, or None when it had no second round."""
    revision = question.current_revision
    if question.kind == "mc":
        before = mc_distribution(seminar, question, 1)
        after = mc_distribution(seminar, question, 2)
        return McComparison(question, before, after, mc_shift(seminar, question, before, after))
    if revision is None or not revision.stance:
        return None
    return StanceComparison(question, revision.stance,
                            stance_distribution(seminar, question, 1),
                            stance_distribution(seminar, question, 2),
                            stance_shift(seminar, question),
                            labels=stance_labels(revision.stance))


def comparisons(seminar: Seminar) -> list[McComparison | StanceComparison]:
    """Every question of the seminar that had a second round, in the seminar's order."""
    revoted = set(db.session.scalars(
        select(Response.question_id).where(Response.seminar_id == seminar.id,
                                           Response.round == 2).distinct()))
    out = []
    for question in seminar_questions(seminar):
        if question.id in revoted:
            found = comparison(seminar, question)
            if found is not None:
                out.append(found)
    return out
