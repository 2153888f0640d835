"""services/live (rounds and distributions) as plain functions, on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Participant, Question, Reading, Seminar, utcnow
from quizapp.services.classroom import answers, participants
from quizapp.services.classroom.answers import AnswerError
from quizapp.services.live import distributions, rounds, spotlight

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
        with pytest.raises(rounds.LiveError, match="Voting is not open"):
            rounds.close_voting(seminar)
        with pytest.raises(rounds.LiveError, match="nothing to reveal"):
            rounds.reveal(seminar)
        with pytest.raises(rounds.LiveError, match="not part of this session"):
            rounds.open_question(seminar, _questions("mc", "new-alliances")[0])
        with pytest.raises(rounds.LiveError, match="self-paced"):
            rounds.open_question(_seminar(self_code), mc[0])
        for seconds in (4, 3601):
            with pytest.raises(rounds.LiveError, match="between 5 and 3600"):
                rounds.open_question(seminar, mc[0], seconds)
        assert seminar.live_version == version  # refusals change nothing

        assert rounds.next_question(seminar) == mc[0]  # from idle: the first question
        assert (seminar.live_phase, seminar.live_round) == ("open", 1)
        assert seminar.live_version == version + 1
        with pytest.raises(rounds.LiveError, match="Close the first round"):
            rounds.start_revote(seminar)
        rounds.close_voting(seminar)
        rounds.start_revote(seminar, 30)
        assert (seminar.live_phase, seminar.live_round) == ("open", 2)
        assert 29 <= rounds.seconds_left(seminar) <= 30
        rounds.reveal(seminar)
        assert seminar.live_deadline is None
        with pytest.raises(rounds.LiveError, match="only one second round"):
            rounds.start_revote(seminar)
        assert rounds.next_question(seminar) == mc[1]
        assert seminar.live_round == 1  # a new question starts at round 1

        rounds.open_question(seminar, plain)
        rounds.close_voting(seminar)
        with pytest.raises(rounds.LiveError, match="stance scale"):
            rounds.start_revote(seminar)
        last = rounds.live_questions(seminar)[-1]
        rounds.open_question(seminar, last)
        assert rounds.next_question(seminar) is None  # after the last: waiting
        assert (seminar.live_phase, seminar.live_question_id) == ("idle", None)
        rounds.check_version(seminar, seminar.live_version)
        with pytest.raises(rounds.LiveError, match="another window"):
            rounds.check_version(seminar, seminar.live_version - 1)
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
        rounds.open_question(seminar, mc, 10)
        db.session.commit()
        assert rounds.effective_phase(seminar) == "open"
        _, created = rounds.submit(ana, mc.id, 1, choices=right)
        assert created
        _, created = rounds.submit(ana, mc.id, 1, choices=["a"])
        assert not created  # the first vote stands
        # Just past the deadline: still within the grace a click needs to arrive.
        seminar.live_deadline = utcnow() - timedelta(milliseconds=300)
        assert rounds.effective_phase(seminar) == "closed"
        assert rounds.seconds_left(seminar) == 0
        rounds.submit(ben, mc.id, 1, choices=right)
        seminar.live_deadline = utcnow() - timedelta(seconds=3)
        carl = participants.join(seminar, "Carl")
        with pytest.raises(AnswerError, match="Time is up"):
            rounds.submit(carl, mc.id, 1, choices=right)
        with pytest.raises(AnswerError, match="round of voting is over"):
            rounds.submit(carl, mc.id, 2, choices=right)
        db.session.rollback()


def test_probe_sees_only_this_seminars_seat(app, make_seminar):
    code = make_seminar("Live", [READING], "instructor")
    other = make_seminar("Other", [READING], "instructor")
    with app.app_context():
        seminar = _seminar(code)
        ana = participants.join(seminar, "Ana")
        elsewhere = participants.join(_seminar(other), "Ana")
        mc = _questions("mc")[0]
        rounds.open_question(seminar, mc)
        db.session.commit()
        found = rounds.probe(code.lower(), [elsewhere.id, ana.id])
        assert (found.participant_id, found.response_id, found.live_phase) == (ana.id, None, "open")
        assert rounds.probe(code, [elsewhere.id]).participant_id is None
        assert rounds.probe("NOSUCHCODE", [ana.id]) is None
        before = found.etag()
        rounds.submit(ana, mc.id, 1, choices=["a"])
        db.session.commit()
        after = rounds.probe(code, [ana.id])
        assert after.response_id is not None and after.etag() != before
        assert rounds.room_counts(seminar) == (1, 1)


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

        rounds.open_question(seminar, multi)
        # round 1: A right, B right minus one choice (wrong), C wrong, D right
        votes1 = {0: right, 1: right[:1], 2: [wrong], 3: right}
        for i, chosen in votes1.items():
            rounds.submit(people[i], multi.id, 1, choices=chosen)
        rounds.close_voting(seminar)
        rounds.start_revote(seminar)
        # round 2: A wrong, B right, C wrong; D does not vote
        for i, chosen in {0: [wrong], 1: right, 2: [wrong]}.items():
            rounds.submit(people[i], multi.id, 2, choices=chosen)
        before = distributions.mc_distribution(seminar, multi, 1)
        assert (before.total, before.right) == (4, 2)
        counts = {c.id: c.count for c in before.choices}
        assert counts[right[0]] == 3 and counts[wrong] == 1  # each chosen box counts
        shift = distributions.mc_shift(seminar, multi)
        assert (shift.wrong_to_right, shift.right_to_wrong, shift.stayed_right,
                shift.stayed_wrong, shift.only_first, shift.only_second) == (1, 1, 0, 1, 1, 0)

        rounds.open_question(seminar, stance_q)
        stances1 = {0: 1, 1: 3, 2: 5, 3: None}
        for i, stance in stances1.items():
            answers.submit_discussion(people[i], stance_q, "text", stance, round_=1)
        rounds.close_voting(seminar)
        rounds.start_revote(seminar)
        for i, stance in {0: 2, 1: 3, 2: 4, 3: 4}.items():
            rounds.submit(people[i], stance_q.id, 2, text="after", stance=stance)
        comp = distributions.comparison(seminar, stance_q)
        assert comp.before.counts == [1, 0, 1, 0, 1] and comp.before.mean == 3.0
        assert comp.after.counts == [0, 1, 1, 2, 0] and comp.after.mean == 3.25
        # A 1->2 right, B 3->3 same, C 5->4 left; D had no stance before: not a move
        assert (comp.shift.toward_left, comp.shift.toward_right, comp.shift.same) == (1, 1, 1)
        compared = [c.question.id for c in distributions.comparisons(seminar)]
        assert compared == [multi.id, stance_q.id]
        db.session.rollback()


def test_spotlight_and_call_on_rules(app, make_seminar):
    code = make_seminar("Live", [READING], "instructor")
    other = make_seminar("Other", [READING], "instructor")
    with app.app_context():
        seminar = _seminar(code)
        ana = participants.join(seminar, "Ana")
        disc = _questions("discussion")[0]
        mc = _questions("mc")[0]
        rounds.open_question(seminar, mc)
        vote, _ = rounds.submit(ana, mc.id, 1, choices=["a"])
        rounds.open_question(seminar, disc)
        text, _ = rounds.submit(ana, disc.id, 1, text="An answer.", stance=3)
        with pytest.raises(rounds.LiveError, match="Only discussion answers"):
            spotlight.set_spotlight(seminar, vote.id, True)
        with pytest.raises(rounds.LiveError, match="no such answer"):
            spotlight.set_spotlight(_seminar(other), text.id, True)
        version = seminar.live_version
        spotlight.set_call_on(seminar, text.id, True)
        assert seminar.live_version == version  # private: nobody's screen changes
        spotlight.set_spotlight(seminar, text.id, True)
        assert seminar.live_version == version + 1
        assert [r.id for r in spotlight.spotlighted(seminar, disc.id)] == [text.id]
        assert [r.id for r in spotlight.call_on_list(seminar)] == [text.id]
        assert db.session.get(Participant, ana.id) is not None
        db.session.rollback()
