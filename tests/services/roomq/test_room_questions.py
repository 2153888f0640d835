"""Questions from the room, tested without HTTP: asking, the lists, votes (once, also under
concurrency on both databases), moderation and the room's screen."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Participant, RoomQuestion, RoomVote
from quizapp.services.classroom import participants, seminars
from quizapp.services.roomq import asking, moderation, voting
from quizapp.services.roomq.text import MAX_ROOM_QUESTION_LENGTH, has_control_characters


def _people(code: str, names=("Ana", "Ben", "Cleo")):
    seminar = seminars.find_seminar(code)
    people = [participants.join(seminar, n) for n in names]
    db.session.commit()
    return seminar, people


def test_a_question_is_stored_as_written_about_a_reading_or_the_session(ctx, seminar):
    sem, (ana, _ben, _cleo) = _people(seminar)
    q = asking.ask(ana, "  Why did the\nMercosur talks stall?  ", "milei-first-year")
    general = asking.ask(ana, "When is the next session?")
    db.session.commit()
    assert q.body == "Why did the\nMercosur talks stall?" and q.reading.slug == "milei-first-year"
    assert general.reading_id is None


BAD_QUESTIONS = [
    ("", "Write your question"), ("   \n ", "Write your question"),
    ("x" * (MAX_ROOM_QUESTION_LENGTH + 1), "characters or fewer"),
    ("bell \x07", "control characters"), ("nul \x00 byte", "control characters"),
    ("reversed \u202e text", "control characters"), ("esc \x1b[31m", "control characters"),
]


def test_bad_questions_are_refused_with_a_reason(ctx, seminar):
    _sem, (ana, *_rest) = _people(seminar)
    for body, message in BAD_QUESTIONS:  # one database for all of them
        with pytest.raises(asking.RoomQuestionError, match=message) as caught:
            asking.ask(ana, body)
        assert caught.value.status == 400, body
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(RoomQuestion)) == 0


def test_plain_text_with_line_breaks_tabs_and_emoji_is_fine():
    assert not has_control_characters("Línea 1\n\tlínea 2 👩‍🏫 ¿por qué?")
    assert has_control_characters("a\u0085b")  # C1 control


def test_a_reading_outside_the_session_is_refused(ctx, make_seminar):
    code = make_seminar("One reading", ["new-alliances"])
    _sem, (ana, *_rest) = _people(code)
    with pytest.raises(asking.RoomQuestionError, match="not part of this session"):
        asking.ask(ana, "About another reading?", "milei-first-year")


def test_votes_count_once_and_lists_are_sorted(ctx, seminar):
    sem, (ana, ben, cleo) = _people(seminar)
    first = asking.ask(ana, "First question")
    second = asking.ask(ana, "Second question")
    db.session.commit()
    assert voting.vote(ben, second.id) is True
    assert voting.vote(ben, second.id) is False  # a second vote changes nothing
    assert voting.vote(cleo, second.id) is True
    db.session.commit()
    assert voting.vote_count(second.id) == 2 and voting.vote_count(first.id) == 0
    rows = asking.class_questions(sem, ben)
    assert [r.question.body for r in rows] == ["Second question", "First question"]
    assert [r.voted for r in rows] == [True, False] and rows[0].votes == 2
    by_time = asking.instructor_questions(sem, "time")
    assert [r.question.body for r in by_time] == ["Second question", "First question"]
    assert {r.author for r in by_time} == {"Ana"}


def test_votes_that_cannot_count_are_refused(ctx, seminar, make_seminar):
    sem, (ana, ben, _cleo) = _people(seminar)
    other_sem, (olga,) = _people(make_seminar("Other"), ("Olga",))
    mine = asking.ask(ana, "Mine")
    elsewhere = asking.ask(olga, "In another session")
    db.session.commit()
    with pytest.raises(asking.RoomQuestionError) as own:
        voting.vote(ana, mine.id)
    assert own.value.status == 400
    with pytest.raises(asking.RoomQuestionError) as foreign:
        voting.vote(ben, elsewhere.id)
    assert foreign.value.status == 404
    with pytest.raises(asking.RoomQuestionError) as missing:
        voting.vote(ben, 10**9)
    assert missing.value.status == 404
    moderation.moderate(sem, mine, "hide")
    with pytest.raises(asking.RoomQuestionError) as hidden:
        voting.vote(ben, mine.id)
    assert hidden.value.status == 404
    seminars.set_open(sem, False)
    with pytest.raises(asking.RoomQuestionError) as closed:
        asking.ask(ben, "Too late")
    assert closed.value.status == 400
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(RoomVote)) == 0


def test_hidden_questions_leave_the_class_list_but_not_the_asker_or_instructor(ctx, seminar):
    sem, (ana, ben, _cleo) = _people(seminar)
    q = asking.ask(ana, "Rude question")
    moderation.project_room_question(sem, q)
    moderation.moderate(sem, q, "hide")
    db.session.commit()
    assert asking.class_questions(sem, ben) == []
    assert [r.question.hidden for r in asking.class_questions(sem, ana)] == [True]
    assert len(asking.instructor_questions(sem)) == 1
    screen = moderation.screen_for(sem)
    assert screen.mode == "off" and screen.room_question_id is None
    with pytest.raises(asking.RoomQuestionError):
        moderation.project_room_question(sem, q)
    moderation.moderate(sem, q, "show")
    assert [r.id for r in asking.class_questions(sem, ben)] == [q.id]


def test_one_pin_at_a_time_and_answered_ones_sink(ctx, seminar):
    sem, (ana, ben, cleo) = _people(seminar)
    a, b, c = (asking.ask(ana, t) for t in ("A", "B", "C"))
    voting.vote(ben, a.id)
    voting.vote(cleo, a.id)
    voting.vote(ben, b.id)
    moderation.moderate(sem, b, "pin")
    moderation.moderate(sem, c, "pin")
    moderation.moderate(sem, a, "answered")
    db.session.commit()
    assert (a.pinned, b.pinned, c.pinned) == (False, False, True)
    assert [r.question.body for r in asking.class_questions(sem, ben)] == ["C", "B", "A"]
    with pytest.raises(asking.RoomQuestionError):
        moderation.moderate(sem, c, "delete")


def test_concurrent_votes_count_each_seat_once(app_factory, seminar):
    """Two app instances (two processes' worth of engines), 8 threads: 12 seats each vote
    three times at once; every seat counts exactly once, on SQLite and on PostgreSQL."""
    apps = [app_factory(), app_factory()]
    with apps[0].app_context():
        sem = seminars.find_seminar(seminar)
        asker = participants.join(sem, "Asker")
        voters = [participants.join(sem, f"Voter {i}") for i in range(12)]
        question = asking.ask(asker, "Shall we discuss the Mercosur deal?")
        db.session.commit()
        qid, voter_ids = question.id, [v.id for v in voters]

    def send(i: int) -> bool:
        with apps[i % 2].app_context():
            participant = db.session.get(Participant, voter_ids[i % len(voter_ids)])
            counted = voting.vote(participant, qid)
            db.session.commit()
            return counted

    with ThreadPoolExecutor(max_workers=8) as pool:
        counted = list(pool.map(send, range(36)))
    assert counted.count(True) == 12
    with apps[1].app_context():
        assert voting.vote_count(qid) == 12
        per_seat = db.session.execute(select(RoomVote.participant_id, func.count())
                                      .group_by(RoomVote.participant_id)).all()
        assert sorted(n for _pid, n in per_seat) == [1] * 12


def test_the_instructors_fingerprint_follows_questions_votes_and_flags(ctx, seminar):
    # The instructor's feed (no viewer: no votes of its own) is a 304 while this holds.
    sem, (ana, ben, _cleo) = _people(seminar)
    seen = [asking.fingerprint(sem, None)]
    q = asking.ask(ana, "Is the swap with China still on?")
    db.session.commit()
    seen.append(asking.fingerprint(sem, None))
    assert asking.fingerprint(sem, None) == seen[-1]  # nothing changed: the same
    voting.vote(ben, q.id)
    db.session.commit()
    seen.append(asking.fingerprint(sem, None))
    for action in ("pin", "answered", "hide"):
        moderation.moderate(sem, q, action)
        db.session.commit()
        seen.append(asking.fingerprint(sem, None))
    assert len(set(seen)) == len(seen)
