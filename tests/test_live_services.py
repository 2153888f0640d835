"""services/live.py and services/live_stats.py as plain functions, on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Participant, Question, Reading, Seminar, utcnow
from quizapp.services import answers, live, live_stats, participants
from quizapp.services.answers import AnswerError

READING = "milei-first-year"


def _seminar(code: str) -> Seminar:
    return db.session.scalar(select(Seminar).where(Seminar.code == code))


def _questions(kind: str, reading: str = READING) -> list[Question]:
    r = db.session.scalar(select(Reading).where(Reading.slug == reading))
    return [q for q in r.questions if q.kind == kind and not q.retired]


def test_state_machine_moves_and_refuses(app, make_seminar):
    code = make_seminar("Live", [READING], "instructor")
    other_code = make_seminar("Other", ["new-alliances"], "instructor")
    self_code = make_seminar("Self", [READING], "self")
    with app.app_context():
        seminar = _seminar(code)
        mc = _questions("mc")
        plain = next(q for q in _questions("discussion") if not q.current_revision.stance)
        version = seminar.live_version
        with pytest.raises(live.LiveError, match="Voting is not open"):
            live.close_voting(seminar)
        with pytest.raises(live.LiveError, match="nothing to reveal"):
            live.reveal(seminar)
        with pytest.raises(live.LiveError, match="not part of this session"):
            live.open_question(seminar, _questions("mc", "new-alliances")[0])
        with pytest.raises(live.LiveError, match="self-paced"):
            live.open_question(_seminar(self_code), mc[0])
        for seconds in (4, 3601):
            with pytest.raises(live.LiveError, match="between 5 and 3600"):
                live.open_question(seminar, mc[0], seconds)
        assert seminar.live_version == version  # refusals change nothing

        assert live.next_question(seminar) == mc[0]  # from idle: the first question
        assert (seminar.live_phase, seminar.live_round) == ("open", 1)
        assert seminar.live_version == version + 1
        with pytest.raises(live.LiveError, match="Close the first round"):
            live.start_revote(seminar)
        live.close_voting(seminar)
        live.start_revote(seminar, 30)
        assert (seminar.live_phase, seminar.live_round) == ("open", 2)
        assert 29 <= live.seconds_left(seminar) <= 30
        live.reveal(seminar)
        assert seminar.live_deadline is None
        with pytest.raises(live.LiveError, match="only one second round"):
            live.start_revote(seminar)
        assert live.next_question(seminar) == mc[1]
        assert seminar.live_round == 1  # a new question starts at round 1

        live.open_question(seminar, plain)
        live.close_voting(seminar)
        with pytest.raises(live.LiveError, match="stance scale"):
            live.start_revote(seminar)
        last = live.live_questions(seminar)[-1]
        live.open_question(seminar, last)
        assert live.next_question(seminar) is None  # after the last: waiting
        assert (seminar.live_phase, seminar.live_question_id) == ("idle", None)
        live.check_version(seminar, seminar.live_version)
        with pytest.raises(live.LiveError, match="another window"):
            live.check_version(seminar, seminar.live_version - 1)
        assert _seminar(other_code).live_version == 1  # seminars are independent
        db.session.rollback()


def test_deadline_and_late_answers(app, make_seminar):
    code = make_seminar("Live", [READING], "instructor")
    with app.app_context():
        seminar = _seminar(code)
        ana = participants.join(seminar, "Ana")
        ben = participants.join(seminar, "Ben")
        mc = _questions("mc")[0]
        right = sorted(mc.current_revision.correct_ids)
        live.open_question(seminar, mc, 10)
        db.session.commit()
        assert live.effective_phase(seminar) == "open"
        _, created = live.submit(ana, mc.id, 1, choices=right)
        assert created
        _, created = live.submit(ana, mc.id, 1, choices=["a"])
        assert not created  # the first vote stands
        # Just past the deadline: still within the grace a click needs to arrive.
        seminar.live_deadline = utcnow() - timedelta(milliseconds=300)
        assert live.effective_phase(seminar) == "closed"
        assert live.seconds_left(seminar) == 0
        live.submit(ben, mc.id, 1, choices=right)
        seminar.live_deadline = utcnow() - timedelta(seconds=3)
        carl = participants.join(seminar, "Carl")
        with pytest.raises(AnswerError, match="Time is up"):
            live.submit(carl, mc.id, 1, choices=right)
        with pytest.raises(AnswerError, match="round of voting is over"):
            live.submit(carl, mc.id, 2, choices=right)
        db.session.rollback()


def test_probe_sees_only_this_seminars_seat(app, make_seminar):
    code = make_seminar("Live", [READING], "instructor")
    other = make_seminar("Other", [READING], "instructor")
    with app.app_context():
        seminar = _seminar(code)
        ana = participants.join(seminar, "Ana")
        elsewhere = participants.join(_seminar(other), "Ana")
        mc = _questions("mc")[0]
        live.open_question(seminar, mc)
        db.session.commit()
        found = live.probe(code.lower(), [elsewhere.id, ana.id])
        assert (found.participant_id, found.response_id, found.live_phase) == (ana.id, None, "open")
        assert live.probe(code, [elsewhere.id]).participant_id is None
        assert live.probe("NOSUCHCODE", [ana.id]) is None
        before = found.etag()
        live.submit(ana, mc.id, 1, choices=["a"])
        db.session.commit()
        after = live.probe(code, [ana.id])
        assert after.response_id is not None and after.etag() != before
        assert live.room_counts(seminar) == (1, 1)


def test_figures_by_hand(app, make_seminar):
    code = make_seminar("Live", None, "instructor")
    with app.app_context():
        seminar = _seminar(code)
        multi = next(q for r in seminar.readings for q in r.questions
                     if q.kind == "mc" and q.current_revision.multiple)
        stance_q = next(q for q in _questions("discussion") if q.current_revision.stance)
        rev = multi.current_revision
        right = sorted(rev.correct_ids)
        wrong = next(c["id"] for c in rev.choices if not c.get("correct"))
        people = [participants.join(seminar, n) for n in ("A", "B", "C", "D")]

        live.open_question(seminar, multi)
        # round 1: A right, B right minus one choice (wrong), C wrong, D right
        votes1 = {0: right, 1: right[:1], 2: [wrong], 3: right}
        for i, chosen in votes1.items():
            live.submit(people[i], multi.id, 1, choices=chosen)
        live.close_voting(seminar)
        live.start_revote(seminar)
        # round 2: A wrong, B right, C wrong; D does not vote
        for i, chosen in {0: [wrong], 1: right, 2: [wrong]}.items():
            live.submit(people[i], multi.id, 2, choices=chosen)
        before = live_stats.mc_distribution(seminar, multi, 1)
        assert (before.total, before.right) == (4, 2)
        counts = {c.id: c.count for c in before.choices}
        assert counts[right[0]] == 3 and counts[wrong] == 1  # each chosen box counts
        shift = live_stats.mc_shift(seminar, multi)
        assert (shift.wrong_to_right, shift.right_to_wrong, shift.stayed_right,
                shift.stayed_wrong, shift.only_first, shift.only_second) == (1, 1, 0, 1, 1, 0)

        live.open_question(seminar, stance_q)
        stances1 = {0: 1, 1: 3, 2: 5, 3: None}
        for i, stance in stances1.items():
            answers.submit_discussion(people[i], stance_q, "text", stance, round_=1)
        live.close_voting(seminar)
        live.start_revote(seminar)
        for i, stance in {0: 2, 1: 3, 2: 4, 3: 4}.items():
            live.submit(people[i], stance_q.id, 2, text="after", stance=stance)
        comp = live_stats.comparison(seminar, stance_q)
        assert comp.before.counts == [1, 0, 1, 0, 1] and comp.before.mean == 3.0
        assert comp.after.counts == [0, 1, 1, 2, 0] and comp.after.mean == 3.25
        # A 1->2 right, B 3->3 same, C 5->4 left; D had no stance before: not a move
        assert (comp.shift.toward_left, comp.shift.toward_right, comp.shift.same) == (1, 1, 1)
        assert [c.question.id for c in live_stats.comparisons(seminar)] == [multi.id, stance_q.id]
        db.session.rollback()


def test_spotlight_and_call_on_rules(app, make_seminar):
    code = make_seminar("Live", [READING], "instructor")
    other = make_seminar("Other", [READING], "instructor")
    with app.app_context():
        seminar = _seminar(code)
        ana = participants.join(seminar, "Ana")
        disc = _questions("discussion")[0]
        mc = _questions("mc")[0]
        live.open_question(seminar, mc)
        vote, _ = live.submit(ana, mc.id, 1, choices=["a"])
        live.open_question(seminar, disc)
        text, _ = live.submit(ana, disc.id, 1, text="An answer.", stance=3)
        with pytest.raises(live.LiveError, match="Only discussion answers"):
            live.set_spotlight(seminar, vote.id, True)
        with pytest.raises(live.LiveError, match="no such answer"):
            live.set_spotlight(_seminar(other), text.id, True)
        version = seminar.live_version
        live.set_call_on(seminar, text.id, True)
        assert seminar.live_version == version  # private: nobody's screen changes
        live.set_spotlight(seminar, text.id, True)
        assert seminar.live_version == version + 1
        assert [r.id for r in live.spotlighted(seminar, disc.id)] == [text.id]
        assert [r.id for r in live.call_on_list(seminar)] == [text.id]
        assert db.session.get(Participant, ana.id) is not None
        db.session.rollback()
