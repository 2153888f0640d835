"""Distractor analysis and misconceptions: which wrong choices were picked, and by whom.

Every wrong choice in the content carries a misconception tag. A student "holds" a
misconception when one of their first-round answers picked a wrong choice with that tag (for
a multiple-answer question, each wrong choice they ticked counts; missing a right one does
not). Tags are read from each question's current wording: choice ids are stable across
revisions. The analysis page counts from the answer patterns the database groups (see
stats.load_patterns); only the per-student pages fetch per-student rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import Course, Participant, Question, QuestionRevision, Response
from .stats import Layout, Pattern, make_layout


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


def tagged_answers(counts: Sequence[tuple[int, int, str, bool, int]],
                   questions: Sequence[Question]) -> dict[str, set[AnswerKey]]:
    """tag -> the distinct wrong answers (revision, answer) that express it."""
    current = {q.id: q.current_revision for q in questions}
    out: dict[str, set[AnswerKey]] = {}
    for qid, rev_id, answer, correct, _n in counts:
        if correct:
            continue
        for tag in tags_of(current.get(qid), answer):
            out.setdefault(tag, set()).add((rev_id, answer))
    return out


def layout_of(questions: Sequence[Question]) -> Layout:
    revisions = [q.current_revision for q in questions]
    return make_layout([[c["id"] for c in (r.choices if r else [])] for r in revisions],
                       [bool(r and r.multiple) for r in revisions])


def from_patterns(questions: Sequence[Question], patterns: Sequence[Pattern], layout: Layout
                  ) -> tuple[dict[int, Distractors], list[Misconception]]:
    """Choice counts per question, and misconceptions ranked by students holding them.

    One pass over the answer patterns (each carrying which choices its students picked); a
    pattern's students hold a tag when one of their wrong answers picked a choice with it.
    """
    per_code: Counter[tuple[int, int]] = Counter()
    students: defaultdict[str, Counter[int]] = defaultdict(Counter)
    behind: defaultdict[str, Counter[int]] = defaultdict(Counter)
    memo: dict[tuple[int, int], tuple[str, ...]] = {}
    choices = [{c["id"]: c for c in (q.current_revision.choices if q.current_revision else [])}
               for q in questions]
    qids = [q.id for q in questions]
    offsets = layout.offsets
    masks = [(1 << len(ids)) - 1 for ids in layout.choice_ids]
    for pat in patterns:  # the hot loop of the analysis page: kept plain on purpose
        held: set[str] = set()
        picks, count, correct = pat.picks, pat.count, pat.correct
        left = pat.answered
        while left:
            low = left & -left
            left ^= low
            i = low.bit_length() - 1
            key = (i, picks >> offsets[i] & masks[i])
            per_code[key] += count
            if correct & low:
                continue
            tags = memo.get(key)
            if tags is None:
                tags = tuple(sorted({choices[i][cid]["misconception"]
                                     for cid in layout.ids(*key)
                                     if cid in choices[i] and not choices[i][cid].get("correct")
                                     and choices[i][cid].get("misconception")}))
                memo[key] = tags
            for tag in tags:
                behind[tag][qids[i]] += count
                held.add(tag)
        for tag in held:
            students[tag][pat.seminar_id] += count
    out: dict[int, Distractors] = {}
    for i, q in enumerate(questions):
        rows = [ChoiceRow(c["id"], c["text"], bool(c.get("correct")), c.get("misconception"))
                for c in choices[i].values()]
        entry = Distractors(q, choices=rows)
        index = {c.id: c for c in rows}
        for (j, code), n in per_code.items():
            if j != i:
                continue
            entry.answered += n
            for cid in layout.ids(i, code):
                index[cid].count += n
        out[q.id] = entry
    vocab = vocabulary()
    by_id = {q.id: q for q in questions}
    ranked = []
    for tag, per_seminar in students.items():
        entry = vocab.get(tag, {})
        m = Misconception(tag, entry.get("label", tag), entry.get("description", ""),
                          students=sum(per_seminar.values()), by_seminar=dict(per_seminar))
        m.questions = sorted(((by_id[qid], n) for qid, n in behind[tag].items()),
                             key=lambda item: (-item[1], item[0].position, item[0].id))
        ranked.append(m)
    ranked.sort(key=lambda m: (-m.students, m.label.lower()))
    return out, ranked


@dataclass
class Holder:
    participant: Participant
    answers: list[tuple[Question, str]] = field(default_factory=list)  # (question, answer)


def holders(seminar_id: int, tag: str, questions: Sequence[Question], round_: int = 1
            ) -> list[Holder]:
    """The students behind one misconception, with the answers that show it."""
    qids = [q.id for q in questions]
    if not qids:
        return []
    counts = answer_counts([seminar_id], qids, round_)
    keys = tagged_answers(counts, questions).get(tag)
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


def per_student(seminar_id: int, questions: Sequence[Question], round_: int = 1
                ) -> dict[int, dict[str, list[Question]]]:
    """participant -> tag -> questions where they showed it (the student report)."""
    by_q = {q.id: q for q in questions}
    if not by_q:
        return {}
    rows = db.session.execute(
        select(Response.participant_id, Response.question_id, Response.answer)
        .where(Response.seminar_id == seminar_id, Response.kind == "mc",
               Response.round == round_, Response.correct.is_(False),
               Response.question_id.in_(list(by_q)))
        .order_by(Response.participant_id, Response.id))
    out: dict[int, dict[str, list[Question]]] = {}
    for pid, qid, answer in rows:
        for tag in sorted(tags_of(by_q[qid].current_revision, answer)):
            out.setdefault(pid, {}).setdefault(tag, []).append(by_q[qid])
    return out
