"""Distractor analysis and misconceptions: which wrong choices were picked, and by whom.

Every wrong choice in the content carries a misconception tag. A student "holds" a
misconception when one of their first-round answers picked a wrong choice with that tag (for
a multiple-answer question, each wrong choice they ticked counts; missing a right one does
not). Tags are read from each question's current wording: choice ids are stable across
revisions. The analysis page counts from grouped queries (choice_counts, ranking); only the
per-student pages fetch per-student rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, literal, or_, select

from ...extensions import db
from ...models import Course, Participant, Question, QuestionRevision, Response
from ...models.responses import MC_ANSWER


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


def vocabulary(course_id: int | None = None) -> dict[str, dict[str, str]]:
    """The misconception vocabulary of a course (a session's: ``seminar.course_id``; default:
    the first course)."""
    course = db.session.get(Course, course_id) if course_id is not None else \
        db.session.scalar(select(Course).order_by(Course.id).limit(1))
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


def choice_counts(seminar_ids: Sequence[int], question_ids: Sequence[int], round_: int = 1
                  ) -> list[tuple[int, str, bool, int]]:
    """(question, answer, correct, students) for every distinct answer in this round: one
    grouped query read from the covering index ix_responses_mc_answers."""
    if not seminar_ids or not question_ids:
        return []
    rows = db.session.execute(
        select(Response.question_id, Response.answer, Response.correct, func.count())
        .where(Response.seminar_id.in_(list(seminar_ids)), MC_ANSWER,
               Response.round == round_, Response.question_id.in_(list(question_ids)))
        .group_by(Response.question_id, Response.answer, Response.correct))
    return [(q, a, bool(c), int(n)) for q, a, c, n in rows]


def distractors(questions: Sequence[Question], counts: Sequence[tuple[int, str, bool, int]]
                ) -> dict[int, Distractors]:
    """Per question, how many students picked each choice (from choice_counts)."""
    out: dict[int, Distractors] = {}
    index: dict[int, dict[str, ChoiceRow]] = {}
    for q in questions:
        rows = [ChoiceRow(c["id"], c["text"], bool(c.get("correct")), c.get("misconception"))
                for c in (q.current_revision.choices if q.current_revision else [])]
        out[q.id] = Distractors(q, choices=rows)
        index[q.id] = {c.id: c for c in rows}
    for qid, answer, _correct, n in counts:
        entry = out.get(qid)
        if entry is None:
            continue
        entry.answered += n
        for cid in answer.split("|"):
            if cid in index[qid]:
                index[qid][cid].count += n
    return out


_TAG_BITS = 60  # misconception bits per SQL column: within a signed 64-bit integer


def ranking(seminar_ids: Sequence[int], questions: Sequence[Question],
            counts: Sequence[tuple[int, str, bool, int]], round_: int = 1
            ) -> list[Misconception]:
    """Misconceptions ranked by the students holding them, with the questions behind each.

    The answers behind each tag come from choice_counts; the students are counted by one
    grouped query: each wrong answer becomes the bits of its tags, the database ORs them per
    student (a sum of per-bit maxima: SQLite has no bitwise OR aggregate), then counts the
    students per seminar and set of tags.
    """
    by_id = {q.id: q for q in questions}
    tags: dict[tuple[int, str], tuple[str, ...]] = {}
    behind: defaultdict[str, Counter[int]] = defaultdict(Counter)
    for qid, answer, correct, n in counts:
        found = () if correct or qid not in by_id else tuple(sorted(
            tags_of(by_id[qid].current_revision, answer)))
        if found:
            tags[(qid, answer)] = found
            for tag in found:
                behind[tag][qid] += n
    first = next(iter(by_id.values()), None)
    vocab = vocabulary(first.reading.course_id if first is not None else None)
    ranked = [Misconception(tag, vocab.get(tag, {}).get("label", tag),
                            vocab.get(tag, {}).get("description", ""),
                            questions=sorted(((by_id[qid], n) for qid, n in per_q.items()),
                                             key=lambda item: (-item[1], item[0].position,
                                                               item[0].id)))
              for tag, per_q in behind.items()]
    if ranked and seminar_ids:
        bit = {m.tag: i for i, m in enumerate(ranked)}
        for (seminar_id, held), n in _holding(seminar_ids, tags, bit, round_).items():
            while held:
                low = held & -held
                held ^= low
                m = ranked[low.bit_length() - 1]
                m.students += n
                m.by_seminar[seminar_id] = m.by_seminar.get(seminar_id, 0) + n
    ranked = [m for m in ranked if m.students]
    ranked.sort(key=lambda m: (-m.students, m.label.lower()))
    return ranked


def _holding(seminar_ids: Sequence[int], tags: dict[tuple[int, str], tuple[str, ...]],
             bit: dict[str, int], round_: int) -> Counter[tuple[int, int]]:
    """(seminar, bits of the tags held) -> students, for the wrong answers in ``tags``."""
    by_question: dict[int, dict[str, int]] = {}
    for (qid, answer), found in tags.items():
        by_question.setdefault(qid, {})[answer] = sum(1 << bit[t] for t in found)
    out: Counter[tuple[int, int]] = Counter()
    # Tags in columns of 60 bits; a course with more tags than that gets more columns.
    for k in range(0, len(bit), _TAG_BITS):
        whens = {}
        for qid, answers in by_question.items():
            masks = {a: m >> k & ((1 << _TAG_BITS) - 1) for a, m in answers.items()}
            masks = {a: m for a, m in masks.items() if m}
            if masks:
                whens[qid] = case(masks, value=Response.answer, else_=0)
        if not whens:
            continue
        mask = case(whens, value=Response.question_id, else_=0).label("mask")
        # Grouped by (student, mask) first: the mask is worked out once per answer.
        answers = (select(Response.participant_id, Response.seminar_id, mask)
                   .where(Response.seminar_id.in_(list(seminar_ids)), MC_ANSWER,
                          Response.round == round_, Response.correct.is_(False),
                          Response.question_id.in_(list(whens)))
                   .group_by(Response.participant_id, Response.seminar_id, mask).subquery())
        held = sum((func.max(answers.c.mask.op("&")(1 << j))
                    for j in range(min(_TAG_BITS, len(bit) - k))), start=literal(0))
        per_student = (select(answers.c.seminar_id, held.label("held"))
                       .group_by(answers.c.participant_id, answers.c.seminar_id).subquery())
        for seminar_id, bits, n in db.session.execute(
                select(per_student.c.seminar_id, per_student.c.held, func.count())
                .group_by(per_student.c.seminar_id, per_student.c.held)):
            out[(int(seminar_id), int(bits or 0) << k)] += int(n)
    return out


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
