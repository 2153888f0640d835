"""The answer-pattern query against plain row-by-row counting, on both databases.

All five readings (50 checks) in one query, each reading's check its own patterns; the
misconceptions also with their tags spread over several SQL columns.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlalchemy import insert, select

from quizapp.extensions import db
from quizapp.models import Participant, Response, utcnow
from quizapp.services.analytics import analysis, item_stats
from quizapp.services.analytics import misconceptions as mis
from quizapp.services.analytics.item_stats import (
    analyse_patterns,
    item_analysis,
    load_check_patterns,
)
from quizapp.services.classroom import seminars


def populate(app, code: str, students: int, seed: int) -> None:
    rng = random.Random(seed)
    with app.app_context():
        seminar = seminars.find_seminar(code)
        now = utcnow()
        db.session.execute(insert(Participant), [
            {"seminar_id": seminar.id, "display_name": f"P{i}", "name_key": f"p{i}",
             "resume_code": f"C{i:05d}", "joined_at": now} for i in range(students)])
        people = db.session.scalars(select(Participant.id).where(
            Participant.seminar_id == seminar.id)).all()
        rows = []
        for pid in people:
            for q in seminars.seminar_questions(seminar, "mc"):
                if rng.random() < 0.2:
                    continue  # left unanswered
                rev = q.current_revision
                ids = [c["id"] for c in rev.choices]
                picked = sorted(rng.sample(ids, rng.randint(1, 3)) if rev.multiple
                                else [rng.choice(ids)])
                rows.append({"seminar_id": seminar.id, "participant_id": pid,
                             "question_id": q.id, "revision_id": rev.id, "kind": "mc",
                             "round": 1, "answer": "|".join(picked),
                             "correct": set(picked) == rev.correct_ids, "stance": None,
                             "created_at": now, "updated_at": now, "spotlighted": False,
                             "call_on": False})
        db.session.execute(insert(Response), rows)
        db.session.commit()


@pytest.mark.parametrize(("chunk", "shuffled"), [(30, False), (30, True), (4, False)])
def test_patterns_agree_with_row_by_row_counts(app, make_seminar, monkeypatch, chunk,
                                               shuffled):
    monkeypatch.setattr(item_stats, "_CHUNK", chunk)  # 4: a check's bits span several columns
    code = make_seminar("Everything")
    populate(app, code, students=14, seed=7)
    with app.app_context():
        seminar = seminars.find_seminar(code)
        questions = analysis.mc_questions([r.id for r in seminar.readings])
        checks = {r.id: [q for q in questions if q.reading_id == r.id]
                  for r in seminar.readings}
        if shuffled:  # positions that are not 0..p-1: the bits come from a CASE instead
            for mine in checks.values():
                for q in mine:
                    q.position += 100
        patterns = load_check_patterns([seminar.id], checks)
        rows = db.session.execute(select(
            Response.participant_id, Response.question_id, Response.answer, Response.correct)
            .where(Response.seminar_id == seminar.id)).all()
        # Per check, the (question, correct) sets per student, counted, equal the patterns.
        for rid, mine in checks.items():
            index = {q.id: i for i, q in enumerate(mine)}
            per_student: dict[int, set] = {}
            for pid, qid, _answer, correct in rows:
                if qid in index:
                    per_student.setdefault(pid, set()).add((index[qid], bool(correct)))
            expected = Counter(frozenset(a) for a in per_student.values())
            decoded: Counter = Counter()
            for pat in patterns[rid]:
                decoded[frozenset((i, bool(pat.correct >> i & 1)) for i in range(len(mine))
                                  if pat.answered >> i & 1)] += pat.count
            assert decoded == expected
            # Item statistics from the patterns equal those of the explicit score matrix.
            matrix = [[1 if (i, True) in a else 0 for i in range(len(mine))]
                      for a in per_student.values()]
            got, want = analyse_patterns(patterns[rid], len(mine)), item_analysis(matrix)
            assert got.n == want.n and abs(got.alpha - want.alpha) < 1e-9
            for a, b in zip(got.items, want.items, strict=True):
                assert abs(a.facility - b.facility) < 1e-12
                assert (a.discrimination is None) == (b.discrimination is None)
                if a.discrimination is not None:
                    assert abs(a.discrimination - b.discrimination) < 1e-9
        # Distractor counts equal a plain count of the choices picked.
        counts = mis.choice_counts([seminar.id], [q.id for q in questions])
        choices = mis.distractors(questions, counts)
        for q in questions:
            picks: Counter[str] = Counter()
            for _pid, qid, answer, _correct in rows:
                if qid == q.id:
                    for cid in answer.split("|"):
                        picks[cid] += 1
            assert {c.id: c.count for c in choices[q.id].choices} == {
                c["id"]: picks[c["id"]] for c in q.current_revision.choices}
        # Misconception holders equal the per-student rows the student report uses, and the
        # answers behind each tag equal a row-by-row count.
        ranked = mis.ranking([seminar.id], questions, counts)
        held = mis.per_student(seminar.id, questions)
        by_tag: Counter[str] = Counter(tag for tags in held.values() for tag in tags)
        assert {m.tag: m.students for m in ranked} == dict(by_tag)
        assert all(m.by_seminar == {seminar.id: m.students} for m in ranked)
        behind: Counter[tuple[str, int]] = Counter(
            (tag, q.id) for tags in held.values() for tag, qs in tags.items() for q in qs)
        assert {(m.tag, q.id): n for m in ranked for q, n in m.questions} == dict(behind)


def test_students_holding_misconceptions_beyond_one_column_of_bits(app, make_seminar,
                                                                   monkeypatch):
    """More tags than fit in one SQL column: the tags go in several columns."""
    monkeypatch.setattr(mis, "_TAG_BITS", 2)
    code = make_seminar("Everything")
    populate(app, code, students=9, seed=3)
    with app.app_context():
        seminar = seminars.find_seminar(code)
        questions = analysis.mc_questions([r.id for r in seminar.readings])
        counts = mis.choice_counts([seminar.id], [q.id for q in questions])
        ranked = mis.ranking([seminar.id], questions, counts)
        assert len(ranked) > 4
        held = mis.per_student(seminar.id, questions)
        by_tag: Counter[str] = Counter(tag for tags in held.values() for tag in tags)
        assert {m.tag: m.students for m in ranked} == dict(by_tag)
