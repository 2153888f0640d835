"""What to discuss: the questions and misconceptions worth class time, ranked, each with a
sentence that says why. The item analysis opens with this; its statistics come after.

Ranked by the number of students concerned: wrong first answers for a question, students who
picked a tagged wrong choice for a misconception. A question most got right is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext, ngettext

from ...models import Question
from ..review.figures import Share
from .analysis import Analysis, QuestionReport

MOSTLY_RIGHT = 0.8  # a question this share got right is not worth the seminar's time
TOPICS = 5


@dataclass
class Topic:
    kind: str  # "question" | "misconception"
    title: str
    why: str
    affected: int  # students it concerns
    question: Question | None = None
    tag: str | None = None
    share: Share | None = None  # questions: right / answered (figures.question_right)


def item_right(report: QuestionReport) -> Share:
    """The question's share right among those who answered it: the same figure as the review
    page's (figures.question_right), from the analysis's counts."""
    return Share(round(report.item.correct), report.item.answered)


def _question_topic(report: QuestionReport) -> Topic | None:
    share = item_right(report)
    wrong = share.whole - share.part
    if not wrong or (share.value or 0.0) >= MOSTLY_RIGHT:
        return None
    picked = max((c for c in report.distractors.choices if not c.correct and c.count),
                 key=lambda c: c.count, default=None)
    why = ngettext("%(num)d of %(answered)d who answered got it wrong.",
                   "%(num)d of %(answered)d who answered got it wrong.", wrong,
                   answered=share.whole)
    if picked is not None:
        label = f"{picked.id}) {picked.text}"  # outside the call: the extractor reads its args
        why += " " + ngettext("The most common wrong answer, “%(choice)s”, was picked by %(num)d.",
                              "The most common wrong answer, “%(choice)s”, was picked by %(num)d.",
                              picked.count, choice=label)
    item = report.item
    if item.discrimination is not None and item.discrimination < 0 and not item.small:
        why += " " + gettext("Students who did well on the rest of the check missed it more "
                             "often: check the wording and the key.")
    revision = report.question.current_revision
    return Topic("question", revision.prompt if revision else report.question.key, why, wrong,
                 question=report.question, share=share)


def what_to_discuss(analysis: Analysis, limit: int = TOPICS) -> list[Topic]:
    topics = [t for check in analysis.checks for r in check.questions
              if (t := _question_topic(r)) is not None]
    for m in analysis.misconceptions:
        if not m.students:
            continue
        why = ngettext("%(num)d student picked a wrong answer that shows it",
                       "%(num)d students picked a wrong answer that shows it", m.students)
        why += " " + ngettext("(on %(num)d question).", "(on %(num)d questions).",
                              len(m.questions))
        topics.append(Topic("misconception", m.label, why, m.students, tag=m.tag))
    topics.sort(key=lambda t: (-t.affected, t.kind != "question",
                               t.share.value if t.share and t.share.value is not None else 1.0))
    return topics[:limit]
