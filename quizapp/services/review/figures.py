"""Every figure the pages and the exports show about a student, a question or the class,
defined once.

A student was "43% right" on the review page and "3 of 10 (30%)" in the student reports: two
denominators, neither labelled. Each figure is now one function here, with its definition
(shown in a tooltip and a footnote where the figure is shown); the review page, the student
pages, the analytics and the CSV downloads all call them.

Only first answers count (round 1): a second vote after a discussion is not a score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext

from ..classroom.progress import ReadingProgress
from .responses import QuestionStats
from .roster import ReadingSummary


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole``; no percentage when the whole is 0 (nothing to divide)."""

    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None

    @property
    def percent(self) -> int | None:
        # The one rounding every page and export uses.
        return None if not self.whole else round(100 * self.part / self.whole)


# What each figure means: the tooltip and the footnote where it is shown.
DEFINITIONS = {
    "score": lazy_gettext(
        "Score: first answers that were right, out of the check questions the student "
        "answered. A question not answered does not count either way."),
    "answered": lazy_gettext(
        "Answered: check questions answered, out of those in the session's readings."),
    "discussed": lazy_gettext(
        "Discussion: discussion questions answered, out of those in the session's readings."),
    "question_right": lazy_gettext(
        "Right: students whose first answer to this question was right, out of those who "
        "answered it."),
    "class_score": lazy_gettext(
        "Class score: first answers that were right, out of all first answers given to the "
        "reading's check."),
    "class_answered": lazy_gettext(
        "Answered: first answers given, out of every student times every check question."),
    "class_read": lazy_gettext("Read: students who marked the summary as read, out of the class."),
}


def score(rows: Iterable[ReadingProgress]) -> Share:
    """A student's score over these readings: right first answers / questions answered."""
    rows = list(rows)
    return Share(sum(r.mc_correct for r in rows), sum(r.mc_answered for r in rows))


def answered(rows: Iterable[ReadingProgress]) -> Share:
    """How far a student got on the checks: questions answered / questions available."""
    rows = list(rows)
    return Share(sum(r.mc_answered for r in rows), sum(r.mc_total for r in rows))


def discussed(rows: Iterable[ReadingProgress]) -> Share:
    """Discussion questions answered / discussion questions available."""
    rows = list(rows)
    return Share(sum(r.discussion_answered for r in rows),
                 sum(r.discussion_total for r in rows))


def question_right(stats: QuestionStats) -> Share:
    """One question in a class: students right on their first answer / students who answered."""
    return Share(stats.correct, stats.responses)


def class_score(summary: ReadingSummary) -> Share:
    """The class on one reading's check: right first answers / first answers given."""
    return Share(summary.mc_correct, summary.mc_answers)


def class_answered(summary: ReadingSummary) -> Share:
    return Share(summary.mc_answers, summary.mc_possible)


def class_read(summary: ReadingSummary) -> Share:
    return Share(summary.summary_read, summary.students)


def most_missed(stats: Iterable[QuestionStats], count: int = 3) -> list[QuestionStats]:
    """The questions the class got most wrong: lowest share right first (more answers first
    among equals); only questions someone answered."""
    answered = [s for s in stats if s.responses]
    answered.sort(key=lambda s: (question_right(s).value or 0.0, -s.responses))
    return [s for s in answered[:count] if s.correct < s.responses]


def definition(key: str) -> str:
    return str(DEFINITIONS[key])
