"""Business logic tested directly, without HTTP."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import itsdangerous.timed
import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Participant, Question, Response, ResponseRevision
from quizapp.services.classroom import answers, participants, progress, seminars
from quizapp.services.classroom.codes import ALPHABET, display_code, new_code, normalize_code
from quizapp.services.review import figures, responses
from support import text


def test_codes_are_unambiguous_and_normalised():
    assert not set(ALPHABET) & set("01OIL")
    code = new_code(8)
    assert len(code) == 8 and set(code) <= set(ALPHABET)
    assert normalize_code(" abcd-efgh ") == "ABCDEFGH"
    assert display_code("ABCDEFGH") == "ABCD-EFGH"


def test_name_key_folds_case_space_and_width():
    assert participants.name_key("  Ana   GARCÍA ") == participants.name_key("ana garcía")
    assert participants.name_key("Ａｎａ") == participants.name_key("ana")  # full-width
    assert participants.clean_name("An\u0000a\u200b  B") == "Ana B"


def _setup(ctx, seminar_code: str, names=("Ana", "Ben")):
    seminar = seminars.find_seminar(seminar_code)
    people = [participants.join(seminar, n) for n in names]
    db.session.commit()
    return seminar, people


def _q(key: str) -> Question:
    return db.session.scalar(select(Question).where(Question.key == key))


def test_submit_mc_grades_and_keeps_first_answer(ctx, seminar):
    sem, (ana, _) = _setup(ctx, seminar)
    q = _q("mfy-q1")
    right = sorted(q.current_revision.correct_ids)
    wrong = [c["id"] for c in q.current_revision.choices if not c.get("correct")][:1]
    first = answers.submit_mc(ana, q, wrong)
    assert first.created and first.response.correct is False
    second = answers.submit_mc(ana, q, right)
    assert not second.created and second.response.answer == wrong[0]
    with pytest.raises(answers.AnswerError, match="exactly one"):
        answers.submit_mc(ana, _q("mfy-q2"), ["a", "b"])
    with pytest.raises(answers.AnswerError, match="does not belong"):
        answers.submit_mc(ana, _q("mfy-q2"), ["q"])


def test_question_outside_the_session_is_refused(ctx, make_seminar):
    code = make_seminar("One reading", ["new-alliances"])
    sem, (ana,) = _setup(ctx, code, ("Ana",))
    with pytest.raises(answers.AnswerError, match="not part of this session"):
        answers.submit_mc(ana, _q("mfy-q1"), ["a"])


def test_progress_and_review_stats(ctx, seminar):
    sem, (ana, ben) = _setup(ctx, seminar)
    q = _q("mfy-q1")
    right = sorted(q.current_revision.correct_ids)
    wrong = [c["id"] for c in q.current_revision.choices if not c.get("correct")][:1]
    answers.submit_mc(ana, q, right)
    answers.submit_mc(ben, q, wrong)
    answers.submit_discussion(ana, _q("mfy-d1"), "Because.")
    progress.mark_summary_read(ana, q.reading)
    db.session.commit()
    rows = {r.reading.slug: r for r in progress.participant_progress(ana)}
    first = rows["milei-first-year"]
    assert (first.summary_read, first.mc_answered, first.mc_correct, first.discussion_answered
            ) == (True, 1, 1, 1)
    assert figures.score([first]).percent == 100 and not first.complete
    stats = {s.question.key: s for s in responses.mc_stats(sem)}["mfy-q1"]
    assert (stats.responses, stats.correct, figures.question_right(stats).percent) == (2, 1, 50)
    counts = {c.id: c.count for c in stats.choices}
    assert counts[right[0]] == 1 and counts[wrong[0]] == 1 and sum(counts.values()) == 2


def test_discussion_revisions_numbered(ctx, seminar):
    sem, (ana, _) = _setup(ctx, seminar)
    d = _q("mfy-d1")
    for i in range(3):
        answers.submit_discussion(ana, d, f"version {i + 1}")
    db.session.commit()
    response = db.session.scalar(select(Response))
    assert response.answer == "version 3"
    assert [r.number for r in response.revisions] == [1, 2, 3]
    with pytest.raises(answers.AnswerError, match="Write an answer"):
        answers.submit_discussion(ana, d, "   ")


def test_same_answer_sent_many_times_at_once_is_stored_once(app_factory, seminar):
    """Two app instances (two processes' worth of engines), 16 threads, one student."""
    apps = [app_factory(), app_factory()]
    with apps[0].app_context():
        sem, (ana,) = _setup(None, seminar, ("Ana",))
        pid = ana.id

    def send(i: int) -> bool:
        with apps[i % 2].app_context():
            participant = db.session.get(Participant, pid)
            outcome = answers.submit_mc(participant, _q("mfy-q1"), ["a"])
            db.session.commit()
            return outcome.created

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(send, range(16)))
    assert created.count(True) == 1
    with apps[1].app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_concurrent_discussion_revisions_all_kept(app_factory, seminar):
    apps = [app_factory(), app_factory()]
    with apps[0].app_context():
        sem, (ana,) = _setup(None, seminar, ("Ana",))
        pid = ana.id

    def send(i: int) -> None:
        with apps[i % 2].app_context():
            participant = db.session.get(Participant, pid)
            answers.submit_discussion(participant, _q("mfy-d1"), f"text {i}")
            db.session.commit()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(send, range(12)))
    with apps[1].app_context():
        numbers = sorted(db.session.scalars(select(ResponseRevision.number)))
        assert numbers == list(range(1, 13))
        assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_csrf_token_survives_a_three_hour_seminar(client, seminar, monkeypatch):
    page = client.get(f"/join/{seminar}")
    from support import csrf_from

    token = csrf_from(text(page))
    real = time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() + 3 * 3600 + 600)
    response = client.post(f"/join/{seminar}", data={"csrf_token": token,
                                                     "display_name": "Late arrival"})
    assert response.status_code == 302
