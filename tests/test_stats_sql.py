"""The answer-pattern query against plain row-by-row counting, on both databases.

All five readings (50 checks) make the packed bits span several SQL columns: right/answered in
chunks of 30 questions, picked choices in columns of 60 bits.
"""

from __future__ import annotations

import random
from collections import Counter

from sqlalchemy import insert, select

from quizapp.extensions import db
from quizapp.models import Participant, Response, utcnow
from quizapp.services import analysis, seminars
from quizapp.services import misconceptions as mis
from quizapp.services.stats import analyse_patterns, item_analysis, load_patterns, project


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


def test_patterns_agree_with_row_by_row_counts(app, make_seminar):
    code = make_seminar("Everything")
    populate(app, code, students=14, seed=7)
    with app.app_context():
        seminar = seminars.find_seminar(code)
        questions = analysis.mc_questions([r.id for r in seminar.readings])
        assert len(questions) > 30  # several SQL columns of bits
        layout = mis.layout_of(questions)
        assert max(layout.offsets) >= 60
        patterns = load_patterns([seminar.id], [q.id for q in questions], layout)
        rows = db.session.execute(select(
            Response.participant_id, Response.question_id, Response.answer, Response.correct)
            .where(Response.seminar_id == seminar.id)).all()
        # Decode the patterns back into (question, answer, correct) per student and compare.
        index = {q.id: i for i, q in enumerate(questions)}
        expected: Counter[tuple] = Counter()
        per_student: dict[int, set] = {}
        for pid, qid, answer, correct in rows:
            per_student.setdefault(pid, set()).add((index[qid], answer, bool(correct)))
        for answers in per_student.values():
            expected[frozenset(answers)] += 1
        decoded: Counter[tuple] = Counter()
        for pat in patterns:
            found = set()
            for i in range(len(questions)):
                if pat.answered >> i & 1:
                    ids = layout.ids(i, layout.picked(pat.picks, i))
                    found.add((i, "|".join(ids), bool(pat.correct >> i & 1)))
            decoded[frozenset(found)] += pat.count
        assert decoded == expected
        # Distractor counts equal a plain GROUP BY; misconception holders equal the per-student
        # rows the student report uses.
        choice_counts, ranking = mis.from_patterns(questions, patterns, layout)
        plain = mis.answer_counts([seminar.id], [q.id for q in questions])
        for q in questions:
            picks: Counter[str] = Counter()
            for qid, _rev, answer, _correct, n in plain:
                if qid == q.id:
                    for cid in answer.split("|"):
                        picks[cid] += n
            assert {c.id: c.count for c in choice_counts[q.id].choices} == {
                c["id"]: picks[c["id"]] for c in q.current_revision.choices}
        held = mis.per_student(seminar.id, questions)
        by_tag: Counter[str] = Counter(tag for tags in held.values() for tag in tags)
        assert {m.tag: m.students for m in ranking} == dict(by_tag)
        # Item statistics from the patterns equal those of the explicit score matrix.
        first = [q for q in questions if q.reading_id == questions[0].reading_id]
        local = project(patterns, [index[q.id] for q in first])
        matrix = []
        for answers in per_student.values():
            right = {i for i, _a, ok in answers if ok}
            seen = {i for i, _a, _ok in answers}
            if seen & set(range(len(first))):
                matrix.append([1 if i in right else 0 for i in range(len(first))])
        got, want = analyse_patterns(local, len(first)), item_analysis(matrix)
        assert got.n == want.n and abs(got.alpha - want.alpha) < 1e-9
        for a, b in zip(got.items, want.items, strict=True):
            assert abs(a.facility - b.facility) < 1e-12
            assert (a.discrimination is None) == (b.discrimination is None)
            if a.discrimination is not None:
                assert abs(a.discrimination - b.discrimination) < 1e-9
