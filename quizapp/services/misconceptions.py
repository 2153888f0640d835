"""Distractor analysis and misconceptions: which wrong choices were picked, and by whom.

Every wrong choice in the content carries a misconception tag. A student "holds" a
misconception when one of their first-round answers picked a wrong choice with that tag (for
a multiple-answer question, each wrong choice they ticked counts; missing a right one does
not). Counting is done in the database; only the per-student pages fetch per-student rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, distinct, func, or_, select

from ..extensions import db
from ..models import Course, Participant, Question, QuestionRevision, Response


@dataclass
class ChoiceRow:
    id: str
    text: str
    correct: bool
    misconception: str | None
    count: int = 0  # students who picked it (first round)


@dataclass
class Distractors:
    question: Question
    answered: int = 0
    choices: list[ChoiceRow] = field(default_factory=list)


@dataclass
class Misconception:
    tag: str
    label: str
    description: str
    students: int = 0
    by_seminar: dict[int, int] = field(default_factory=dict)
    questions: list[tuple[Question, int]] = field(default_factory=list)  # (question, answers)


AnswerKey = tuple[int, str]  # (revision id, answer string "a|c")


def vocabulary() -> dict[str, dict[str, str]]:
    course = db.session.get(Course, 1)
    return course.misconceptions if course is not None else {}


def revisions_of(question_ids: Iterable[int]) -> dict[int, QuestionRevision]:
    """Every revision of these questions, by id (old answers point at old revisions)."""
    ids = list(question_ids)
    if not ids:
        return {}
    return {r.id: r for r in db.session.scalars(
        select(QuestionRevision).where(QuestionRevision.question_id.in_(ids)))}


def tags_of(revision: QuestionRevision | None, answer: str) -> set[str]:
    """Misconception tags of the wrong choices in an answer."""
    if revision is None:
        return set()
    tags = set()
    for cid in answer.split("|"):
        choice: dict[str, Any] | None = revision.choice(cid)
        if choice and not choice.get("correct") and choice.get("misconception"):
            tags.add(choice["misconception"])
    return tags


def answer_counts(seminar_ids: Sequence[int], question_ids: Sequence[int], round_: int = 1
                  ) -> list[tuple[int, int, str, bool, int]]:
    """(question, revision, answer, correct, students) for every distinct first-round answer."""
    if not seminar_ids or not question_ids:
        return []
    rows = db.session.execute(
        select(Response.question_id, Response.revision_id, Response.answer, Response.correct,
               func.count())
        .where(Response.seminar_id.in_(list(seminar_ids)), Response.kind == "mc",
               Response.round == round_, Response.question_id.in_(list(question_ids)))
        .group_by(Response.question_id, Response.revision_id, Response.answer,
                  Response.correct))
    return [(q, r, a, bool(c), int(n)) for q, r, a, c, n in rows]


def distractors(questions: Sequence[Question], counts: Sequence[tuple[int, int, str, bool, int]]
                ) -> dict[int, Distractors]:
    """Per question: how many students picked each choice (current wording, stable ids)."""
    out: dict[int, Distractors] = {}
    for q in questions:
        rev = q.current_revision
        out[q.id] = Distractors(q, choices=[
            ChoiceRow(c["id"], c["text"], bool(c.get("correct")), c.get("misconception"))
            for c in (rev.choices if rev else [])])
    for qid, _rev, answer, _correct, n in counts:
        entry = out.get(qid)
        if entry is None:
            continue
        entry.answered += n
        index = {c.id: c for c in entry.choices}
        for cid in answer.split("|"):
            if cid in index:
                index[cid].count += n
    return out


def tagged_answers(counts: Sequence[tuple[int, int, str, bool, int]],
                   revisions: dict[int, QuestionRevision]) -> dict[str, set[AnswerKey]]:
    """tag -> the distinct wrong answers (revision, answer) that express it."""
    out: dict[str, set[AnswerKey]] = {}
    for _qid, rev_id, answer, correct, _n in counts:
        if correct:
            continue
        for tag in tags_of(revisions.get(rev_id), answer):
            out.setdefault(tag, set()).add((rev_id, answer))
    return out


def _holds(keys: set[AnswerKey]) -> Any:
    """A SQL expression: the response is one of these answers. Branches on revision first,
    so each row costs a handful of comparisons however many answers there are."""
    by_rev: dict[int, list[str]] = {}
    for rev_id, answer in sorted(keys):
        by_rev.setdefault(rev_id, []).append(answer)
    return case({rev: case({a: 1 for a in answers}, value=Response.answer, else_=0)
                 for rev, answers in by_rev.items()}, value=Response.revision_id, else_=0)


def rank(seminar_ids: Sequence[int], questions: Sequence[Question],
         counts: Sequence[tuple[int, int, str, bool, int]],
         revisions: dict[int, QuestionRevision], round_: int = 1) -> list[Misconception]:
    """Misconceptions ranked by the number of distinct students holding them: one query."""
    tagged = tagged_answers(counts, revisions)
    if not seminar_ids or not questions:
        return []
    tags = sorted(tagged)
    # With nothing tagged the query still runs (counting nothing useful), so the page issues
    # the same statements whatever the answers are: the query-count tests rely on it.
    columns = [func.count(distinct(case((_holds(tagged[t]) == 1, Response.participant_id))))
               for t in tags] or [func.count()]
    rows = db.session.execute(
        select(Response.seminar_id, *columns)
        .where(Response.seminar_id.in_(list(seminar_ids)), Response.kind == "mc",
               Response.round == round_, Response.correct.is_(False),
               Response.question_id.in_([q.id for q in questions]))
        .group_by(Response.seminar_id))
    vocab = vocabulary()
    found = {t: Misconception(t, vocab.get(t, {}).get("label", t),
                              vocab.get(t, {}).get("description", "")) for t in tags}
    for seminar_id, *numbers in rows:
        for tag, n in zip(tags, numbers[:len(tags)], strict=True):
            if n:
                found[tag].by_seminar[seminar_id] = int(n)
                found[tag].students += int(n)  # participants belong to one seminar each
    by_id = {q.id: q for q in questions}
    per_question: dict[str, dict[int, int]] = {}
    for qid, rev_id, answer, correct, n in counts:
        if correct:
            continue
        for tag in tags_of(revisions.get(rev_id), answer):
            per_question.setdefault(tag, {}).setdefault(qid, 0)
            per_question[tag][qid] += n
    for tag, entry in found.items():
        entry.questions = sorted(((by_id[qid], n) for qid, n in per_question.get(tag, {}).items()
                                  if qid in by_id), key=lambda item: (-item[1], item[0].position))
    ranked = [m for m in found.values() if m.students]
    ranked.sort(key=lambda m: (-m.students, m.label.lower()))
    return ranked


@dataclass
class Holder:
    participant: Participant
    answers: list[tuple[Question, str]] = field(default_factory=list)  # (question, answer)


def holders(seminar_id: int, tag: str, questions: Sequence[Question],
            revisions: dict[int, QuestionRevision], round_: int = 1) -> list[Holder]:
    """The students behind one misconception, with the answers that show it."""
    qids = [q.id for q in questions]
    if not qids:
        return []
    counts = answer_counts([seminar_id], qids, round_)
    keys = tagged_answers(counts, revisions).get(tag)
    if not keys:
        return []
    by_rev: dict[int, set[str]] = {}
    for rev_id, answer in keys:
        by_rev.setdefault(rev_id, set()).add(answer)
    cond = or_(*[(Response.revision_id == rev) & Response.answer.in_(sorted(answers))
                 for rev, answers in by_rev.items()])
    rows = db.session.execute(
        select(Participant, Response.question_id, Response.answer)
        .join(Participant, Participant.id == Response.participant_id)
        .where(Response.seminar_id == seminar_id, Response.kind == "mc",
               Response.round == round_, Response.correct.is_(False), cond)
        .order_by(Participant.display_name, Participant.id, Response.question_id))
    by_q = {q.id: q for q in questions}
    out: dict[int, Holder] = {}
    for participant, qid, answer in rows:
        holder = out.setdefault(participant.id, Holder(participant))
        holder.answers.append((by_q[qid], answer))
    return list(out.values())


def per_student(seminar_id: int, questions: Sequence[Question],
                revisions: dict[int, QuestionRevision], round_: int = 1
                ) -> dict[int, dict[str, list[Question]]]:
    """participant -> tag -> questions where they showed it (the student report)."""
    by_q = {q.id: q for q in questions}
    if not by_q:
        return {}
    rows = db.session.execute(
        select(Response.participant_id, Response.question_id, Response.revision_id,
               Response.answer)
        .where(Response.seminar_id == seminar_id, Response.kind == "mc",
               Response.round == round_, Response.correct.is_(False),
               Response.question_id.in_(list(by_q)))
        .order_by(Response.participant_id, Response.id))
    out: dict[int, dict[str, list[Question]]] = {}
    for pid, qid, rev_id, answer in rows:
        for tag in sorted(tags_of(revisions.get(rev_id), answer)):
            out.setdefault(pid, {}).setdefault(tag, []).append(by_q[qid])
    return out
