"""What the GIFT and Moodle XML writers share: quizapp's own details for the comment lines
Moodle ignores, the true/false shape, and the weights of a multiple-answer check."""

from __future__ import annotations

from typing import Any

from ....content.specs import DiscussionSpec, McSpec, ReadingSpec
from .grades import GRADE_LIST, right_share
from .items import MISCONCEPTION_TAG


class ExportError(ValueError):
    """The reading cannot be written so that Moodle accepts it; the message says why."""


def reading_meta(spec: ReadingSpec) -> dict[str, Any]:
    return {"slug": spec.slug, "title": spec.title, "original_title": spec.original_title,
            "publication": spec.publication, "author": spec.author, "date": spec.date,
            "source_file": spec.source_file, "description": spec.description,
            "key_points": spec.key_points, "key_terms": spec.key_terms}


def question_meta(q: McSpec) -> dict[str, Any]:
    return {"id": q.id, "section": q.section, "compares": q.compares,
            "choices": [c.id for c in q.choices],
            "misconceptions": {c.id: c.misconception for c in q.choices if c.misconception}}


def discussion_meta(d: DiscussionSpec) -> dict[str, Any]:
    return {"id": d.id, "section": d.section, "compares": d.compares, "stance": d.stance}


def misconception_tags(q: McSpec) -> list[str]:
    """Moodle question tags naming the misconceptions of the wrong choices (for filtering a
    question bank; which choice carries which is in quizapp's comment)."""
    tags = dict.fromkeys(c.misconception for c in q.choices if c.misconception)
    return [f"{MISCONCEPTION_TAG}{t}" for t in tags if t]


def true_false(q: McSpec) -> bool | None:
    """True or False (the right answer) when the check is a Moodle true/false question in
    shape: one right answer out of exactly the choices "True" and "False"; else None."""
    if q.multiple or [c.text for c in q.choices] != ["True", "False"]:
        return None
    return q.choices[0].correct


def right_fraction(q: McSpec) -> float:
    """The weight of each right choice of a multiple-answer check, on Moodle's grade list."""
    n_right = sum(c.correct for c in q.choices)
    share = right_share(n_right)
    if share is None:
        raise ExportError(f"question {q.id}: {n_right} right answers cannot share 100% with "
                          f"weights from Moodle's grade list ({GRADE_LIST})")
    return share
